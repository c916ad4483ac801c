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
] as const;

/** Needed by the scanning identity for organization and multi-account scans. */
export const SCANNER_ACTIONS = [
  'organizations:ListAccounts',
  'organizations:ListAccountsForParent',
  'organizations:ListOrganizationalUnitsForParent',
  'sts:AssumeRole',
] as const;

export const SCAN_IAM_ACTIONS = [...MEMBER_READ_ACTIONS, ...SCANNER_ACTIONS] as const;

/**
 * Needed in every scanned account only with `--security-hub`: custom findings must be imported by the account
 * they belong to. The only writes msk-audit makes to AWS besides evidence in the user's own bucket.
 */
export const SECURITY_HUB_ACTIONS = ['securityhub:BatchImportFindings', 'securityhub:GetFindings'] as const;

/** Calls that need no IAM permission (STS GetCallerIdentity is always allowed). */
export const UNPERMISSIONED_ACTIONS = ['sts:GetCallerIdentity'] as const;
