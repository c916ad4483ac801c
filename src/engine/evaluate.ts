import type { AccountRegionInventory, Inventory, MskCluster } from '../inventory/index.js';
import { describeError } from '../inventory/index.js';
import type { Baseline } from '../inventory/index.js';
import {
  isAccountRegionCheck,
  notAvailable,
  type AccountRegionCheck,
  type AccountRegionContext,
  type Check,
  type CheckMeta,
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

/** Receives each finding as soon as it is made (the streaming variants below); the caller keeps what it needs. */
export type FindingConsumer = (finding: Finding) => void;

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
  const findings: Finding[] = [];
  evaluateInventoryInto(inventory, options, (finding) => findings.push(finding));
  return findings;
}

/**
 * evaluateInventory without the array: each finding is handed to `consume` in the order evaluateInventory returns
 * them (account-region by account-region), so a caller that only counts or writes them never holds them all.
 */
export function evaluateInventoryInto(inventory: Inventory, options: EvaluationOptions, consume: FindingConsumer): void {
  const plan = planOf(options);
  for (const accountRegion of inventory.accountRegions) evaluateWithPlan(accountRegion, inventory.partition, plan, consume);
}

export function evaluateAccountRegion(
  accountRegion: AccountRegionInventory,
  partition: string,
  options: EvaluationOptions,
): Finding[] {
  const findings: Finding[] = [];
  evaluateAccountRegionInto(accountRegion, partition, options, (finding) => findings.push(finding));
  return findings;
}

/** evaluateAccountRegion, streaming: the same findings in the same order, handed to `consume` one by one. */
export function evaluateAccountRegionInto(
  accountRegion: AccountRegionInventory,
  partition: string,
  options: EvaluationOptions,
  consume: FindingConsumer,
): void {
  evaluateWithPlan(accountRegion, partition, planOf(options), consume);
}

/** What every finding of one check shares, computed once per evaluation rather than per finding. */
interface PlannedCheck<C extends Check = Check> {
  check: C;
  meta: CheckMeta;
  id: string;
  /** `msk-audit/<check id>/`: the finding id is this prefix and the resource ARN (see findingId). */
  idPrefix: string;
}

interface Plan {
  options: EvaluationOptions;
  /** What the plan was made from: a later call with changed options gets a new plan. */
  checks: readonly Check[];
  checksSeen: Check[];
  baseline: Baseline | undefined;
  cloudTrail: boolean | undefined;
  /** Every runnable check, in catalogue order (findings for an unlistable account-region). */
  all: PlannedCheck[];
  cluster: PlannedCheck<ClusterCheck>[];
  accountRegion: PlannedCheck<AccountRegionCheck>[];
}

const MAX_READABLE_ID = 512; // findingId's limit; longer ids are hashed there

// evaluateAccountRegion is called once per account-region with the same options object: plan once per options.
const plans = new WeakMap<EvaluationOptions, Plan>();

function planOf(options: EvaluationOptions): Plan {
  const cached = plans.get(options);
  if (
    cached &&
    cached.checks === options.checks &&
    cached.baseline === options.baseline &&
    cached.cloudTrail === options.cloudTrail &&
    sameChecks(cached.checksSeen, options.checks)
  ) {
    return cached;
  }
  const all = runnableChecks(options).map((check): PlannedCheck => {
    const { meta } = check;
    return { check, meta, id: meta.id, idPrefix: `msk-audit/${meta.id}/` };
  });
  const plan: Plan = {
    options,
    checks: options.checks,
    checksSeen: [...options.checks],
    baseline: options.baseline,
    cloudTrail: options.cloudTrail,
    all,
    cluster: all.filter((planned): planned is PlannedCheck<ClusterCheck> => !isAccountRegionCheck(planned.check)),
    accountRegion: all.filter((planned): planned is PlannedCheck<AccountRegionCheck> => isAccountRegionCheck(planned.check)),
  };
  plans.set(options, plan);
  return plan;
}

function sameChecks(seen: readonly Check[], checks: readonly Check[]): boolean {
  if (seen.length !== checks.length) return false;
  for (let i = 0; i < seen.length; i++) if (seen[i] !== checks[i]) return false;
  return true;
}

function evaluateWithPlan(accountRegion: AccountRegionInventory, partition: string, plan: Plan, consume: FindingConsumer): void {
  const { options } = plan;
  const overrides = options.severityOverrides;
  const { account, region } = accountRegion;
  const regionResource: FindingResource = {
    type: 'AwsAccountRegion',
    arn: accountRegionArn(partition, account, region),
    account,
    region,
    partition,
    tags: {},
  };
  const context: AccountRegionContext = options.baseline
    ? { account, region, inventory: accountRegion, thresholds: options.thresholds, baseline: options.baseline }
    : { account, region, inventory: accountRegion, thresholds: options.thresholds };
  if (!accountRegion.clusters.ok) {
    // Without the cluster list no check can answer; say so once per check rather than report nothing.
    const error = accountRegion.clusters.error;
    const verdict = notAvailable(`The MSK clusters of ${account} in ${region} could not be listed: ${describeError(error)}.`, {
      collectionError: { service: error.service, operation: error.operation, code: error.code, message: error.message },
    });
    for (const planned of plan.all) consume(toFinding(planned, regionResource, verdict, overrides));
    return;
  }

  const clusters = sortedByArn(accountRegion.clusters.value);
  const resources: FindingResource[] = new Array<FindingResource>(clusters.length);
  const tagFilters = options.tagFilters;
  for (let i = 0; i < clusters.length; i++) {
    const cluster = clusters[i]!;
    const resource = clusterResource(cluster, partition, account, region);
    resources[i] = resource;
    if (tagFilters !== undefined && !matchesTags(cluster, tagFilters)) continue;
    for (const planned of plan.cluster) {
      let verdict: unknown;
      try {
        verdict = planned.check.evaluate(cluster, context);
      } catch (error) {
        verdict = stopped(error);
      }
      consume(toFinding(planned, resource, isVerdict(verdict) ? verdict : notAVerdict(verdict), overrides));
    }
  }
  if (plan.accountRegion.length === 0) return;
  let byArn: Map<string, FindingResource> | undefined;
  const resourceOf = (arn: string): FindingResource | undefined => {
    // Later clusters with the same ARN win, as in a Map built from the sorted list.
    byArn ??= new Map(clusters.map((cluster, i) => [cluster.ClusterArn, resources[i]!]));
    return byArn.get(arn);
  };
  for (const planned of plan.accountRegion) accountRegionFindings(planned, context, regionResource, resourceOf, tagFilters, overrides, consume);
}

/** The clusters sorted by ARN (localeCompare); the list itself when it already is, which it usually is. */
function sortedByArn(clusters: readonly MskCluster[]): readonly MskCluster[] {
  for (let i = 1; i < clusters.length; i++) {
    if (clusters[i - 1]!.ClusterArn.localeCompare(clusters[i]!.ClusterArn) > 0) {
      return [...clusters].sort((a, b) => a.ClusterArn.localeCompare(b.ClusterArn));
    }
  }
  return clusters;
}

function accountRegionFindings(
  planned: PlannedCheck<AccountRegionCheck>,
  context: AccountRegionContext,
  regionResource: FindingResource,
  clusters: (arn: string) => FindingResource | undefined,
  tagFilters: Record<string, string> | undefined,
  overrides: Record<string, Severity> | undefined,
  consume: FindingConsumer,
): void {
  let outcome: unknown;
  try {
    outcome = planned.check.evaluate(context);
  } catch (error) {
    consume(toFinding(planned, regionResource, stopped(error), overrides));
    return;
  }
  if (!Array.isArray(outcome)) {
    consume(toFinding(planned, regionResource, isVerdict(outcome) ? outcome : notAVerdict(outcome), overrides));
    return;
  }
  const keys = new Set<string>();
  for (const item of outcome as unknown[]) {
    if (!isSubjectVerdict(item) || keys.has(item.subject.key)) {
      consume(toFinding(planned, regionResource, notAVerdict(item), overrides));
      continue;
    }
    keys.add(item.subject.key);
    const { subject, ...verdict } = item;
    const cluster = subject.clusterArn ? clusters(subject.clusterArn) : undefined;
    // A tag filter leaves listed clusters out, and with them what is said about them.
    if (cluster && !matchesResourceTags(cluster, tagFilters)) continue;
    const resource: FindingResource = cluster
      ? { ...cluster }
      : subject.clusterArn
        ? { ...regionResource, type: 'AwsMskCluster', arn: subject.clusterArn, ...(subject.name ? { name: subject.name } : {}) }
        : regionResource;
    consume(toFinding(planned, resource, verdict, overrides, subject.key));
  }
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

function isStatus(value: unknown): boolean {
  return value === 'PASSED' || value === 'FAILED' || value === 'NOT_APPLICABLE' || value === 'NOT_AVAILABLE'; // STATUSES
}

function isVerdict(value: unknown): value is Verdict {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Verdict>;
  return isStatus(candidate.status) && typeof candidate.reason === 'string' && typeof candidate.evidence === 'object' && candidate.evidence !== null;
}

function toFinding(
  planned: PlannedCheck,
  resource: FindingResource,
  verdict: Verdict,
  overrides: Record<string, Severity> | undefined,
  subjectKey?: string,
): Finding {
  const { meta } = planned;
  const arn = resource.arn;
  const id =
    subjectKey === undefined && planned.idPrefix.length + arn.length <= MAX_READABLE_ID
      ? planned.idPrefix + arn
      : findingId(planned.id, arn, subjectKey);
  const finding: Finding = {
    id,
    checkId: planned.id,
    title: meta.title,
    status: verdict.status,
    // A configured override is the user's policy and wins over both the check's and the verdict's severity.
    severity: overrides?.[planned.id] ?? verdict.severity ?? meta.severity,
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
