import { defineAccountRegionCheck, failed, notApplicable, notAvailable, passed, type JsonValue, type SubjectVerdict } from '../src/check/index.js';
import { describeError } from '../src/inventory/index.js';
import { eventEvidence, summarizeAttribution } from '../src/drift/attribute.js';
import { approvedClusters, coversAccountRegion } from '../src/drift/diff.js';
import { removalAttribution } from '../src/drift/report.js';
import { DRIFT_FRAMEWORKS } from './msk-drift-from-baseline.js';

const json = (value: unknown): JsonValue => JSON.parse(JSON.stringify(value)) as JsonValue;

export default defineAccountRegionCheck({
  scope: 'account-region',
  requires: 'baseline',
  meta: {
    id: 'msk-drift-cluster-removed',
    title: 'Every MSK cluster of the approved baseline still exists',
    severity: 'MEDIUM',
    resourceType: 'AwsAccountRegion',
    rationale:
      'A cluster that disappears takes its data and its audit trail with it; each removal since the baseline was ' +
      'approved must be traceable to an authorised DeleteCluster call.',
    remediation: {
      text:
        'Confirm each removal with the cluster owner and its DeleteCluster event; restore the cluster from backups or ' +
        'replicas if it was not approved, then approve a new baseline (`msk-audit baseline approve`).',
      url: 'https://docs.aws.amazon.com/msk/latest/developerguide/logging-using-cloudtrail.html',
    },
    frameworks: DRIFT_FRAMEWORKS,
  },
  evaluate({ account, region, inventory, baseline }) {
    if (!baseline) return notApplicable('No approved baseline was given, so no cluster can be judged removed.', { 'Baseline.approvedAt': null });
    const base = { 'Baseline.approvedAt': baseline.approvedAt };
    if (!coversAccountRegion(baseline, account, region)) {
      return notApplicable(
        `The approved baseline does not cover ${account} ${region} (its cluster list was not collected when the baseline was approved), so no cluster there can be judged removed.`,
        { ...base, 'Baseline.coversAccountRegion': false },
      );
    }
    if (!inventory.clusters.ok) {
      return notAvailable(`The MSK clusters of ${account} in ${region} could not be listed: ${describeError(inventory.clusters.error)}.`, {
        ...base,
        collectionError: { code: inventory.clusters.error.code, message: inventory.clusters.error.message },
      });
    }
    const listed = new Set(inventory.clusters.value.map((cluster) => cluster.ClusterArn));
    const approved = approvedClusters(baseline, account, region);
    const missing = approved.filter(([arn]) => !listed.has(arn));
    if (missing.length === 0) {
      return passed(`All ${approved.length} cluster(s) of the baseline approved at ${baseline.approvedAt} are still listed in ${account} ${region}.`, {
        ...base,
        approvedClusters: approved.length,
      });
    }
    const events = eventEvidence(inventory.kafkaEvents);
    return missing.map(([arn, cluster]): SubjectVerdict => {
      const attribution = removalAttribution(arn, events, baseline.approvedAt, cluster.state['cluster.state'] === 'DELETING');
      const name = cluster.name ? `${cluster.name} (${arn})` : arn;
      const verdict = failed(
        `The approved cluster ${name} is no longer listed: it was removed, ${summarizeAttribution(undefined, attribution)}.`,
        { ...base, drift: 'removed', clusterArn: arn, attribution: json(attribution) },
        attribution.status === 'explained' ? 'MEDIUM' : 'HIGH',
      );
      return { ...verdict, subject: { key: arn, clusterArn: arn, ...(cluster.name ? { name: cluster.name } : {}) } };
    });
  },
});
