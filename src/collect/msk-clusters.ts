import { paginateListClustersV2, type Cluster, type KafkaClient } from '@aws-sdk/client-kafka';
import { malformedResponse, toCollectionError } from '../aws/errors.js';
import { available, unavailable, type CollectionError, type Fact, type MskCluster } from '../inventory/index.js';
import { toJson } from './json.js';

export const LIST_CLUSTERS_PAGE_SIZE = 100;

export interface ClustersResult {
  /** Every cluster (provisioned and serverless) in listing order; unavailable when any page failed. */
  clusters: Fact<MskCluster[]>;
  /** The listing failure, and every cluster skipped as malformed. */
  errors: CollectionError[];
}

/**
 * ListClustersV2, every page. The listing returns full cluster objects, so no per-cluster describe is made.
 * A failure on any page makes the whole list unavailable: a partial list would hide clusters from the checks.
 */
export async function collectClusters(kafka: KafkaClient, account: string, region: string): Promise<ClustersResult> {
  const context = { service: 'kafka', operation: 'ListClustersV2', account, region };
  const clusters: MskCluster[] = [];
  const errors: CollectionError[] = [];
  try {
    for await (const page of paginateListClustersV2(
      { client: kafka, pageSize: LIST_CLUSTERS_PAGE_SIZE, stopOnSameToken: true },
      {},
    )) {
      for (const cluster of page.ClusterInfoList ?? []) {
        const converted = toMskCluster(cluster);
        if (converted) {
          clusters.push(converted);
        } else {
          const name = typeof cluster.ClusterName === 'string' ? cluster.ClusterName : undefined;
          errors.push(
            malformedResponse(`ListClustersV2 returned a cluster without ClusterArn${name ? ` (ClusterName ${name})` : ''}; it was skipped.`, {
              ...context,
              ...(name ? { resource: name } : {}),
            }),
          );
        }
      }
    }
  } catch (error) {
    const collectionError = toCollectionError(error, context);
    return { clusters: unavailable(collectionError), errors: [collectionError] };
  }
  return { clusters: available(clusters), errors };
}

/** The SDK cluster as JSON (dates as ISO strings, undefined fields dropped); undefined when it has no ARN. */
export function toMskCluster(cluster: Cluster): MskCluster | undefined {
  const json = toJson(cluster);
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return undefined;
  if (typeof json.ClusterArn !== 'string' || json.ClusterArn === '') return undefined;
  // The JSON form keeps the SDK's field names and nesting, which is the shape MskCluster describes.
  return json as MskCluster;
}
