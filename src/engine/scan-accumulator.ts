import type { AccountAccess, AccountRegionInventory, CallerIdentity, CollectionError } from '../inventory/index.js';
import type { CheckMeta, Thresholds } from '../check/index.js';
import { summarizeCluster, type ClusterSummary } from './cluster-summary.js';
import { accountRegionCoverage, skippedRegionCoverage, summarizeCoverage, type CoverageEntry } from './coverage.js';
import { evaluateAccountRegion, matchesTags, runnableChecks, type EvaluationOptions } from './evaluate.js';
import type { Finding } from './finding.js';
import { SCAN_RESULT_SCHEMA_VERSION, type ScanResult } from './scan-result.js';
import { summarize } from './summary.js';
import { applyExceptions, type RiskException } from './exceptions.js';

export interface ScanHeader {
  scanId: string;
  tool: { name: string; version: string };
  startedAt: string;
  finishedAt: string;
  collectedAt: string;
  caller: CallerIdentity;
  accounts: string[];
  regionSelection: 'all-enabled' | 'explicit';
  /** Errors not tied to one account-region. */
  errors: CollectionError[];
}

/**
 * Evaluates an inventory account by account as it is collected, keeping only what the outputs need (findings,
 * cluster summaries, coverage, errors), so the raw facts of one account can be dropped once it is evaluated.
 */
export class ScanAccumulator {
  /** Findings per account-region, in evaluation order; sorted by account and region at the end. */
  private readonly findingGroups: { account: string; region: string; findings: Finding[] }[] = [];
  private readonly clusters: ClusterSummary[] = [];
  private readonly coverage: CoverageEntry[] = [];
  private readonly errors: CollectionError[] = [];
  private readonly regions = new Set<string>();

  constructor(
    private readonly partition: string,
    private readonly options: EvaluationOptions & { tagFilters: Record<string, string>; framework?: string; exceptions?: readonly RiskException[] },
  ) {}

  addAccount(access: AccountAccess, accountRegions: readonly AccountRegionInventory[]): void {
    for (const accountRegion of accountRegions) this.addAccountRegion(accountRegion);
    this.coverage.push(...skippedRegionCoverage(access));
  }

  addAccountRegion(accountRegion: AccountRegionInventory): void {
    this.regions.add(accountRegion.region);
    const { account, region } = accountRegion;
    this.findingGroups.push({ account, region, findings: evaluateAccountRegion(accountRegion, this.partition, this.options) });
    if (accountRegion.clusters.ok) {
      for (const cluster of accountRegion.clusters.value) {
        this.clusters.push(summarizeCluster(cluster, accountRegion, matchesTags(cluster, this.options.tagFilters)));
      }
    }
    this.coverage.push(accountRegionCoverage(accountRegion));
    this.errors.push(...accountRegion.errors);
  }

  /** Account-regions evaluated so far. */
  get accountRegionCount(): number {
    return this.coverage.filter((entry) => entry.status !== 'skipped').length;
  }

  finish(header: ScanHeader): ScanResult {
    // Only the checks that ran: a consumer (the Security Hub archiver) must not read absence as a verdict.
    const checks: CheckMeta[] = runnableChecks(this.options).map((check) => check.meta);
    const thresholds: Thresholds = this.options.thresholds;
    // Accounts finish in any order; the result must not depend on it.
    const findings = [...this.findingGroups]
      .sort((a, b) => a.account.localeCompare(b.account) || a.region.localeCompare(b.region))
      .flatMap((group) => group.findings);
    const exceptions = this.options.exceptions?.length ? applyExceptions(findings, this.options.exceptions, header.finishedAt.slice(0, 10)) : undefined;
    return {
      kind: 'msk-audit-scan',
      schemaVersion: SCAN_RESULT_SCHEMA_VERSION,
      scanId: header.scanId,
      tool: header.tool,
      startedAt: header.startedAt,
      finishedAt: header.finishedAt,
      collectedAt: header.collectedAt,
      caller: header.caller,
      scope: {
        accounts: header.accounts,
        regions: [...this.regions].sort(),
        regionSelection: header.regionSelection,
        tagFilters: this.options.tagFilters,
        checkIds: checks.map((meta) => meta.id),
        ...(this.options.framework ? { framework: this.options.framework } : {}),
      },
      thresholds,
      checks,
      findings,
      summary: summarize(findings),
      clusters: [...this.clusters].sort((a, b) => a.arn.localeCompare(b.arn)),
      coverage: summarizeCoverage(this.coverage),
      errors: [...header.errors, ...this.errors],
      ...(exceptions ? { exceptions } : {}),
    };
  }
}
