import { ListConnectorsCommand, type ConnectorSummary, type KafkaConnectClient } from '@aws-sdk/client-kafkaconnect';
import { malformedResponse, toCollectionError } from '../aws/errors.js';
import { available, unavailable, type ConnectorFacts, type Fact } from '../inventory/index.js';
import { compact } from './json.js';

/** MSK Connect's largest page. */
export const LIST_CONNECTORS_PAGE_SIZE = 100;

/** Every MSK Connect connector of the account-region (kafkaconnect ListConnectors, every page). */
export async function collectConnectors(client: KafkaConnectClient, account: string, region: string): Promise<Fact<ConnectorFacts[]>> {
  const context = { service: 'kafkaconnect', operation: 'ListConnectors', account, region };
  const connectors: ConnectorFacts[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  try {
    do {
      const page = await client.send(new ListConnectorsCommand({ maxResults: LIST_CONNECTORS_PAGE_SIZE, ...(token ? { nextToken: token } : {}) }));
      for (const summary of page.connectors ?? []) {
        if (!summary.connectorArn) return unavailable(malformedResponse('ListConnectors returned a connector without connectorArn.', context));
        connectors.push(toConnectorFacts(summary, summary.connectorArn));
      }
      token = page.nextToken || undefined;
      if (token && seen.has(token)) return unavailable(malformedResponse('ListConnectors returned the same nextToken twice.', context));
      if (token) seen.add(token);
    } while (token);
  } catch (error) {
    return unavailable(toCollectionError(error, context));
  }
  return available(connectors);
}

function toConnectorFacts(summary: ConnectorSummary, arn: string): ConnectorFacts {
  const logs = summary.logDelivery?.workerLogDelivery;
  return compact<ConnectorFacts>({
    arn,
    name: summary.connectorName,
    state: summary.connectorState,
    bootstrapServers: summary.kafkaCluster?.apacheKafkaCluster?.bootstrapServers,
    encryptionInTransit: summary.kafkaClusterEncryptionInTransit?.encryptionType,
    clientAuthentication: summary.kafkaClusterClientAuthentication?.authenticationType,
    workerLogDelivery: logs
      ? compact({
          cloudWatchLogs: logs.cloudWatchLogs ? compact({ enabled: logs.cloudWatchLogs.enabled, logGroup: logs.cloudWatchLogs.logGroup }) : undefined,
          firehose: logs.firehose ? compact({ enabled: logs.firehose.enabled, deliveryStream: logs.firehose.deliveryStream }) : undefined,
          s3: logs.s3 ? compact({ enabled: logs.s3.enabled, bucket: logs.s3.bucket, prefix: logs.s3.prefix }) : undefined,
        })
      : undefined,
  });
}
