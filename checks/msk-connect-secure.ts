import {
  defineAccountRegionCheck,
  failed,
  notApplicable,
  notAvailable,
  passed,
  type Evidence,
  type SubjectVerdict,
  type Verdict,
} from '../src/check/index.js';
import { isNotCollectedNoCluster, type ConnectorFacts } from '../src/inventory/index.js';
import { combine, fail, factProblem, listOf, ok, unknown, type Judgement } from './support/client-access.js';

/** MSK broker endpoints: b-1.<cluster>.<id>.c2.kafka.<region>.amazonaws.com, boot-….kafka-serverless.<region>.amazonaws.com. */
const MSK_HOST = /\.kafka(-serverless)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/i;

/** Whether the connector's bootstrap servers are MSK brokers; undefined when they are not known. */
export function targetsMsk(connector: ConnectorFacts): boolean | undefined {
  if (!connector.bootstrapServers) return undefined;
  const hosts = connector.bootstrapServers
    .split(',')
    .map((entry) => entry.trim().replace(/:\d+$/, ''))
    .filter((host) => host !== '');
  if (hosts.length === 0) return undefined;
  return hosts.some((host) => MSK_HOST.test(host));
}

function judgeConnector(connector: ConnectorFacts): Judgement[] {
  const out: Judgement[] = [];
  if (connector.encryptionInTransit === 'TLS') out.push(ok);
  else if (connector.encryptionInTransit === 'PLAINTEXT') out.push(fail('it reaches the cluster in PLAINTEXT instead of TLS (Security Hub MSK.3)'));
  else out.push(unknown(`its encryption in transit ${JSON.stringify(connector.encryptionInTransit ?? null)} is not recognised`));

  // A destination that is present but does not say whether it is enabled leaves the answer open.
  const logs = connector.workerLogDelivery;
  const destinations = [logs?.cloudWatchLogs, logs?.firehose, logs?.s3].filter((d) => d !== undefined);
  if (destinations.some((d) => d.enabled === true)) out.push(ok);
  else if (destinations.some((d) => d.enabled === undefined)) out.push(unknown('its worker log destinations do not say whether they are enabled'));
  else out.push(fail('it delivers its worker logs nowhere (Security Hub MSK.5)'));

  if (connector.clientAuthentication === 'IAM') out.push(ok);
  else if (connector.clientAuthentication === 'NONE') out.push(fail('it connects to the cluster without client authentication (NONE instead of IAM)'));
  else out.push(unknown(`its client authentication ${JSON.stringify(connector.clientAuthentication ?? null)} is not recognised`));
  return out;
}

function connectorEvidence(connector: ConnectorFacts): Evidence {
  const logs = connector.workerLogDelivery;
  return {
    connectorArn: connector.arn,
    connectorName: connector.name ?? null,
    connectorState: connector.state ?? null,
    bootstrapServers: connector.bootstrapServers ?? null,
    'kafkaClusterEncryptionInTransit.encryptionType': connector.encryptionInTransit ?? null,
    'kafkaClusterClientAuthentication.authenticationType': connector.clientAuthentication ?? null,
    'logDelivery.workerLogDelivery.cloudWatchLogs.enabled': logs?.cloudWatchLogs?.enabled ?? null,
    'logDelivery.workerLogDelivery.firehose.enabled': logs?.firehose?.enabled ?? null,
    'logDelivery.workerLogDelivery.s3.enabled': logs?.s3?.enabled ?? null,
  };
}

export default defineAccountRegionCheck({
  scope: 'account-region',
  meta: {
    id: 'msk-connect-secure',
    title: 'MSK Connect connectors use TLS and IAM to reach MSK and deliver their worker logs',
    severity: 'MEDIUM',
    resourceType: 'AwsAccountRegion',
    rationale:
      'A connector is a Kafka client that runs with AWS-managed workers: without TLS its records and credentials cross the ' +
      'network in clear text (Security Hub MSK.3), without IAM client authentication it connects as an anonymous client, ' +
      'and without worker log delivery its failures and actions leave no trace (Security Hub MSK.5). The check covers both ' +
      'controls, so it maps to neither alone.',
    remediation: {
      text:
        'Recreate the connector with kafkaClusterEncryptionInTransit TLS and kafkaClusterClientAuthentication IAM (neither can ' +
        'be changed in place), and enable worker log delivery to CloudWatch Logs, Firehose or S3.',
      url: 'https://docs.aws.amazon.com/msk/latest/developerguide/msk-connect-workers.html',
    },
    frameworks: {
      'pci-dss-4.0.1': ['4.2.1', '8.3.1', '10.2.1'],
      soc2: ['CC6.1', 'CC6.7', 'CC7.2'],
      'nist-800-53-r5': ['SC-8', 'IA-9', 'AU-12'],
      'iso-27001-2022': ['8.5', '8.15', '8.24'],
    },
  },
  evaluate({ account, region, inventory }): Verdict | SubjectVerdict[] {
    // Connectors are listed only where ListClustersV2 found a cluster; with the listing known to be empty, nothing is judged.
    if (isNotCollectedNoCluster(inventory.connectors) && inventory.clusters.ok && inventory.clusters.value.length === 0) {
      return notApplicable(`There is no MSK cluster in ${account} ${region}, so its MSK Connect connectors were not listed.`, { connectors: null, clusters: 0 });
    }
    const problem = factProblem(inventory.connectors, 'The MSK Connect connectors');
    if (problem || !inventory.connectors?.ok) return notAvailable(`${problem ?? 'The connectors are unknown'}.`, { connectors: null });
    const all = inventory.connectors.value;
    // Connectors to self-managed Kafka are not judged here; those whose target is unknown are.
    const judged = all.filter((connector) => targetsMsk(connector) !== false);
    const clusters = inventory.clusters.ok ? inventory.clusters.value.length : 0;
    if (judged.length === 0) {
      const evidence = { connectors: all.length, connectorsToMsk: 0, clusters };
      if (clusters === 0) return notApplicable(`There is neither an MSK cluster nor an MSK Connect connector to MSK in ${account} ${region}.`, evidence);
      return passed(`No MSK Connect connector reaches MSK in ${account} ${region}.`, evidence);
    }
    return judged.map((connector): SubjectVerdict => {
      const subject = { key: `connector/${connector.arn}`, ...(connector.name ? { name: connector.name } : {}) };
      const evidence = connectorEvidence(connector);
      const name = connector.name ?? connector.arn;
      if (connector.state === 'DELETING') {
        return { ...notApplicable(`The connector ${name} is being deleted.`, evidence), subject };
      }
      const { failures, unknowns } = combine(judgeConnector(connector));
      if (failures.length > 0) return { ...failed(`The connector ${name} is not secure: ${listOf(failures)}.`, evidence), subject };
      if (unknowns.length > 0) return { ...notAvailable(`No problem was found with the connector ${name}, but ${listOf(unknowns)}.`, evidence), subject };
      return { ...passed(`The connector ${name} reaches MSK over TLS with IAM authentication and delivers its worker logs.`, evidence), subject };
    });
  },
});
