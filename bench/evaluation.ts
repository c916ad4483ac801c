/**
 * Evaluation alone, at 100,000 clusters: a small realistic estate scanned by the built CLI, its inventory copied
 * under new account ids up to exactly N clusters (replicated-inventory.ts) and saved as JSON, loaded back with
 * loadInventory (read + parse + schema validation), then evaluated with every built-in check and the default
 * thresholds. Each check is also timed alone, both through evaluateInventory (engine included) and as bare
 * `check.evaluate` calls; a constant check gives the engine's own per-finding cost. When the evaluation takes
 * longer than 2 s, it is profiled (inspector) and the profile summarised.
 *
 * Runs in its own process (run.ts starts it with a 6 GiB heap and --expose-gc; needs `npm run build`):
 *   node --max-old-space-size=6144 --expose-gc dist/bench/evaluation.js --clusters 100000 --out FILE
 */
import { mkdtemp, rm, stat, writeFile, readFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { builtinChecks } from '../checks/index.js';
import { DEFAULT_THRESHOLDS, isAccountRegionCheck, notApplicable, SEVERITIES, STATUSES, type Check, type ClusterCheck, type Severity, type Status } from '../src/check/index.js';
import { evaluateInventory, evaluateInventoryInto } from '../src/engine/evaluate.js';
import type { Finding } from '../src/engine/finding.js';
import type { Inventory } from '../src/inventory/index.js';
import { loadInventory } from '../src/inventory/load.js';
import { PACKAGE_ROOT } from '../src/package-info.js';
import { summariseProfile, type ProfileSummary } from './cpu-profile.js';
import { BASE_ACCOUNTS, BASE_CLUSTERS_PER_ACCOUNT, collectBaseInventory, writeReplicatedInventory } from './replicated-inventory.js';
import { REALISTIC } from './estate-profiles.js';

export const EVALUATION_TARGET_MS = 2000;

export interface CheckCost {
  checkId: string;
  scope: 'cluster' | 'account-region';
  /** evaluateInventoryInto (counting consumer) with only this check (engine: finding construction, sorting, ids). */
  engineMs: number;
  /** check.evaluate over every cluster, nothing else. */
  bareMs: number;
  bareMicrosPerCluster: number;
  engineMicrosPerCluster: number;
}

export interface EvaluationResult {
  clusters: number;
  accounts: number;
  accountRegions: number;
  configurations: number;
  kmsKeys: number;
  /** The scanned base estate the inventory was copied from. */
  base: { accounts: number; clusters: number; scanMs: number; estateOptions: Record<string, unknown> };
  /** Checks evaluateInventory runs (built-in checks that need a baseline are skipped without one). */
  checks: number;
  skippedChecks: string[];
  /** Copying the base inventory up to `clusters` and streaming it to disk. */
  buildMs: number;
  inventoryFileMiB: number;
  /** readFile + JSON.parse only. */
  parseMs: number;
  /** loadInventory: read, parse and validate. */
  loadMs: number;
  /**
   * evaluateInventoryInto, all checks, first run, with a consumer that keeps what the scan's summary keeps (counts
   * by status, FAILED by severity, counts per check and status, the distinct clusters) and lets each finding go.
   */
  evaluationMs: number;
  /** CPU time of the first run (user + system, all threads: GC helpers included), less sensitive than wall time to a busy machine. */
  evaluationCpuMs: number;
  /** Second run (JIT warm). */
  evaluationWarmMs: number;
  evaluationWarmCpuMs: number;
  microsPerCluster: number;
  /** evaluateInventory: the same evaluation also keeping every finding in one array (as `scan` still does). */
  evaluationArrayMs: number;
  /** Heap in use while that array is held, after a full GC. */
  arrayHeapUsedMiB: number;
  findings: number;
  byStatus: Record<string, number>;
  failedBySeverity: Record<string, number>;
  summaryClusters: number;
  /** Findings per check and status (the tally the consumer kept). */
  byCheck: Record<string, Record<string, number>>;
  /** evaluateInventoryInto (counting consumer) with one constant check: the engine's own cost per finding. */
  engineBaselineMs: number;
  perCheck: CheckCost[];
  heapUsedMiB: number;
  peakRssMiB: number;
  profile?: ProfileSummary;
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

/**
 * What the scan's summary needs from the findings (src/engine/summary.ts: by status, FAILED by severity, distinct
 * clusters; no exceptions in this bench), plus counts per check: everything a consumer of the streaming evaluation
 * keeps when it does not keep the findings.
 */
export class FindingTally {
  readonly byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  readonly failedBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  readonly byCheck = new Map<string, Record<string, number>>();
  readonly clusters = new Set<string>();
  findings = 0;
  readonly add = (finding: Finding): void => {
    this.findings += 1;
    this.byStatus[finding.status] += 1;
    if (finding.status === 'FAILED' && !finding.accepted) this.failedBySeverity[finding.severity] += 1;
    let perCheck = this.byCheck.get(finding.checkId);
    if (perCheck === undefined) this.byCheck.set(finding.checkId, (perCheck = {}));
    perCheck[finding.status] = (perCheck[finding.status] ?? 0) + 1;
    if (finding.resource.type === 'AwsMskCluster') this.clusters.add(finding.resource.arn);
  };
}

export interface EvaluationRunOptions {
  /** Evaluate this saved inventory instead of scanning and copying one (for iterating; `clusters` is then ignored). */
  inventoryFile?: string;
  /** Keep the built inventory at this path. */
  keepInventory?: string;
}

export async function runEvaluation(clusters: number, runOptions: EvaluationRunOptions = {}): Promise<EvaluationResult> {
  const dir = await mkdtemp(join(tmpdir(), 'msk-audit-bench-eval-'));
  try {
    let base = { accounts: 0, clusters: 0, scanMs: 0 };
    let file: string;
    let written = { accounts: 0, accountRegions: 0 };
    let buildMs = 0;
    let t = performance.now();
    if (runOptions.inventoryFile) {
      file = runOptions.inventoryFile;
    } else {
      const collected = await collectBaseInventory(PACKAGE_ROOT, join(dir, 'base'));
      base = collected;
      file = runOptions.keepInventory ?? join(dir, 'inventory.json');
      t = performance.now();
      written = await writeReplicatedInventory(collected.file, file, clusters);
      buildMs = performance.now() - t;
    }
    gc();

    t = performance.now();
    let parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    const parseMs = performance.now() - t;
    parsed = undefined;
    gc();

    t = performance.now();
    const loaded = await loadInventory(file);
    const loadMs = performance.now() - t;
    const clusterCount = loaded.accountRegions.reduce((n, r) => n + (r.clusters.ok ? r.clusters.value.length : 0), 0);
    const counts = {
      accounts: runOptions.inventoryFile ? loaded.accounts.length : written.accounts,
      accountRegions: runOptions.inventoryFile ? loaded.accountRegions.length : written.accountRegions,
      configurations: loaded.accountRegions.reduce((n, r) => n + Object.keys(r.configurations).length, 0),
      kmsKeys: loaded.accountRegions.reduce((n, r) => n + Object.keys(r.kmsKeys).length, 0),
    };
    gc();

    const runnable = builtinChecks.filter((check) => check.requires !== 'baseline');
    const skippedChecks = builtinChecks.filter((check) => !runnable.includes(check)).map((check) => check.meta.id);
    const options = { checks: builtinChecks, thresholds: DEFAULT_THRESHOLDS };
    // The evaluation proper: findings streamed to a consumer that keeps the summary's counts (as a scan needs).
    const cpuMs = (): number => {
      const usage = process.cpuUsage();
      return (usage.user + usage.system) / 1000;
    };
    const tally = new FindingTally();
    let cpu = cpuMs();
    t = performance.now();
    evaluateInventoryInto(loaded, options, tally.add);
    const evaluationMs = performance.now() - t;
    const evaluationCpuMs = cpuMs() - cpu;
    gc();
    const warm = new FindingTally();
    cpu = cpuMs();
    t = performance.now();
    evaluateInventoryInto(loaded, options, warm.add);
    const evaluationWarmMs = performance.now() - t;
    const evaluationWarmCpuMs = cpuMs() - cpu;
    if (warm.findings !== tally.findings) throw new Error(`the second evaluation gave ${warm.findings} findings, the first ${tally.findings}`);
    gc();
    // The same evaluation keeping every finding in one array: what holding all of them costs on top.
    t = performance.now();
    let findings: Finding[] = evaluateInventory(loaded, options);
    const evaluationArrayMs = performance.now() - t;
    if (findings.length !== tally.findings) throw new Error(`evaluateInventory gave ${findings.length} findings, the stream ${tally.findings}`);
    gc();
    const arrayHeapUsedMiB = process.memoryUsage().heapUsed / 2 ** 20;
    findings = [];
    gc();
    const counting = (): ((finding: Finding) => void) => {
      let n = 0;
      return () => {
        n += 1;
      };
    };

    const constant: ClusterCheck = {
      meta: {
        id: 'bench-constant',
        title: 'constant',
        severity: 'LOW',
        resourceType: 'AwsMskCluster',
        rationale: 'measures the engine alone',
        remediation: { text: '-', url: 'https://example.com' },
        frameworks: {},
      },
      scope: 'cluster',
      evaluate: () => notApplicable('constant', {}),
    };
    t = performance.now();
    evaluateInventoryInto(loaded, { checks: [constant], thresholds: DEFAULT_THRESHOLDS }, counting());
    const engineBaselineMs = performance.now() - t;
    gc();

    const perCheck: CheckCost[] = [];
    for (const check of runnable) {
      t = performance.now();
      evaluateInventoryInto(loaded, { checks: [check], thresholds: DEFAULT_THRESHOLDS }, counting());
      const engineMs = performance.now() - t;
      gc();
      t = performance.now();
      for (const accountRegion of loaded.accountRegions) {
        if (!accountRegion.clusters.ok) continue;
        const context = { account: accountRegion.account, region: accountRegion.region, inventory: accountRegion, thresholds: DEFAULT_THRESHOLDS };
        if (isAccountRegionCheck(check)) check.evaluate(context);
        else for (const cluster of accountRegion.clusters.value) check.evaluate(cluster, context);
      }
      const bareMs = performance.now() - t;
      gc();
      perCheck.push({
        checkId: check.meta.id,
        scope: isAccountRegionCheck(check) ? 'account-region' : 'cluster',
        engineMs,
        bareMs,
        bareMicrosPerCluster: (bareMs * 1000) / clusterCount,
        engineMicrosPerCluster: (engineMs * 1000) / clusterCount,
      });
    }

    let profile: ProfileSummary | undefined;
    if (evaluationMs > EVALUATION_TARGET_MS) profile = await profileEvaluation(loaded, options);

    const memory = process.memoryUsage();
    return {
      clusters: clusterCount,
      ...counts,
      base: {
        accounts: base.accounts,
        clusters: base.clusters,
        scanMs: base.scanMs,
        estateOptions: { ...REALISTIC.options, accounts: BASE_ACCOUNTS, clustersPerAccount: BASE_CLUSTERS_PER_ACCOUNT },
      },
      checks: runnable.length,
      skippedChecks,
      buildMs,
      inventoryFileMiB: (await stat(file)).size / 2 ** 20,
      parseMs,
      loadMs,
      evaluationMs,
      evaluationCpuMs,
      evaluationWarmMs,
      evaluationWarmCpuMs,
      microsPerCluster: (evaluationMs * 1000) / clusterCount,
      evaluationArrayMs,
      arrayHeapUsedMiB,
      findings: tally.findings,
      byStatus: tally.byStatus,
      failedBySeverity: tally.failedBySeverity,
      summaryClusters: tally.clusters.size,
      byCheck: Object.fromEntries(tally.byCheck),
      engineBaselineMs,
      perCheck,
      heapUsedMiB: memory.heapUsed / 2 ** 20,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
      ...(profile ? { profile } : {}),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function profileEvaluation(inventory: Inventory, options: { checks: readonly Check[]; thresholds: typeof DEFAULT_THRESHOLDS }): Promise<ProfileSummary> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    evaluateInventoryInto(inventory, options, new FindingTally().add);
    const { profile } = await session.post('Profiler.stop');
    return summariseProfile(profile as Parameters<typeof summariseProfile>[0], 20);
  } finally {
    session.disconnect();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      clusters: { type: 'string', default: '100000' },
      out: { type: 'string' },
      inventory: { type: 'string' },
      'keep-inventory': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(
      'node --max-old-space-size=6144 --expose-gc dist/bench/evaluation.js [--clusters N] [--out FILE] [--keep-inventory FILE | --inventory FILE]\n' +
        '  --clusters N            clusters in the copied inventory (default 100000)\n' +
        '  --keep-inventory FILE   keep the built inventory there\n' +
        '  --inventory FILE        evaluate this saved inventory instead (no base scan, no copy; --clusters ignored)\n' +
        '  --out FILE              write the JSON result there (default stdout)\n',
    );
    process.exit(0);
  }
  const result = await runEvaluation(Number(values.clusters), {
    ...(values.inventory ? { inventoryFile: values.inventory } : {}),
    ...(values['keep-inventory'] ? { keepInventory: values['keep-inventory'] } : {}),
  });
  const text = JSON.stringify(result);
  if (values.out) await writeFile(values.out, text);
  else process.stdout.write(`${text}\n`);
}
