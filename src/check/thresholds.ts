export const ENHANCED_MONITORING_LEVELS = [
  'DEFAULT',
  'PER_BROKER',
  'PER_TOPIC_PER_BROKER',
  'PER_TOPIC_PER_PARTITION',
] as const;
export type EnhancedMonitoringLevel = (typeof ENHANCED_MONITORING_LEVELS)[number];

/** Tunable limits the checks compare against; each has a documented default. */
export interface Thresholds {
  /** The longest acceptable automatic rotation period of the at-rest KMS key. */
  keyRotationMaxDays: number;
  /** The least enhanced-monitoring level accepted (Security Hub MSK.2 asks for PER_TOPIC_PER_BROKER). */
  enhancedMonitoringMinimum: EnhancedMonitoringLevel;
  /**
   * Principal ARNs (`*` matches any run of characters) whose security-relevant MSK changes are expected (a
   * deployment pipeline role): reported as expected changes, not failures.
   */
  expectedChangePrincipals: string[];
  /**
   * Accounts trusted besides each cluster's own (e.g. the organization's accounts): a cluster policy may grant
   * them access and they may own client VPC connections. msk-audit does not infer organization membership.
   */
  trustedAccounts: string[];
  /** The fewest days broker logs must be kept (CloudWatch Logs retention, S3 lifecycle expiration). */
  brokerLogRetentionMinDays: number;
  /** The least min.insync.replicas accepted (msk-config-hygiene). */
  minInsyncReplicasMinimum: number;
  /** A private CA whose certificate expires within this many days fails msk-private-ca-healthy. */
  caExpiryWarningDays: number;
  /** An active IAM access key older than this many days is long-lived (iam-no-long-lived-kafka-credentials). */
  accessKeyMaxAgeDays: number;
  /** The MSK actions an SCP on every account's path must deny (org-scp-denies-msk-security-changes). */
  guardrailActions: string[];
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  keyRotationMaxDays: 365,
  enhancedMonitoringMinimum: 'PER_TOPIC_PER_BROKER',
  expectedChangePrincipals: [],
  trustedAccounts: [],
  // PCI DSS 10.5.1 asks for a year of audit log history.
  brokerLogRetentionMinDays: 365,
  minInsyncReplicasMinimum: 2,
  caExpiryWarningDays: 30,
  accessKeyMaxAgeDays: 90,
  guardrailActions: ['kafka:UpdateConnectivity', 'kafka:UpdateSecurity'],
};
