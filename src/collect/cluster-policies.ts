import { GetClusterPolicyCommand, type KafkaClient } from '@aws-sdk/client-kafka';
import pLimit from 'p-limit';
import { malformedResponse, toCollectionError } from '../aws/errors.js';
import { available, unavailable, type ClusterPolicyFacts, type Fact, type MskCluster } from '../inventory/index.js';
import { compact } from './json.js';

/** Concurrent GetClusterPolicy calls per account-region. */
export const DEFAULT_CLUSTER_POLICY_CONCURRENCY = 8;

/**
 * GetClusterPolicy for every provisioned cluster, keyed by cluster ARN. NotFoundException means the cluster has no
 * policy (`policy: null`). Serverless clusters are not asked: cluster policies grant the cross-account access of
 * multi-VPC private connectivity, which MSK Serverless does not offer. A failure affects only its cluster's entry.
 */
export async function collectClusterPolicies(
  kafka: KafkaClient,
  clusters: readonly MskCluster[],
  account: string,
  region: string,
  concurrency = DEFAULT_CLUSTER_POLICY_CONCURRENCY,
): Promise<Record<string, Fact<ClusterPolicyFacts>>> {
  const limit = pLimit(concurrency);
  const arns = [...new Set(clusters.filter((cluster) => cluster.ClusterType === 'PROVISIONED').map((cluster) => cluster.ClusterArn))];
  const entries = await Promise.all(arns.map((arn) => limit(async () => [arn, await policyOf(kafka, arn, account, region)] as const)));
  return Object.fromEntries(entries);
}

async function policyOf(kafka: KafkaClient, clusterArn: string, account: string, region: string): Promise<Fact<ClusterPolicyFacts>> {
  const context = { service: 'kafka', operation: 'GetClusterPolicy', account, region, resource: clusterArn };
  try {
    const response = await kafka.send(new GetClusterPolicyCommand({ ClusterArn: clusterArn }));
    if (typeof response?.Policy !== 'string' || response.Policy === '') {
      return unavailable(malformedResponse('GetClusterPolicy answered without a Policy (a cluster without one is NotFoundException).', context));
    }
    return available(compact<ClusterPolicyFacts>({ policy: response.Policy, currentVersion: response.CurrentVersion }));
  } catch (error) {
    if ((error as { name?: unknown } | null)?.name === 'NotFoundException') return available({ policy: null });
    return unavailable(toCollectionError(error, context));
  }
}
