/**
 * Facts for the network-exposure, cluster-policy, VPC-connection and broker-log checks, layered on the shared
 * fixtures (test/support/fixtures.ts) so those stay as they are.
 */
import type { AccountRegionInventory, Fact, LogBucketFacts, LogGroupFacts, MskCluster, SecurityGroupFacts, SecurityGroupRule } from '../../src/inventory/index.js';
import { available, configurationKey } from '../../src/inventory/index.js';
import { ACCOUNT, CONFIG_ARN, REGION, accountRegion, provisionedCluster } from './fixtures.js';

/** The security groups of the fixture clusters (test/support/fixtures.ts). */
export const PROVISIONED_SG = 'sg-0123456789abcdef0';
export const SERVERLESS_SG = 'sg-0123456789abcdef1';
export const CLUSTER_ARN = provisionedCluster().ClusterArn;
export const LOG_GROUP = '/msk/payments';
export const LOG_BUCKET = 'payments-broker-logs';
export const LOG_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0b6e5c0e-1111-4a8b-9d1e-0000000000ee`;

export function rule(overrides: Partial<SecurityGroupRule> = {}): SecurityGroupRule {
  return { ipProtocol: 'tcp', fromPort: 9098, toPort: 9098, ipv4Ranges: ['10.0.0.0/8'], ipv6Ranges: [], prefixListIds: [], groupReferences: [], ...overrides };
}

export function group(groupId: string, ingress: SecurityGroupRule[] = [rule()]): Fact<SecurityGroupFacts> {
  return available({ groupId, groupName: `msk-${groupId}`, vpcId: 'vpc-0a', ownerId: ACCOUNT, ingress });
}

export function logGroup(overrides: Partial<LogGroupFacts> = {}): Fact<LogGroupFacts> {
  return available({ name: LOG_GROUP, exists: true, arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${LOG_GROUP}`, retentionInDays: 400, kmsKeyId: LOG_KEY, ...overrides });
}

export function logBucket(overrides: Partial<LogBucketFacts> = {}): LogBucketFacts {
  return {
    bucket: LOG_BUCKET,
    lifecycle: available({ configured: false, rules: [] }),
    encryption: available({ configured: true, rules: [{ sseAlgorithm: 'aws:kms', kmsKeyId: LOG_KEY, bucketKeyEnabled: true }] }),
    ...overrides,
  };
}

/** The shared account-region fixture plus compliant exposure facts; the mutator makes the case under test. */
export function exposureRegion(mutate?: (inventory: AccountRegionInventory) => void): AccountRegionInventory {
  return accountRegion((r) => {
    r.securityGroups = { [PROVISIONED_SG]: group(PROVISIONED_SG), [SERVERLESS_SG]: group(SERVERLESS_SG) };
    r.clusterPolicies = { [CLUSTER_ARN]: available({ policy: null }) };
    r.clientVpcConnections = { [CLUSTER_ARN]: available([]) };
    r.brokerLogGroups = { [LOG_GROUP]: logGroup() };
    r.brokerLogBuckets = { [LOG_BUCKET]: logBucket() };
    mutate?.(r);
  });
}

/**
 * The fixture cluster made compliant with the exposure, broker-log and configuration checks too: broker logs to a
 * retained, KMS-encrypted log group, ZooKeeper over TLS only, unclean leader election off.
 */
export function compliantCluster(): MskCluster {
  return provisionedCluster((c) => {
    c.Provisioned!.LoggingInfo = { BrokerLogs: { CloudWatchLogs: { Enabled: true, LogGroup: LOG_GROUP }, Firehose: { Enabled: false }, S3: { Enabled: false } } };
    c.Provisioned!.ZookeeperConnectStringTls = 'z-1.payments.abc123.c2.kafka.eu-west-1.amazonaws.com:2182';
  });
}

/** exposureRegion() with the fixture configuration hardened (unclean leader election off) and the given clusters. */
export function compliantRegion(clusters: MskCluster[] = [compliantCluster()]): AccountRegionInventory {
  return exposureRegion((r) => {
    r.clusters = available(clusters);
    const key = configurationKey(CONFIG_ARN, 2);
    const revision = r.configurations[key];
    if (revision?.ok) {
      revision.value.serverProperties = { ...revision.value.serverProperties, 'unclean.leader.election.enable': 'false' };
      revision.value.serverPropertiesText += 'unclean.leader.election.enable=false\n';
    }
  });
}
