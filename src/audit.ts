import { randomUUID } from 'node:crypto';
import type { Check, Severity, Thresholds } from './check/index.js';
import type { Inventory } from './inventory/index.js';
import { ScanAccumulator } from './engine/scan-accumulator.js';
import type { ScanResult } from './engine/scan-result.js';
import { TOOL } from './package-info.js';

/** What to evaluate and how: the same plan serves a live scan and an offline re-evaluation. */
export interface EvaluationPlan {
  checks: readonly Check[];
  thresholds: Thresholds;
  severityOverrides: Record<string, Severity>;
  tagFilters: Record<string, string>;
}

/** inventory → findings → ScanResult, for an inventory held whole (offline re-evaluation, tests). */
export function buildScanResult(
  inventory: Inventory,
  plan: EvaluationPlan,
  timing: { startedAt: Date; finishedAt?: Date; scanId?: string },
): ScanResult {
  const accumulator = new ScanAccumulator(inventory.partition, plan);
  const regionsByAccount = new Map<string, Inventory['accountRegions']>();
  for (const accountRegion of inventory.accountRegions) {
    const list = regionsByAccount.get(accountRegion.account) ?? [];
    list.push(accountRegion);
    regionsByAccount.set(accountRegion.account, list);
  }
  for (const access of inventory.accounts) {
    accumulator.addAccount(access, regionsByAccount.get(access.account) ?? []);
    regionsByAccount.delete(access.account);
  }
  // Account-regions of an account the inventory does not describe still count.
  for (const orphans of regionsByAccount.values()) for (const accountRegion of orphans) accumulator.addAccountRegion(accountRegion);
  return accumulator.finish({
    scanId: timing.scanId ?? randomUUID(),
    tool: { ...TOOL },
    startedAt: timing.startedAt.toISOString(),
    finishedAt: (timing.finishedAt ?? new Date()).toISOString(),
    collectedAt: inventory.collectedAt,
    caller: inventory.caller,
    accounts: inventory.scope.accounts,
    regionSelection: inventory.scope.regionSelection,
    errors: inventory.errors,
  });
}
