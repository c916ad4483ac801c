import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderJson } from '../../reports/index.js';
import { buildEvidencePack, evidenceFilesFor, packParamsFromResult } from '../../src/evidence/index.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { runCli } from '../support/cli.js';
import { entriesOf, rezip, rezipCrafted, text } from './craft.js';
import { ecKeys, REPORT_HTML, rsaKeys, scanFixture, SIGNING_KEY_ARN, signingEstate } from './fixtures.js';

const { result, inventory } = scanFixture();
let dir: string;
const path = (name: string) => join(dir, name);
let sb: RunningSandbox;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'msk-audit-pack-cli-'));
  const rsa = rsaKeys();
  const ec = ecKeys();
  await Promise.all([
    writeFile(path('scan.json'), renderJson(result)),
    writeFile(path('inventory.json'), `${JSON.stringify(inventory, null, 2)}\n`),
    writeFile(path('other-inventory.json'), JSON.stringify({ ...inventory, collectedAt: '2020-01-01T00:00:00.000Z' })),
    writeFile(path('rsa.pem'), rsa.privatePem),
    writeFile(path('rsa.pub.pem'), rsa.publicPem),
    writeFile(path('ec.pem'), ec.privatePem),
    writeFile(path('ec.pub.pem'), ec.publicPem),
    writeFile(path('other.pub.pem'), rsaKeys().publicPem),
    writeFile(path('report.html'), REPORT_HTML),
    writeFile(path('pci.csv'), 'requirement,check\n3.5.1,msk-at-rest-cmk\n'),
    writeFile(path('not-a-key.pem'), 'hello'),
    writeFile(path('not-a-zip.zip'), 'hello, I am not a zip'),
    writeFile(path('lib.zip'), buildEvidencePack(evidenceFilesFor(result, { inventory, reportHtml: REPORT_HTML }), packParamsFromResult(result))),
  ]);
  sb = await startSandbox({ estate: signingEstate() });
});
afterAll(() => sb.close());

/** pack with a given report.html (so these tests do not depend on the HTML renderer; one test covers the default). */
const pack = (output: string, ...more: string[]) =>
  runCli(['pack', '--scan', path('scan.json'), '--inventory', path('inventory.json'), '--report', path('report.html'), '--output', path(output), ...more]);

/** One line on stderr, starting with msk-audit: */
const oneLine = (stderr: string) => {
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(/^msk-audit: /);
};

// Each test runs the real CLI several times (through tsx): allow for a loaded machine.
describe('msk-audit pack + verify', { timeout: 180_000 }, () => {
  it('packs a saved scan deterministically and verifies it (exit 0, signature none)', async () => {
    const [a, b] = await Promise.all([pack('a.zip', '--matrix', `pci-dss-v4=${path('pci.csv')}`), pack('b.zip', '--matrix', `pci-dss-v4=${path('pci.csv')}`)]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(a.stdout).toContain('unsigned');
    expect(a.stdout).toContain('matrix-pci-dss-v4.csv');
    const [bytesA, bytesB] = await Promise.all([readFile(path('a.zip')), readFile(path('b.zip'))]);
    expect(bytesA.equals(bytesB)).toBe(true);
    const verified = await runCli(['verify', path('a.zip')]);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/ok +findings\.json/);
    expect(verified.stdout).toContain('signature none');
    expect(verified.stdout).toContain('verified  every file matches manifest.json');
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('renders report.html from the scan when --report is not given, and stores the scan verbatim as findings.json', async () => {
    const out = await runCli(['pack', '--scan', path('scan.json'), '--output', path('rendered.zip'), '--quiet']);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toBe('');
    const entries = entriesOf(new Uint8Array(await readFile(path('rendered.zip'))));
    // The HTML renderer is tested on its own: here, only that the pack carries a rendered report of this scan.
    const html = text(entries.get('report.html'));
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    expect(html).toContain(result.scanId);
    expect(text(entries.get('findings.json'))).toBe(await readFile(path('scan.json'), 'utf8'));
    expect(entries.has('inventory.json')).toBe(false);
  });

  it('signs with a PEM key (RSA and EC) and checks the signature with --public-key', async () => {
    const [rsaPack, ecPack] = await Promise.all([pack('rsa.zip', '--sign-key', path('rsa.pem')), pack('ec.zip', '--sign-key', path('ec.pem'))]);
    expect(rsaPack.code, rsaPack.stderr).toBe(0);
    expect(rsaPack.stdout).toContain('signed    RSASSA_PSS_SHA_256');
    expect(ecPack.stdout).toContain('signed    ECDSA_SHA_256');
    const [rsaOk, ecOk, noKey, wrongKey, asJson] = await Promise.all([
      runCli(['verify', path('rsa.zip'), '--public-key', path('rsa.pub.pem')]),
      runCli(['verify', path('ec.zip'), '--public-key', path('ec.pub.pem')]),
      runCli(['verify', path('rsa.zip')]),
      runCli(['verify', path('rsa.zip'), '--public-key', path('other.pub.pem')]),
      runCli(['verify', path('ec.zip'), '--public-key', path('ec.pub.pem'), '--json']),
    ]);
    expect(asJson.code, asJson.stderr).toBe(0);
    expect(JSON.parse(asJson.stdout)).toMatchObject({ ok: true, problems: [], signature: { status: 'valid', algorithm: 'ECDSA_SHA_256' } });
    expect(rsaOk.code, rsaOk.stderr).toBe(0);
    expect(rsaOk.stdout).toContain('signature valid: RSASSA_PSS_SHA_256');
    expect(ecOk.code, ecOk.stderr).toBe(0);
    expect(ecOk.stdout).toContain('signature valid: ECDSA_SHA_256');
    expect(noKey.code).toBe(0);
    expect(noKey.stdout).toContain('signature not checked');
    expect(wrongKey.code).toBe(1);
    oneLine(wrongKey.stderr);
    expect(wrongKey.stderr).toContain('verification failed: manifest.sig:');
  });

  it('a tampered pack exits 1 and names the first file that does not match', async () => {
    const tampered = rezip(new Uint8Array(await readFile(path('lib.zip'))), (entries) => {
      const findings = Buffer.from(entries.get('findings.json')!);
      findings[42] = findings[42]! ^ 1; // one byte, same size
      entries.set('findings.json', findings);
      entries.delete('coverage.json');
    });
    await writeFile(path('tampered.zip'), tampered);
    const out = await runCli(['verify', path('tampered.zip')]);
    expect(out.code).toBe(1);
    oneLine(out.stderr);
    expect(out.stderr).toBe('msk-audit: verification failed: coverage.json: is missing from the pack (and 1 more problem)\n');
    expect(out.stdout).toMatch(/FAILED +findings\.json/);
    expect(out.stdout).toContain('problem   findings.json: does not match its SHA-256');
  });

  it('a zip-slip pack exits 1 naming the entry, and nothing is extracted', async () => {
    const inner = await mkdtemp(join(tmpdir(), 'msk-audit-slip-'));
    const escapee = `msk-audit-escaped-${process.pid}-${Date.now()}.sh`;
    const zip = rezipCrafted(new Uint8Array(await readFile(path('lib.zip'))), [
      { name: `../${escapee}`, data: '#!/bin/sh\necho pwned\n' },
      { name: 'evil\u001b[31m.txt', data: 'x' },
    ]);
    await writeFile(join(inner, 'slip.zip'), zip);
    const out = await runCli(['verify', join(inner, 'slip.zip')]);
    expect(out.code).toBe(1);
    oneLine(out.stderr);
    expect(out.stderr).toContain(`verification failed: "../${escapee}": is not listed in manifest.json`);
    expect(out.stdout).not.toContain('\u001b');
    expect(await readdir(inner)).toEqual(['slip.zip']);
    for (const base of [inner, process.cwd()]) expect(existsSync(join(base, '..', escapee))).toBe(false);
  });

  it('verify: usage and unreadable input exit 2 with one line', async () => {
    const truncated = (await readFile(path('lib.zip'))).subarray(0, 100);
    await writeFile(path('truncated.zip'), truncated);
    const [missing, notZip, cut, both, kmsVerifyAlone, badKey] = await Promise.all([
      runCli(['verify', path('nope.zip')]),
      runCli(['verify', path('not-a-zip.zip')]),
      runCli(['verify', path('truncated.zip')]),
      runCli(['verify', path('lib.zip'), '--public-key', path('rsa.pub.pem'), '--kms-key', SIGNING_KEY_ARN]),
      runCli(['verify', path('lib.zip'), '--kms-verify']),
      runCli(['verify', path('lib.zip'), '--public-key', path('not-a-key.pem')]),
    ]);
    for (const out of [missing, notZip, cut, both, kmsVerifyAlone, badKey]) {
      expect(out.code, out.stderr).toBe(2);
      oneLine(out.stderr);
    }
    expect(missing.stderr).toContain('nope.zip: no such file');
    expect(notZip.stderr).toContain('not a readable evidence pack: not a ZIP archive');
    expect(cut.stderr).toContain('not a readable evidence pack');
    expect(both.stderr).toContain('--public-key and --kms-key cannot be combined');
    expect(kmsVerifyAlone.stderr).toContain('--kms-verify needs --kms-key');
    expect(badKey.stderr).toContain('not a PEM public key');
  });

  it('pack: bad input exits 2 with one line and writes nothing', async () => {
    const [noScan, notScan, wrongInventory, badKey, outputIsDir, badMatrix] = await Promise.all([
      runCli(['pack', '--output', path('x1.zip')]),
      runCli(['pack', '--scan', path('inventory.json'), '--output', path('x2.zip')]),
      runCli(['pack', '--scan', path('scan.json'), '--inventory', path('other-inventory.json'), '--output', path('x3.zip')]),
      pack('x4.zip', '--sign-key', path('not-a-key.pem')),
      pack('.'),
      pack('x6.zip', '--matrix', '../pci=x.csv'),
    ]);
    for (const out of [noScan, notScan, wrongInventory, badKey, outputIsDir, badMatrix]) {
      expect(out.code, out.stderr).toBe(2);
      oneLine(out.stderr);
    }
    expect(noScan.stderr).toContain("required option '--scan <file>' not specified");
    expect(notScan.stderr).toContain('not an msk-audit scan result');
    expect(wrongInventory.stderr).toContain('not the inventory this scan evaluated');
    expect(badKey.stderr).toContain('--sign-key');
    expect(badKey.stderr).toContain('not a PEM private key');
    expect(outputIsDir.stderr).toContain('is a directory');
    expect(badMatrix.stderr).toContain('framework');
    for (const name of ['x1.zip', 'x2.zip', 'x3.zip', 'x4.zip', 'x6.zip']) expect(existsSync(path(name)), name).toBe(false);
  });

  it('signs with an AWS KMS key and verifies with --kms-key (GetPublicKey) and --kms-verify (sandbox)', async () => {
    const env = sb.env;
    const packed = await runCli(['pack', '--scan', path('scan.json'), '--report', path('report.html'), '--output', path('kms.zip'), '--sign-key', SIGNING_KEY_ARN], { env });
    expect(packed.code, packed.stderr).toBe(0);
    expect(packed.stdout).toContain(`signed    RSASSA_PSS_SHA_256 with ${SIGNING_KEY_ARN}`);
    const [local, remote, missingKey] = await Promise.all([
      runCli(['verify', path('kms.zip'), '--kms-key', SIGNING_KEY_ARN], { env }),
      runCli(['verify', path('kms.zip'), '--kms-key', SIGNING_KEY_ARN, '--kms-verify'], { env }),
      runCli(['pack', '--scan', path('scan.json'), '--report', path('report.html'), '--output', path('kms2.zip'), '--sign-key', SIGNING_KEY_ARN.replace('evidence-signing', 'missing')], { env }),
    ]);
    expect(local.code, local.stderr).toBe(0);
    expect(local.stdout).toContain('signature valid');
    expect(local.stdout).toContain('kms:GetPublicKey');
    expect(remote.code, remote.stderr).toBe(0);
    expect(remote.stdout).toContain('kms:Verify');
    expect(missingKey.code).toBe(2);
    oneLine(missingKey.stderr);
    expect(missingKey.stderr).toContain('kms:Sign failed: NotFoundException');
    expect(existsSync(path('kms2.zip'))).toBe(false);
  });
});
