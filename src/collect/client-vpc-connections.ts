import { paginateListClientVpcConnections, type KafkaClient } from '@aws-sdk/client-kafka';
import pLimit from 'p-limit';
import { malformedResponse, toCollectionError } from '../aws/errors.js';
import { available, unavailable, vpcConnectivityEnabled, type ClientVpcConnectionFacts, type Fact, type MskCluster } from '../inventory/index.js';
import { compact, isoDate } from './json.js';

/** Concurrent clusters whose connections are listed at once, per account-region. */
export const DEFAULT_VPC_CONNECTION_CONCURRENCY = 8;
export const LIST_CLIENT_VPC_CONNECTIONS_PAGE_SIZE = 100;

/**
 * ListClientVpcConnections, every page, for each provisioned cluster with multi-VPC private connectivity on (other
 * clusters cannot have client VPC connections), keyed by cluster ARN. A failure affects only its cluster's entry.
 */
export async function collectClientVpcConnections(
  kafka: KafkaClient,
  clusters: readonly MskCluster[],
  account: string,
  region: string,
  concurrency = DEFAULT_VPC_CONNECTION_CONCURRENCY,
): Promise<Record<string, Fact<ClientVpcConnectionFacts[]>>> {
  const limit = pLimit(concurrency);
  const arns = [...new Set(clusters.filter((cluster) => cluster.ClusterType === 'PROVISIONED' && vpcConnectivityEnabled(cluster)).map((c) => c.ClusterArn))];
  const entries = await Promise.all(arns.map((arn) => limit(async () => [arn, await connectionsOf(kafka, arn, account, region)] as const)));
  return Object.fromEntries(entries);
}

async function connectionsOf(kafka: KafkaClient, clusterArn: string, account: string, region: string): Promise<Fact<ClientVpcConnectionFacts[]>> {
  const context = { service: 'kafka', operation: 'ListClientVpcConnections', account, region, resource: clusterArn };
  const connections: ClientVpcConnectionFacts[] = [];
  try {
    for await (const page of paginateListClientVpcConnections(
      { client: kafka, pageSize: LIST_CLIENT_VPC_CONNECTIONS_PAGE_SIZE, stopOnSameToken: true },
      { ClusterArn: clusterArn },
    )) {
      for (const connection of page.ClientVpcConnections ?? []) {
        if (typeof connection.VpcConnectionArn !== 'string' || connection.VpcConnectionArn === '') {
          // A connection that cannot be named cannot be judged; a partial list would hide it.
          return unavailable(malformedResponse('ListClientVpcConnections returned a connection without VpcConnectionArn.', context));
        }
        connections.push(
          compact<ClientVpcConnectionFacts>({
            vpcConnectionArn: connection.VpcConnectionArn,
            owner: connection.Owner,
            authentication: connection.Authentication,
            state: connection.State,
            creationTime: isoDate(connection.CreationTime),
          }),
        );
      }
    }
  } catch (error) {
    return unavailable(toCollectionError(error, context));
  }
  return available(connections);
}
