import type { AccountRegionInventory, Baseline, MskCluster } from '../inventory/index.js';
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
  /** What each finding is about: a cluster, or an account-region (CloudTrail coverage, changes, removed clusters). */
  resourceType: CheckResourceType;
  rationale: string;
  remediation: { text: string; url: string };
  frameworks: FrameworkMappings;
  /** The AWS Security Hub control this check corresponds to, where one exists (e.g. MSK.1). */
  securityHubControl?: string;
}

/** Inputs beyond the configuration facts: an approved baseline (`--baseline`), CloudTrail (skipped with `--no-cloudtrail`). */
export type CheckInput = 'baseline' | 'cloudtrail';

export const CHECK_RESOURCE_TYPES = ['AwsMskCluster', 'AwsAccountRegion'] as const;
export type CheckResourceType = (typeof CHECK_RESOURCE_TYPES)[number];

/** What a check may read: the account-region's facts, the thresholds and, when given, the approved baseline. */
export interface AccountRegionContext {
  account: string;
  region: string;
  inventory: AccountRegionInventory;
  thresholds: Thresholds;
  /** The approved baseline (`--baseline`); drift checks run only when there is one. */
  baseline?: Baseline;
}

/** What a cluster check may read besides the cluster. */
export type ClusterContext = AccountRegionContext;

/**
 * A check is pure: it reads the inventory and returns a verdict. It never imports the AWS SDK and never
 * does I/O. It must answer NOT_AVAILABLE when a fact it needs is missing, never PASSED.
 */
export interface ClusterCheck {
  meta: CheckMeta & { resourceType: 'AwsMskCluster' };
  /** Absent or `cluster`: one verdict per cluster. */
  scope?: 'cluster';
  /** Only run when the scan has this input (e.g. a drift check needs a baseline). */
  requires?: CheckInput;
  evaluate(cluster: MskCluster, context: ClusterContext): Verdict;
}

/**
 * A verdict about one thing within an account-region (an event, a removed cluster). `key` makes the finding id
 * unique and stable; `clusterArn` names the cluster it concerns, when there is one.
 */
export interface SubjectVerdict extends Verdict {
  subject: { key: string; clusterArn?: string; name?: string };
}

/**
 * A check over a whole account-region: either one verdict for it (CloudTrail coverage), or one verdict per
 * subject found there (each risky change, each removed cluster) — an empty list means nothing to report.
 */
export interface AccountRegionCheck {
  meta: CheckMeta & { resourceType: 'AwsAccountRegion' };
  scope: 'account-region';
  requires?: CheckInput;
  evaluate(context: AccountRegionContext): Verdict | SubjectVerdict[];
}

export type Check = ClusterCheck | AccountRegionCheck;

export function isAccountRegionCheck(check: Check): check is AccountRegionCheck {
  return check.scope === 'account-region';
}

/** Identity helpers that give check modules full type inference. */
export function defineCheck(check: ClusterCheck): ClusterCheck {
  return check;
}

export function defineAccountRegionCheck(check: AccountRegionCheck): AccountRegionCheck {
  return check;
}
