import type { Fact, CollectionError } from './fact.js';
import type { MskCluster } from './msk-cluster.js';
import type { KafkaEventWindow, TrailFacts } from './cloudtrail.js';
import type { ClientVpcConnectionFacts, ClusterPolicyFacts, LogBucketFacts, LogGroupFacts, SecurityGroupFacts } from './exposure.js';
import type { AccountWideFacts, ConnectorFacts, EventSourceMappingFacts, PrivateCaFacts, SecretFacts } from './client-access.js';

export const INVENTORY_SCHEMA_VERSION = 1;

/** Everything collected in one scan: a JSON document that `msk-audit evaluate` re-evaluates offline. */
export interface Inventory {
  schemaVersion: typeof INVENTORY_SCHEMA_VERSION;
  kind: 'msk-audit-inventory';
  tool: { name: string; version: string };
  collectedAt: string;
  /** The identity the scan ran as (STS GetCallerIdentity). */
  caller: CallerIdentity;
  partition: string;
  scope: InventoryScope;
  /** How each account in scope was reached, and which regions it has enabled. */
  accounts: AccountAccess[];
  accountRegions: AccountRegionInventory[];
  /** Errors not tied to one account-region (e.g. resolving the caller identity). */
  errors: CollectionError[];
}

export interface InventoryScope {
  /** The accounts in scope (after --org / --ou / --accounts / --exclude-accounts). */
  accounts: string[];
  /** Every region collected in at least one account. */
  regions: string[];
  /** `all-enabled`: each account's enabled regions; `explicit`: the regions given. */
  regionSelection: 'all-enabled' | 'explicit';
}

export interface AccountAccess {
  account: string;
  name?: string;
  /** The caller's own credentials, or a role assumed in the account. */
  via: 'caller' | 'assumed-role';
  roleArn?: string;
  /** The principal the scan acted as in the account, or why no credentials could be had. */
  access: Fact<{ principalArn: string }>;
  /** The account's regions; unavailable when access failed or neither region API answered. */
  regions: Fact<{ enabled: string[]; notEnabled: string[] }>;
  /** Requested regions not collected because they are not enabled in this account (opt-in regions). */
  skippedRegions: string[];
}

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

/** The facts of one account in one region. */
export interface AccountRegionInventory {
  account: string;
  region: string;
  /** Every cluster in the account-region (ListClustersV2, all pages). */
  clusters: Fact<MskCluster[]>;
  /** Configuration revisions keyed by `configurationKey(arn, revision)`. */
  configurations: Record<string, Fact<ConfigurationRevision>>;
  /** KMS keys keyed by the identifier the cluster references (DataVolumeKMSKeyId). */
  kmsKeys: Record<string, Fact<KmsKeyFacts>>;
  kafkaVersions: Fact<KafkaVersionFacts[]>;
  /** CloudTrail trails visible here (absent in inventories collected without CloudTrail). */
  trails?: Fact<TrailFacts[]>;
  /** MSK CloudTrail events of the scan's window (absent when events were not looked up). */
  kafkaEvents?: Fact<KafkaEventWindow>;
  /** EC2 security groups the clusters reference, keyed by group id (absent in inventories from before they were collected). */
  securityGroups?: Record<string, Fact<SecurityGroupFacts>>;
  /** GetClusterPolicy of each provisioned cluster, keyed by cluster ARN. */
  clusterPolicies?: Record<string, Fact<ClusterPolicyFacts>>;
  /** ListClientVpcConnections of each provisioned cluster with multi-VPC private connectivity on, keyed by cluster ARN. */
  clientVpcConnections?: Record<string, Fact<ClientVpcConnectionFacts[]>>;
  /** The CloudWatch Logs log groups broker logs go to, keyed by log group name. */
  brokerLogGroups?: Record<string, Fact<LogGroupFacts>>;
  /** The S3 buckets broker logs go to, keyed by bucket name. */
  brokerLogBuckets?: Record<string, LogBucketFacts>;
  /** When this account-region was collected: the reference time for ages and expiries (absent in older inventories). */
  collectedAt?: string;
  /** ListScramSecrets of each SCRAM-enabled provisioned cluster: the associated secret ARNs, keyed by cluster ARN. */
  scramSecretLists?: Record<string, Fact<string[]>>;
  /** Each secret associated with a SCRAM cluster, keyed by ARN (its KMS key is in `kmsKeys`, keyed by KmsKeyId). */
  secrets?: Record<string, Fact<SecretFacts>>;
  /** The private CAs the clusters trust for mutual TLS, keyed by CA ARN. */
  privateCas?: Record<string, Fact<PrivateCaFacts>>;
  /** MSK Connect connectors (ListConnectors, every page). */
  connectors?: Fact<ConnectorFacts[]>;
  /** Lambda event source mappings whose source is MSK (ListEventSourceMappings, every page). */
  eventSourceMappings?: Fact<EventSourceMappingFacts[]>;
  /** IAM and SCP facts, collected once per account and held by one of its account-regions. */
  accountWide?: AccountWideFacts;
  /** Every error met while collecting this account-region, also recorded in the facts they concern. */
  errors: CollectionError[];
}

export interface ConfigurationRevision {
  arn: string;
  revision: number;
  creationTime?: string;
  description?: string;
  /** server.properties as text, exactly as decoded from the API. */
  serverPropertiesText: string;
  /** server.properties parsed into key → value. */
  serverProperties: Record<string, string>;
}

export interface KmsKeyFacts {
  keyId?: string;
  arn?: string;
  /** CUSTOMER | AWS */
  keyManager?: string;
  /** Enabled | Disabled | PendingDeletion | PendingImport | Unavailable | Creating | Updating | PendingReplicaDeletion */
  keyState?: string;
  keySpec?: string;
  origin?: string;
  deletionDate?: string;
  /** GetKeyRotationStatus; absent when the key is AWS-managed (AWS rotates those itself and the call is not made). */
  rotation?: Fact<KeyRotation>;
}

export interface KeyRotation {
  enabled: boolean;
  rotationPeriodInDays?: number;
  nextRotationDate?: string;
}

export interface KafkaVersionFacts {
  version: string;
  status?: string; // ACTIVE | DEPRECATED
}

export function configurationKey(arn: string, revision: number): string {
  return `${arn}#${revision}`;
}
