/** AWS KMS (JSON 1.1, TrentService.*): DescribeKey, GetKeyRotationStatus. */
import { DescribeKey$, GetKeyRotationStatus$ } from '@aws-sdk/client-kms';
import { AwsError } from '../errors.js';
import type { KmsKeyEntry } from '../estate.js';
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
  return {
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

export function kmsService(): ServiceDefinition {
  return {
    signingName: 'kms',
    iamPrefix: 'kms',
    protocol: new JsonRpcProtocol('TrentService', { DescribeKey: DescribeKey$, GetKeyRotationStatus: GetKeyRotationStatus$ }),
    handlers: { DescribeKey: describeKey, GetKeyRotationStatus: getKeyRotationStatus },
    errors: {
      throttle: () => new AwsError('ThrottlingException', 'Rate exceeded', 400),
      internal: () => new AwsError('KMSInternalException', 'An internal error occurred.', 500),
      unavailable: () => new AwsError('ServiceUnavailableException', 'Service Unavailable', 503),
      accessDenied: (message) => new AwsError('AccessDeniedException', message, 400),
    },
  };
}
