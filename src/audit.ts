import { randomUUID } from 'node:crypto';
import type { Check, Severity, Thresholds } from './check/index.js';
import type { Baseline, CallerIdentity, CollectionError, Inventory } from './inventory/index.js';
import { ScanAccumulator } from './engine/scan-accumulator.js';
import type { RiskException } from './engine/exceptions.js';
import type { HeldScanResult, ScanResult } from './engine/scan-result.js';
import { TOOL } from './package-info.js';
import { streamInventory, type AccountCollection, type CollectInventoryOptions, type CollectionObserver, type CollectionStart } from './collect/inventory.js';
import { InventoryFileWriter } from './inventory/write.js';
import { factsForChecks } from './collect/client-access-facts.js';
import { DriftAccumulator } from './drift/report.js';

/** What to evaluate and how: the same plan serves a live scan and an offline re-evaluation. */
export interface EvaluationPlan {
  checks: readonly Check[];
  thresholds: Thresholds;
  severityOverrides: Record<string, Severity>;
  tagFilters: Record<string, string>;
  /** False: CloudTrail was not collected, so the checks reading it are not run. Default: run them. */
  cloudTrail?: boolean;
  /** The approved baseline (`--baseline`): the drift checks run and the result carries the drift report. */
  baseline?: Baseline;
  /** `--framework`: the scan and its reports are limited to this framework. */
  framework?: string;
  /** Accepted risks (`--exceptions`). */
  exceptions?: RiskException[];
}

/**
 * inventory → findings → ScanResult, for an inventory held whole (offline re-evaluation, tests): the findings
 * are held in memory too (an array).
 */
export function buildScanResult(
  inventory: Inventory,
  plan: EvaluationPlan,
  timing: { startedAt: Date; finishedAt?: Date; scanId?: string },
): HeldScanResult {
  // An inventory collected without CloudTrail has neither trails nor events anywhere: do not judge them missing.
  const collectedCloudTrail = inventory.accountRegions.some((entry) => entry.trails !== undefined || entry.kafkaEvents !== undefined);
  const accumulator = new ScanAccumulator(inventory.partition, {
    ...plan,
    cloudTrail: plan.cloudTrail ?? (collectedCloudTrail || inventory.accountRegions.length === 0),
    findings: 'memory',
  });
  const drift = plan.baseline ? new DriftAccumulator(plan.baseline, { tagFilters: plan.tagFilters }) : undefined;
  for (const accountRegion of inventory.accountRegions) drift?.addAccountRegion(accountRegion);
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
  const result = accumulator.finish({
    scanId: timing.scanId ?? randomUUID(),
    tool: { ...TOOL },
    startedAt: timing.startedAt.toISOString(),
    finishedAt: (timing.finishedAt ?? new Date()).toISOString(),
    collectedAt: inventory.collectedAt,
    caller: inventory.caller,
    accounts: inventory.scope.accounts,
    regionSelection: inventory.scope.regionSelection,
    errors: inventory.errors,
  }) as HeldScanResult;
  if (drift) result.drift = drift.finish(inventory.collectedAt);
  return result;
}

export interface ScanOptions {
  collect: CollectInventoryOptions;
  plan: EvaluationPlan;
  scanId: string;
  startedAt: Date;
  /** Also write the collected inventory here, account by account (re-evaluate it with `msk-audit evaluate`). */
  saveInventory?: string;
  /** Where the findings are spooled (a private directory is made in it; default: the OS temp directory). */
  spoolDir?: string;
  /** Sees the collection as it goes (progress). */
  progress?: Omit<CollectionObserver, 'onAccount'> & { onAccount?(collection: AccountCollection): void };
}

export interface ScanOutcome {
  /**
   * Its findings are spooled on disk (SpooledFindings): release them with `disposeFindings(result.findings)`
   * once the outputs are written (they are removed at process exit at the latest).
   */
  result: ScanResult;
  /** The resolved scope and the per-account credentials the scan used (to publish with the same identities). */
  collection: CollectionStart;
}

/**
 * collect → evaluate, account by account: each account's facts are evaluated (and written to the inventory
 * file when asked) as soon as the account is collected, then dropped, and its findings go to a spool on disk,
 * so memory grows with neither the raw facts nor the findings of the whole organization.
 */
export async function runScan(options: ScanOptions): Promise<ScanOutcome> {
  let started: { start: CollectionStart; accumulator: ScanAccumulator } | undefined;
  let writer: InventoryFileWriter | undefined;
  const drift = options.plan.baseline ? new DriftAccumulator(options.plan.baseline, { tagFilters: options.plan.tagFilters }) : undefined;
  try {
    // The client-access facts (SCRAM secrets, private CAs, MSK Connect, Lambda, IAM, SCPs) the plan's checks read,
    // unless the caller chose them: every runScan caller (CLI, Lambda) collects what its checks need, and no more.
    const collect = options.collect.facts ? options.collect : { ...options.collect, facts: factsForChecks(options.plan.checks) };
    const collection = await streamInventory(collect, {
      onStart(start) {
        // CloudTrail checks run when CloudTrail is collected, unless the plan says otherwise.
        const plan = { ...options.plan, cloudTrail: options.plan.cloudTrail ?? Boolean(options.collect.cloudTrail) };
        started = { start, accumulator: new ScanAccumulator(start.partition, { ...plan, ...(options.spoolDir ? { spoolDir: options.spoolDir } : {}) }) };
        options.progress?.onStart?.(start);
      },
      onAccountPlanned: (account, count) => options.progress?.onAccountPlanned?.(account, count),
      onAccountRegion: (accountRegion) => options.progress?.onAccountRegion?.(accountRegion),
      async onAccount(collected) {
        if (!started) throw new Error('internal: an account was collected before the scan started');
        if (options.saveInventory) {
          writer ??= await InventoryFileWriter.open(options.saveInventory, started.start);
          await writer.addAccount(collected.access, collected.accountRegions);
        }
        started.accumulator.addAccount(collected.access, collected.accountRegions);
        for (const accountRegion of collected.accountRegions) drift?.addAccountRegion(accountRegion);
        options.progress?.onAccount?.(collected);
      },
    });
    if (!started) throw new Error('internal: the scan finished without starting');
    if (options.saveInventory) {
      writer ??= await InventoryFileWriter.open(options.saveInventory, collection);
      await writer.finish();
    }
    const result = started.accumulator.finish({
      scanId: options.scanId,
      tool: { ...TOOL },
      startedAt: options.startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      collectedAt: collection.collectedAt,
      caller: collection.caller,
      accounts: collection.accounts,
      regionSelection: collection.regionSelection,
      errors: [],
    });
    if (drift) result.drift = drift.finish(collection.collectedAt);
    return { result, collection };
  } catch (error) {
    started?.accumulator.abort();
    await writer?.abort();
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------
// For runs split across processes (the Lambda fan-out: one invocation per account, then one that merges).

/** Thrown from onStart to stop streamInventory once the scope is known (nothing is collected). */
class ScopeResolved extends Error {
  constructor(readonly start: CollectionStart) {
    super('scope resolved');
  }
}

/**
 * Resolves which accounts a scan with these options covers — the caller identity, the organization or OU
 * listing, the exclusions — exactly as runScan does, without collecting any account. Throws what runScan would
 * (CredentialsError, UsageError for an empty scope).
 */
export async function resolveScanScope(collect: CollectInventoryOptions): Promise<CollectionStart> {
  try {
    await streamInventory(collect, {
      onStart(start) {
        throw new ScopeResolved(start);
      },
      onAccount() {
        throw new Error('internal: an account was collected while resolving the scope');
      },
    });
  } catch (error) {
    if (error instanceof ScopeResolved) return error.start;
    throw error;
  }
  throw new Error('internal: the scope was not resolved');
}

/** What evaluateAccounts needs to know about the scan the accounts were collected in. */
export interface AccountsEvaluationHeader {
  scanId: string;
  startedAt: Date;
  finishedAt?: Date;
  collectedAt: string;
  caller: CallerIdentity;
  partition: string;
  /** Every account in scope (the scope the report states). */
  accounts: string[];
  regionSelection: 'all-enabled' | 'explicit';
  /** Errors not tied to one account-region. */
  errors?: CollectionError[];
}

/**
 * Evaluates accounts collected elsewhere (e.g. one Lambda invocation per account), one at a time as they are
 * read, into one ScanResult — the same accumulation runScan does (findings spooled on disk: release them with
 * `disposeFindings(result.findings)`), so memory grows with neither the raw facts nor the findings.
 * `plan.cloudTrail` says whether CloudTrail was collected (default: it was).
 */
export async function evaluateAccounts(
  collections: AsyncIterable<AccountCollection> | Iterable<AccountCollection>,
  plan: EvaluationPlan,
  header: AccountsEvaluationHeader,
  options: { spoolDir?: string } = {},
): Promise<ScanResult> {
  const accumulator = new ScanAccumulator(header.partition, {
    ...plan,
    cloudTrail: plan.cloudTrail ?? true,
    ...(options.spoolDir ? { spoolDir: options.spoolDir } : {}),
  });
  const drift = plan.baseline ? new DriftAccumulator(plan.baseline, { tagFilters: plan.tagFilters }) : undefined;
  try {
    for await (const collection of collections) {
      accumulator.addAccount(collection.access, collection.accountRegions);
      for (const accountRegion of collection.accountRegions) drift?.addAccountRegion(accountRegion);
    }
  } catch (error) {
    accumulator.abort();
    throw error;
  }
  const result = accumulator.finish({
    scanId: header.scanId,
    tool: { ...TOOL },
    startedAt: header.startedAt.toISOString(),
    finishedAt: (header.finishedAt ?? new Date()).toISOString(),
    collectedAt: header.collectedAt,
    caller: header.caller,
    accounts: header.accounts,
    regionSelection: header.regionSelection,
    errors: header.errors ?? [],
  });
  if (drift) result.drift = drift.finish(header.collectedAt);
  return result;
}
