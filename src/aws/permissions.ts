/**
 * Every IAM action a scan performs, in IAM's spelling. The README's policies must list exactly these
 * (test/readme.test.ts), and end-to-end tests assert a scan calls nothing else.
 */

/** Needed in every scanned account (by the member role, or by the caller for its own account). */
export const MEMBER_READ_ACTIONS = [
  'kafka:ListClustersV2',
  'kafka:DescribeConfigurationRevision',
  'kafka:ListKafkaVersions',
  'kms:DescribeKey',
  'kms:GetKeyRotationStatus',
  'account:ListRegions',
  'ec2:DescribeRegions',
  'cloudtrail:DescribeTrails',
  'cloudtrail:GetTrailStatus',
  'cloudtrail:GetEventSelectors',
  'cloudtrail:LookupEvents',
  // Client access (issue 9): SCRAM secrets' metadata — never their values — private CAs, MSK Connect, Lambda, IAM.
  'kafka:ListScramSecrets',
  'secretsmanager:DescribeSecret',
  'secretsmanager:GetResourcePolicy',
  'acm-pca:DescribeCertificateAuthority',
  'kafkaconnect:ListConnectors',
  'lambda:ListEventSourceMappings',
  'iam:GetAccountAuthorizationDetails',
  'iam:ListAccessKeys',
  // Network exposure, cluster policy and broker logs (issue 9): the resource policy text is read, as are the
  // security groups, the client VPC connections, and the broker log groups' and buckets' retention and encryption.
  'kafka:GetClusterPolicy',
  'kafka:ListClientVpcConnections',
  'ec2:DescribeSecurityGroups',
  'logs:DescribeLogGroups',
  's3:GetLifecycleConfiguration',
  's3:GetEncryptionConfiguration',
] as const;

/** Needed by the scanning identity for organization and multi-account scans. */
export const SCANNER_ACTIONS = [
  'organizations:ListAccounts',
  'organizations:ListAccountsForParent',
  'organizations:ListOrganizationalUnitsForParent',
  // The service control policies on each account's path (org-scp-denies-msk-security-changes).
  'organizations:DescribeOrganization',
  'organizations:ListParents',
  'organizations:ListPoliciesForTarget',
  'organizations:DescribePolicy',
  'sts:AssumeRole',
] as const;

export const SCAN_IAM_ACTIONS = [...MEMBER_READ_ACTIONS, ...SCANNER_ACTIONS] as const;

/**
 * Needed in every scanned account only with `--security-hub`: custom findings must be imported by the account
 * they belong to. The only writes msk-audit makes to AWS besides evidence in the user's own bucket.
 */
export const SECURITY_HUB_ACTIONS = ['securityhub:BatchImportFindings', 'securityhub:GetFindings'] as const;

/**
 * API operations whose IAM action is spelt differently (`service:Operation` → IAM action), for matching the calls
 * a scan makes against the policies above.
 */
export const IAM_ACTION_OF_OPERATION: Readonly<Record<string, string>> = {
  's3:GetBucketLifecycleConfiguration': 's3:GetLifecycleConfiguration',
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
};

/** The IAM action an API call needs (`service:Operation`, as the sandbox records calls). */
export function iamActionOf(call: string): string {
  return IAM_ACTION_OF_OPERATION[call] ?? call;
}

/** Calls that need no IAM permission (STS GetCallerIdentity is always allowed). */
export const UNPERMISSIONED_ACTIONS = ['sts:GetCallerIdentity'] as const;
