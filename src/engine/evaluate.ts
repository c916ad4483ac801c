import type { AccountRegionInventory, Inventory, MskCluster } from '../inventory/index.js';
import { describeError } from '../inventory/index.js';
import type { Baseline } from '../inventory/index.js';
import {
  isAccountRegionCheck,
  notAvailable,
  STATUSES,
  type AccountRegionCheck,
  type AccountRegionContext,
  type Check,
  type ClusterCheck,
  type Severity,
  type SubjectVerdict,
  type Thresholds,
  type Verdict,
} from '../check/index.js';
import { accountRegionArn, findingId, type Finding, type FindingResource } from './finding.js';

export interface EvaluationOptions {
  checks: readonly Check[];
  thresholds: Thresholds;
  severityOverrides?: Record<string, Severity>;
  /** Only clusters carrying every one of these tags are evaluated. */
  tagFilters?: Record<string, string>;
  /** The approved baseline; checks that require one are skipped without it. */
  baseline?: Baseline;
  /** False when CloudTrail was not collected (`--no-cloudtrail`): checks that require it are skipped. */
  cloudTrail?: boolean;
}

/** The checks a plan actually runs: those requiring a baseline only with one, those reading CloudTrail only when it was collected. */
export function runnableChecks(options: Pick<EvaluationOptions, 'checks' | 'baseline' | 'cloudTrail'>): Check[] {
  return options.checks.filter((check) => {
    if (check.requires === 'baseline') return options.baseline !== undefined;
    if (check.requires === 'cloudtrail') return options.cloudTrail !== false;
    return true;
  });
}

/** Runs every check over every cluster of the inventory. Pure: the same inventory gives the same findings. */
export function evaluateInventory(inventory: Inventory, options: EvaluationOptions): Finding[] {
  return inventory.accountRegions.flatMap((accountRegion) =>
    evaluateAccountRegion(accountRegion, inventory.partition, options),
  );
}

export function evaluateAccountRegion(
  accountRegion: AccountRegionInventory,
  partition: string,
  options: EvaluationOptions,
): Finding[] {
  const { account, region } = accountRegion;
  const checks = runnableChecks(options);
  const regionResource: FindingResource = {
    type: 'AwsAccountRegion',
    arn: accountRegionArn(partition, account, region),
    account,
    region,
    partition,
    tags: {},
  };
  const context: AccountRegionContext = {
    account,
    region,
    inventory: accountRegion,
    thresholds: options.thresholds,
    ...(options.baseline ? { baseline: options.baseline } : {}),
  };
  if (!accountRegion.clusters.ok) {
    // Without the cluster list no check can answer; say so once per check rather than report nothing.
    const error = accountRegion.clusters.error;
    const verdict = notAvailable(`The MSK clusters of ${account} in ${region} could not be listed: ${describeError(error)}.`, {
      collectionError: { service: error.service, operation: error.operation, code: error.code, message: error.message },
    });
    return checks.map((check) => toFinding(check, regionResource, verdict, options));
  }

  const findings: Finding[] = [];
  const clusters = [...accountRegion.clusters.value].sort((a, b) => a.ClusterArn.localeCompare(b.ClusterArn));
  const resources = new Map(clusters.map((cluster) => [cluster.ClusterArn, clusterResource(cluster, partition, account, region)]));
  const clusterChecks = checks.filter((check): check is ClusterCheck => !isAccountRegionCheck(check));
  for (const cluster of clusters) {
    if (!matchesTags(cluster, options.tagFilters)) continue;
    const resource = resources.get(cluster.ClusterArn)!;
    for (const check of clusterChecks) {
      const verdict = guard(() => check.evaluate(cluster, context));
      findings.push(toFinding(check, resource, verdict, options));
    }
  }
  for (const check of checks.filter(isAccountRegionCheck)) {
    findings.push(...accountRegionFindings(check, context, regionResource, resources, options));
  }
  return findings;
}

function accountRegionFindings(
  check: AccountRegionCheck,
  context: AccountRegionContext,
  regionResource: FindingResource,
  clusters: Map<string, FindingResource>,
  options: EvaluationOptions,
): Finding[] {
  let outcome: unknown;
  try {
    outcome = check.evaluate(context);
  } catch (error) {
    return [toFinding(check, regionResource, stopped(error), options)];
  }
  if (!Array.isArray(outcome)) return [toFinding(check, regionResource, isVerdict(outcome) ? outcome : notAVerdict(outcome), options)];
  const findings: Finding[] = [];
  const keys = new Set<string>();
  for (const item of outcome as unknown[]) {
    if (!isSubjectVerdict(item) || keys.has(item.subject.key)) {
      findings.push(toFinding(check, regionResource, notAVerdict(item), options));
      continue;
    }
    keys.add(item.subject.key);
    const { subject, ...verdict } = item;
    const cluster = subject.clusterArn ? clusters.get(subject.clusterArn) : undefined;
    // A tag filter leaves listed clusters out, and with them what is said about them.
    if (cluster && !matchesResourceTags(cluster, options.tagFilters)) continue;
    const resource: FindingResource = cluster
      ? { ...cluster }
      : subject.clusterArn
        ? { ...regionResource, type: 'AwsMskCluster', arn: subject.clusterArn, ...(subject.name ? { name: subject.name } : {}) }
        : regionResource;
    findings.push(toFinding(check, resource, verdict, options, subject.key));
  }
  return findings;
}

function guard(evaluate: () => unknown): Verdict {
  let verdict: unknown;
  try {
    verdict = evaluate();
  } catch (error) {
    return stopped(error);
  }
  return isVerdict(verdict) ? verdict : notAVerdict(verdict);
}

function stopped(error: unknown): Verdict {
  const message = error instanceof Error ? error.message : String(error);
  return notAvailable(`The check stopped with an error and gave no verdict: ${message}.`, { checkError: message });
}

function notAVerdict(value: unknown): Verdict {
  return notAvailable('The check returned something that is not a verdict.', { returned: String(value) });
}

function isSubjectVerdict(value: unknown): value is SubjectVerdict {
  if (!isVerdict(value)) return false;
  const subject = (value as Partial<SubjectVerdict>).subject;
  return typeof subject === 'object' && subject !== null && typeof subject.key === 'string' && subject.key.length > 0;
}

function matchesResourceTags(resource: FindingResource, tagFilters: Record<string, string> | undefined): boolean {
  return Object.entries(tagFilters ?? {}).every(([key, value]) => resource.tags[key] === value);
}

function isVerdict(value: unknown): value is Verdict {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Verdict>;
  return (
    STATUSES.includes(candidate.status as Verdict['status']) &&
    typeof candidate.reason === 'string' &&
    typeof candidate.evidence === 'object' &&
    candidate.evidence !== null
  );
}

function toFinding(check: Check, resource: FindingResource, verdict: Verdict, options: EvaluationOptions, subjectKey?: string): Finding {
  const { meta } = check;
  const finding: Finding = {
    id: findingId(meta.id, resource.arn, subjectKey),
    checkId: meta.id,
    title: meta.title,
    status: verdict.status,
    // A configured override is the user's policy and wins over both the check's and the verdict's severity.
    severity: options.severityOverrides?.[meta.id] ?? verdict.severity ?? meta.severity,
    reason: verdict.reason,
    evidence: verdict.evidence,
    resource,
    remediation: meta.remediation,
    frameworks: meta.frameworks,
  };
  if (meta.securityHubControl) finding.securityHubControl = meta.securityHubControl;
  return finding;
}

function clusterResource(cluster: MskCluster, partition: string, account: string, region: string): FindingResource {
  const resource: FindingResource = {
    type: 'AwsMskCluster',
    arn: cluster.ClusterArn,
    account,
    region,
    partition,
    tags: { ...(cluster.Tags ?? {}) },
  };
  if (cluster.ClusterName) resource.name = cluster.ClusterName;
  return resource;
}

export function matchesTags(cluster: MskCluster, tagFilters: Record<string, string> | undefined): boolean {
  if (!tagFilters) return true;
  return Object.entries(tagFilters).every(([key, value]) => cluster.Tags?.[key] === value);
}
