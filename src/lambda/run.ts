/**
 * What every Lambda run shares, whether it scans in one invocation or fans out: the evaluation plan (the CLI's
 * buildPlan, with the config file kept in the bucket), the drift baseline kept in the bucket, the CloudTrail
 * window that starts where the last successful run ended, and the outputs — reports, inventory, evidence pack,
 * `latest/`, run state, metrics.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccountSelection, CollectInventoryOptions } from '../collect/inventory.js';
import { buildPlan, type PlannedEvaluation } from '../cli/plan.js';
import { parseBaseline, parseJsonText, saveBaseline } from '../drift/baseline-file.js';
import { eventWindowStartFor } from '../drift/attribute.js';
import type { ScanResult } from '../engine/scan-result.js';
import {
  buildEvidencePack,
  buildSignedEvidencePack,
  evidenceFilesFor,
  kmsSigner,
  packParamsFromResult,
  type EvidenceFile,
  type JsonValue,
} from '../evidence/index.js';
import { SUPPORTED_FRAMEWORK_IDS, isSupportedFrameworkId, type SupportedFrameworkId } from '../frameworks/index.js';
import type { Baseline } from '../inventory/index.js';
import { frameworkMatrixCsv, renderers, type ReportFormat } from '../../reports/index.js';
import type { LambdaConfig } from './config.js';
import { emfLine, METRICS, resultMetrics } from './metrics.js';
import { latestPrefix, stateKey, type EvidenceStore } from './storage.js';

/** CloudTrail's LookupEvents reaches 90 days back. */
const LOOKUP_RETENTION_MS = 90 * 86_400_000;

/** The part of the Lambda context a run uses. */
export interface InvocationContext {
  getRemainingTimeInMillis(): number;
}

export interface RunDeps {
  context?: InvocationContext;
  now?: () => Date;
  /** One line per call (JSON); CloudWatch Logs in Lambda. Default: console.log. */
  log?: (line: string) => void;
  /**
   * Writes a metric line (Embedded Metric Format). Default: straight to stdout, so the line reaches CloudWatch as
   * pure JSON whatever the function's log format (console.log prefixes time, request id and level in the Text
   * format and wraps the line in the JSON format).
   */
  emit?: (line: string) => void;
}

/** Where a run's metric lines go. */
export function emitter(deps: RunDeps): (line: string) => void {
  return deps.emit ?? ((line: string) => void process.stdout.write(`${line}\n`));
}

export type Logger = (message: string, fields?: Record<string, unknown>) => void;

export function logger(deps: RunDeps): Logger {
  const write = deps.log ?? ((line: string) => console.log(line));
  return (message, fields = {}) => write(JSON.stringify({ level: 'info', message, ...fields }));
}

/** The scan stopped because the invocation was about to run out of time. */
export class DeadlineError extends Error {
  constructor(what: string, marginMs: number) {
    super(`${what} did not finish with ${Math.round(marginMs / 1000)} s of the Lambda invocation left`);
    this.name = 'DeadlineError';
  }
}

/** Races the work against the invocation's remaining time less the margin (no deadline without a context). */
export async function withDeadline<T>(work: Promise<T>, context: InvocationContext | undefined, marginMs: number, what: string): Promise<T> {
  if (!context) return work;
  const budget = context.getRemainingTimeInMillis() - marginMs;
  if (budget <= 0) {
    work.catch(() => undefined);
    throw new DeadlineError(what, marginMs);
  }
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(what, marginMs)), budget);
    timer.unref();
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
    work.catch(() => undefined);
  }
}

/** The run state kept in the bucket: the last successful run ends the CloudTrail window the next one starts from. */
export interface RunState {
  kind: 'msk-audit-lambda-state';
  schemaVersion: 1;
  lastSuccess?: RunRecord;
  /** The last run that wrote its report, successful or not. */
  lastRun?: RunRecord;
}

export interface RunRecord {
  scanId: string;
  startedAt: string;
  finishedAt: string;
  coverageComplete: boolean;
  /** The CloudTrail window the run looked at (null: CloudTrail not collected). */
  cloudTrailWindow: { since: string; until: string } | null;
  run: string;
}

export interface CloudTrailWindow {
  since: Date;
  until: Date;
}

/** A baseline read from the bucket, with its text (stored in the evidence pack as compared against). */
export interface LoadedBaseline {
  baseline: Baseline;
  text: string;
  key: string;
}

export interface RunSetup {
  plan: PlannedEvaluation;
  baseline: LoadedBaseline | undefined;
  state: RunState | undefined;
  window: CloudTrailWindow | undefined;
  /** The config file text from the bucket (kept for fan-out invocations), if there is one. */
  configText: string | undefined;
}

export const baselineKeyOf = (config: LambdaConfig) => `${config.prefix}${config.baselineKey}`;

export async function loadBaselineFrom(store: EvidenceStore, key: string): Promise<LoadedBaseline | undefined> {
  const text = await store.getText(key);
  if (text === undefined) return undefined;
  const uri = store.uri(key);
  return { baseline: parseBaseline(parseJsonText(text, `baseline ${uri}`), uri), text, key };
}

/**
 * The evaluation plan exactly as the CLI builds it (buildPlan: config file, checks, framework, tags), the config
 * file coming from the bucket; the baseline is attached by the caller (it lives in the bucket too).
 */
export async function evaluationPlan(config: LambdaConfig, configText: string | undefined, baseline: Baseline | undefined): Promise<PlannedEvaluation> {
  let dir: string | undefined;
  try {
    let configPath: string | undefined;
    if (configText !== undefined) {
      dir = await mkdtemp(join(tmpdir(), 'msk-audit-config-'));
      configPath = join(dir, 'msk-audit.config.json');
      await writeFile(configPath, configText);
    }
    const plan = await buildPlan({
      ...(configPath ? { config: configPath } : {}),
      ...(config.checks ? { checks: config.checks } : {}),
      ...(config.excludeChecks ? { excludeChecks: config.excludeChecks } : {}),
      ...(config.framework ? { framework: config.framework } : {}),
      tag: config.tags,
    });
    return { ...plan, cloudTrail: config.cloudTrail, ...(baseline ? { baseline } : {}) };
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The CloudTrail window: from the end of the last successful run's window (the first run: `initialLookbackDays`
 * back), or from the baseline's approval when that is earlier (so every change since can be attributed, as the
 * CLI's `scan --baseline` does); at most 90 days back; up to the run's start.
 */
export function cloudTrailWindow(config: LambdaConfig, state: RunState | undefined, baseline: Baseline | undefined, startedAt: Date): CloudTrailWindow | undefined {
  if (!config.cloudTrail) return undefined;
  const previousEnd = state?.lastSuccess?.cloudTrailWindow?.until;
  let since = previousEnd ? Date.parse(previousEnd) : startedAt.getTime() - config.initialLookbackDays * 86_400_000;
  if (Number.isNaN(since)) since = startedAt.getTime() - config.initialLookbackDays * 86_400_000;
  if (baseline) since = Math.min(since, eventWindowStartFor(baseline.approvedAt, startedAt).getTime());
  since = Math.min(startedAt.getTime(), Math.max(since, startedAt.getTime() - LOOKUP_RETENTION_MS + 60_000));
  return { since: new Date(since), until: startedAt };
}

/** Plan, baseline, state and CloudTrail window for a run starting now. */
export async function prepareRun(config: LambdaConfig, store: EvidenceStore, startedAt: Date): Promise<RunSetup> {
  const [configText, baseline, state] = await Promise.all([
    store.getText(`${config.prefix}${config.configKey}`),
    config.baseline === 'off' ? Promise.resolve(undefined) : loadBaselineFrom(store, baselineKeyOf(config)),
    store.getJson<RunState>(stateKey(config.prefix)),
  ]);
  const plan = await evaluationPlan(config, configText, baseline?.baseline);
  return { plan, baseline, state, window: cloudTrailWindow(config, state, baseline?.baseline, startedAt), configText };
}

/**
 * The collection options of the configured scope (the CLI's `scan` flags, from the environment). `accounts`
 * narrows it (the fan-out's one account); a narrowed organization scan still reads organization-wide facts.
 */
export function collectOptions(config: LambdaConfig, scanId: string, window: CloudTrailWindow | undefined, accounts: AccountSelection = config.accounts): CollectInventoryOptions {
  return {
    ...(accounts !== config.accounts && config.accounts.kind === 'organization' ? { organizationScan: true } : {}),
    regions: config.regions,
    ...(config.homeRegion ? { homeRegion: config.homeRegion } : {}),
    accounts,
    excludeAccounts: config.excludeAccounts,
    roleName: config.roleName,
    sessionDurationSeconds: config.sessionDurationSeconds,
    scanId,
    ...(config.externalId ? { externalId: config.externalId } : {}),
    cloudTrail: window ? { since: window.since, until: window.until } : false,
    concurrency: {
      ...(config.accountConcurrency ? { accounts: config.accountConcurrency } : {}),
      ...(config.regionConcurrency ? { regions: config.regionConcurrency } : {}),
    },
  };
}

const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json',
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  junit: 'application/xml',
  ocsf: 'application/x-ndjson',
  asff: 'application/json',
};

export const INVENTORY_FILE = 'inventory.json';
export const EVIDENCE_PACK_FILE = 'evidence-pack.zip';
export const RUN_FILE = 'run.json';

export interface RunOutputs {
  config: LambdaConfig;
  store: EvidenceStore;
  result: ScanResult;
  mode: 'single' | 'fan-out';
  runPrefix: string;
  inventoryText: string;
  setup: Pick<RunSetup, 'baseline' | 'state' | 'window'>;
  /** The baseline this run's facts would approve (bootstrap and rolling modes). */
  approve?: () => Baseline;
  startedAt: Date;
  now: () => Date;
  log: Logger;
  emit: (line: string) => void;
}

/** What a run hands back (the Lambda's return value and `run.json`). */
export interface RunSummary {
  scanId: string;
  mode: 'single' | 'fan-out';
  run: string;
  objects: string[];
  coverage: { complete: boolean; counts: ScanResult['coverage']['counts'] };
  findings: number;
  failed: number;
  securityHub?: { complete: boolean; imported: number; archived: number; failed: number };
  baseline: 'none' | 'compared' | 'created' | 'updated';
  cloudTrailWindow: { since: string; until: string } | null;
  evidencePack: { key: string; signed: boolean; bytes: number };
}

function matrices(result: ScanResult): Record<string, string> {
  const scoped = result.scope.framework;
  const ids: readonly SupportedFrameworkId[] = scoped !== undefined && isSupportedFrameworkId(scoped) ? [scoped] : SUPPORTED_FRAMEWORK_IDS;
  return Object.fromEntries(ids.map((id) => [id, frameworkMatrixCsv(result, id)]));
}

/**
 * Writes the run's reports, inventory and evidence pack under `runs/…/<scan id>/` and then `latest/`, saves the
 * baseline (bootstrap: when there was none; rolling: after a complete run), records the run state (the
 * CloudTrail window advances only after a run whose coverage is complete, so no account-region's events are
 * skipped), and emits the metrics.
 */
export async function writeRunOutputs(out: RunOutputs): Promise<RunSummary> {
  const { config, store, result, log } = out;
  const reports = config.formats.map((format) => ({ format, name: renderers[format].fileName, content: renderers[format].render(result) }));
  const jsonText = reports.find((report) => report.format === 'json')!.content;
  const htmlText = reports.find((report) => report.format === 'html')!.content;

  const extraFiles: EvidenceFile[] = out.setup.baseline ? [{ name: 'baseline.json', content: out.setup.baseline.text }] : [];
  const files = evidenceFilesFor(result, {
    findingsJson: jsonText,
    reportHtml: htmlText,
    inventory: out.inventoryText,
    ...(result.drift ? { drift: result.drift as unknown as JsonValue } : {}),
    matrices: matrices(result),
    files: extraFiles,
  });
  const window = out.setup.window;
  const params = packParamsFromResult(result, {
    deployment: config.deployment,
    mode: out.mode,
    cloudTrailWindow: window ? { since: window.since.toISOString(), until: window.until.toISOString() } : null,
  });
  const pack = config.signingKeyArn
    ? await buildSignedEvidencePack(files, params, kmsSigner(config.signingKeyArn, { label: `MSK_AUDIT_SIGNING_KEY_ARN ${config.signingKeyArn}` }))
    : buildEvidencePack(files, params);

  const objects: { name: string; body: string | Uint8Array; type: string }[] = [
    ...reports.map((report) => ({ name: report.name, body: report.content, type: CONTENT_TYPES[report.format] })),
    { name: INVENTORY_FILE, body: out.inventoryText, type: 'application/json' },
    { name: EVIDENCE_PACK_FILE, body: pack, type: 'application/zip' },
  ];

  let baselineOutcome: RunSummary['baseline'] = out.setup.baseline ? 'compared' : 'none';
  const baselineKey = baselineKeyOf(config);
  const mayApprove = (config.baseline === 'bootstrap' && !out.setup.baseline) || (config.baseline === 'rolling' && result.coverage.complete);
  let approved: Baseline | undefined;
  if (out.approve && mayApprove) approved = out.approve();

  const finishedAt = out.now();
  const record: RunRecord = {
    scanId: result.scanId,
    startedAt: out.startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    coverageComplete: result.coverage.complete,
    cloudTrailWindow: window ? { since: window.since.toISOString(), until: window.until.toISOString() } : null,
    run: store.uri(out.runPrefix),
  };
  const summary: RunSummary = {
    scanId: result.scanId,
    mode: out.mode,
    run: store.uri(out.runPrefix),
    objects: objects.map((object) => `${out.runPrefix}${object.name}`),
    coverage: { complete: result.coverage.complete, counts: result.coverage.counts },
    findings: result.summary.findings,
    failed: result.summary.byStatus.FAILED,
    ...(result.securityHub
      ? {
          securityHub: {
            complete: result.securityHub.complete,
            imported: result.securityHub.totals.imported,
            archived: result.securityHub.totals.archived,
            failed: result.securityHub.totals.failed,
          },
        }
      : {}),
    baseline: baselineOutcome,
    cloudTrailWindow: record.cloudTrailWindow,
    evidencePack: { key: `${out.runPrefix}${EVIDENCE_PACK_FILE}`, signed: config.signingKeyArn !== undefined, bytes: pack.length },
  };

  for (const object of objects) await store.put(`${out.runPrefix}${object.name}`, object.body, object.type);
  if (approved) {
    await saveBaseline(approved, store.uri(baselineKey), { s3Client: () => store.client });
    baselineOutcome = out.setup.baseline ? 'updated' : 'created';
    summary.baseline = baselineOutcome;
    await store.putJson(`${out.runPrefix}baseline-approved.json`, approved);
    log('baseline saved', { key: baselineKey, mode: config.baseline, clusters: Object.keys(approved.clusters).length });
  }
  await store.putJson(`${out.runPrefix}${RUN_FILE}`, summary);
  // latest/ is a copy of this run; run.json last, so it names a complete set.
  for (const object of objects) await store.put(`${latestPrefix(config.prefix)}${object.name}`, object.body, object.type);
  await store.putJson(`${latestPrefix(config.prefix)}${RUN_FILE}`, summary);

  const state: RunState = {
    kind: 'msk-audit-lambda-state',
    schemaVersion: 1,
    ...(result.coverage.complete ? { lastSuccess: record } : out.setup.state?.lastSuccess ? { lastSuccess: out.setup.state.lastSuccess } : {}),
    lastRun: record,
  };
  await store.putJson(stateKey(config.prefix), state);
  if (!result.coverage.complete) {
    log('coverage incomplete: the next run looks at CloudTrail again from the last complete run', { counts: result.coverage.counts });
  }

  out.emit(emfLine(config.deployment, resultMetrics(result, finishedAt.getTime() - out.startedAt.getTime()), { scanId: result.scanId, mode: out.mode }, finishedAt));
  log('run finished', { ...summary, objects: summary.objects.length });
  return summary;
}

/** The metric line of a run that failed before writing its report (alarmed on RunFailed). */
export function failureMetricLine(config: LambdaConfig, mode: string, scanId: string, error: unknown, now = new Date()): string {
  return emfLine(config.deployment, { [METRICS.runFailed]: 1 }, { scanId, mode, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }, now);
}
