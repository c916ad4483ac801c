import { constants, createHash, createPublicKey, generateKeyPairSync, sign as cryptoSign, verify as cryptoVerify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeKeyCommand, GetPublicKeyCommand, KMSClient, SignCommand, VerifyCommand, type SigningAlgorithmSpec } from '@aws-sdk/client-kms';
import { startSandbox, validateEstate, EstateValidationError, type RunningSandbox } from '../../src/sandbox/index.js';
import { SEC, cfg, errorOf, tinyEstate } from './helpers.js';

const REGION = 'eu-west-1';
const arn = (id: string) => `arn:aws:kms:${REGION}:${SEC}:key/${id}`;
const pinned = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const pinnedPem = pinned.export({ type: 'pkcs8', format: 'pem' }) as string;

const signingKey = (id: string, extra: Record<string, unknown> = {}, entry: Record<string, unknown> = {}) => ({
  metadata: { KeyId: id, Arn: arn(id), KeyUsage: 'SIGN_VERIFY', KeySpec: 'RSA_2048', CustomerMasterKeySpec: 'RSA_2048', ...extra },
  ...entry,
});

const estate = tinyEstate({
  regions: {
    [REGION]: {
      kms: {
        keys: [
          signingKey('sign-generated', {}, { aliases: ['alias/evidence-signing'] }),
          signingKey('sign-pinned', {}, { privateKeyPem: pinnedPem }),
          signingKey('sign-disabled', { KeyState: 'Disabled', Enabled: false }),
          signingKey('sign-pss-only', { SigningAlgorithms: ['RSASSA_PSS_SHA_256'] }),
          signingKey('sign-denied', {}, { deny: ['Sign'] }),
          { metadata: { KeyId: 'symmetric', Arn: arn('symmetric'), KeyUsage: 'ENCRYPT_DECRYPT', KeySpec: 'SYMMETRIC_DEFAULT' } },
        ],
      },
    },
  },
});

let sb: RunningSandbox;
let kms: KMSClient;
beforeAll(async () => {
  sb = await startSandbox({ estate });
  kms = new KMSClient(cfg(sb, REGION));
});
afterAll(() => sb.close());

const message = Buffer.from('{"kind":"msk-audit-evidence-manifest"}\n');
const digestOf = (hash: string) => createHash(hash).update(message).digest();

describe('kms Sign / Verify / GetPublicKey (asymmetric RSA keys)', () => {
  it('DescribeKey shows a signing key with its signing algorithms', async () => {
    const out = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/evidence-signing' }));
    expect(out.KeyMetadata).toMatchObject({ KeyUsage: 'SIGN_VERIFY', KeySpec: 'RSA_2048' });
    expect(out.KeyMetadata?.SigningAlgorithms).toContain('RSASSA_PSS_SHA_256');
    expect(out.KeyMetadata?.EncryptionAlgorithms).toBeUndefined();
  });

  it('GetPublicKey returns the SPKI DER of the pinned key, and a stable generated key', async () => {
    const out = await kms.send(new GetPublicKeyCommand({ KeyId: arn('sign-pinned') }));
    expect(out).toMatchObject({ KeyId: arn('sign-pinned'), KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    const expected = createPublicKey(pinned).export({ type: 'spki', format: 'der' });
    expect(Buffer.from(out.PublicKey!).equals(expected)).toBe(true);
    const a = await kms.send(new GetPublicKeyCommand({ KeyId: 'alias/evidence-signing' }));
    const b = await kms.send(new GetPublicKeyCommand({ KeyId: arn('sign-generated') }));
    expect(Buffer.from(a.PublicKey!).equals(Buffer.from(b.PublicKey!))).toBe(true);
  });

  const cases: [SigningAlgorithmSpec, string, boolean][] = [
    ['RSASSA_PSS_SHA_256', 'sha256', true],
    ['RSASSA_PSS_SHA_384', 'sha384', true],
    ['RSASSA_PSS_SHA_512', 'sha512', true],
    ['RSASSA_PKCS1_V1_5_SHA_256', 'sha256', false],
    ['RSASSA_PKCS1_V1_5_SHA_512', 'sha512', false],
  ];
  for (const [algorithm, hash, pss] of cases) {
    it(`${algorithm}: DIGEST and RAW signatures verify with node:crypto over the message, and with kms:Verify`, async () => {
      const publicKey = createPublicKey(pinned);
      const options = pss ? { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: digestOf(hash).length } : { key: publicKey };
      for (const [type, payload] of [['DIGEST', digestOf(hash)], ['RAW', message]] as const) {
        const out = await kms.send(new SignCommand({ KeyId: arn('sign-pinned'), Message: payload, MessageType: type, SigningAlgorithm: algorithm }));
        expect(out).toMatchObject({ KeyId: arn('sign-pinned'), SigningAlgorithm: algorithm });
        expect(out.Signature).toHaveLength(256);
        expect(cryptoVerify(hash, message, options, out.Signature!), `${algorithm} ${type}`).toBe(true);
        const verified = await kms.send(new VerifyCommand({ KeyId: arn('sign-pinned'), Message: payload, MessageType: type, Signature: out.Signature!, SigningAlgorithm: algorithm }));
        expect(verified).toMatchObject({ SignatureValid: true, SigningAlgorithm: algorithm });
      }
    });
  }

  it('kms:Verify accepts a node:crypto PSS signature and rejects a tampered one', async () => {
    const local = cryptoSign('sha256', message, { key: pinned, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
    const ok = await kms.send(new VerifyCommand({ KeyId: arn('sign-pinned'), Message: digestOf('sha256'), MessageType: 'DIGEST', Signature: local, SigningAlgorithm: 'RSASSA_PSS_SHA_256' }));
    expect(ok.SignatureValid).toBe(true);
    local[7] = local[7]! ^ 1;
    const bad = await errorOf(() => kms.send(new VerifyCommand({ KeyId: arn('sign-pinned'), Message: digestOf('sha256'), MessageType: 'DIGEST', Signature: local, SigningAlgorithm: 'RSASSA_PSS_SHA_256' })));
    expect(bad.name).toBe('KMSInvalidSignatureException');
    const otherMessage = await errorOf(() =>
      kms.send(new VerifyCommand({ KeyId: arn('sign-generated'), Message: digestOf('sha256'), MessageType: 'DIGEST', Signature: local, SigningAlgorithm: 'RSASSA_PSS_SHA_256' })),
    );
    expect(otherMessage.name).toBe('KMSInvalidSignatureException');
  });

  it('errors: wrong key usage, disabled key, bad digest length, algorithm not allowed, denied, unknown key', async () => {
    const sign = (KeyId: string, extra: Partial<{ Message: Uint8Array; SigningAlgorithm: SigningAlgorithmSpec }> = {}) =>
      errorOf(() => kms.send(new SignCommand({ KeyId, Message: digestOf('sha256'), MessageType: 'DIGEST', SigningAlgorithm: 'RSASSA_PSS_SHA_256', ...extra })));
    expect((await sign(arn('symmetric'))).name).toBe('InvalidKeyUsageException');
    expect((await errorOf(() => kms.send(new GetPublicKeyCommand({ KeyId: arn('symmetric') })))).name).toBe('UnsupportedOperationException');
    expect((await sign(arn('sign-disabled'))).name).toBe('DisabledException');
    const short = await sign(arn('sign-pinned'), { Message: Buffer.alloc(20) });
    expect(short.name).toBe('ValidationException');
    expect(short.message).toContain('Digest is invalid length');
    expect((await sign(arn('sign-pinned'), { SigningAlgorithm: 'ECDSA_SHA_256' })).name).toBe('InvalidKeyUsageException');
    expect((await sign(arn('sign-pss-only'), { SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' })).name).toBe('InvalidKeyUsageException');
    const denied = await sign(arn('sign-denied'));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toContain('kms:Sign');
    expect((await sign(arn('nope'))).name).toBe('NotFoundException');
  });

  it('the estate rejects signing keys the sandbox cannot serve, and mismatched privateKeyPem', () => {
    const withKey = (key: Record<string, unknown>) => tinyEstate({ regions: { [REGION]: { kms: { keys: [key] } } } });
    const issues = (key: Record<string, unknown>) => {
      try {
        validateEstate(withKey(key));
        return [];
      } catch (error) {
        return (error as EstateValidationError).issues.map((i) => `${i.path}: ${i.message}`);
      }
    };
    expect(issues(signingKey('ok'))).toEqual([]);
    expect(issues(signingKey('ec', { KeySpec: 'ECC_NIST_P256', CustomerMasterKeySpec: 'ECC_NIST_P256' }))[0]).toMatch(/KeySpec: the sandbox signs with RSA_2048/);
    expect(issues(signingKey('big', { KeySpec: 'RSA_4096', CustomerMasterKeySpec: 'RSA_4096' }, { privateKeyPem: pinnedPem }))[0]).toMatch(/privateKeyPem: must be an RSA private key of 4096 bits/);
    expect(issues(signingKey('junk', {}, { privateKeyPem: 'not a key' }))[0]).toMatch(/privateKeyPem: must be an unencrypted PEM private key/);
    expect(issues({ metadata: { KeyId: 'sym', KeySpec: 'SYMMETRIC_DEFAULT' }, privateKeyPem: pinnedPem })[0]).toMatch(/privateKeyPem: only for SIGN_VERIFY keys/);
  });
});
