import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ESTATE_PATH, loadEstate, startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import type { ScanResult } from '../../src/engine/scan-result.js';
import { runCli } from '../support/cli.js';

let sandbox: RunningSandbox;
let result: ScanResult;
let out: string;

beforeAll(async () => {
  sandbox = await startSandbox({ estate: await loadEstate(EXAMPLE_ESTATE_PATH), port: 0 });
  out = await mkdtemp(join(tmpdir(), 'msk-audit-client-access-'));
  // The caller's own account only, eu-west-1 first: account-wide facts are held in eu-west-1.
  await runCli(['scan', '--regions', 'eu-west-1,us-east-1', '--no-cloudtrail', '--output-dir', out, '--format', 'json', '--quiet', '--fail-on', 'none'], { env: sandbox.env });
  result = JSON.parse(await readFile(join(out, 'msk-audit-report.json'), 'utf8')) as ScanResult;
});

afterAll(async () => {
  await sandbox?.close();
});

describe('client-access checks outside an organization scan', () => {
  it('holds IAM in the first requested region and says where from every other region', () => {
    const iam = result.findings.filter((f) => f.checkId === 'iam-no-long-lived-kafka-credentials').map((f) => `${f.resource.region} ${f.status}`);
    expect(iam).toEqual(['eu-west-1 PASSED', 'us-east-1 NOT_APPLICABLE']);
  });

  it('does not read SCPs without --org, and says so', () => {
    const scp = result.findings.filter((f) => f.checkId === 'org-scp-denies-msk-security-changes');
    expect(scp.map((f) => `${f.resource.region} ${f.status}`)).toEqual(['eu-west-1 NOT_APPLICABLE', 'us-east-1 NOT_APPLICABLE']);
    expect(scp[0]!.reason).toMatch(/read from the management account with --org/);
    expect(sandbox.calls({ service: 'organizations' })).toEqual([]);
  });

  it('skips the calls of an excluded check', async () => {
    const before = sandbox.calls().length;
    await runCli(
      ['scan', '--regions', 'eu-west-1', '--no-cloudtrail', '--exclude-checks', 'iam-no-long-lived-kafka-credentials,msk-lambda-consumers-authenticated', '--output-dir', join(out, 'narrow'), '--format', 'json', '--quiet', '--fail-on', 'none'],
      { env: sandbox.env },
    );
    const services = new Set(sandbox.calls().slice(before).map((c) => c.service));
    expect(services.has('iam')).toBe(false);
    expect(services.has('lambda')).toBe(false);
    expect(services.has('kafkaconnect')).toBe(true);
  });
});
