import { randomUUID } from 'node:crypto';
import type { Check, Severity, Thresholds } from './check/index.js';
import type { Inventory } from './inventory/index.js';
import { evaluateInventory } from './engine/evaluate.js';
import { SCAN_RESULT_SCHEMA_VERSION, type ScanResult } from './engine/scan-result.js';
import { summarize } from './engine/summary.js';
import { computeCoverage } from './engine/coverage.js';
import { TOOL } from './package-info.js';

/** What to evaluate and how: the same plan serves a live scan and an offline re-evaluation. */
export interface EvaluationPlan {
  checks: readonly Check[];
  thresholds: Thresholds;
  severityOverrides: Record<string, Severity>;
  tagFilters: Record<string, string>;
}

/** inventory → findings → ScanResult. The CLI and the Lambda handlers both end a scan here. */
export function buildScanResult(
  inventory: Inventory,
  plan: EvaluationPlan,
  timing: { startedAt: Date; finishedAt?: Date; scanId?: string },
): ScanResult {
  const findings = evaluateInventory(inventory, plan);
  return {
    kind: 'msk-audit-scan',
    schemaVersion: SCAN_RESULT_SCHEMA_VERSION,
    scanId: timing.scanId ?? randomUUID(),
    tool: { ...TOOL },
    startedAt: timing.startedAt.toISOString(),
    finishedAt: (timing.finishedAt ?? new Date()).toISOString(),
    collectedAt: inventory.collectedAt,
    caller: inventory.caller,
    scope: {
      accounts: inventory.scope.accounts,
      regions: inventory.scope.regions,
      regionSelection: inventory.scope.regionSelection,
      tagFilters: plan.tagFilters,
      checkIds: plan.checks.map((check) => check.meta.id),
    },
    thresholds: plan.thresholds,
    checks: plan.checks.map((check) => check.meta),
    findings,
    summary: summarize(findings),
    coverage: computeCoverage(inventory),
    errors: [...inventory.errors, ...inventory.accountRegions.flatMap((accountRegion) => accountRegion.errors)],
  };
}
