import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectPack } from '../../src/evidence/index.js';
import { EXAMPLE_ESTATE_PATH, loadEstate, startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { runCli } from '../support/cli.js';

let sandbox: RunningSandbox;
let dir: string;
let pack: string;
let publicKey: string;

beforeAll(async () => {
  sandbox = await startSandbox({ estate: await loadEstate(EXAMPLE_ESTATE_PATH), port: 0 });
  dir = await mkdtemp(join(tmpdir(), 'msk-audit-pack-'));
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  await writeFile(join(dir, 'sign.pem'), keys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  publicKey = join(dir, 'sign.pub.pem');
  await writeFile(publicKey, keys.publicKey.export({ type: 'spki', format: 'pem' }));
  pack = join(dir, 'evidence.zip');
  const run = await runCli(['scan', '--org', '--output-dir', join(dir, 'out'), '--fail-on', 'none', '--evidence-pack', pack, '--sign-key', join(dir, 'sign.pem')], { env: sandbox.env });
  expect(run.code, run.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await sandbox?.close();
});

describe('scan --evidence-pack, verify, and evaluate FILE.zip (sandbox)', () => {
  it('packs the report, findings, coverage, raw inventory, CloudTrail events and every framework matrix under a signed manifest', async () => {
    const inspection = inspectPack(new Uint8Array(await readFile(pack)));
    expect(inspection.report.ok).toBe(true);
    const names = inspection.report.files.map((file) => file.name).sort();
    expect(names).toEqual(
      expect.arrayContaining(['report.html', 'findings.json', 'coverage.json', 'inventory.json', 'cloudtrail-events.json', 'matrix-pci-dss-4.0.1.csv', 'matrix-soc2.csv', 'matrix-nist-800-53-r5.csv', 'matrix-iso-27001-2022.csv']),
    );
  });

  it('verifies with the public key, and re-performs every verdict from the pack alone', async () => {
    const verify = await runCli(['verify', pack, '--public-key', publicKey]);
    expect(verify.code, verify.stderr).toBe(0);
    const evaluate = await runCli(['evaluate', pack, '--output-dir', join(dir, 'again')]);
    expect(evaluate.code, evaluate.stderr).toBe(0);
    expect(evaluate.stdout).toMatch(/match/i);
  }, 60_000);

  it('names the tampered file and exits 1 when one byte of the inventory changes', async () => {
    const bytes = new Uint8Array(await readFile(pack));
    const text = Buffer.from(bytes).toString('latin1');
    // Stored entries are deflated; flip a byte inside inventory.json's compressed data.
    const at = text.indexOf('inventory.json') + 'inventory.json'.length + 40;
    bytes[at] = bytes[at]! ^ 0xff;
    const tampered = join(dir, 'tampered.zip');
    await writeFile(tampered, bytes);
    const verify = await runCli(['verify', tampered, '--public-key', publicKey]);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toMatch(/inventory\.json/);
  }, 60_000);
});
