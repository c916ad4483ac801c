/**
 * Every IAM action a scan performs, in IAM's spelling. The README's policy must list exactly these
 * (test/readme.test.ts), and end-to-end tests assert a scan calls nothing else.
 */
export const SCAN_IAM_ACTIONS = [
  'kafka:ListClustersV2',
  'kafka:DescribeConfigurationRevision',
  'kafka:ListKafkaVersions',
  'kms:DescribeKey',
  'kms:GetKeyRotationStatus',
] as const;

/** Calls that need no IAM permission (STS GetCallerIdentity is always allowed). */
export const UNPERMISSIONED_ACTIONS = ['sts:GetCallerIdentity'] as const;
