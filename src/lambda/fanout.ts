/**
 * The scan of a large organization, fanned out by a Step Functions state machine (serverless.yml):
 *
 * 1. listAccounts resolves the scope once (the scanner's own scope resolution) and writes the run's plan — scan
 *    id, accounts, CloudTrail window, baseline, config — and the account list the Distributed Map reads.
 * 2. scanAccount, once per account, runs the library's scan on that one account ({kind: 'list'}), publishes its
 *    findings to Security Hub with that account's credentials (imports are per account anyway, and this keeps
 *    Security Hub's per-account-region rate limits in parallel), and writes the account's slice — its inventory,
 *    its findings and coverage, its publication — to `accounts/<id>.json`. Out of time (the invocation's
 *    remaining time, less a margin), or failed (the state machine's Catch calls it back with the error), it writes
 *    a slice that says so, and the account is reported `not-evaluated` with the reason.
 * 3. aggregate evaluates the slices into one ScanResult (evaluateAccounts: the same accumulation as a single
 *    scan, so verdicts, coverage and drift are those of one scan of the whole organization), merges the
 *    publications, and writes the outputs a single run writes. An account with no slice is `not-evaluated`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { AccountClient } from '@aws-sdk/client-account';
import { EC2Client } from '@aws-sdk/client-ec2';
import { evaluateAccounts, resolveScanScope, runScan } from '../audit.js';
import { createClientFactory } from '../aws/clients.js';
import { enabledRegions } from '../aws/enabled-regions.js';
import { roleArn } from '../aws/assume-role.js';
import type { AccountCollection } from '../collect/inventory.js';
import { BaselineBuilder } from '../drift/baseline.js';
import type { AccountRegionPublication } from '../engine/publication.js';
import type { ScanResult } from '../engine/scan-result.js';
import { disposeFindings } from '../engine/finding-set.js';
import { unavailable, type CallerIdentity, type CollectionError, type Inventory } from '../inventory/index.js';
import { InventoryFileWriter } from '../inventory/write.js';
import { publishToSecurityHub, summarizePublication } from '../publish/index.js';
import type { LambdaConfig } from './config.js';
import {
  collectOptions,
  DeadlineError,
  emitter,
  evaluationPlan,
  failureMetricLine,
  loadBaselineFrom,
  logger,
  prepareRun,
  withDeadline,
  writeRunOutputs,
  type RunDeps,
  type RunState,
  type RunSummary,
} from './run.js';
import { EvidenceStore, runPrefix } from './storage.js';

/** What listAccounts decides once for the whole run; every invocation of the run reads it. */
export interface FanOutPlan {
  kind: 'msk-audit-fanout-plan';
  schemaVersion: 1;
  scanId: string;
  startedAt: string;
  collectedAt: string;
  caller: CallerIdentity;
  partition: string;
  accounts: string[];
  regionSelection: 'all-enabled' | 'explicit';
  /** The regions recorded for an account whose scan produced nothing (its own could not be read): the caller's. */
  presumedRegions: string[];
  cloudTrailWindow: { since: string; until: string } | null;
  runPrefix: string;
  /** The baseline every account is compared with (its key and approval), if any. */
  baseline: { key: string; approvedAt: string } | null;
  /** The config file from the bucket, as it was when the run started. */
  configText: string | null;
  /** The run state when the run started (aggregate keeps its last success when this run's coverage is incomplete). */
  previousState: RunState | null;
}

export interface ListAccountsOutput {
  bucket: string;
  scanId: string;
  planKey: string;
  /** A JSON array of account ids: the Distributed Map's ItemReader. */
  accountsKey: string;
  accounts: number;
  /** The Distributed Map's MaxConcurrencyPath. */
  mapConcurrency: number;
}

export interface ScanAccountEvent {
  account: string;
  planKey: string;
  /** Set by the state machine's Catch: the invocation failed; record the account as not evaluated. */
  failure?: { Error?: string; Cause?: string };
}

export interface ScanAccountOutput {
  account: string;
  status: 'scanned' | 'timed-out' | 'failed';
  coverageComplete: boolean;
}

/**
 * One account's part of a fanned-out run (`accounts/<id>.json`): what aggregate reads. The account's own scan
 * result — its findings, coverage and publication — is beside it in `accounts/<id>.result.json`.
 */
export interface AccountSlice {
  kind: 'msk-audit-account-slice';
  schemaVersion: 1;
  scanId: string;
  account: string;
  /** The account's facts (as in an inventory: its access and its account-regions). Absent when it failed. */
  collection?: AccountCollection;
  /** What publishing the account's findings to Security Hub did (when it was asked for). */
  securityHub?: ScanResult['securityHub'];
  /** The account's findings and coverage, in short (the whole result is in accounts/<id>.result.json). */
  summary?: { findings: number; failed: number; coverageComplete: boolean };
  failure?: CollectionError;
}

export const planKeyOf = (prefix: string) => `${prefix}plan.json`;
export const accountsKeyOf = (prefix: string) => `${prefix}accounts.json`;
export const sliceKeyOf = (prefix: string, account: string) => `${prefix}accounts/${account}.json`;
export const accountResultKeyOf = (prefix: string, account: string) => `${prefix}accounts/${account}.result.json`;

function setupFrom(config: LambdaConfig, deps: RunDeps) {
  const now = deps.now ?? (() => new Date());
  const emit = emitter(deps);
  const store = EvidenceStore.create(config.bucket, config.region, config.forcePathStyle);
  return { now, emit, log: logger(deps), store };
}

async function readPlan(store: EvidenceStore, planKey: string): Promise<FanOutPlan> {
  const plan = await store.getJson<FanOutPlan>(planKey);
  if (!plan || plan.kind !== 'msk-audit-fanout-plan') throw new Error(`${store.uri(planKey)}: no fan-out plan there`);
  return plan;
}

/** Step 1: resolve the scope, write plan.json and accounts.json. */
export async function listAccounts(config: LambdaConfig, deps: RunDeps = {}): Promise<ListAccountsOutput> {
  const { now, emit, log, store } = setupFrom(config, deps);
  const startedAt = now();
  const scanId = randomUUID();
  try {
    const setup = await prepareRun(config, store, startedAt);
    const scope = await resolveScanScope(collectOptions(config, scanId, setup.window));
    const presumedRegions = config.regions === 'all' ? await callerRegions(config) : config.regions;
    const prefix = runPrefix(config.prefix, startedAt, scanId);
    const plan: FanOutPlan = {
      kind: 'msk-audit-fanout-plan',
      schemaVersion: 1,
      scanId,
      startedAt: startedAt.toISOString(),
      collectedAt: scope.collectedAt,
      caller: scope.caller,
      partition: scope.partition,
      accounts: scope.accounts,
      regionSelection: scope.regionSelection,
      presumedRegions,
      cloudTrailWindow: setup.window ? { since: setup.window.since.toISOString(), until: setup.window.until.toISOString() } : null,
      runPrefix: prefix,
      baseline: setup.baseline ? { key: setup.baseline.key, approvedAt: setup.baseline.baseline.approvedAt } : null,
      configText: setup.configText ?? null,
      previousState: setup.state ?? null,
    };
    await store.putJson(planKeyOf(prefix), plan);
    await store.putJson(accountsKeyOf(prefix), scope.accounts);
    log('fan-out planned', { scanId, accounts: scope.accounts.length, run: store.uri(prefix) });
    return {
      bucket: config.bucket,
      scanId,
      planKey: planKeyOf(prefix),
      accountsKey: accountsKeyOf(prefix),
      accounts: scope.accounts.length,
      mapConcurrency: config.mapConcurrency,
    };
  } catch (error) {
    emit(failureMetricLine(config, 'fan-out', scanId, error, now()));
    throw error;
  } finally {
    store.destroy();
  }
}

/** The caller's enabled regions (what the scanner presumes for an account whose own cannot be read). */
async function callerRegions(config: LambdaConfig): Promise<string[]> {
  const home = config.homeRegion ?? 'us-east-1';
  const factory = createClientFactory();
  try {
    const fact = await enabledRegions({ account: factory.client(AccountClient, home), ec2: factory.client(EC2Client, home) }, 'caller');
    return fact.ok ? fact.value.enabled : [home];
  } finally {
    factory.destroy();
  }
}

function failureOf(account: string, code: string, message: string): CollectionError {
  return { service: 'lambda', operation: 'scanAccount', code, message, account };
}

/** Step 2: scan one account and write its slice (or, called back by the Catch, record why it failed). */
export async function scanAccount(config: LambdaConfig, event: ScanAccountEvent, deps: RunDeps = {}): Promise<ScanAccountOutput> {
  const { now, log, store } = setupFrom(config, deps);
  const dir = await mkdtemp(join(tmpdir(), 'msk-audit-account-'));
  let scanned: ScanResult | undefined;
  try {
    if (!/^\d{12}$/.test(event.account ?? '')) throw new Error(`scanAccount: not an account id: ${JSON.stringify(event.account)}`);
    const plan = await readPlan(store, event.planKey);
    if (!plan.accounts.includes(event.account)) throw new Error(`scanAccount: account ${event.account} is not in the run's scope`);
    const writeSlice = (slice: Omit<AccountSlice, 'kind' | 'schemaVersion' | 'scanId' | 'account'>) =>
      store.putJson(sliceKeyOf(plan.runPrefix, event.account), { kind: 'msk-audit-account-slice', schemaVersion: 1, scanId: plan.scanId, account: event.account, ...slice } satisfies AccountSlice);

    if (event.failure) {
      const cause = event.failure.Cause ?? '';
      await writeSlice({ failure: failureOf(event.account, event.failure.Error ?? 'States.TaskFailed', `the account's scan invocation failed: ${cause.slice(0, 2000)}`) });
      log('account recorded as failed', { account: event.account, error: event.failure.Error });
      return { account: event.account, status: 'failed', coverageComplete: false };
    }

    const baseline = plan.baseline ? await loadBaselineFrom(store, plan.baseline.key) : undefined;
    if (plan.baseline && baseline?.baseline.approvedAt !== plan.baseline.approvedAt) {
      throw new Error(`the baseline ${store.uri(plan.baseline.key)} changed during the run (approved ${plan.baseline.approvedAt} when the run started)`);
    }
    const evaluation = await evaluationPlan(config, plan.configText ?? undefined, baseline?.baseline);
    const window = plan.cloudTrailWindow ? { since: new Date(plan.cloudTrailWindow.since), until: new Date(plan.cloudTrailWindow.until) } : undefined;
    const inventoryPath = join(dir, 'inventory.json');
    const startedAt = new Date(plan.startedAt);
    let outcome;
    try {
      outcome = await withDeadline(
        runScan({
          collect: collectOptions(config, plan.scanId, window, { kind: 'list', accounts: [event.account] }),
          plan: evaluation,
          scanId: plan.scanId,
          startedAt,
          saveInventory: inventoryPath,
        }),
        deps.context,
        config.timeMarginMs,
        `the scan of account ${event.account}`,
      );
    } catch (error) {
      if (!(error instanceof DeadlineError)) throw error;
      await writeSlice({ failure: failureOf(event.account, 'LambdaTimeout', error.message) });
      log('account timed out', { account: event.account });
      return { account: event.account, status: 'timed-out', coverageComplete: false };
    }
    const { result } = outcome;
    scanned = result;
    if (config.securityHub) {
      result.securityHub = await publishToSecurityHub(result, {
        credentialsFor: outcome.collection.credentialsFor,
        ...(config.publishConcurrency ? { concurrency: config.publishConcurrency } : {}),
      });
    }
    const inventory = JSON.parse(await readFile(inventoryPath, 'utf8')) as Inventory;
    const access = inventory.accounts.find((entry) => entry.account === event.account);
    if (!access) throw new Error(`internal: the scan of ${event.account} did not describe the account`);
    await store.putJson(accountResultKeyOf(plan.runPrefix, event.account), result);
    await writeSlice({
      collection: { access, accountRegions: inventory.accountRegions },
      ...(result.securityHub ? { securityHub: result.securityHub } : {}),
      summary: { findings: result.summary.findings, failed: result.summary.byStatus.FAILED, coverageComplete: result.coverage.complete },
    });
    log('account scanned', { account: event.account, coverage: result.coverage.counts, findings: result.summary.findings, at: now().toISOString() });
    return { account: event.account, status: 'scanned', coverageComplete: result.coverage.complete };
  } finally {
    // A warm container runs again: release the spooled findings now, not at exit.
    if (scanned) disposeFindings(scanned.findings);
    store.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

/** An account with nothing collected: access unavailable, every region in scope not evaluated, with the reason. */
function failedCollection(plan: FanOutPlan, config: LambdaConfig, account: string, error: CollectionError): AccountCollection {
  const caller = account === plan.caller.account;
  return {
    access: {
      account,
      via: caller ? 'caller' : 'assumed-role',
      ...(caller ? {} : { roleArn: roleArn(plan.partition, account, config.roleName) }),
      access: unavailable(error),
      regions: unavailable(error),
      skippedRegions: [],
    },
    accountRegions: plan.presumedRegions.map((region) => ({
      account,
      region,
      clusters: unavailable({ ...error, region }),
      configurations: {},
      kmsKeys: {},
      kafkaVersions: unavailable({ ...error, region }),
      errors: [{ ...error, region }],
    })),
  };
}

/** Step 3: one report from every account's slice; outputs as a single run writes them. */
export async function aggregate(config: LambdaConfig, event: { planKey: string }, deps: RunDeps = {}): Promise<RunSummary> {
  const { now, emit, log, store } = setupFrom(config, deps);
  const dir = await mkdtemp(join(tmpdir(), 'msk-audit-aggregate-'));
  let aggregated: ScanResult | undefined;
  let scanId = 'unknown';
  let writer: InventoryFileWriter | undefined;
  try {
    const plan = await readPlan(store, event.planKey);
    scanId = plan.scanId;
    const baseline = plan.baseline ? await loadBaselineFrom(store, plan.baseline.key) : undefined;
    const evaluation = await evaluationPlan(config, plan.configText ?? undefined, baseline?.baseline);
    const inventoryPath = join(dir, 'inventory.json');
    const inventory = (writer = await InventoryFileWriter.open(inventoryPath, {
      collectedAt: plan.collectedAt,
      caller: plan.caller,
      partition: plan.partition,
      accounts: plan.accounts,
      regionSelection: plan.regionSelection,
    }));
    const approval = config.baseline === 'bootstrap' || config.baseline === 'rolling' ? new BaselineBuilder({ collectedAt: plan.collectedAt, scanId: plan.scanId, caller: plan.caller.arn }) : undefined;
    const publications: AccountRegionPublication[] = [];
    const publishedAt: string[] = [];
    let missing = 0;

    // Slices are read a few at a time, in scope order, and dropped once evaluated.
    const limit = pLimit(8);
    const reads = plan.accounts.map((account) => () => limit(() => store.getJson<AccountSlice>(sliceKeyOf(plan.runPrefix, account))));
    async function* collections(): AsyncGenerator<AccountCollection> {
      const window = 16;
      const pending = reads.slice(0, window).map((read) => read());
      for (let index = 0; index < plan.accounts.length; index += 1) {
        const account = plan.accounts[index]!;
        const slice = await pending[index]!;
        const next = reads[index + window];
        if (next) pending.push(next());
        pending[index] = Promise.resolve(undefined);
        let collection: AccountCollection;
        if (slice?.collection && slice.scanId === plan.scanId) {
          collection = slice.collection;
          if (slice.securityHub) {
            publications.push(...slice.securityHub.accountRegions);
            publishedAt.push(slice.securityHub.publishedAt);
          }
        } else {
          missing += 1;
          const failure = slice?.failure ?? failureOf(account, 'NoAccountResult', 'the per-account scan wrote no result (its invocation failed or never ran; see the state machine execution)');
          collection = failedCollection(plan, config, account, failure);
          if (config.securityHub) {
            for (const accountRegion of collection.accountRegions) {
              publications.push({
                account,
                region: accountRegion.region,
                status: 'failed',
                findings: 0,
                imported: 0,
                archived: 0,
                failed: [],
                error: { code: failure.code, message: `not published: ${failure.message}` },
              });
            }
          }
        }
        await inventory.addAccount(collection.access, collection.accountRegions);
        for (const accountRegion of collection.accountRegions) approval?.addAccountRegion(accountRegion);
        yield collection;
      }
    }

    const result = await withDeadline(
      evaluateAccounts(collections(), evaluation, {
        scanId: plan.scanId,
        startedAt: new Date(plan.startedAt),
        finishedAt: now(),
        collectedAt: plan.collectedAt,
        caller: plan.caller,
        partition: plan.partition,
        accounts: plan.accounts,
        regionSelection: plan.regionSelection,
      }),
      deps.context,
      config.timeMarginMs,
      'aggregating the accounts',
    );
    aggregated = result;
    await inventory.finish();
    writer = undefined;
    if (config.securityHub) result.securityHub = summarizePublication(new Date(publishedAt.sort()[0] ?? now().toISOString()), publications);
    log('accounts aggregated', { scanId, accounts: plan.accounts.length, missing });

    const window = plan.cloudTrailWindow ? { since: new Date(plan.cloudTrailWindow.since), until: new Date(plan.cloudTrailWindow.until) } : undefined;
    return await writeRunOutputs({
      config,
      store,
      result,
      mode: 'fan-out',
      runPrefix: plan.runPrefix,
      inventoryText: await readFile(inventoryPath, 'utf8'),
      setup: { baseline, state: plan.previousState ?? undefined, window },
      ...(approval ? { approve: () => approval.finish().baseline } : {}),
      startedAt: new Date(plan.startedAt),
      now,
      log,
      emit,
    });
  } catch (error) {
    await writer?.abort();
    emit(failureMetricLine(config, 'fan-out', scanId, error, now()));
    throw error;
  } finally {
    if (aggregated) disposeFindings(aggregated.findings);
    store.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}
