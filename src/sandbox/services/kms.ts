/**
 * AWS KMS (JSON 1.1, TrentService.*): DescribeKey, GetKeyRotationStatus, and for asymmetric RSA SIGN_VERIFY
 * keys Sign, Verify and GetPublicKey (RSASSA_PSS_* and RSASSA_PKCS1_V1_5_* with SHA-256/384/512, RAW or
 * DIGEST messages, as KMS signs them: PSS with a salt as long as the digest).
 */
import { constants, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, privateEncrypt, publicDecrypt, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import { DescribeKey$, GetKeyRotationStatus$, GetPublicKey$, Sign$, Verify$ } from '@aws-sdk/client-kms';
import { AwsError } from '../errors.js';
import { SANDBOX_SIGNING_KEY_SPECS, type KmsKeyEntry } from '../estate.js';
import { JsonRpcProtocol } from '../protocols/json-rpc.js';
import { notAuthorized, str, type ServiceContext, type ServiceDefinition } from './types.js';

interface ResolvedKey {
  key: KmsKeyEntry;
  account: string;
  region: string;
  arn: string;
}

const notFound = (message: string) => new AwsError('NotFoundException', message, 400);

/** Key id, key ARN, alias name or alias ARN → the key. ARNs may point to another account (cross-account). */
export function resolveKey(ctx: ServiceContext, keyId: string): ResolvedKey {
  let account = ctx.account;
  let region = ctx.region;
  let id = keyId;
  let alias: string | undefined;
  const arn = /^arn:[\w-]+:kms:([a-z0-9-]+):(\d{12}):(key|alias)\/(.+)$/.exec(keyId);
  if (arn) {
    region = arn[1] ?? region;
    account = arn[2] ?? account;
    if (arn[3] === 'alias') alias = `alias/${arn[4]}`;
    else id = arn[4] ?? '';
  } else if (keyId.startsWith('alias/')) alias = keyId;
  const data = ctx.world.region(account, region);
  if (alias) {
    const target = data?.aliases.get(alias);
    if (!target) throw notFound(`Alias arn:${ctx.world.partition}:kms:${region}:${account}:${alias} is not found.`);
    id = target;
  }
  const key = data?.keys.get(id);
  const keyArn = `arn:${ctx.world.partition}:kms:${region}:${account}:key/${id}`;
  if (!key) throw notFound(`Key '${keyArn}' does not exist`);
  return { key, account, region, arn: keyArn };
}

function checkDenied(ctx: ServiceContext, op: string, r: ResolvedKey): void {
  if (r.key.deny.includes(op)) {
    throw new AwsError('AccessDeniedException', `${notAuthorized(ctx.principal.arn, `kms:${op}`, r.arn)} because no resource-based policy allows the kms:${op} action`, 400);
  }
}

export function keyMetadata(r: ResolvedKey): Record<string, unknown> {
  const m = r.key.metadata;
  const state = str(m.KeyState) ?? 'Enabled';
  const spec = str(m.KeySpec) ?? str(m.CustomerMasterKeySpec) ?? 'SYMMETRIC_DEFAULT';
  const signing = m.KeyUsage === 'SIGN_VERIFY' && spec in SANDBOX_SIGNING_KEY_SPECS;
  return {
    ...(signing ? { SigningAlgorithms: RSA_SIGNING_ALGORITHMS } : {}),
    AWSAccountId: r.account,
    Arn: r.arn,
    CreationDate: '2023-01-01T00:00:00.000Z',
    Description: '',
    KeyUsage: 'ENCRYPT_DECRYPT',
    Origin: 'AWS_KMS',
    KeyManager: 'CUSTOMER',
    MultiRegion: false,
    EncryptionAlgorithms: spec === 'SYMMETRIC_DEFAULT' ? ['SYMMETRIC_DEFAULT'] : undefined,
    ...m,
    KeyState: state,
    Enabled: m.Enabled ?? state === 'Enabled',
    KeySpec: spec,
    CustomerMasterKeySpec: m.CustomerMasterKeySpec ?? spec,
  };
}

function describeKey(ctx: ServiceContext, input: Record<string, unknown>) {
  const r = resolveKey(ctx, str(input.KeyId) ?? '');
  checkDenied(ctx, 'DescribeKey', r);
  return { KeyMetadata: keyMetadata(r) };
}

function getKeyRotationStatus(ctx: ServiceContext, input: Record<string, unknown>) {
  const keyIdInput = str(input.KeyId) ?? '';
  if (keyIdInput.startsWith('alias/') || keyIdInput.includes(':alias/')) throw notFound(`Invalid keyId ${keyIdInput}`);
  const r = resolveKey(ctx, keyIdInput);
  checkDenied(ctx, 'GetKeyRotationStatus', r);
  const meta = keyMetadata(r);
  if (meta.KeySpec !== 'SYMMETRIC_DEFAULT' || meta.Origin === 'EXTERNAL') {
    throw new AwsError('UnsupportedOperationException', `${r.arn} origin or key spec does not support automatic key rotation`, 400);
  }
  const awsManaged = meta.KeyManager === 'AWS';
  const stored = r.key.rotation ?? (awsManaged ? { KeyRotationEnabled: true, RotationPeriodInDays: 365 } : { KeyRotationEnabled: false });
  const enabled = meta.KeyState === 'PendingDeletion' ? false : stored.KeyRotationEnabled;
  if (!enabled) return { KeyId: r.arn, KeyRotationEnabled: false };
  const period = stored.RotationPeriodInDays ?? 365;
  let next = stored.NextRotationDate ? new Date(stored.NextRotationDate) : undefined;
  if (!next) {
    const created = Date.parse(String(meta.CreationDate));
    const periodMs = period * 86_400_000;
    const elapsed = Math.max(0, ctx.now.getTime() - created);
    next = new Date(created + (Math.floor(elapsed / periodMs) + 1) * periodMs);
  }
  return { KeyId: r.arn, KeyRotationEnabled: true, RotationPeriodInDays: period, NextRotationDate: next };
}

// ---------------------------------------------------------------------------------------------------------
// Asymmetric signing keys

const RSA_SIGNING_ALGORITHMS = [
  'RSASSA_PKCS1_V1_5_SHA_256',
  'RSASSA_PKCS1_V1_5_SHA_384',
  'RSASSA_PKCS1_V1_5_SHA_512',
  'RSASSA_PSS_SHA_256',
  'RSASSA_PSS_SHA_384',
  'RSASSA_PSS_SHA_512',
];

interface HashInfo {
  name: 'sha256' | 'sha384' | 'sha512';
  length: number;
  /** DER DigestInfo prefix for EMSA-PKCS1-v1_5. */
  digestInfo: Buffer;
}

const HASHES: Record<string, HashInfo> = {
  SHA_256: { name: 'sha256', length: 32, digestInfo: Buffer.from('3031300d060960864801650304020105000420', 'hex') },
  SHA_384: { name: 'sha384', length: 48, digestInfo: Buffer.from('3041300d060960864801650304020205000430', 'hex') },
  SHA_512: { name: 'sha512', length: 64, digestInfo: Buffer.from('3051300d060960864801650304020305000440', 'hex') },
};

/** The key material of each signing key: from the estate's privateKeyPem, else generated on first use. */
const keyMaterial = new WeakMap<KmsKeyEntry, KeyObject>();

function privateKeyOf(key: KmsKeyEntry, bits: number): KeyObject {
  let material = keyMaterial.get(key);
  if (!material) {
    material = key.privateKeyPem ? createPrivateKey(key.privateKeyPem) : generateKeyPairSync('rsa', { modulusLength: bits }).privateKey;
    keyMaterial.set(key, material);
  }
  return material;
}

/** A key that may sign: enabled, SIGN_VERIFY, an RSA spec; the operation not denied. */
function signingKey(ctx: ServiceContext, op: string, input: Record<string, unknown>): { r: ResolvedKey; meta: Record<string, unknown>; privateKey: KeyObject; bits: number } {
  const keyId = str(input.KeyId);
  if (!keyId) throw validation('1 validation error detected: Value null at \'keyId\' failed to satisfy constraint: Member must not be null');
  const r = resolveKey(ctx, keyId);
  checkDenied(ctx, op, r);
  const meta = keyMetadata(r);
  if (meta.KeyState === 'Disabled') throw new AwsError('DisabledException', `${r.arn} is disabled.`, 400);
  if (meta.KeyState !== 'Enabled') throw new AwsError('KMSInvalidStateException', `${r.arn} is ${String(meta.KeyState)}.`, 400);
  const bits = SANDBOX_SIGNING_KEY_SPECS[String(meta.KeySpec)];
  if (meta.KeyUsage !== 'SIGN_VERIFY' || bits === undefined) {
    if (op === 'GetPublicKey') throw new AwsError('UnsupportedOperationException', `${r.arn} is not an asymmetric key: GetPublicKey is not supported.`, 400);
    throw new AwsError('InvalidKeyUsageException', `${r.arn} key usage is ${String(meta.KeyUsage)} which is not valid for ${op}.`, 400);
  }
  return { r, meta, privateKey: privateKeyOf(r.key, bits), bits };
}

const validation = (message: string) => new AwsError('ValidationException', message, 400);

/** The digest to sign: the message hashed (RAW, at most 4096 bytes) or the message itself (DIGEST, exactly one digest long). */
function messageDigest(input: Record<string, unknown>, algorithm: string, hash: HashInfo): Buffer {
  const message = input.Message;
  if (!(message instanceof Uint8Array) || message.length === 0) throw validation('1 validation error detected: Value at \'message\' failed to satisfy constraint: Member must have length greater than or equal to 1');
  const type = str(input.MessageType) ?? 'RAW';
  if (type === 'DIGEST') {
    if (message.length !== hash.length) throw validation(`Digest is invalid length for algorithm ${algorithm}.`);
    return Buffer.from(message);
  }
  if (type !== 'RAW') throw validation(`1 validation error detected: Value '${type}' at 'messageType' failed to satisfy constraint: Member must satisfy enum value set: [RAW, DIGEST, EXTERNAL_MU]`);
  if (message.length > 4096) throw validation('1 validation error detected: Value at \'message\' failed to satisfy constraint: Member must have length less than or equal to 4096');
  return createHash(hash.name).update(message).digest();
}

function signingAlgorithm(input: Record<string, unknown>, meta: Record<string, unknown>, arn: string): { algorithm: string; pss: boolean; hash: HashInfo } {
  const algorithm = str(input.SigningAlgorithm);
  if (!algorithm) throw validation('1 validation error detected: Value null at \'signingAlgorithm\' failed to satisfy constraint: Member must not be null');
  const match = /^RSASSA_(PSS|PKCS1_V1_5)_(SHA_256|SHA_384|SHA_512)$/.exec(algorithm);
  const allowed = Array.isArray(meta.SigningAlgorithms) ? (meta.SigningAlgorithms as unknown[]) : [];
  if (!match || !allowed.includes(algorithm)) throw new AwsError('InvalidKeyUsageException', `Signing algorithm ${algorithm} is not valid for ${arn}.`, 400);
  return { algorithm, pss: match[1] === 'PSS', hash: HASHES[match[2]!]! };
}

function mgf1(seed: Buffer, length: number, hash: HashInfo): Buffer {
  const chunks: Buffer[] = [];
  for (let counter = 0, produced = 0; produced < length; counter++, produced += hash.length) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    chunks.push(createHash(hash.name).update(seed).update(c).digest());
  }
  return Buffer.concat(chunks).subarray(0, length);
}

/** EMSA-PSS-ENCODE (RFC 8017 §9.1.1) with a salt as long as the digest, as KMS does. */
function pssEncode(digest: Buffer, hash: HashInfo, modBits: number): Buffer {
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const salt = randomBytes(hash.length);
  const h = createHash(hash.name).update(Buffer.alloc(8)).update(digest).update(salt).digest();
  const db = Buffer.concat([Buffer.alloc(emLen - 2 * hash.length - 2), Buffer.from([1]), salt]);
  const mask = mgf1(h, db.length, hash);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= 0xff >>> (8 * emLen - emBits);
  return Buffer.concat([db, h, Buffer.from([0xbc])]);
}

/** EMSA-PSS-VERIFY (RFC 8017 §9.1.2) with the salt length equal to the digest length. */
function pssVerify(digest: Buffer, em: Buffer, hash: HashInfo, modBits: number): boolean {
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  if (em.length > emLen) {
    if (em.subarray(0, em.length - emLen).some((byte) => byte !== 0)) return false;
    em = em.subarray(em.length - emLen);
  }
  if (em.length !== emLen || emLen < 2 * hash.length + 2 || em[emLen - 1] !== 0xbc) return false;
  const topBits = 0xff >>> (8 * emLen - emBits);
  const db = Buffer.from(em.subarray(0, emLen - hash.length - 1));
  const h = em.subarray(emLen - hash.length - 1, emLen - 1);
  if ((db[0]! & ~topBits) !== 0) return false;
  const mask = mgf1(h, db.length, hash);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= topBits;
  const separator = emLen - 2 * hash.length - 2;
  if (db.subarray(0, separator).some((byte) => byte !== 0) || db[separator] !== 1) return false;
  const salt = db.subarray(db.length - hash.length);
  const expected = createHash(hash.name).update(Buffer.alloc(8)).update(digest).update(salt).digest();
  return timingSafeEqual(expected, h);
}

function leftPad(bytes: Buffer, length: number): Buffer {
  return bytes.length >= length ? bytes : Buffer.concat([Buffer.alloc(length - bytes.length), bytes]);
}

function rsaSign(privateKey: KeyObject, bits: number, pss: boolean, hash: HashInfo, digest: Buffer): Buffer {
  if (pss) return privateEncrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, leftPad(pssEncode(digest, hash, bits), Math.ceil(bits / 8)));
  return privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([hash.digestInfo, digest]));
}

function rsaVerify(publicKey: KeyObject, bits: number, pss: boolean, hash: HashInfo, digest: Buffer, signature: Buffer): boolean {
  if (signature.length !== Math.ceil(bits / 8)) return false;
  try {
    if (pss) return pssVerify(digest, publicDecrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, signature), hash, bits);
    const recovered = publicDecrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, signature);
    const expected = Buffer.concat([hash.digestInfo, digest]);
    return recovered.length === expected.length && timingSafeEqual(recovered, expected);
  } catch {
    return false; // e.g. a signature value not below the modulus
  }
}

function sign(ctx: ServiceContext, input: Record<string, unknown>) {
  const { r, meta, privateKey, bits } = signingKey(ctx, 'Sign', input);
  const { algorithm, pss, hash } = signingAlgorithm(input, meta, r.arn);
  const digest = messageDigest(input, algorithm, hash);
  return { KeyId: r.arn, Signature: rsaSign(privateKey, bits, pss, hash, digest), SigningAlgorithm: algorithm };
}

function verify(ctx: ServiceContext, input: Record<string, unknown>) {
  const { r, meta, privateKey, bits } = signingKey(ctx, 'Verify', input);
  const { algorithm, pss, hash } = signingAlgorithm(input, meta, r.arn);
  const digest = messageDigest(input, algorithm, hash);
  const signature = input.Signature;
  if (!(signature instanceof Uint8Array) || signature.length === 0) throw validation('1 validation error detected: Value at \'signature\' failed to satisfy constraint: Member must have length greater than or equal to 1');
  if (!rsaVerify(createPublicKey(privateKey), bits, pss, hash, digest, Buffer.from(signature))) {
    throw new AwsError('KMSInvalidSignatureException', '', 400);
  }
  return { KeyId: r.arn, SignatureValid: true, SigningAlgorithm: algorithm };
}

function getPublicKey(ctx: ServiceContext, input: Record<string, unknown>) {
  const { r, meta, privateKey } = signingKey(ctx, 'GetPublicKey', input);
  return {
    KeyId: r.arn,
    PublicKey: createPublicKey(privateKey).export({ type: 'spki', format: 'der' }),
    KeySpec: meta.KeySpec,
    CustomerMasterKeySpec: meta.CustomerMasterKeySpec,
    KeyUsage: 'SIGN_VERIFY',
    SigningAlgorithms: meta.SigningAlgorithms,
  };
}

export function kmsService(): ServiceDefinition {
  return {
    signingName: 'kms',
    iamPrefix: 'kms',
    protocol: new JsonRpcProtocol('TrentService', {
      DescribeKey: DescribeKey$,
      GetKeyRotationStatus: GetKeyRotationStatus$,
      Sign: Sign$,
      Verify: Verify$,
      GetPublicKey: GetPublicKey$,
    }),
    handlers: { DescribeKey: describeKey, GetKeyRotationStatus: getKeyRotationStatus, Sign: sign, Verify: verify, GetPublicKey: getPublicKey },
    errors: {
      throttle: () => new AwsError('ThrottlingException', 'Rate exceeded', 400),
      internal: () => new AwsError('KMSInternalException', 'An internal error occurred.', 500),
      unavailable: () => new AwsError('ServiceUnavailableException', 'Service Unavailable', 503),
      accessDenied: (message) => new AwsError('AccessDeniedException', message, 400),
    },
  };
}
