import { defineCheck, failed, notApplicable, notAvailable, passed, type Evidence, type Verdict } from '../src/check/index.js';
import { configurationKey, describeError, type ProvisionedInfo } from '../src/inventory/index.js';
import { evaluateCluster, orNull } from './support/cluster.js';

const AUTO_CREATE = 'auto.create.topics.enable';
const UNCLEAN = 'unclean.leader.election.enable';
const MIN_ISR = 'min.insync.replicas';
const REPLICATION = 'default.replication.factor';
const PROPERTIES = [AUTO_CREATE, UNCLEAN, MIN_ISR, REPLICATION] as const;
type Property = (typeof PROPERTIES)[number];
const EFFECTIVE_KEYS = PROPERTIES.map((p) => `effective.${p}`);
const SOURCE_KEYS = PROPERTIES.map((p) => `source.${p}`);

/**
 * The values MSK uses for these properties when a cluster has no custom configuration, or its configuration
 * does not set them. Source: Amazon MSK Developer Guide, "Default Amazon MSK configuration" (msk-default-configuration):
 * auto.create.topics.enable false; unclean.leader.election.enable true (false on clusters with tiered storage);
 * default.replication.factor 3 for clusters in 3 Availability Zones and 2 in 2; min.insync.replicas 2 for 3 AZs and
 * 1 for 2. The number of AZs is the number of client subnets (MSK takes one subnet per AZ).
 */
export function mskDefaults(provisioned: ProvisionedInfo): Record<Property, string | undefined> {
  const subnets = provisioned.BrokerNodeGroupInfo?.ClientSubnets;
  const zones = Array.isArray(subnets) ? subnets.length : undefined;
  const tiered = provisioned.StorageMode === 'TIERED';
  return {
    [AUTO_CREATE]: 'false',
    [UNCLEAN]: tiered ? 'false' : 'true',
    [REPLICATION]: zones === 3 ? '3' : zones === 2 ? '2' : undefined,
    [MIN_ISR]: zones === 3 ? '2' : zones === 2 ? '1' : undefined,
  };
}

const bool = (value: string | undefined): boolean | undefined => {
  const v = value?.trim().toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : undefined;
};
const int = (value: string | undefined): number | undefined => (value !== undefined && /^\s*\d+\s*$/.test(value) ? Number(value) : undefined);

/**
 * The clusters of an account-region share a few configuration revisions, and the verdict depends only on the
 * revision, the number of client subnets, the storage mode and the threshold: it is judged once per such key and
 * account-region inventory (keyed by its `configurations` object, so entries live as long as the inventory does).
 * evaluateCluster copies the verdict and its evidence for each cluster, so no two findings share one object.
 */
const judgedConfigurations = new WeakMap<object, Map<string, Verdict>>();

function judgementKey(...values: unknown[]): string | undefined {
  let key = '';
  for (const value of values) {
    // undefined and null read alike everywhere in this check (orNull, "no configuration", "not TIERED").
    if (value === undefined || value === null) key += '-|';
    else if (typeof value === 'number') key += `n${value}|`;
    else if (typeof value === 'string') key += `s${value.length}:${value}|`;
    else return undefined;
  }
  return key;
}

export default defineCheck({
  meta: {
    id: 'msk-config-hygiene',
    title: 'MSK broker configuration keeps topics deliberate and writes durable',
    severity: 'LOW',
    resourceType: 'AwsMskCluster',
    rationale:
      'auto.create.topics.enable=true creates any topic a client names (typos, unreviewed topics with default ' +
      'settings); unclean.leader.election.enable=true lets an out-of-sync replica become leader and silently drop ' +
      'acknowledged records; min.insync.replicas below 2, or not below the replication factor, makes acks=all writes ' +
      'either not durable or unavailable as soon as one broker is down.',
    remediation: {
      text:
        'Apply a custom MSK configuration (UpdateClusterConfiguration) with auto.create.topics.enable=false, ' +
        'unclean.leader.election.enable=false, min.insync.replicas=2 and default.replication.factor=3 on a 3-AZ cluster.',
      url: 'https://docs.aws.amazon.com/msk/latest/developerguide/bestpractices.html',
    },
    frameworks: {
      'pci-dss-4.0.1': ['2.2.1'],
      soc2: ['CC7.1'],
      'nist-800-53-r5': ['CM-6'],
      'iso-27001-2022': ['8.9'],
    },
  },
  evaluate(cluster, { inventory, thresholds }) {
    return evaluateCluster(cluster, {
      serverless: () =>
        notApplicable('MSK Serverless manages the broker configuration itself; it cannot be changed or read.', { Configuration: null }),
      provisioned(provisioned) {
        const software = provisioned.CurrentBrokerSoftwareInfo;
        const arn = software?.ConfigurationArn;
        const revision = software?.ConfigurationRevision;
        const evidence: Evidence = {
          'Provisioned.CurrentBrokerSoftwareInfo.ConfigurationArn': orNull(arn),
          'Provisioned.CurrentBrokerSoftwareInfo.ConfigurationRevision': orNull(revision),
          'Provisioned.BrokerNodeGroupInfo.ClientSubnets': Array.isArray(provisioned.BrokerNodeGroupInfo?.ClientSubnets)
            ? provisioned.BrokerNodeGroupInfo.ClientSubnets.length
            : null,
          'Provisioned.StorageMode': orNull(provisioned.StorageMode),
          minInsyncReplicasMinimum: thresholds.minInsyncReplicasMinimum,
        };
        if (software === undefined || software === null) {
          return notAvailable('The cluster description has no broker software information (CurrentBrokerSoftwareInfo).', evidence);
        }
        const configurations: unknown = inventory.configurations;
        const key = typeof configurations !== 'object' || configurations === null ? undefined : judgementKey(
          arn,
          revision,
          evidence['Provisioned.BrokerNodeGroupInfo.ClientSubnets'],
          provisioned.StorageMode,
          thresholds.minInsyncReplicasMinimum,
        );
        let judged = key === undefined ? undefined : judgedConfigurations.get(configurations as object);
        const cached = key === undefined ? undefined : judged?.get(key);
        if (cached) return cached;
        const verdict = judge();
        if (key !== undefined && verdict.status !== 'NOT_AVAILABLE') {
          if (judged === undefined) judgedConfigurations.set(configurations as object, (judged = new Map()));
          judged.set(key, verdict);
        }
        return verdict;

        function judge(): Verdict {
          let custom: Record<string, unknown> = {};
          let source: string;
          if (arn === undefined || arn === null || arn === '') {
            source = "MSK's default configuration";
          } else {
            if (typeof revision !== 'number') {
              return notAvailable(`The cluster uses the configuration ${arn} but its description has no configuration revision.`, evidence);
            }
            const fact = inventory.configurations[configurationKey(arn, revision)];
            if (fact === undefined) return notAvailable(`Revision ${revision} of the configuration ${arn} was not collected.`, evidence);
            if (!fact.ok) {
              return notAvailable(`Revision ${revision} of the configuration ${arn} could not be read: ${describeError(fact.error)}.`, {
                ...evidence,
                collectionError: { code: fact.error.code, message: fact.error.message },
              });
            }
            if (typeof fact.value.serverProperties !== 'object' || fact.value.serverProperties === null) {
              return notAvailable(`Revision ${revision} of the configuration ${arn} has no parsed server properties.`, evidence);
            }
            custom = fact.value.serverProperties;
            source = `revision ${revision} of the configuration ${arn}`;
          }
          const defaults = mskDefaults(provisioned);
          const effective = {} as Record<Property, string | undefined>;
          const origin: Record<string, string> = {};
          for (const property of PROPERTIES) {
            const set = Object.hasOwn(custom, property) && typeof custom[property] === 'string' ? (custom[property] as string) : undefined;
            effective[property] = set ?? defaults[property];
            origin[property] = set !== undefined ? 'configuration' : defaults[property] !== undefined ? 'MSK default' : 'unknown';
          }
          // evidence, then effective.<property>, then source.<property> (the keys of this check's evidence, in order),
          // added to the local object rather than merged by spreads (a per-cluster cost at 100,000 clusters).
          const all: Evidence = evidence;
          for (let i = 0; i < PROPERTIES.length; i++) all[EFFECTIVE_KEYS[i]!] = orNull(effective[PROPERTIES[i]!]);
          for (let i = 0; i < PROPERTIES.length; i++) all[SOURCE_KEYS[i]!] = origin[PROPERTIES[i]!] ?? 'unknown';

          const problems: string[] = [];
          const unknowns: string[] = [];
          const label = (p: Property) => `${p}=${effective[p]}${origin[p] === 'MSK default' ? ' (MSK default)' : ''}`;
          const unknownValue = (p: Property) =>
            unknowns.push(effective[p] === undefined ? `${p} is not set and its MSK default depends on the number of Availability Zones, which is unknown` : `${p} has the unrecognised value ${JSON.stringify(effective[p])}`);

          const autoCreate = bool(effective[AUTO_CREATE]);
          if (autoCreate === undefined) unknownValue(AUTO_CREATE);
          else if (autoCreate) problems.push(label(AUTO_CREATE));
          const unclean = bool(effective[UNCLEAN]);
          if (unclean === undefined) unknownValue(UNCLEAN);
          else if (unclean) problems.push(label(UNCLEAN));
          const minIsr = int(effective[MIN_ISR]);
          const replication = int(effective[REPLICATION]);
          if (minIsr === undefined) unknownValue(MIN_ISR);
          else if (minIsr < thresholds.minInsyncReplicasMinimum) problems.push(`${label(MIN_ISR)} is below ${thresholds.minInsyncReplicasMinimum}`);
          if (replication === undefined) unknownValue(REPLICATION);
          else if (minIsr !== undefined && minIsr >= replication) problems.push(`${label(MIN_ISR)} is not below ${label(REPLICATION)}`);

          if (problems.length > 0) return failed(`With ${source}: ${problems.join('; ')}.`, all);
          if (unknowns.length > 0) return notAvailable(`With ${source}, the configuration cannot be fully judged: ${unknowns.join('; ')}.`, all);
          return passed(
            `With ${source}: ${label(AUTO_CREATE)}, ${label(UNCLEAN)}, ${label(MIN_ISR)} below ${label(REPLICATION)}.`,
            all,
          );
        }
      },
    });
  },
});
