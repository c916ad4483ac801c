import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/engine/scan-result.js';
import { EXAMPLE_ESTATE_PATH, loadEstate, startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { runCli } from '../support/cli.js';
import { iamActionOf, MEMBER_READ_ACTIONS, SCANNER_ACTIONS, SECURITY_HUB_ACTIONS, UNPERMISSIONED_ACTIONS } from '../../src/aws/permissions.js';

let sandbox: RunningSandbox;
let dir: string;

async function scan(name: string): Promise<{ code: number | null; stderr: string; result: ScanResult }> {
  const out = join(dir, name);
  const run = await runCli(['scan', '--org', '--security-hub', '--format', 'json', '--output-dir', out, '--fail-on', 'none'], { env: sandbox.env });
  return { code: run.code, stderr: run.stderr, result: JSON.parse(await readFile(join(out, 'msk-audit-report.json'), 'utf8')) as ScanResult };
}

beforeAll(async () => {
  sandbox = await startSandbox({ estate: await loadEstate(EXAMPLE_ESTATE_PATH), port: 0 });
  dir = await mkdtemp(join(tmpdir(), 'msk-audit-sh-'));
});
afterAll(async () => {
  await sandbox?.close();
});

describe('msk-audit scan --security-hub (sandbox)', () => {
  it('imports each finding in its own account-region, records the outcome in the report, and a second run changes no Id', async () => {
    const first = await scan('first');
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/Security Hub: \d+ imported, 0 archived, 0 failed/);
    const hub = first.result.securityHub!;
    // The role in 444444444444 cannot be assumed: nothing can be imported there, and that is recorded.
    expect(hub.accountRegions.filter((entry) => entry.account === '444444444444').map((entry) => entry.status)).toEqual(['failed', 'failed']);
    expect(hub.complete).toBe(false);
    const landed = sandbox.securityHubFindings('222222222222', 'eu-west-1');
    const expectedIds = first.result.findings.filter((f) => f.resource.account === '222222222222' && f.resource.region === 'eu-west-1').map((f) => f.id);
    expect(landed.map((f) => f.Id).sort()).toEqual([...expectedIds].sort());
    expect(landed.every((f) => f.AwsAccountId === '222222222222' && String(f.ProductArn).includes(':222222222222:product/222222222222/default'))).toBe(true);

    const created = new Map(landed.map((f) => [f.Id, f.CreatedAt]));
    const second = await scan('second');
    expect(second.code).toBe(0);
    const again = sandbox.securityHubFindings('222222222222', 'eu-west-1');
    expect(again.map((f) => f.Id).sort()).toEqual([...created.keys()].sort());
    expect(again.every((f) => f.CreatedAt === created.get(f.Id))).toBe(true);
    expect(second.result.securityHub!.totals.archived).toBe(0);
    const allowed = new Set<string>([...MEMBER_READ_ACTIONS, ...SCANNER_ACTIONS, ...UNPERMISSIONED_ACTIONS, ...SECURITY_HUB_ACTIONS]);
    expect([...new Set(sandbox.calls().map((call) => iamActionOf(`${call.service}:${call.operation}`)))].filter((action) => !allowed.has(action))).toEqual([]);
  }, 120_000);
});
