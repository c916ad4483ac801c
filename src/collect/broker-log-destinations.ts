import { paginateDescribeLogGroups, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { GetBucketEncryptionCommand, GetBucketLifecycleConfigurationCommand, type LifecycleRule, type S3Client } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { toCollectionError } from '../aws/errors.js';
import {
  available,
  brokerLogDestinations,
  unavailable,
  type BucketEncryption,
  type BucketLifecycle,
  type Fact,
  type LifecycleRuleFacts,
  type LogBucketFacts,
  type LogGroupFacts,
  type MskCluster,
} from '../inventory/index.js';
import { compact, isoDate } from './json.js';

/** Concurrent log groups or buckets inspected at once per account-region. */
export const DEFAULT_LOG_DESTINATION_CONCURRENCY = 4;
/** DescribeLogGroups' largest page. */
export const DESCRIBE_LOG_GROUPS_PAGE_SIZE = 50;

/** The distinct log groups and buckets the provisioned clusters deliver broker logs to (enabled destinations only). */
export function referencedLogDestinations(clusters: readonly MskCluster[]): { logGroups: string[]; buckets: string[] } {
  const logGroups = new Set<string>();
  const buckets = new Set<string>();
  for (const cluster of clusters) {
    const logs = brokerLogDestinations(cluster);
    if (logs.cloudWatchLogs?.enabled && logs.cloudWatchLogs.logGroup) logGroups.add(logs.cloudWatchLogs.logGroup);
    if (logs.s3?.enabled && logs.s3.bucket) buckets.add(logs.s3.bucket);
  }
  return { logGroups: [...logGroups], buckets: [...buckets] };
}

/**
 * CloudWatch Logs DescribeLogGroups for each log group broker logs go to (logGroupNamePrefix = the name, pages read
 * until the exact name turns up), keyed by name. A group no page lists does not exist (`exists: false`).
 */
export async function collectBrokerLogGroups(
  logs: CloudWatchLogsClient,
  clusters: readonly MskCluster[],
  account: string,
  region: string,
  concurrency = DEFAULT_LOG_DESTINATION_CONCURRENCY,
): Promise<Record<string, Fact<LogGroupFacts>>> {
  const limit = pLimit(concurrency);
  const names = referencedLogDestinations(clusters).logGroups;
  const entries = await Promise.all(names.map((name) => limit(async () => [name, await logGroupOf(logs, name, account, region)] as const)));
  return Object.fromEntries(entries);
}

async function logGroupOf(logs: CloudWatchLogsClient, name: string, account: string, region: string): Promise<Fact<LogGroupFacts>> {
  try {
    for await (const page of paginateDescribeLogGroups(
      { client: logs, pageSize: DESCRIBE_LOG_GROUPS_PAGE_SIZE, stopOnSameToken: true },
      { logGroupNamePrefix: name },
    )) {
      const group = (page.logGroups ?? []).find((candidate) => candidate.logGroupName === name);
      if (group) {
        return available(
          compact<LogGroupFacts>({ name, exists: true, arn: group.arn, retentionInDays: group.retentionInDays, kmsKeyId: group.kmsKeyId }),
        );
      }
    }
  } catch (error) {
    return unavailable(toCollectionError(error, { service: 'logs', operation: 'DescribeLogGroups', account, region, resource: name }));
  }
  return available({ name, exists: false });
}

/**
 * S3 GetBucketLifecycleConfiguration and GetBucketEncryption for each bucket broker logs go to, keyed by bucket
 * name. NoSuchLifecycleConfiguration: no rule deletes objects; ServerSideEncryptionConfigurationNotFoundError: no
 * default encryption. A bucket in another account or region answers with an error, recorded in its fact.
 */
export async function collectBrokerLogBuckets(
  s3: S3Client,
  clusters: readonly MskCluster[],
  account: string,
  region: string,
  concurrency = DEFAULT_LOG_DESTINATION_CONCURRENCY,
): Promise<Record<string, LogBucketFacts>> {
  const limit = pLimit(concurrency);
  const buckets = referencedLogDestinations(clusters).buckets;
  const entries = await Promise.all(
    buckets.map((bucket) =>
      limit(async () => {
        const [lifecycle, encryption] = await Promise.all([lifecycleOf(s3, bucket, account, region), encryptionOf(s3, bucket, account, region)]);
        return [bucket, { bucket, lifecycle, encryption }] as const;
      }),
    ),
  );
  return Object.fromEntries(entries);
}

const errorName = (error: unknown): unknown => (error as { name?: unknown } | null)?.name;

async function lifecycleOf(s3: S3Client, bucket: string, account: string, region: string): Promise<Fact<BucketLifecycle>> {
  try {
    const response = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
    return available({ configured: true, rules: (response?.Rules ?? []).map(toLifecycleRule) });
  } catch (error) {
    if (errorName(error) === 'NoSuchLifecycleConfiguration') return available({ configured: false, rules: [] });
    return unavailable(toCollectionError(error, { service: 's3', operation: 'GetBucketLifecycleConfiguration', account, region, resource: bucket }));
  }
}

async function encryptionOf(s3: S3Client, bucket: string, account: string, region: string): Promise<Fact<BucketEncryption>> {
  try {
    const response = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
    const rules = (response?.ServerSideEncryptionConfiguration?.Rules ?? []).map((rule) =>
      compact({
        sseAlgorithm: rule.ApplyServerSideEncryptionByDefault?.SSEAlgorithm,
        kmsKeyId: rule.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID,
        bucketKeyEnabled: rule.BucketKeyEnabled,
      }),
    );
    return available({ configured: true, rules });
  } catch (error) {
    if (errorName(error) === 'ServerSideEncryptionConfigurationNotFoundError') return available({ configured: false, rules: [] });
    return unavailable(toCollectionError(error, { service: 's3', operation: 'GetBucketEncryption', account, region, resource: bucket }));
  }
}

/** The parts of a lifecycle rule that decide whether it deletes broker log objects, and when. */
export function toLifecycleRule(rule: LifecycleRule): LifecycleRuleFacts {
  const filter = rule.Filter;
  const and = filter?.And;
  return compact<LifecycleRuleFacts>({
    id: rule.ID,
    status: rule.Status,
    prefix: filter?.Prefix ?? and?.Prefix ?? rule.Prefix ?? '',
    tagFilter: filter?.Tag !== undefined || (and?.Tags?.length ?? 0) > 0,
    sizeFilter:
      filter?.ObjectSizeGreaterThan !== undefined ||
      filter?.ObjectSizeLessThan !== undefined ||
      and?.ObjectSizeGreaterThan !== undefined ||
      and?.ObjectSizeLessThan !== undefined,
    expirationDays: rule.Expiration?.Days,
    expirationDate: isoDate(rule.Expiration?.Date),
  });
}
