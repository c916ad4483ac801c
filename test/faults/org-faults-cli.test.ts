/**
 * Issue 10, "Faults during a full organization scan", through the real CLI: what a CI job sees. A denied API costs
 * verdicts → `--fail-on-incomplete` exits 1 and the report names the operation, nothing is archived outside a complete
 * account-region; the organization cannot be listed → exit 2 with one line, and no report claiming anything.
 */
import { access, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/engine/scan-result.js';
import { EXAMPLE_ESTATE_PATH, loadEstate, startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { runCli } from '../support/cli.js';
import { archiveViolations, hubSnapshot, PROD, type ScanRun } from './org-fault-harness.js';

let sandbox: RunningSandbox;
let dir: string;
beforeAll(async () => {
  sandbox = await startSandbox({ estate: await loadEstate(EXAMPLE_ESTATE_PATH) });
  sandbox.setRateLimitsEnabled(false);
  dir = await mkdtemp(join(tmpdir(), 'msk-audit-faults-cli-'));
});
afterAll(async () => {
  await sandbox?.close();
});

const scan = (out: string, ...extra: string[]) =>
  runCli(['scan', '--org', '--security-hub', '--format', 'json', '--output-dir', join(dir, out), '--fail-on', 'none', '--quiet', ...extra], { env: sandbox.env });

describe('msk-audit scan --org under faults (CLI)', () => {
  it('a denied API: exit 1 with --fail-on-incomplete, the coverage names the operation, nothing archived where the coverage is not complete', async () => {
    const first = await scan('clean');
    expect(first.code, first.stderr).toBe(0);
    const regions = JSON.parse(await readFile(join(dir, 'clean', 'msk-audit-report.json'), 'utf8')) as ScanResult;
    const accountRegions = regions.coverage.entries.map(({ account, region }) => ({ account, region }));
    const before = hubSnapshot(sandbox, accountRegions);

    sandbox.addFault({ kind: 'access-denied', service: 'kafka', operation: 'ListClustersV2', account: PROD, region: 'eu-west-1' });
    const run = await scan('denied', '--fail-on-incomplete');
    sandbox.clearFaults();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/coverage is incomplete/);
    const report = JSON.parse(await readFile(join(dir, 'denied', 'msk-audit-report.json'), 'utf8')) as ScanResult;
    const entry = report.coverage.entries.find((e) => e.account === PROD && e.region === 'eu-west-1')!;
    expect(entry).toMatchObject({ status: 'not-evaluated' });
    expect(entry.reasons.join(' ')).toMatch(/kafka:ListClustersV2 failed with AccessDeniedException/);
    const findings = [...report.findings];
    expect(findings.filter((f) => f.resource.account === PROD && f.resource.region === 'eu-west-1').every((f) => f.status === 'NOT_AVAILABLE')).toBe(true);
    const faulted: ScanRun = { result: report, findings, collection: {} as ScanRun['collection'] };
    expect(archiveViolations(before, hubSnapshot(sandbox, accountRegions), faulted)).toEqual([]);
  });

  it('the organization cannot be listed: exit 2, one line naming the failure, no report', async () => {
    sandbox.addFault({ kind: 'access-denied', service: 'organizations', operation: 'ListAccounts' });
    const run = await scan('no-org', '--fail-on-incomplete');
    sandbox.clearFaults();
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/cannot list the organization's accounts \(AccessDeniedException/);
    await expect(access(join(dir, 'no-org', 'msk-audit-report.json'))).rejects.toThrow();
  });
});
