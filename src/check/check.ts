import type { AccountRegionInventory, MskCluster } from '../inventory/index.js';
import type { Severity, Verdict } from './verdict.js';
import type { Thresholds } from './thresholds.js';

export const FRAMEWORK_IDS = ['pci-dss-4.0.1', 'soc2', 'nist-800-53-r5', 'iso-27001-2022'] as const;
export type FrameworkId = (typeof FRAMEWORK_IDS)[number];

/** Requirement ids per framework that a check provides evidence for. */
export type FrameworkMappings = Partial<Record<FrameworkId, string[]>>;

export interface CheckMeta {
  /** Stable, kebab-case, unique: part of every finding id. */
  id: string;
  title: string;
  severity: Severity;
  resourceType: 'AwsMskCluster';
  rationale: string;
  remediation: { text: string; url: string };
  frameworks: FrameworkMappings;
  /** The AWS Security Hub control this check corresponds to, where one exists (e.g. MSK.1). */
  securityHubControl?: string;
}

/** What a cluster check may read besides the cluster: the account-region's other facts, and the thresholds. */
export interface ClusterContext {
  account: string;
  region: string;
  inventory: AccountRegionInventory;
  thresholds: Thresholds;
}

/**
 * A check is pure: it reads the inventory and returns a verdict. It never imports the AWS SDK and never
 * does I/O. It must answer NOT_AVAILABLE when a fact it needs is missing, never PASSED.
 */
export interface ClusterCheck {
  meta: CheckMeta;
  evaluate(cluster: MskCluster, context: ClusterContext): Verdict;
}

export type Check = ClusterCheck;

/** Identity helper that gives check modules full type inference. */
export function defineCheck(check: ClusterCheck): ClusterCheck {
  return check;
}
