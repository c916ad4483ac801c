import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  buildEvidencePack,
  buildSignedEvidencePack,
  evidenceFilesFor,
  packParamsFromResult,
  PackFormatError,
  pemSigner,
  pemVerifier,
  verifyEvidencePack,
  type VerificationReport,
} from '../../src/evidence/index.js';
import { UsageError } from '../../src/errors.js';
import { MiB } from '../../src/evidence/zip.js';
import { bytes, craftZip, entriesOf, rezip, rezipCrafted } from './craft.js';
import { ecKeys, REPORT_HTML, rsaKeys, scanFixture } from './fixtures.js';

const { result, inventory } = scanFixture();
const params = packParamsFromResult(result);
const files = evidenceFilesFor(result, { inventory, reportHtml: REPORT_HTML });
const rsa = rsaKeys();
const ec = ecKeys();
const unsigned = buildEvidencePack(files, params);
const signedRsa = await buildSignedEvidencePack(files, params, pemSigner(rsa.privatePem));
const signedEc = await buildSignedEvidencePack(files, params, pemSigner(ec.privatePem));

const firstProblem = (report: VerificationReport) => report.problems[0];

/** Flips one byte of a file's content (then re-zips, as a tamperer would, so the ZIP itself stays valid). */
const flipByte = (zip: Uint8Array, name: string, at = 10) =>
  rezip(zip, (entries) => {
    const data = Buffer.from(entries.get(name)!);
    data[at] = data[at]! ^ 0x01;
    entries.set(name, data);
  });

describe('verifyEvidencePack: round trip', () => {
  it('an unsigned pack verifies; the signature is reported as none', async () => {
    const report = await verifyEvidencePack(unsigned);
    expect(report.ok).toBe(true);
    expect(report.problems).toEqual([]);
    expect(report.files.map((f) => [f.name, f.ok])).toEqual([
      ['coverage.json', true],
      ['findings.json', true],
      ['inventory.json', true],
      ['report.html', true],
    ]);
    expect(report.signature).toEqual({ status: 'unsigned' });
    expect(report.manifest?.scanId).toBe(result.scanId);
  });

  it('a signed pack verifies without a key, saying the signature was not checked', async () => {
    const report = await verifyEvidencePack(signedRsa);
    expect(report.ok).toBe(true);
    expect(report.signature).toMatchObject({ status: 'not-checked', algorithm: 'RSASSA_PSS_SHA_256' });
  });

  it.each([
    ['RSA (RSASSA_PSS_SHA_256)', () => signedRsa, () => rsa.publicPem, 'RSASSA_PSS_SHA_256'],
    ['EC P-256 (ECDSA_SHA_256)', () => signedEc, () => ec.publicPem, 'ECDSA_SHA_256'],
  ])('%s: the signature verifies with the public key', async (_, zip, key, algorithm) => {
    const report = await verifyEvidencePack(zip(), { verifier: pemVerifier(key()) });
    expect(report.ok).toBe(true);
    expect(report.signature).toMatchObject({ status: 'valid', algorithm });
  });

  it('the private key PEM works as the verification key too (its public half is used)', async () => {
    expect((await verifyEvidencePack(signedRsa, { verifier: pemVerifier(rsa.privatePem) })).ok).toBe(true);
  });
});

describe('verifyEvidencePack: tampering names the right file', () => {
  it("a file's content → that file", async () => {
    const report = await verifyEvidencePack(flipByte(signedRsa, 'findings.json'), { verifier: pemVerifier(rsa.publicPem) });
    expect(report.ok).toBe(false);
    expect(firstProblem(report)).toEqual({ file: 'findings.json', problem: expect.stringContaining('SHA-256') });
    expect(report.signature.status).toBe('valid'); // the manifest is intact: only the file was changed
    expect(report.files.find((f) => f.name === 'findings.json')?.ok).toBe(false);
  });

  it("a file's content in an unsigned pack → that file", async () => {
    const report = await verifyEvidencePack(flipByte(unsigned, 'inventory.json', 3));
    expect(firstProblem(report)?.file).toBe('inventory.json');
  });

  it('the manifest (a hash rewritten to match a changed file) → manifest.json, with or without a key', async () => {
    const forged = rezip(signedRsa, (entries) => {
      const report = Buffer.from(entries.get('report.html')!);
      report[0] = report[0]! ^ 1;
      entries.set('report.html', report);
      const manifest = JSON.parse(Buffer.from(entries.get('manifest.json')!).toString()) as { files: { name: string; sha256: string }[] };
      manifest.files.find((f) => f.name === 'report.html')!.sha256 = createHash('sha256').update(report).digest('hex');
      entries.set('manifest.json', bytes(`${JSON.stringify(manifest, null, 2)}\n`));
    });
    const keyless = await verifyEvidencePack(forged);
    expect(keyless.ok).toBe(false);
    expect(firstProblem(keyless)).toEqual({ file: 'manifest.json', problem: expect.stringContaining('changed after signing') });
    const keyed = await verifyEvidencePack(forged, { verifier: pemVerifier(rsa.publicPem) });
    expect(firstProblem(keyed)?.file).toBe('manifest.json');
    expect(keyed.problems[1]?.file).toBe('manifest.sig');
    expect(keyed.signature.status).toBe('invalid');
  });

  it('a manifest re-signed by someone else (signature.json updated too) → manifest.sig', async () => {
    const attacker = rsaKeys();
    const forged = await buildSignedEvidencePack(
      files.map((f) => (f.name === 'report.html' ? { ...f, content: '<html>forged</html>' } : f)),
      params,
      pemSigner(attacker.privatePem),
    );
    const report = await verifyEvidencePack(forged, { verifier: pemVerifier(rsa.publicPem) });
    expect(firstProblem(report)).toEqual({ file: 'manifest.sig', problem: expect.stringContaining('not a valid signature') });
  });

  it('the signature → manifest.sig (only detectable with a key)', async () => {
    const tampered = flipByte(signedRsa, 'manifest.sig', 100);
    expect((await verifyEvidencePack(tampered)).ok).toBe(true);
    const report = await verifyEvidencePack(tampered, { verifier: pemVerifier(rsa.publicPem) });
    expect(report.ok).toBe(false);
    expect(firstProblem(report)?.file).toBe('manifest.sig');
    const ecReport = await verifyEvidencePack(flipByte(signedEc, 'manifest.sig', 20), { verifier: pemVerifier(ec.publicPem) });
    expect(firstProblem(ecReport)?.file).toBe('manifest.sig');
  });

  it('an extra file → that file', async () => {
    const report = await verifyEvidencePack(rezip(signedRsa, (entries) => entries.set('backdoor.txt', bytes('x'))), { verifier: pemVerifier(rsa.publicPem) });
    expect(report.problems).toEqual([{ file: 'backdoor.txt', problem: 'is not listed in manifest.json' }]);
  });

  it('a missing file → that file', async () => {
    const report = await verifyEvidencePack(rezip(signedRsa, (entries) => entries.delete('inventory.json')));
    expect(report.problems).toEqual([{ file: 'inventory.json', problem: 'is missing from the pack' }]);
  });

  it('a missing or broken manifest → manifest.json', async () => {
    expect(firstProblem(await verifyEvidencePack(rezip(unsigned, (e) => e.delete('manifest.json'))))?.file).toBe('manifest.json');
    const broken = await verifyEvidencePack(rezip(unsigned, (e) => e.set('manifest.json', bytes('{"kind":"something-else"}'))));
    expect(broken.problems).toEqual([{ file: 'manifest.json', problem: expect.stringContaining('not a valid evidence manifest') }]);
  });

  it('a wrong key, a key of the wrong type, an unsigned pack with a key → non-OK', async () => {
    const wrong = await verifyEvidencePack(signedRsa, { verifier: pemVerifier(rsaKeys().publicPem) });
    expect(firstProblem(wrong)?.file).toBe('manifest.sig');
    const wrongType = await verifyEvidencePack(signedRsa, { verifier: pemVerifier(ec.publicPem) });
    expect(wrongType.signature).toMatchObject({ status: 'invalid', detail: expect.stringContaining('ECDSA_SHA_256') });
    const unsignedWithKey = await verifyEvidencePack(unsigned, { verifier: pemVerifier(rsa.publicPem) });
    expect(unsignedWithKey.problems).toEqual([{ file: 'manifest.sig', problem: expect.stringContaining('not signed') }]);
  });

  it('half a signature (manifest.sig without signature.json) → named', async () => {
    const report = await verifyEvidencePack(rezip(signedRsa, (e) => e.delete('signature.json')));
    expect(report.problems).toEqual([{ file: 'signature.json', problem: expect.stringContaining('missing') }]);
  });
});

describe('verifyEvidencePack: hostile archives', () => {
  it('zip-slip entries are named and rejected, nothing is extracted', async () => {
    const zip = rezipCrafted(unsigned, [{ name: '../../../../tmp/evil.sh', data: '#!/bin/sh' }, { name: 'C:/Windows/x.dll', data: 'MZ' }]);
    const report = await verifyEvidencePack(zip);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      { file: '../../../../tmp/evil.sh', problem: expect.stringMatching(/not listed in manifest.json \(and has a '\.\.' path segment\)/) },
      { file: 'C:/Windows/x.dll', problem: expect.stringMatching(/drive letter/) },
    ]);
  });

  it('a manifest listing a zip-slip path is rejected', async () => {
    const zip = rezip(unsigned, (entries) => {
      const manifest = JSON.parse(Buffer.from(entries.get('manifest.json')!).toString()) as { files: { name: string }[] };
      manifest.files[0]!.name = '../outside.json';
      entries.set('manifest.json', bytes(JSON.stringify(manifest)));
    });
    expect(firstProblem(await verifyEvidencePack(zip))).toEqual({ file: 'manifest.json', problem: expect.stringContaining("'..'") });
  });

  it('a duplicated entry (two findings.json) is rejected', async () => {
    const original = entriesOf(unsigned).get('findings.json')!;
    const zip = rezipCrafted(unsigned, [{ name: 'findings.json', data: original }]);
    expect(firstProblem(await verifyEvidencePack(zip))).toEqual({ file: 'findings.json', problem: 'appears 2 times in the archive' });
  });

  it('a zip bomb in place of a listed file stops at the declared size', async () => {
    const entries = [...entriesOf(unsigned)].filter(([name]) => name !== 'report.html').map(([name, data]) => ({ name, data }));
    const zip = craftZip([...entries, { name: 'report.html', data: Buffer.alloc(64 * MiB), uncompressedSize: 100 }]);
    const report = await verifyEvidencePack(zip);
    expect(firstProblem(report)).toEqual({ file: 'report.html', problem: expect.stringContaining('more than its declared 100 bytes') });
  });

  it('an entry declaring more than the per-entry limit is refused before inflating', async () => {
    const zip = rezipCrafted(unsigned, [{ name: 'huge.bin', data: 'x', uncompressedSize: 300 * MiB }]);
    expect(firstProblem(await verifyEvidencePack(zip))?.problem).toMatch(/more than the limit of 268435456/);
  });

  it('encrypted and unsupported entries are refused', async () => {
    const zip = rezipCrafted(unsigned, [
      { name: 'secret.txt', data: 'x', flags: 0x0801 },
      { name: 'lzma.bin', data: 'x', method: 14, raw: bytes('????') },
    ]);
    expect((await verifyEvidencePack(zip)).problems.map((p) => p.problem)).toEqual([
      'is not listed in manifest.json (and is encrypted)',
      'is not listed in manifest.json (and uses unsupported compression method 14)',
    ]);
  });

  it('unreadable archives throw PackFormatError (a UsageError: exit 2)', async () => {
    await expect(verifyEvidencePack(unsigned.subarray(0, unsigned.length - 30))).rejects.toThrow(PackFormatError);
    await expect(verifyEvidencePack(bytes('PK but not really'))).rejects.toThrow(UsageError);
  });

  it('bytes smuggled between entries are reported', async () => {
    const zip = craftZip([...entriesOf(unsigned)].map(([name, data]) => ({ name, data })), { prefix: bytes('#!/bin/sh\n') });
    expect((await verifyEvidencePack(zip)).problems).toEqual([{ file: '(archive)', problem: expect.stringContaining('10 byte(s) outside') }]);
  });
});
