/**
 * Which existing msk-audit findings of one account-region to archive. Unlike tools that archive whatever the
 * current run did not report, msk-audit archives a finding only when this run proves it obsolete:
 *
 * - the account-region's coverage is `complete` in this run (every fact was read), and
 * - the finding is ACTIVE, msk-audit's own (see asOwnedFinding), of a check this run ran, not re-imported now, and
 *   - its cluster was not listed (it no longer exists), or
 *   - its cluster was evaluated and the check no longer produces it, or
 *   - it is the account-region's NOT_AVAILABLE finding (`…:*`) and the clusters were listed this time, or
 *   - it is about the account-region (`…:*`, an account-region check's) and the check no longer reports it.
 *
 * Nothing is archived for an account-region that failed, was partial, was not evaluated or skipped; nor for a
 * check that did not run, a cluster a tag filter left out, or a finding of another tool.
 */
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { PRODUCT_FIELDS, nextUpdatedAt, truncateText } from '../../reports/asff.js';
import type { ClusterSummary } from '../engine/cluster-summary.js';
import type { CoverageEntry } from '../engine/coverage.js';
import { accountRegionArn, findingId } from '../engine/finding.js';
import type { ScanResult } from '../engine/scan-result.js';
import { asOwnedFinding } from './existing-findings.js';

export interface ArchiveDecision {
  finding: AwsSecurityFinding;
  reason: string;
}

export interface ArchivePlan {
  archive: ArchiveDecision[];
  /** Existing msk-audit findings neither re-imported nor archived: left exactly as they are. */
  unchanged: number;
  /** Why nothing may be archived in this account-region, when that is so. */
  skipped?: string;
}

export interface ArchivePlanInput {
  result: Pick<ScanResult, 'scanId' | 'scope' | 'clusters' | 'coverage'>;
  account: string;
  region: string;
  partition: string;
  productArn: string;
  /** What Security Hub holds (readExistingFindings). */
  existing: readonly AwsSecurityFinding[];
  /** The Ids this run imports in the account-region. */
  currentIds: ReadonlySet<string>;
}

export function planArchive(input: ArchivePlanInput): ArchivePlan {
  const { result, account, region, partition, productArn, existing, currentIds } = input;
  const coverage = result.coverage.entries.find((entry) => entry.account === account && entry.region === region);
  const skipped = coverage?.status === 'complete' ? undefined : archivingNotAllowed(coverage);
  const checks = new Set(result.scope.checkIds);
  const clusters = new Map(result.clusters.filter((c) => c.account === account && c.region === region).map((c) => [c.arn, c]));
  const wholeRegion = accountRegionArn(partition, account, region);

  const context: DecisionContext = { scanId: result.scanId, account, region, productArn, checks, clusters, wholeRegion };
  const archive: ArchiveDecision[] = [];
  let unchanged = 0;
  for (const finding of existing) {
    if (finding.Id !== undefined && currentIds.has(finding.Id)) continue; // updated by this run's import
    const reason = skipped === undefined ? archiveReason(finding, context) : undefined;
    if (reason === undefined) unchanged += 1;
    else archive.push({ finding, reason });
  }
  return skipped === undefined ? { archive, unchanged } : { archive, unchanged, skipped };
}

interface DecisionContext {
  scanId: string;
  account: string;
  region: string;
  productArn: string;
  checks: ReadonlySet<string>;
  clusters: ReadonlyMap<string, ClusterSummary>;
  wholeRegion: string;
}

/** Why this run proves the finding obsolete, or undefined to leave it alone. Coverage is complete here. */
function archiveReason(finding: AwsSecurityFinding, context: DecisionContext): string | undefined {
  const { scanId, account, region } = context;
  const owned = asOwnedFinding(finding, context.productArn);
  if (!owned || finding.RecordState !== 'ACTIVE' || !context.checks.has(owned.checkId)) return undefined;
  if (owned.resourceArn === context.wholeRegion) {
    if (finding.Compliance?.Status === 'NOT_AVAILABLE' && finding.Id === findingId(owned.checkId, owned.resourceArn)) {
      return `The MSK clusters of ${account} in ${region} were listed by scan ${scanId}; this account-region finding no longer applies.`;
    }
    return `Check ${owned.checkId} no longer reports this for ${account} in ${region} (scan ${scanId}).`;
  }
  if (!sameAccountRegion(owned.resourceArn, account, region)) return undefined;
  const cluster = context.clusters.get(owned.resourceArn);
  if (!cluster) return `The cluster no longer exists: scan ${scanId} listed every MSK cluster of ${account} in ${region} and it was not among them.`;
  if (!cluster.evaluated) return undefined; // a tag filter left it out: no verdict either way
  return `Check ${owned.checkId} no longer produces this finding for the cluster (scan ${scanId}).`;
}

function archivingNotAllowed(coverage: CoverageEntry | undefined): string {
  if (!coverage) return 'The account-region is not in this scan’s coverage; nothing is archived.';
  const why = coverage.reasons.length > 0 ? `: ${coverage.reasons.join('; ')}` : '';
  return `Coverage is ${coverage.status}${why}; nothing is archived until a complete scan.`;
}

/** arn:<partition>:kafka:<region>:<account>:… */
function sameAccountRegion(arn: string, account: string, region: string): boolean {
  const parts = arn.split(':');
  return parts[0] === 'arn' && parts[3] === region && parts[4] === account;
}

/** Fields Security Hub sets or that only customers may change: never sent back in an import. */
const NOT_IMPORTABLE = ['Workflow', 'WorkflowState', 'Note', 'UserDefinedFields', 'VerificationState', 'ProcessedAt', 'Region'] as const;

/** The existing finding, re-imported ARCHIVED with a newer UpdatedAt and the reason in ProductFields. */
export function archivedFinding(decision: ArchiveDecision, context: { now: Date; scanId: string }): AwsSecurityFinding {
  const copy: AwsSecurityFinding = { ...decision.finding };
  for (const key of NOT_IMPORTABLE) delete copy[key];
  const productFields = Object.fromEntries(Object.entries(copy.ProductFields ?? {}).filter(([key]) => !key.startsWith('aws/')));
  productFields[PRODUCT_FIELDS.archiveReason] = truncateText(decision.reason, 2048);
  productFields['msk-audit/ArchivedByScanId'] = context.scanId;
  return {
    ...copy,
    ProductFields: productFields,
    RecordState: 'ARCHIVED',
    UpdatedAt: nextUpdatedAt(context.now, decision.finding.UpdatedAt),
  };
}
