import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromEnv } from '@aws-sdk/credential-providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildScanResult, runScan, type ScanOptions } from '../../src/audit.js';
import { builtinChecks } from '../../checks/index.js';
import { SpooledFindings } from '../../src/engine/finding-set.js';
import { DEFAULT_THRESHOLDS } from '../../src/check/index.js';
import { collectInventory, factsForChecks } from '../../src/collect/index.js';
import { loadInventory } from '../../src/inventory/load.js';
import { EXAMPLE_ESTATE_PATH, loadEstate, startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';

let sandbox: RunningSandbox;
const saved = { ...process.env };
const NOW = () => new Date('2026-11-23T10:00:00Z');
const plan = { checks: builtinChecks, thresholds: DEFAULT_THRESHOLDS, severityOverrides: {}, tagFilters: {} };
const collect = (): ScanOptions['collect'] => ({
  credentials: fromEnv(),
  regions: 'all',
  homeRegion: 'us-east-1',
  accounts: { kind: 'organization' },
  scanId: 'streaming',
  now: NOW,
  concurrency: { accounts: 2 },
});

beforeAll(async () => {
  sandbox = await startSandbox({ estate: await loadEstate(EXAMPLE_ESTATE_PATH), port: 0 });
  Object.assign(process.env, sandbox.env);
});
afterAll(async () => {
  process.env = saved;
  await sandbox?.close();
});

describe('runScan: collect and evaluate account by account', () => {
  it('gives the same result as collecting everything first, and writes an inventory that loads and re-evaluates to it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'msk-audit-stream-'));
    const path = join(dir, 'inventory.json');
    const accountsSeen: string[] = [];
    const { result, collection } = await runScan({
      collect: collect(),
      plan,
      scanId: 'streaming',
      startedAt: NOW(),
      saveInventory: path,
      progress: { onAccount: (collected) => accountsSeen.push(collected.access.account) },
    });
    expect([...accountsSeen].sort()).toEqual(['111111111111', '222222222222', '333333333333', '444444444444']);
    expect(collection.accounts).toEqual(result.scope.accounts);

    // runScan collects the client-access facts its plan's checks read; collect the same here.
    const whole = await collectInventory({ ...collect(), facts: factsForChecks(plan.checks) });
    const saved = await loadInventory(path);
    // Accounts are written as they finish; the document is the same up to that order.
    const byKey = (a: { account: string; region?: string }, b: { account: string; region?: string }) =>
      a.account.localeCompare(b.account) || (a.region ?? '').localeCompare(b.region ?? '');
    expect({ ...saved, accountRegions: [...saved.accountRegions].sort(byKey), accounts: [...saved.accounts].sort(byKey) }).toEqual({
      ...whole,
      accountRegions: [...whole.accountRegions].sort(byKey),
      accounts: [...whole.accounts].sort(byKey),
    });

    const offline = buildScanResult(saved, plan, { startedAt: NOW(), scanId: 'streaming' });
    // runScan's findings are spooled on disk, the offline result's held: the same findings, in the same order.
    expect(result.findings).toBeInstanceOf(SpooledFindings);
    expect(offline.findings).toEqual([...result.findings]);
    expect(offline.coverage).toEqual(result.coverage);
    expect(offline.clusters).toEqual(result.clusters);
    expect(result.clusters).toHaveLength(12);
  });

  it('leaves no inventory file, not even a temporary one, when the scan fails part-way', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'msk-audit-stream-'));
    let accounts = 0;
    await expect(
      runScan({
        collect: collect(),
        plan,
        scanId: 'streaming',
        startedAt: NOW(),
        saveInventory: join(dir, 'inventory.json'),
        progress: {
          onAccount: () => {
            accounts += 1;
            if (accounts === 2) throw new Error('disk full');
          },
        },
      }),
    ).rejects.toThrow('disk full');
    expect(await readdir(dir)).toEqual([]);
  });

  it('hands accounts over one at a time and never holds more collected accounts than the concurrency allows', async () => {
    let inFlight = 0;
    let peak = 0;
    let handing = 0;
    await runScan({
      collect: collect(),
      plan,
      scanId: 'streaming',
      startedAt: NOW(),
      progress: {
        onAccountPlanned: () => {
          inFlight += 1;
          peak = Math.max(peak, inFlight);
        },
        onAccount: () => {
          handing += 1;
          expect(handing).toBe(1);
          handing -= 1;
          inFlight -= 1;
        },
      },
    });
    expect(peak).toBeLessThanOrEqual(2);
    expect(inFlight).toBe(0);
  });
});
