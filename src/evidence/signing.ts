/**
 * Signing and verifying manifest.json. A signature is always over the SHA-256 of manifest.json's bytes:
 *  - RSASSA_PSS_SHA_256: RSASSA-PSS, SHA-256, MGF1-SHA-256, salt length 32 (what AWS KMS produces);
 *  - ECDSA_SHA_256: ECDSA on P-256 with SHA-256, DER-encoded (what AWS KMS produces).
 * manifest.sig holds the raw signature bytes, so it also checks with stock tools, e.g.
 * `openssl dgst -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 -verify pub.pem -signature manifest.sig manifest.json`.
 *
 * KMS clients come from createClientFactory, so they honour AWS_ENDPOINT_URL, the adaptive retries and pacing.
 */
import { constants, createPrivateKey, createPublicKey, sign as cryptoSign, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { GetPublicKeyCommand, SignCommand, VerifyCommand } from '@aws-sdk/client-kms';
import { createClientFactory, type ClientFactory } from '../aws/clients.js';
import type { CredentialProvider } from '../aws/credentials.js';
import { UsageError } from '../errors.js';
import { sha256, sha256Of, type SignatureAlgorithm, type SignatureInfo } from './manifest.js';

/** RSASSA_PSS_SHA_256's salt length: the digest length, as AWS KMS uses. */
export const PSS_SALT_LENGTH = 32;
export const MIN_RSA_BITS = 2048;

export interface SignatureResult {
  signature: Uint8Array;
  /** The key that signed (KMS answers with the key ARN even when given an alias ARN). */
  keyId: string;
}

/** Something that signs manifest.json. */
export interface PackSigner {
  readonly algorithm: SignatureAlgorithm;
  readonly keySource: SignatureInfo['keySource'];
  /** The key, as it is known before signing (KMS: the ARN given; PEM: `sha256:` of the public key). */
  readonly keyId: string;
  sign(manifest: Uint8Array): Promise<SignatureResult>;
}

export interface VerifyOutcome {
  valid: boolean;
  /** Why the signature does not verify, when that is known beyond "it does not match". */
  detail?: string;
}

/** Something that checks manifest.sig against manifest.json. */
export interface PackVerifier {
  /** Names the key in messages, e.g. `public key pub.pem (sha256:…)`, `AWS KMS key arn:… (kms:GetPublicKey)`. */
  readonly description: string;
  verify(info: SignatureInfo, manifest: Uint8Array, signature: Uint8Array): Promise<VerifyOutcome>;
}

export interface KmsOptions {
  /** Credentials for the KMS client; the SDK's default chain when absent. */
  credentials?: CredentialProvider;
  /** A factory to take the client from (tests); one is created (and destroyed) per call otherwise. */
  factory?: ClientFactory;
  /** How the key is named in error messages (e.g. `--sign-key arn:…`). */
  label?: string;
}

// ---------------------------------------------------------------------------------------------------------
// Local keys

/** `sha256:<hex>` of the key's public half (SubjectPublicKeyInfo, DER). */
export function keyFingerprint(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return `sha256:${sha256Of(publicKey.export({ type: 'spki', format: 'der' }))}`;
}

/** The algorithm a key signs with, or why it cannot be used. */
export function algorithmForKey(key: KeyObject): { algorithm: SignatureAlgorithm } | { problem: string } {
  const type = key.asymmetricKeyType;
  if (type === 'rsa' || type === 'rsa-pss') {
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS) return { problem: `an RSA key of ${bits} bits is too weak (at least ${MIN_RSA_BITS})` };
    const hash = key.asymmetricKeyDetails?.hashAlgorithm;
    if (type === 'rsa-pss' && hash !== undefined && hash !== 'sha256') return { problem: `this RSA-PSS key is restricted to ${hash}, not sha256` };
    return { algorithm: 'RSASSA_PSS_SHA_256' };
  }
  if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === 'prime256v1') return { algorithm: 'ECDSA_SHA_256' };
    return { problem: `EC keys must be on P-256 (prime256v1), not ${curve ?? 'an unknown curve'}` };
  }
  return { problem: `${type ?? 'this'} keys are not supported (use RSA ≥ ${MIN_RSA_BITS} bits or EC P-256)` };
}

function signLocally(key: KeyObject, algorithm: SignatureAlgorithm, data: Uint8Array): Uint8Array {
  return algorithm === 'RSASSA_PSS_SHA_256'
    ? cryptoSign('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: PSS_SALT_LENGTH })
    : cryptoSign('sha256', data, { key, dsaEncoding: 'der' });
}

/** Verifies a signature over `data` with a public key; a key of the wrong kind is an invalid signature, with the reason. */
export function verifyLocally(key: KeyObject, algorithm: SignatureAlgorithm, data: Uint8Array, signature: Uint8Array): VerifyOutcome {
  const suited = algorithmForKey(key);
  if ('problem' in suited) return { valid: false, detail: `the key cannot check it: ${suited.problem}` };
  if (suited.algorithm !== algorithm) {
    return { valid: false, detail: `signature.json says ${algorithm}, but the key is for ${suited.algorithm}` };
  }
  try {
    const valid =
      algorithm === 'RSASSA_PSS_SHA_256'
        ? cryptoVerify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: PSS_SALT_LENGTH }, signature)
        : cryptoVerify('sha256', data, { key, dsaEncoding: 'der' }, signature);
    return { valid };
  } catch {
    return { valid: false, detail: 'the signature is malformed' };
  }
}

/** A signer for a PEM private key (RSA ≥ 2048 bits → RSASSA_PSS_SHA_256; EC P-256 → ECDSA_SHA_256). */
export function pemSigner(pem: string | Uint8Array, source = 'private key'): PackSigner {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: typeof pem === 'string' ? pem : Buffer.from(pem), format: 'pem' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MISSING_PASSPHRASE') throw new UsageError(`${source}: the private key is encrypted; decrypt it first (e.g. openssl pkey -in KEY -out PLAIN)`);
    throw new UsageError(`${source}: not a PEM private key`);
  }
  const suited = algorithmForKey(key);
  if ('problem' in suited) throw new UsageError(`${source}: ${suited.problem}`);
  const keyId = keyFingerprint(key);
  return {
    algorithm: suited.algorithm,
    keySource: 'pem',
    keyId,
    sign: async (manifest) => ({ signature: signLocally(key, suited.algorithm, manifest), keyId }),
  };
}

/** Reads a public key (or a private key, whose public half is used) from PEM. */
export function parsePublicKey(pem: string | Uint8Array, source = 'public key'): KeyObject {
  try {
    return createPublicKey({ key: typeof pem === 'string' ? pem : Buffer.from(pem), format: 'pem' });
  } catch {
    throw new UsageError(`${source}: not a PEM public key`);
  }
}

/** Checks manifest.sig offline with a PEM public key. */
export function pemVerifier(pem: string | Uint8Array, source = 'public key'): PackVerifier {
  const key = parsePublicKey(pem, source);
  const suited = algorithmForKey(key);
  if ('problem' in suited) throw new UsageError(`${source}: ${suited.problem}`);
  return {
    description: `${source} (${keyFingerprint(key)})`,
    verify: async (info, manifest, signature) => verifyLocally(key, info.algorithm, manifest, signature),
  };
}

// ---------------------------------------------------------------------------------------------------------
// AWS KMS

const KMS_KEY_ARN = /^arn:aws[\w-]*:kms:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):(?:key\/[\w-]+|alias\/[\w/+=,.@-]+)$/;

/** The region of a KMS key or alias ARN; a UsageError for anything else. */
export function kmsKeyRegion(arn: string, label = 'KMS key'): string {
  const match = KMS_KEY_ARN.exec(arn);
  if (!match?.[1]) throw new UsageError(`${label}: expected a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID or …:alias/NAME)`);
  return match[1];
}

async function withKms<T>(arn: string, options: KmsOptions, operation: string, call: (factory: ClientFactory, region: string) => Promise<T>): Promise<T> {
  const label = options.label ?? arn;
  const region = kmsKeyRegion(arn, label);
  const factory = options.factory ?? createClientFactory(options.credentials ? { credentials: options.credentials } : {});
  try {
    return await call(factory, region);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${label}: kms:${operation} failed: ${describeAwsError(error)}`);
  } finally {
    if (!options.factory) factory.destroy();
  }
}

function describeAwsError(error: unknown): string {
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  const code = typeof name === 'string' && name !== 'Error' ? name : ((error as NodeJS.ErrnoException)?.code ?? 'Error');
  const text = typeof message === 'string' ? message.split('\n')[0] : String(error);
  return text && text !== code ? `${code}: ${text}` : code;
}

/** Signs with an AWS KMS asymmetric RSA key: kms:Sign, RSASSA_PSS_SHA_256, MessageType DIGEST over SHA-256(manifest.json). */
export function kmsSigner(keyArn: string, options: KmsOptions = {}): PackSigner {
  kmsKeyRegion(keyArn, options.label ?? keyArn);
  return {
    algorithm: 'RSASSA_PSS_SHA_256',
    keySource: 'aws-kms',
    keyId: keyArn,
    sign: (manifest) =>
      withKms(keyArn, options, 'Sign', async (factory, region) => {
        const out = await factory.kms(region).send(
          new SignCommand({ KeyId: keyArn, Message: sha256(manifest), MessageType: 'DIGEST', SigningAlgorithm: 'RSASSA_PSS_SHA_256' }),
        );
        if (!out.Signature || out.Signature.length === 0) throw new UsageError(`${options.label ?? keyArn}: kms:Sign returned no signature`);
        return { signature: out.Signature, keyId: out.KeyId ?? keyArn };
      }),
  };
}

/** The public key of a KMS asymmetric key (kms:GetPublicKey), to verify locally or to export as PEM. */
export async function kmsPublicKey(keyArn: string, options: KmsOptions = {}): Promise<KeyObject> {
  return withKms(keyArn, options, 'GetPublicKey', async (factory, region) => {
    const out = await factory.kms(region).send(new GetPublicKeyCommand({ KeyId: keyArn }));
    if (!out.PublicKey) throw new UsageError(`${options.label ?? keyArn}: kms:GetPublicKey returned no public key`);
    return createPublicKey({ key: Buffer.from(out.PublicKey), format: 'der', type: 'spki' });
  });
}

/**
 * Checks manifest.sig with a KMS key: by default fetches the public key (kms:GetPublicKey) and verifies
 * locally — the same check as `--public-key` with the exported key; with `mode: 'kms-verify'` asks KMS (kms:Verify).
 */
export function kmsVerifier(keyArn: string, options: KmsOptions & { mode?: 'public-key' | 'kms-verify' } = {}): PackVerifier {
  kmsKeyRegion(keyArn, options.label ?? keyArn);
  const mode = options.mode ?? 'public-key';
  return {
    description: `AWS KMS key ${keyArn} (${mode === 'public-key' ? 'kms:GetPublicKey, verified locally' : 'kms:Verify'})`,
    async verify(info, manifest, signature) {
      if (mode === 'public-key') return verifyLocally(await kmsPublicKey(keyArn, options), info.algorithm, manifest, signature);
      return withKms(keyArn, options, 'Verify', async (factory, region) => {
        try {
          const out = await factory.kms(region).send(
            new VerifyCommand({ KeyId: keyArn, Message: sha256(manifest), MessageType: 'DIGEST', Signature: signature, SigningAlgorithm: info.algorithm }),
          );
          return { valid: out.SignatureValid === true };
        } catch (error) {
          const name = (error as { name?: string }).name;
          if (name === 'KMSInvalidSignatureException') return { valid: false };
          if (name === 'InvalidKeyUsageException') return { valid: false, detail: `KMS cannot check it with this key: ${describeAwsError(error)}` };
          throw error;
        }
      });
    },
  };
}
