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
import { DEFAULT_THRESHOLDS, isAccountRegionCheck, notApplicable, type Check, type ClusterCheck } from '../src/check/index.js';
import { evaluateInventory } from '../src/engine/evaluate.js';
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
  /** evaluateInventory with only this check (engine: finding construction, sorting, ids). */
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
  /** evaluateInventory, all checks, first run. */
  evaluationMs: number;
  /** Second run (JIT warm). */
  evaluationWarmMs: number;
  microsPerCluster: number;
  findings: number;
  byStatus: Record<string, number>;
  /** evaluateInventory with one constant check: the engine's own cost per finding. */
  engineBaselineMs: number;
  perCheck: CheckCost[];
  heapUsedMiB: number;
  peakRssMiB: number;
  profile?: ProfileSummary;
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

export async function runEvaluation(clusters: number): Promise<EvaluationResult> {
  const dir = await mkdtemp(join(tmpdir(), 'msk-audit-bench-eval-'));
  try {
    const base = await collectBaseInventory(PACKAGE_ROOT, join(dir, 'base'));
    const file = join(dir, 'inventory.json');
    let t = performance.now();
    const written = await writeReplicatedInventory(base.file, file, clusters);
    const buildMs = performance.now() - t;
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
      accounts: written.accounts,
      accountRegions: written.accountRegions,
      configurations: loaded.accountRegions.reduce((n, r) => n + Object.keys(r.configurations).length, 0),
      kmsKeys: loaded.accountRegions.reduce((n, r) => n + Object.keys(r.kmsKeys).length, 0),
    };
    gc();

    const runnable = builtinChecks.filter((check) => check.requires !== 'baseline');
    const skippedChecks = builtinChecks.filter((check) => !runnable.includes(check)).map((check) => check.meta.id);
    const options = { checks: builtinChecks, thresholds: DEFAULT_THRESHOLDS };
    t = performance.now();
    let findings = evaluateInventory(loaded, options);
    const evaluationMs = performance.now() - t;
    const byStatus: Record<string, number> = {};
    for (const f of findings) byStatus[f.status] = (byStatus[f.status] ?? 0) + 1;
    const findingCount = findings.length;
    findings = [];
    gc();
    t = performance.now();
    findings = evaluateInventory(loaded, options);
    const evaluationWarmMs = performance.now() - t;
    findings = [];
    gc();

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
    evaluateInventory(loaded, { checks: [constant], thresholds: DEFAULT_THRESHOLDS });
    const engineBaselineMs = performance.now() - t;
    gc();

    const perCheck: CheckCost[] = [];
    for (const check of runnable) {
      t = performance.now();
      evaluateInventory(loaded, { checks: [check], thresholds: DEFAULT_THRESHOLDS });
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
      evaluationWarmMs,
      microsPerCluster: (evaluationMs * 1000) / clusterCount,
      findings: findingCount,
      byStatus,
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
    evaluateInventory(inventory, options);
    const { profile } = await session.post('Profiler.stop');
    return summariseProfile(profile as Parameters<typeof summariseProfile>[0], 20);
  } finally {
    session.disconnect();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { clusters: { type: 'string', default: '100000' }, out: { type: 'string' } } });
  const result = await runEvaluation(Number(values.clusters));
  const text = JSON.stringify(result);
  if (values.out) await writeFile(values.out, text);
  else process.stdout.write(`${text}\n`);
}
