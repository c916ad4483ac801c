import type { AccountAccess, AccountRegionInventory, Inventory } from '../inventory/index.js';
import { describeError } from '../inventory/index.js';
import type { Finding } from './finding.js';

/**
 * complete: every fact was collected and every check could give a verdict; partial: the clusters were listed but some
 * facts were not, or some verdicts are NOT_AVAILABLE (a value the checks cannot judge, such as an unknown enum);
 * not-evaluated: the clusters could not be listed; skipped: an opt-in region the account has not enabled.
 */
export type CoverageStatus = 'complete' | 'partial' | 'not-evaluated' | 'skipped';

export interface CoverageEntry {
  account: string;
  region: string;
  status: CoverageStatus;
  reasons: string[];
}

export interface Coverage {
  entries: CoverageEntry[];
  counts: Record<CoverageStatus, number>;
  /** True when every account-region in scope was fully evaluated (skipped opt-in regions do not count against it). */
  complete: boolean;
}

export function computeCoverage(inventory: Inventory): Coverage {
  return summarizeCoverage([
    ...inventory.accountRegions.map((accountRegion) => accountRegionCoverage(accountRegion)),
    ...inventory.accounts.flatMap(skippedRegionCoverage),
  ]);
}

/**
 * The coverage of one evaluated account-region. `findings` are its findings: a NOT_AVAILABLE verdict that no collection
 * error explains (the calls succeeded but returned something the checks cannot judge) still means the account-region
 * was not fully evaluated, so it is partial, never complete.
 */
export function accountRegionCoverage(accountRegion: AccountRegionInventory, findings: Iterable<Finding> = []): CoverageEntry {
  const { account, region } = accountRegion;
  if (!accountRegion.clusters.ok) {
    return { account, region, status: 'not-evaluated', reasons: [oneLine(describeError(accountRegion.clusters.error))] };
  }
  const reasons = [...new Set(accountRegion.errors.map((error) => oneLine(describeError(error))))];
  if (reasons.length === 0) {
    const unanswered = new Map<string, number>();
    for (const finding of findings) {
      if (finding.status === 'NOT_AVAILABLE') unanswered.set(finding.checkId, (unanswered.get(finding.checkId) ?? 0) + 1);
    }
    if (unanswered.size > 0) {
      const checks = [...unanswered].sort(([a], [b]) => a.localeCompare(b)).map(([checkId, count]) => `${checkId} (${count})`);
      reasons.push(`every call succeeded, but some verdicts are NOT_AVAILABLE (values the checks cannot judge): ${checks.join(', ')}`);
    }
  }
  return { account, region, status: reasons.length === 0 ? 'complete' : 'partial', reasons };
}

/** Coverage reasons are printed one per line: an SDK message spanning lines is folded. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

export function skippedRegionCoverage(access: AccountAccess): CoverageEntry[] {
  return access.skippedRegions.map((region) => ({
    account: access.account,
    region,
    status: 'skipped' as const,
    reasons: ['opt-in region not enabled in this account'],
  }));
}

/** Sorts the entries (account, then region) and counts them. */
export function summarizeCoverage(unsorted: readonly CoverageEntry[]): Coverage {
  const entries = [...unsorted].sort((a, b) => a.account.localeCompare(b.account) || a.region.localeCompare(b.region));
  const counts: Record<CoverageStatus, number> = { complete: 0, partial: 0, 'not-evaluated': 0, skipped: 0 };
  for (const entry of entries) counts[entry.status] += 1;
  return { entries, counts, complete: counts.partial === 0 && counts['not-evaluated'] === 0 };
}
