import type { Fact } from './fact.js';
import type { JsonValue } from '../check/verdict.js';

/*
 * Facts about who and what reaches the clusters (issue 9): the credentials Kafka clients sign in with (SCRAM
 * secrets, private CAs, IAM users' access keys), the AWS-managed clients (MSK Connect connectors, Lambda event
 * source mappings) and the organization's guardrails. Every field is optional in the inventory, so inventories
 * written before these facts existed still load; a check that needs a missing one answers NOT_AVAILABLE.
 */

/** A Secrets Manager secret associated with a SCRAM cluster: DescribeSecret and GetResourcePolicy, never the value. */
export interface SecretFacts {
  arn: string;
  name?: string;
  /** DescribeSecret KmsKeyId as returned; absent = the AWS-managed key `aws/secretsmanager`. */
  kmsKeyId?: string;
  rotationEnabled?: boolean;
  rotationLambdaArn?: string;
  rotationRules?: { automaticallyAfterDays?: number; duration?: string; scheduleExpression?: string };
  lastRotatedDate?: string;
  nextRotationDate?: string;
  /** Set when the secret is scheduled for deletion. */
  deletedDate?: string;
  /** GetResourcePolicy ResourcePolicy: the policy document as text, or null when the secret has none. */
  resourcePolicy: Fact<string | null>;
}

/** An AWS Private CA a cluster trusts for mutual TLS (ACM PCA DescribeCertificateAuthority). */
export interface PrivateCaFacts {
  arn: string;
  /** CREATING | PENDING_CERTIFICATE | ACTIVE | DELETED | DISABLED | EXPIRED | FAILED */
  status?: string;
  /** ROOT | SUBORDINATE */
  type?: string;
  /** GENERAL_PURPOSE | SHORT_LIVED_CERTIFICATE */
  usageMode?: string;
  /** CertificateAuthorityConfiguration.KeyAlgorithm: RSA_2048 … EC_secp521r1, SM2 … */
  keyAlgorithm?: string;
  signingAlgorithm?: string;
  notBefore?: string;
  notAfter?: string;
  /** RevocationConfiguration.CrlConfiguration.Enabled (absent when the CA has no CRL configuration). */
  crlEnabled?: boolean;
  /** RevocationConfiguration.OcspConfiguration.Enabled. */
  ocspEnabled?: boolean;
}

/** An MSK Connect connector (kafkaconnect ListConnectors). */
export interface ConnectorFacts {
  arn: string;
  name?: string;
  /** RUNNING | CREATING | UPDATING | DELETING | FAILED */
  state?: string;
  /** kafkaCluster.apacheKafkaCluster.bootstrapServers: the cluster the connector reads from or writes to. */
  bootstrapServers?: string;
  /** kafkaClusterEncryptionInTransit.encryptionType: PLAINTEXT | TLS */
  encryptionInTransit?: string;
  /** kafkaClusterClientAuthentication.authenticationType: NONE | IAM */
  clientAuthentication?: string;
  /** logDelivery.workerLogDelivery as returned; absent when the connector has no log delivery. */
  workerLogDelivery?: {
    cloudWatchLogs?: { enabled?: boolean; logGroup?: string };
    firehose?: { enabled?: boolean; deliveryStream?: string };
    s3?: { enabled?: boolean; bucket?: string; prefix?: string };
  };
}

/** A Lambda event source mapping whose source is an MSK cluster (or an MSK multi-VPC connection). */
export interface EventSourceMappingFacts {
  uuid: string;
  arn?: string;
  functionArn?: string;
  /** arn:…:kafka:…:cluster/… or arn:…:kafka:…:vpc-connection/… */
  eventSourceArn: string;
  /** Enabled | Disabled | Creating | … */
  state?: string;
  /** SourceAccessConfigurations (type and secret/URI); an empty list means none was given. */
  sourceAccessConfigurations: { type?: string; uri?: string }[];
}

/** One statement of an IAM or service control policy, normalised (single strings become lists). */
export interface PolicyStatement {
  /** Where it comes from: an inline policy name, a managed policy ARN, a group's policy, an SCP id. */
  policy: string;
  sid?: string;
  effect: 'Allow' | 'Deny';
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  /** The Condition block as written, when there is one. */
  condition?: { [operator: string]: { [key: string]: JsonValue } };
}

export interface AccessKeyFacts {
  accessKeyId: string;
  /** Active | Inactive */
  status?: string;
  createDate?: string;
}

/** An IAM user, role or group and the policy statements that can concern kafka-cluster actions. */
export interface IamPrincipalFacts {
  kind: 'user' | 'role' | 'group';
  name: string;
  arn: string;
  /** Users: the groups they belong to (the groups' statements are included in `statements`). */
  groups?: string[];
  /**
   * Every Allow or Deny statement that can concern a `kafka-cluster:` action (its Action names the service, or a
   * wildcard that covers it, or it uses NotAction), from every policy that applies: inline, attached managed and,
   * for users, their groups'. Statements about other services only are left out.
   */
  statements: PolicyStatement[];
  /** Policies that apply but whose document could not be read (missing from the answer, not JSON). */
  unreadablePolicies: string[];
  /** Users with at least one such statement: their access keys (IAM ListAccessKeys). */
  accessKeys?: Fact<AccessKeyFacts[]>;
}

export interface IamAccessFacts {
  /** Only principals with at least one kafka-relevant statement or unreadable policy are kept. */
  principals: IamPrincipalFacts[];
  /** How many users, roles and groups the account has (GetAccountAuthorizationDetails, every page). */
  counts: { users: number; roles: number; groups: number };
}

/** A service control policy attached to a target on the account's path (DescribePolicy content). */
export interface ScpFacts {
  id: string;
  name?: string;
  arn?: string;
  awsManaged?: boolean;
  statements: Fact<PolicyStatement[]>;
}

/** A root, OU or the account itself, with the SCPs attached to it (ListPoliciesForTarget). */
export interface ScpTarget {
  id: string;
  kind: 'root' | 'ou' | 'account';
  policies: Fact<ScpFacts[]>;
}

export interface ScpGuardrailFacts {
  /** The organization's management account (read from the account ARNs), to which no SCP applies. */
  managementAccount?: string;
  /** The account's path from its root down to itself (ListParents). */
  path: ScpTarget[];
}

/**
 * IAM and the organization's SCPs are account-wide, not regional: they are collected once per account and kept
 * in one of its account-regions (`heldIn`); every other account-region of the account names that region.
 */
export interface AccountWideFacts {
  heldIn: string;
  /** Present where `heldIn` is this region, when the IAM check was selected. */
  iam?: Fact<IamAccessFacts>;
  /** True when the scan read the organization (`--org`): only then are guardrails collected. */
  organizationScan?: boolean;
  /** Present where `heldIn` is this region in an organization scan, when the guardrail check was selected. */
  guardrails?: Fact<ScpGuardrailFacts>;
}
