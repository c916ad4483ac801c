/**
 * The scheduled scan in one invocation: the CLI's `scan --security-hub --save-inventory` over the configured
 * scope (runScan, then publishToSecurityHub with the scan's own credentials), its outputs written to the
 * evidence bucket. For organizations too large for one invocation, see fanout.ts.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScan } from '../audit.js';
import { disposeFindings } from '../engine/finding-set.js';
import type { ScanResult } from '../engine/scan-result.js';
import { baselineFromInventory } from '../drift/baseline.js';
import type { Inventory } from '../inventory/index.js';
import { publishToSecurityHub } from '../publish/index.js';
import type { LambdaConfig } from './config.js';
import { collectOptions, emitter, failureMetricLine, logger, prepareRun, withDeadline, writeRunOutputs, type RunDeps, type RunSummary } from './run.js';
import { EvidenceStore, runPrefix } from './storage.js';

export async function runScheduledScan(config: LambdaConfig, deps: RunDeps = {}): Promise<RunSummary> {
  const now = deps.now ?? (() => new Date());
  const log = logger(deps);
  const emit = emitter(deps);
  const startedAt = now();
  const scanId = randomUUID();
  const store = EvidenceStore.create(config.bucket, config.region, config.forcePathStyle);
  const dir = await mkdtemp(join(tmpdir(), 'msk-audit-run-'));
  let scanned: ScanResult | undefined;
  try {
    const setup = await prepareRun(config, store, startedAt);
    log('scan starting', {
      scanId,
      accounts: config.accounts.kind,
      regions: config.regions,
      cloudTrailWindow: setup.window ? { since: setup.window.since.toISOString(), until: setup.window.until.toISOString() } : null,
      baseline: setup.baseline ? setup.baseline.baseline.approvedAt : null,
    });
    const inventoryPath = join(dir, 'inventory.json');
    const outcome = await withDeadline(
      runScan({ collect: collectOptions(config, scanId, setup.window), plan: setup.plan, scanId, startedAt, saveInventory: inventoryPath }),
      deps.context,
      config.timeMarginMs,
      'the scan (use the fan-out state machine for an organization this large)',
    );
    const { result } = outcome;
    scanned = result;
    if (config.securityHub) {
      result.securityHub = await withDeadline(
        publishToSecurityHub(result, { credentialsFor: outcome.collection.credentialsFor, ...(config.publishConcurrency ? { concurrency: config.publishConcurrency } : {}) }),
        deps.context,
        config.timeMarginMs / 2,
        'publishing to Security Hub',
      );
    }
    const inventoryText = await readFile(inventoryPath, 'utf8');
    return await writeRunOutputs({
      config,
      store,
      result,
      mode: 'single',
      runPrefix: runPrefix(config.prefix, startedAt, scanId),
      inventoryText,
      setup,
      approve: () => baselineFromInventory(JSON.parse(inventoryText) as Inventory, { scanId }).baseline,
      startedAt,
      now,
      log,
      emit,
    });
  } catch (error) {
    emit(failureMetricLine(config, 'single', scanId, error, now()));
    throw error;
  } finally {
    // A warm container runs again: release the spooled findings now, not at exit.
    if (scanned) disposeFindings(scanned.findings);
    store.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}
