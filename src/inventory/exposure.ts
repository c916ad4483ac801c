import type { Fact } from './fact.js';
import type { MskCluster } from './msk-cluster.js';

/**
 * Facts about how a cluster is reached and what it records, beyond the cluster description: its security
 * groups (EC2), its resource policy and client VPC connections (MSK), and where its broker logs are kept
 * (CloudWatch Logs, S3). Every collection of these is optional in the inventory, so inventories written
 * before they existed still load; a check that needs one that is absent answers NOT_AVAILABLE.
 */

/** One EC2 security group, reduced to what decides network exposure. */
export interface SecurityGroupFacts {
  groupId: string;
  groupName?: string;
  vpcId?: string;
  ownerId?: string;
  /** The inbound rules (IpPermissions). */
  ingress: SecurityGroupRule[];
}

export interface SecurityGroupRule {
  /** As EC2 spells it: `tcp`, `udp`, `icmp`, `icmpv6`, `-1` (every protocol) or a protocol number. */
  ipProtocol: string;
  fromPort?: number;
  toPort?: number;
  /** IPv4 CIDR blocks allowed in (IpRanges[].CidrIp). */
  ipv4Ranges: string[];
  /** IPv6 CIDR blocks allowed in (Ipv6Ranges[].CidrIpv6). */
  ipv6Ranges: string[];
  /** Managed prefix lists allowed in (PrefixListIds[].PrefixListId). */
  prefixListIds: string[];
  /** Security groups allowed in (UserIdGroupPairs): `sg-…`, or `account/sg-…` for another account's group. */
  groupReferences: string[];
}

/** GetClusterPolicy: the cluster's resource policy, or `policy: null` when it has none (NotFoundException). */
export interface ClusterPolicyFacts {
  /** The policy document as returned (JSON text): a resource policy, not a secret. */
  policy: string | null;
  currentVersion?: string;
}

/** One ListClientVpcConnections entry: a VPC connection another VPC (or account) made to the cluster. */
export interface ClientVpcConnectionFacts {
  vpcConnectionArn: string;
  /** The account that owns the connection (the client side). */
  owner?: string;
  /** SASL_IAM | SASL_SCRAM | TLS (the client authentication the connection uses). */
  authentication?: string;
  /** CREATING | AVAILABLE | INACTIVE | DEACTIVATING | DELETING | FAILED | REJECTED | REJECTING */
  state?: string;
  creationTime?: string;
}

/** A CloudWatch Logs log group broker logs are delivered to (DescribeLogGroups, exact name match). */
export interface LogGroupFacts {
  name: string;
  /** False when DescribeLogGroups lists no group of exactly this name in the account-region. */
  exists: boolean;
  arn?: string;
  /** Absent: the group never expires its events. */
  retentionInDays?: number;
  /** The KMS key encrypting the group; absent: encrypted with keys CloudWatch Logs owns. */
  kmsKeyId?: string;
}

/** An S3 bucket broker logs are delivered to. */
export interface LogBucketFacts {
  bucket: string;
  /** GetBucketLifecycleConfiguration; `configured: false` for NoSuchLifecycleConfiguration (objects are kept). */
  lifecycle: Fact<BucketLifecycle>;
  /** GetBucketEncryption; `configured: false` for ServerSideEncryptionConfigurationNotFoundError. */
  encryption: Fact<BucketEncryption>;
}

export interface BucketLifecycle {
  configured: boolean;
  rules: LifecycleRuleFacts[];
}

export interface LifecycleRuleFacts {
  id?: string;
  /** Enabled | Disabled */
  status?: string;
  /** The key prefix the rule applies to ('' = every object), from Filter.Prefix, Filter.And.Prefix or the legacy Prefix. */
  prefix: string;
  /** The rule only applies to objects carrying given tags (broker log objects carry none). */
  tagFilter: boolean;
  /** The rule only applies to objects of some sizes. */
  sizeFilter: boolean;
  /** Current objects are deleted this many days after creation. */
  expirationDays?: number;
  /** Current objects are deleted on this date. */
  expirationDate?: string;
}

export interface BucketEncryption {
  configured: boolean;
  rules: { sseAlgorithm?: string; kmsKeyId?: string; bucketKeyEnabled?: boolean }[];
}

/** The broker log destinations a provisioned cluster turns on (LoggingInfo.BrokerLogs), as the API returns them. */
export interface BrokerLogDestinations {
  /** LoggingInfo.BrokerLogs is present. */
  configured: boolean;
  cloudWatchLogs?: { enabled: boolean; logGroup?: string };
  s3?: { enabled: boolean; bucket?: string; prefix?: string };
  firehose?: { enabled: boolean; deliveryStream?: string };
}

type Loose = Record<string, unknown>;
const record = (value: unknown): Loose | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose) : undefined);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Reads LoggingInfo.BrokerLogs defensively (clusters are kept as collected); used by the collectors and the checks. */
export function brokerLogDestinations(cluster: MskCluster): BrokerLogDestinations {
  const logs = record(record(cluster.Provisioned?.LoggingInfo)?.BrokerLogs);
  if (!logs) return { configured: false };
  const out: BrokerLogDestinations = { configured: true };
  const cw = record(logs.CloudWatchLogs);
  if (cw) {
    const logGroup = text(cw.LogGroup);
    out.cloudWatchLogs = { enabled: cw.Enabled === true, ...(logGroup ? { logGroup } : {}) };
  }
  const s3 = record(logs.S3);
  if (s3) {
    const bucket = text(s3.Bucket);
    out.s3 = { enabled: s3.Enabled === true, ...(bucket ? { bucket } : {}), ...(typeof s3.Prefix === 'string' ? { prefix: s3.Prefix } : {}) };
  }
  const firehose = record(logs.Firehose);
  if (firehose) {
    const deliveryStream = text(firehose.DeliveryStream);
    out.firehose = { enabled: firehose.Enabled === true, ...(deliveryStream ? { deliveryStream } : {}) };
  }
  return out;
}

/**
 * Whether multi-VPC private connectivity is on: any client authentication of
 * BrokerNodeGroupInfo.ConnectivityInfo.VpcConnectivity is enabled.
 */
export function vpcConnectivityEnabled(cluster: MskCluster): boolean {
  const auth = cluster.Provisioned?.BrokerNodeGroupInfo?.ConnectivityInfo?.VpcConnectivity?.ClientAuthentication;
  return auth?.Sasl?.Iam?.Enabled === true || auth?.Sasl?.Scram?.Enabled === true || auth?.Tls?.Enabled === true;
}
