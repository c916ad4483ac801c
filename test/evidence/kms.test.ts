import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import {
  buildSignedEvidencePack,
  evidenceFilesFor,
  kmsPublicKey,
  kmsSigner,
  kmsVerifier,
  packParamsFromResult,
  pemVerifier,
  verifyEvidencePack,
} from '../../src/evidence/index.js';
import { UsageError } from '../../src/errors.js';
import { entriesOf, rezip, text } from './craft.js';
import { KMS_ACCOUNT, KMS_REGION, OTHER_KEY_ARN, REPORT_HTML, scanFixture, SIGNING_KEY_ARN, signingEstate, SYMMETRIC_KEY_ARN } from './fixtures.js';

const { result, inventory } = scanFixture();
const files = evidenceFilesFor(result, { inventory, reportHtml: REPORT_HTML });
const params = packParamsFromResult(result);
const saved = { ...process.env };
let sb: RunningSandbox;
let signed: Uint8Array;

beforeAll(async () => {
  sb = await startSandbox({ estate: signingEstate() });
  Object.assign(process.env, sb.env); // AWS_ENDPOINT_URL + credentials: createClientFactory's clients reach the sandbox
  signed = await buildSignedEvidencePack(files, params, kmsSigner(SIGNING_KEY_ARN));
});
afterAll(async () => {
  process.env = saved;
  await sb.close();
});

describe('evidence packs signed with AWS KMS (sandbox)', () => {
  it('signs manifest.json with kms:Sign (RSASSA_PSS_SHA_256, MessageType DIGEST)', () => {
    const info = JSON.parse(text(entriesOf(signed).get('signature.json'))) as Record<string, unknown>;
    expect(info).toMatchObject({ algorithm: 'RSASSA_PSS_SHA_256', keySource: 'aws-kms', keyId: SIGNING_KEY_ARN });
    const calls = sb.calls({ service: 'kms' }).filter((call) => call.operation === 'Sign');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ status: 200, region: KMS_REGION });
  });

  it('an alias ARN signs too; signature.json records the key ARN KMS answers with', async () => {
    const zip = await buildSignedEvidencePack(files, params, kmsSigner(`arn:aws:kms:${KMS_REGION}:${KMS_ACCOUNT}:alias/evidence`));
    expect(JSON.parse(text(entriesOf(zip).get('signature.json')))).toMatchObject({ keyId: SIGNING_KEY_ARN });
  });

  it('verifies with kms:GetPublicKey + local verification, and with kms:Verify', async () => {
    const local = await verifyEvidencePack(signed, { verifier: kmsVerifier(SIGNING_KEY_ARN) });
    expect(local.ok).toBe(true);
    expect(local.signature).toMatchObject({ status: 'valid', verifiedWith: expect.stringContaining('GetPublicKey') });
    const remote = await verifyEvidencePack(signed, { verifier: kmsVerifier(SIGNING_KEY_ARN, { mode: 'kms-verify' }) });
    expect(remote.ok).toBe(true);
    expect(sb.calls({ service: 'kms' }).some((call) => call.operation === 'Verify' && call.status === 200)).toBe(true);
  });

  it('verifies offline with the exported public key (PEM)', async () => {
    const pem = (await kmsPublicKey(SIGNING_KEY_ARN)).export({ type: 'spki', format: 'pem' }) as string;
    const report = await verifyEvidencePack(signed, { verifier: pemVerifier(pem) });
    expect(report.signature.status).toBe('valid');
  });

  it('a tampered signature or another key fails, naming manifest.sig, in both modes', async () => {
    const tampered = rezip(signed, (entries) => {
      const sig = Buffer.from(entries.get('manifest.sig')!);
      sig[5] = sig[5]! ^ 0x80;
      entries.set('manifest.sig', sig);
    });
    for (const mode of ['public-key', 'kms-verify'] as const) {
      const report = await verifyEvidencePack(tampered, { verifier: kmsVerifier(SIGNING_KEY_ARN, { mode }) });
      expect(report.ok, mode).toBe(false);
      expect(report.problems[0]?.file).toBe('manifest.sig');
      const other = await verifyEvidencePack(signed, { verifier: kmsVerifier(OTHER_KEY_ARN, { mode }) });
      expect(other.problems[0]?.file, mode).toBe('manifest.sig');
    }
  });

  it('KMS errors are one-line UsageErrors naming the key and the AWS error', async () => {
    await expect(buildSignedEvidencePack(files, params, kmsSigner(SYMMETRIC_KEY_ARN))).rejects.toThrow(UsageError);
    await expect(buildSignedEvidencePack(files, params, kmsSigner(SYMMETRIC_KEY_ARN))).rejects.toThrow(/kms:Sign failed: InvalidKeyUsageException/);
    await expect(buildSignedEvidencePack(files, params, kmsSigner(`arn:aws:kms:${KMS_REGION}:${KMS_ACCOUNT}:key/missing`))).rejects.toThrow(/NotFoundException/);
    expect(() => kmsSigner('not-an-arn')).toThrow(/expected a KMS key ARN/);
  });
});
