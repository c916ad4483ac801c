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
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  keyRotationMaxDays: 365,
  enhancedMonitoringMinimum: 'PER_TOPIC_PER_BROKER',
  expectedChangePrincipals: [],
};
