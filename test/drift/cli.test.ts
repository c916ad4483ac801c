import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { available, type Baseline } from '../../src/inventory/index.js';
import type { ScanResult } from '../../src/engine/scan-result.js';
import type { DriftReport } from '../../src/drift/types.js';
import { accountRegion, provisionedCluster, serverlessCluster } from '../support/fixtures.js';
import { inventoryOf } from '../support/inventory.js';
import { runCli } from '../support/cli.js';
import { kafkaEvent, withEvents } from './support/fixtures.js';

let dir: string;
let approvedInventory: string;
let currentInventory: string;
let baselineFile: string;

const payments = provisionedCluster();
const events = serverlessCluster();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'msk-audit-drift-cli-'));
  approvedInventory = join(dir, 'approved-inventory.json');
  currentInventory = join(dir, 'current-inventory.json');
  baselineFile = join(dir, 'baseline.json');
  const approved = inventoryOf([accountRegion((r) => (r.clusters = available([payments, events])))]);
  approved.collectedAt = '2026-11-20T00:00:00.000Z';
  const current = inventoryOf([
    accountRegion((r) => {
      r.clusters = available([
        provisionedCluster((c) => {
          c.Provisioned!.EncryptionInfo!.EncryptionInTransit!.ClientBroker = 'TLS_PLAINTEXT';
          c.Provisioned!.EnhancedMonitoring = 'DEFAULT';
        }),
        events,
      ]);
      withEvents([kafkaEvent({ name: 'UpdateSecurity' })])(r);
    }),
  ]);
  await writeFile(approvedInventory, JSON.stringify(approved));
  await writeFile(currentInventory, JSON.stringify(current));
});

describe('msk-audit baseline approve --from-inventory', () => {
  it('writes a baseline of every cluster, exit 0', async () => {
    const run = await runCli(['baseline', 'approve', '--from-inventory', approvedInventory, '--output', baselineFile]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`approved  2 cluster(s) in 1 account-region(s), state collected 2026-11-20T00:00:00.000Z\nbaseline  ${baselineFile}\n`);
    const baseline = JSON.parse(await readFile(baselineFile, 'utf8')) as Baseline;
    expect(baseline).toMatchObject({ kind: 'msk-audit-baseline', schemaVersion: 1, approvedAt: '2026-11-20T00:00:00.000Z' });
    expect(Object.keys(baseline.clusters).sort()).toEqual([events.ClusterArn, payments.ClusterArn].sort());
    expect(baseline.clusters[payments.ClusterArn]!.state['encryption.inTransit.clientBroker']).toBe('TLS');
  });

  it('refuses to overwrite a file that is not a baseline (exit 2, one line, file intact)', async () => {
    const run = await runCli(['baseline', 'approve', '--from-inventory', approvedInventory, '--output', currentInventory]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`msk-audit: error: --output ${currentInventory}: exists and is not an msk-audit baseline (kind "msk-audit-inventory"); refusing to overwrite it\n`);
    expect(JSON.parse(await readFile(currentInventory, 'utf8'))).toMatchObject({ kind: 'msk-audit-inventory' });
  });

  it('rejects scan options with --from-inventory, a missing --output and a malformed S3 URI', async () => {
    const combined = await runCli(['baseline', 'approve', '--from-inventory', approvedInventory, '--org', '--output', join(dir, 'x.json')]);
    expect(combined.code).toBe(2);
    expect(combined.stderr).toMatch(/^msk-audit: error: --from-inventory cannot be combined with --org/);
    const noOutput = await runCli(['baseline', 'approve', '--from-inventory', approvedInventory]);
    expect(noOutput.code).toBe(2);
    expect(noOutput.stderr).toMatch(/required option '--output/);
    const badUri = await runCli(['baseline', 'approve', '--from-inventory', approvedInventory, '--output', 's3://just-a-bucket']);
    expect(badUri.code).toBe(2);
    expect(badUri.stderr).toBe('msk-audit: error: s3://just-a-bucket: not a valid S3 location (expected s3://bucket/key)\n');
  });
});

describe('msk-audit diff', () => {
  it('prints the drift with before → after and the explaining events, exit 1', async () => {
    const run = await runCli(['diff', baselineFile, currentInventory]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('drift     0 added, 0 removed, 1 changed, 0 unverified, 1 unchanged; 1 unexplained');
    expect(run.stdout).toMatch(/ {2}encryption\.inTransit\.clientBroker: "TLS" → "TLS_PLAINTEXT" — explained by UpdateSecurity at 2026-11-21T09:30:00.000Z by arn:aws:sts::111122223333:assumed-role\/Admin\/alice/);
    expect(run.stdout).toMatch(/ {2}monitoring\.enhanced: "PER_TOPIC_PER_BROKER" → "DEFAULT" — unexplained: no successful UpdateMonitoring call/);
    expect(run.stdout).toMatch(/result {4}DRIFT\n$/);
  });

  it('--json prints the drift report', async () => {
    const run = await runCli(['diff', baselineFile, currentInventory, '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as DriftReport;
    expect(report.summary).toMatchObject({ changed: 1, unexplained: 1 });
    expect(report.changed[0]!.changes.map((c) => [c.field, c.attribution.status])).toEqual([
      ['encryption.inTransit.clientBroker', 'explained'],
      ['monitoring.enhanced', 'unexplained'],
    ]);
  });

  it('compares two inventories, and two baselines (no events: unknown), exit 0 without drift', async () => {
    const inventories = await runCli(['diff', approvedInventory, currentInventory, '--json']);
    expect(inventories.code).toBe(1);
    expect((JSON.parse(inventories.stdout) as DriftReport).summary.changed).toBe(1);
    const same = await runCli(['diff', baselineFile, approvedInventory]);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/result {4}no drift\n$/);
    const newer = join(dir, 'current-baseline.json');
    await runCli(['baseline', 'approve', '--from-inventory', currentInventory, '--output', newer, '--quiet']);
    const baselines = await runCli(['diff', baselineFile, newer]);
    expect(baselines.code).toBe(1);
    expect(baselines.stdout).toContain('unknown (events not available: NEW is a baseline, which carries no CloudTrail events)');
  });

  it('names the file and the problem for a corrupt, foreign or missing side (exit 2)', async () => {
    const truncated = join(dir, 'truncated.json');
    await writeFile(truncated, (await readFile(baselineFile, 'utf8')).slice(0, 200));
    const corrupt = await runCli(['diff', truncated, currentInventory]);
    expect(corrupt.code).toBe(2);
    expect(corrupt.stderr).toBe(`msk-audit: error: OLD ${truncated}: not valid JSON (the file is corrupt or truncated)\n`);
    const foreign = join(dir, 'foreign.json');
    await writeFile(foreign, JSON.stringify({ kind: 'msk-audit-scan' }));
    const wrongKind = await runCli(['diff', baselineFile, foreign]);
    expect(wrongKind.code).toBe(2);
    expect(wrongKind.stderr).toMatch(/^msk-audit: error: NEW .*foreign\.json: neither an msk-audit baseline nor an inventory \(kind "msk-audit-scan"/);
    const missing = await runCli(['diff', join(dir, 'nope.json'), currentInventory]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/OLD .*nope\.json: no such file\n$/);
    const folder = join(dir, 'folder');
    await mkdir(folder);
    expect((await runCli(['diff', folder, currentInventory])).stderr).toMatch(/is a directory, not a file\n$/);
  });
});

describe('msk-audit evaluate --baseline', () => {
  it('runs the drift checks and adds the drift to the JSON report', async () => {
    const out = join(dir, 'report');
    const run = await runCli(['evaluate', currentInventory, '--baseline', baselineFile, '--output-dir', out, '--format', 'json', '--fail-on', 'high']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const result = JSON.parse(await readFile(join(out, 'msk-audit-report.json'), 'utf8')) as ScanResult;
    const drift = result.findings.filter((f) => f.checkId.startsWith('msk-drift-'));
    expect(drift.map((f) => [f.checkId, f.resource.name ?? f.resource.arn, f.status, f.severity])).toEqual([
      ['msk-drift-from-baseline', 'events', 'PASSED', 'MEDIUM'],
      ['msk-drift-from-baseline', 'payments', 'FAILED', 'HIGH'],
      ['msk-drift-cluster-removed', 'arn:aws:kafka:eu-west-1:111122223333:*', 'PASSED', 'MEDIUM'],
    ]);
    expect(result.drift?.summary).toMatchObject({ changed: 1, unchanged: 1, unexplained: 1 });
  });

  it('without --baseline runs no drift check; a drift check asked for by --checks needs --baseline', async () => {
    const out = join(dir, 'plain');
    await runCli(['evaluate', currentInventory, '--output-dir', out, '--format', 'json', '--quiet']);
    const result = JSON.parse(await readFile(join(out, 'msk-audit-report.json'), 'utf8')) as ScanResult;
    expect(result.findings.some((f) => f.checkId.startsWith('msk-drift-'))).toBe(false);
    expect(result.drift).toBeUndefined();
    const asked = await runCli(['evaluate', currentInventory, '--checks', 'msk-drift-from-baseline', '--output-dir', out]);
    expect(asked.code).toBe(2);
    expect(asked.stderr).toBe('msk-audit: error: --checks msk-drift-from-baseline: needs --baseline (an approved baseline to compare with)\n');
  });

  it('rejects a baseline that is not one, before doing anything (exit 2)', async () => {
    const run = await runCli(['evaluate', currentInventory, '--baseline', currentInventory, '--output-dir', join(dir, 'never')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^msk-audit: error: baseline .*current-inventory\.json: is an msk-audit inventory, not a baseline/);
  });
});
