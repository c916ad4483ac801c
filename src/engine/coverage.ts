import type { AccountAccess, AccountRegionInventory, Inventory } from '../inventory/index.js';
import { describeError } from '../inventory/index.js';

/**
 * complete: every fact was collected; partial: the clusters were listed but some facts were not;
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
    ...inventory.accountRegions.map(accountRegionCoverage),
    ...inventory.accounts.flatMap(skippedRegionCoverage),
  ]);
}

export function accountRegionCoverage(accountRegion: AccountRegionInventory): CoverageEntry {
  const { account, region } = accountRegion;
  if (!accountRegion.clusters.ok) {
    return { account, region, status: 'not-evaluated', reasons: [describeError(accountRegion.clusters.error)] };
  }
  const reasons = [...new Set(accountRegion.errors.map(describeError))];
  return { account, region, status: reasons.length === 0 ? 'complete' : 'partial', reasons };
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
