import check from '../../checks/msk-broker-logs-retained.js';
import { available, unavailable, type MskCluster } from '../../src/inventory/index.js';
import { checkTable } from '../support/check-table.js';
import { LOG_BUCKET, LOG_GROUP, exposureRegion, logBucket, logGroup } from '../support/exposure-fixtures.js';
import { accessDenied, provisionedCluster, serverlessCluster } from '../support/fixtures.js';

interface Destinations {
  cloudWatch?: boolean;
  s3?: boolean | string;
  firehose?: boolean;
}

function logging({ cloudWatch = false, s3 = false, firehose = false }: Destinations): MskCluster {
  return provisionedCluster((c) => {
    c.Provisioned!.LoggingInfo = {
      BrokerLogs: {
        CloudWatchLogs: cloudWatch ? { Enabled: true, LogGroup: LOG_GROUP } : { Enabled: false },
        S3: s3 ? { Enabled: true, Bucket: LOG_BUCKET, Prefix: typeof s3 === 'string' ? s3 : 'msk/' } : { Enabled: false },
        Firehose: firehose ? { Enabled: true, DeliveryStream: 'msk-logs' } : { Enabled: false },
      },
    };
  });
}

const expiring = (days: number, prefix = '', extra: object = {}) =>
  exposureRegion((r) => {
    r.brokerLogBuckets![LOG_BUCKET] = logBucket({
      lifecycle: available({ configured: true, rules: [{ id: 'expire', status: 'Enabled', prefix, tagFilter: false, sizeFilter: false, expirationDays: days, ...extra }] }),
    });
  });

checkTable(check, {
  PASSED: [
    { name: 'CloudWatch Logs, 400 days, KMS', cluster: logging({ cloudWatch: true }), inventory: exposureRegion(), reason: /keeps events 400 days and is encrypted/ },
    {
      name: 'CloudWatch Logs that never expire',
      cluster: logging({ cloudWatch: true }),
      inventory: exposureRegion((r) => (r.brokerLogGroups![LOG_GROUP] = logGroup({ retentionInDays: undefined }))),
      reason: /never expires/,
    },
    { name: 'S3 without lifecycle configuration, KMS default encryption', cluster: logging({ s3: true }), inventory: exposureRegion(), reason: /no lifecycle configuration/ },
    { name: 'S3 with a long expiration', cluster: logging({ s3: true }), inventory: expiring(400) },
    { name: 'S3 with a short expiration on another prefix', cluster: logging({ s3: 'msk/' }), inventory: expiring(7, 'tmp/') },
    { name: 'S3 with a short expiration filtered by tag', cluster: logging({ s3: true }), inventory: expiring(7, '', { tagFilter: true }) },
    { name: 'S3 with a disabled short expiration', cluster: logging({ s3: true }), inventory: expiring(7, '', { status: 'Disabled' }) },
    { name: 'a threshold of 90 days', cluster: logging({ s3: true }), inventory: expiring(90), thresholds: { brokerLogRetentionMinDays: 90 } },
    {
      name: 'one compliant destination is enough (Firehose not inspected)',
      cluster: logging({ cloudWatch: true, firehose: true }),
      inventory: exposureRegion(),
      reason: /also: Firehose msk-logs is not inspected/,
    },
  ],
  FAILED: [
    {
      name: 'no broker logging configured',
      cluster: provisionedCluster(),
      inventory: exposureRegion(),
      reason: /LoggingInfo.BrokerLogs is not configured/,
    },
    { name: 'every destination off', cluster: logging({}), inventory: exposureRegion(), reason: /is turned off/ },
    {
      name: 'CloudWatch retention of 30 days',
      cluster: logging({ cloudWatch: true }),
      inventory: exposureRegion((r) => (r.brokerLogGroups![LOG_GROUP] = logGroup({ retentionInDays: 30 }))),
      reason: /keeps events 30 days \(fewer than 365\)/,
    },
    {
      name: 'CloudWatch log group without KMS',
      cluster: logging({ cloudWatch: true }),
      inventory: exposureRegion((r) => (r.brokerLogGroups![LOG_GROUP] = logGroup({ kmsKeyId: undefined }))),
      reason: /not encrypted with a KMS key/,
    },
    {
      name: 'CloudWatch log group that does not exist',
      cluster: logging({ cloudWatch: true }),
      inventory: exposureRegion((r) => (r.brokerLogGroups![LOG_GROUP] = available({ name: LOG_GROUP, exists: false }))),
      reason: /does not exist/,
    },
    { name: 'S3 expiring logs after 30 days', cluster: logging({ s3: true }), inventory: expiring(30), reason: /lifecycle rule expire deletes log objects after 30 days/ },
    { name: 'S3 rule on a narrower prefix of the logs', cluster: logging({ s3: 'msk/' }), inventory: expiring(30, 'msk/AWSLogs/') },
    { name: 'S3 rule expiring on a date', cluster: logging({ s3: true }), inventory: expiring(9999, '', { expirationDays: undefined, expirationDate: '2027-01-01T00:00:00.000Z' }), reason: /on 2027-01-01/ },
    {
      name: 'S3 bucket without default encryption',
      cluster: logging({ s3: true }),
      inventory: exposureRegion((r) => (r.brokerLogBuckets![LOG_BUCKET] = logBucket({ encryption: available({ configured: false, rules: [] }) }))),
      reason: /no default encryption/,
    },
    { name: 'both destinations fall short', cluster: logging({ cloudWatch: true, s3: true }), inventory: expiring(30, '', {}), thresholds: { brokerLogRetentionMinDays: 500 } },
  ],
  NOT_APPLICABLE: [
    { name: 'serverless', cluster: serverlessCluster(), inventory: exposureRegion(), reason: /Serverless/ },
    { name: 'cluster being deleted', cluster: { ...logging({ cloudWatch: true }), State: 'DELETING' }, inventory: exposureRegion() },
  ],
  NOT_AVAILABLE: [
    { name: 'Firehose only (its destination is not inspected)', cluster: logging({ firehose: true }), inventory: exposureRegion(), reason: /Firehose msk-logs is not inspected/ },
    { name: 'inventory from before log groups were collected', cluster: logging({ cloudWatch: true }), reason: /not collected in this inventory/ },
    {
      name: 'DescribeLogGroups denied',
      cluster: logging({ cloudWatch: true }),
      inventory: exposureRegion((r) => (r.brokerLogGroups![LOG_GROUP] = unavailable(accessDenied('logs', 'DescribeLogGroups', LOG_GROUP)))),
      reason: /logs:DescribeLogGroups failed with AccessDeniedException/,
    },
    {
      name: 'bucket lifecycle denied (cross-account bucket)',
      cluster: logging({ s3: true }),
      inventory: exposureRegion((r) => (r.brokerLogBuckets![LOG_BUCKET] = logBucket({ lifecycle: unavailable({ ...accessDenied('s3', 'GetBucketLifecycleConfiguration', LOG_BUCKET), code: 'AccessDenied' }) }))),
      reason: /lifecycle could not be read/,
    },
    {
      name: 'a failing destination next to one that is not inspected',
      cluster: logging({ cloudWatch: true, firehose: true }),
      inventory: exposureRegion((r) => (r.brokerLogGroups![LOG_GROUP] = logGroup({ retentionInDays: 1 }))),
    },
    { name: 'log group not collected', cluster: logging({ cloudWatch: true }), inventory: exposureRegion((r) => (r.brokerLogGroups = {})), reason: /was not collected/ },
  ],
});
