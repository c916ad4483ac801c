import type { AccountAccess, AccountRegionInventory, CallerIdentity, CollectionError } from '../inventory/index.js';
import type { CheckMeta, Thresholds } from '../check/index.js';
import { summarizeCluster, type ClusterSummary } from './cluster-summary.js';
import { accountRegionCoverage, skippedRegionCoverage, summarizeCoverage, type CoverageEntry } from './coverage.js';
import { evaluateAccountRegion, matchesTags, runnableChecks, type EvaluationOptions } from './evaluate.js';
import type { Finding } from './finding.js';
import { FindingSpool, SpooledFindings, type FindingSet } from './finding-set.js';
import { SCAN_RESULT_SCHEMA_VERSION, type ScanResult } from './scan-result.js';
import { SummaryCounter } from './summary.js';
import { ExceptionMatcher, type RiskException } from './exceptions.js';

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

export interface AccumulatorOptions extends EvaluationOptions {
  tagFilters: Record<string, string>;
  framework?: string;
  exceptions?: readonly RiskException[];
  /**
   * Where the findings go as each account-region is evaluated: `spool` (default) appends them to a file in a
   * private temporary directory (under `spoolDir`, default the OS temp directory), so memory does not grow with
   * the organization; `memory` keeps them (an inventory held whole anyway, tests).
   */
  findings?: 'spool' | 'memory';
  spoolDir?: string;
}

/** The findings of one account-region, kept (memory mode) or their place in the spool; plus the exception hits. */
interface Group {
  account: string;
  region: string;
  findings?: Finding[];
  /** (exception index, finding id) for each FAILED finding an exception would cover, in evaluation order. */
  hits?: [number, string][];
}

/**
 * Evaluates an inventory account by account as it is collected, keeping only what the outputs need: the findings
 * leave memory as each account-region is evaluated (appended to a spool on disk, read back in order when the
 * reports are written), and what the outputs read of them — the summary counts, the accepted-risk hits — is
 * counted as they pass; cluster summaries, coverage and errors are kept (small, one entry per cluster or
 * account-region). The raw facts of one account can be dropped once it is evaluated.
 */
export class ScanAccumulator {
  private readonly groups: Group[] = [];
  private readonly clusters: ClusterSummary[] = [];
  private readonly coverage: CoverageEntry[] = [];
  private readonly errors: CollectionError[] = [];
  private readonly regions = new Set<string>();
  private readonly counter = new SummaryCounter();
  private readonly matcher: ExceptionMatcher | undefined;
  /** Per pending FAILED finding (the counter's key): the exceptions that would cover it. */
  private readonly pendingMatches: number[][] = [];
  private spool: FindingSpool | undefined;
  private finished = false;

  constructor(
    private readonly partition: string,
    private readonly options: AccumulatorOptions,
  ) {
    this.matcher = options.exceptions?.length ? new ExceptionMatcher(options.exceptions) : undefined;
    if ((options.findings ?? 'spool') === 'spool') this.spool = new FindingSpool(options.spoolDir);
  }

  addAccount(access: AccountAccess, accountRegions: readonly AccountRegionInventory[]): void {
    for (const accountRegion of accountRegions) this.addAccountRegion(accountRegion);
    this.coverage.push(...skippedRegionCoverage(access));
  }

  addAccountRegion(accountRegion: AccountRegionInventory): void {
    if (this.finished) throw new Error('internal: an account-region was added to a finished scan');
    this.regions.add(accountRegion.region);
    const { account, region } = accountRegion;
    const findings = evaluateAccountRegion(accountRegion, this.partition, this.options);
    const group: Group = { account, region };
    for (const finding of findings) {
      const matches = this.matcher?.matches(finding) ?? [];
      if (matches.length === 0) {
        this.counter.add(finding);
        continue;
      }
      this.counter.addFailedPending(finding, this.pendingMatches.length);
      this.pendingMatches.push(matches);
      group.hits ??= [];
      for (const index of matches) group.hits.push([index, finding.id]);
    }
    if (this.spool) this.spool.append(account, region, findings);
    else group.findings = findings;
    this.groups.push(group);
    if (accountRegion.clusters.ok) {
      for (const cluster of accountRegion.clusters.value) {
        this.clusters.push(summarizeCluster(cluster, accountRegion, matchesTags(cluster, this.options.tagFilters)));
      }
    }
    this.coverage.push(accountRegionCoverage(accountRegion, findings));
    this.errors.push(...accountRegion.errors);
  }

  /** Account-regions evaluated so far. */
  get accountRegionCount(): number {
    return this.coverage.filter((entry) => entry.status !== 'skipped').length;
  }

  /** Findings held in memory right now (0 with a spool: they are on disk). */
  get heldFindingCount(): number {
    return this.groups.reduce((sum, group) => sum + (group.findings?.length ?? 0), 0);
  }

  /** Bytes of findings spooled to disk so far (0 in memory mode). */
  get spooledBytes(): number {
    return this.spool?.bytes ?? 0;
  }

  /** Releases the spool of a scan that will not be finished (a failure). Idempotent. */
  abort(): void {
    this.finished = true;
    this.spool?.remove();
    this.spool = undefined;
  }

  /**
   * The scan result. With a spool its findings are a SpooledFindings reading the spool: the caller owns it and
   * releases it with `disposeFindings(result.findings)` once the outputs are written (or at process exit).
   */
  finish(header: ScanHeader): ScanResult {
    if (this.finished) throw new Error('internal: the scan was already finished');
    this.finished = true;
    // Only the checks that ran: a consumer (the Security Hub archiver) must not read absence as a verdict.
    const checks: CheckMeta[] = runnableChecks(this.options).map((check) => check.meta);
    const thresholds: Thresholds = this.options.thresholds;
    const today = header.finishedAt.slice(0, 10);
    const matcher = this.matcher;
    // Accounts finish in any order; the result must not depend on it (a stable sort, like the spool's).
    const sorted = [...this.groups].sort((a, b) => a.account.localeCompare(b.account) || a.region.localeCompare(b.region));
    const exceptions = matcher?.outcome(
      sorted.flatMap((group) => group.hits ?? []),
      today,
    );
    // Marks each FAILED finding an exception in force covers, as applyExceptions does (read time for a spool).
    const decorate = (finding: Finding): Finding => {
      if (!matcher || finding.status !== 'FAILED' || finding.accepted) return finding;
      const accepted = matcher.acceptance(matcher.matches(finding), today);
      if (accepted) finding.accepted = accepted;
      return finding;
    };
    let findings: FindingSet;
    if (this.spool) {
      findings = new SpooledFindings(this.spool, decorate);
    } else {
      const held = sorted.flatMap((group) => group.findings ?? []);
      for (const finding of held) decorate(finding);
      findings = held;
    }
    const summary = this.counter.finish((key) => matcher?.acceptance(this.pendingMatches[key]!, today) !== undefined);
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
      summary,
      clusters: [...this.clusters].sort((a, b) => a.arn.localeCompare(b.arn)),
      coverage: summarizeCoverage(this.coverage),
      errors: [...header.errors, ...this.errors],
      ...(exceptions ? { exceptions } : {}),
    };
  }
}
