import 'aws-sdk-client-mock-vitest/extend';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { collectKmsKeys, referencedKmsKeys, toMskCluster } from '../../src/collect/index.js';
import type { MskCluster } from '../../src/inventory/index.js';
import {
  ACCOUNT,
  CREDENTIALS,
  OTHER_ACCOUNT,
  REGION,
  awsError,
  expectOnlyReadOnlyCalls,
  keyArn,
  roundTrip,
  sdkProvisioned,
  sdkServerless,
} from './support.js';

const kmsMock = mockClient(KMSClient);
const kms = new KMSClient({ region: REGION, credentials: CREDENTIALS });

beforeEach(() => kmsMock.reset());

const CMK = keyArn('0b6e5c0e-1111-4a8b-9d1e-000000000001');
const AWS_MANAGED = keyArn('0b6e5c0e-1111-4a8b-9d1e-0000000000aa');
const CROSS_ACCOUNT = keyArn('0b6e5c0e-1111-4a8b-9d1e-0000000000cc', OTHER_ACCOUNT);

function clusters(...keys: string[]): MskCluster[] {
  return keys.map((keyId, index) => toMskCluster(sdkProvisioned(`c${index}`, { keyId })) as MskCluster);
}

function metadata(arn: string, keyManager: 'AWS' | 'CUSTOMER', extra: Record<string, unknown> = {}) {
  return {
    KeyMetadata: {
      KeyId: arn.split('/')[1],
      Arn: arn,
      AWSAccountId: arn.split(':')[4],
      KeyManager: keyManager,
      KeyState: 'Enabled' as const,
      KeySpec: 'SYMMETRIC_DEFAULT' as const,
      Origin: 'AWS_KMS' as const,
      CreationDate: new Date('2025-01-01T00:00:00Z'),
      ...extra,
    },
  };
}

describe('collectKmsKeys', () => {
  it('describes each distinct key once and checks rotation only for customer-managed keys', async () => {
    kmsMock
      .on(DescribeKeyCommand, { KeyId: CMK })
      .resolves(metadata(CMK, 'CUSTOMER'))
      .on(DescribeKeyCommand, { KeyId: AWS_MANAGED })
      .resolves(metadata(AWS_MANAGED, 'AWS'))
      .on(GetKeyRotationStatusCommand, { KeyId: CMK })
      .resolves({ KeyId: CMK, KeyRotationEnabled: true, RotationPeriodInDays: 180, NextRotationDate: new Date('2026-07-01T00:00:00Z') });

    const result = await collectKmsKeys(kms, [...clusters(CMK, AWS_MANAGED, CMK, AWS_MANAGED), ...[toMskCluster(sdkServerless('s')) as MskCluster]], ACCOUNT, REGION);

    expect(kmsMock).toHaveReceivedCommandTimes(DescribeKeyCommand, 2);
    expect(kmsMock).toHaveReceivedCommandExactlyOnceWith(GetKeyRotationStatusCommand, { KeyId: CMK });
    expect(result).toEqual({
      [CMK]: {
        ok: true,
        value: {
          keyId: '0b6e5c0e-1111-4a8b-9d1e-000000000001',
          arn: CMK,
          keyManager: 'CUSTOMER',
          keyState: 'Enabled',
          keySpec: 'SYMMETRIC_DEFAULT',
          origin: 'AWS_KMS',
          rotation: { ok: true, value: { enabled: true, rotationPeriodInDays: 180, nextRotationDate: '2026-07-01T00:00:00.000Z' } },
        },
      },
      [AWS_MANAGED]: {
        ok: true,
        value: {
          keyId: '0b6e5c0e-1111-4a8b-9d1e-0000000000aa',
          arn: AWS_MANAGED,
          keyManager: 'AWS',
          keyState: 'Enabled',
          keySpec: 'SYMMETRIC_DEFAULT',
          origin: 'AWS_KMS',
        },
      },
    });
    expect(roundTrip(result)).toEqual(result);
    expectOnlyReadOnlyCalls(kmsMock);
  });

  it('passes a cross-account key ARN exactly as referenced and keys the result by it', async () => {
    kmsMock.on(DescribeKeyCommand).resolves(metadata(CROSS_ACCOUNT, 'CUSTOMER'));
    kmsMock.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: false });

    const result = await collectKmsKeys(kms, clusters(CROSS_ACCOUNT), ACCOUNT, REGION);

    expect(kmsMock).toHaveReceivedCommandExactlyOnceWith(DescribeKeyCommand, { KeyId: CROSS_ACCOUNT });
    expect(kmsMock).toHaveReceivedCommandExactlyOnceWith(GetKeyRotationStatusCommand, { KeyId: CROSS_ACCOUNT });
    expect(Object.keys(result)).toEqual([CROSS_ACCOUNT]);
    expect(result[CROSS_ACCOUNT]).toMatchObject({ ok: true, value: { arn: CROSS_ACCOUNT, rotation: { ok: true, value: { enabled: false } } } });
  });

  it('calls GetKeyRotationStatus with the ARN DescribeKey returns when the cluster references a key id', async () => {
    const bareId = '0b6e5c0e-1111-4a8b-9d1e-000000000001';
    kmsMock.on(DescribeKeyCommand).resolves(metadata(CMK, 'CUSTOMER'));
    kmsMock.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: true, RotationPeriodInDays: 365 });

    const result = await collectKmsKeys(kms, clusters(bareId), ACCOUNT, REGION);

    expect(kmsMock).toHaveReceivedCommandWith(DescribeKeyCommand, { KeyId: bareId });
    expect(kmsMock).toHaveReceivedCommandWith(GetKeyRotationStatusCommand, { KeyId: CMK });
    expect(result[bareId]).toMatchObject({ ok: true, value: { rotation: { ok: true, value: { rotationPeriodInDays: 365 } } } });
  });

  it('makes only the key whose DescribeKey is denied unavailable', async () => {
    kmsMock
      .on(DescribeKeyCommand, { KeyId: CROSS_ACCOUNT })
      .rejects(awsError('AccessDeniedException', `User is not authorized to perform: kms:DescribeKey on resource: ${CROSS_ACCOUNT}`))
      .on(DescribeKeyCommand, { KeyId: CMK })
      .resolves(metadata(CMK, 'CUSTOMER'))
      .on(GetKeyRotationStatusCommand)
      .resolves({ KeyRotationEnabled: true, RotationPeriodInDays: 365 });

    const result = await collectKmsKeys(kms, clusters(CROSS_ACCOUNT, CMK), ACCOUNT, REGION);

    expect(result[CROSS_ACCOUNT]).toEqual({
      ok: false,
      error: {
        service: 'kms',
        operation: 'DescribeKey',
        code: 'AccessDeniedException',
        message: `User is not authorized to perform: kms:DescribeKey on resource: ${CROSS_ACCOUNT}`,
        account: ACCOUNT,
        region: REGION,
        resource: CROSS_ACCOUNT,
      },
    });
    expect(result[CMK]).toMatchObject({ ok: true, value: { keyManager: 'CUSTOMER', rotation: { ok: true, value: { enabled: true } } } });
    expect(kmsMock).toHaveReceivedCommandExactlyOnceWith(GetKeyRotationStatusCommand, { KeyId: CMK });
  });

  it('keeps the key available and makes only its rotation unavailable when GetKeyRotationStatus is denied', async () => {
    kmsMock.on(DescribeKeyCommand).resolves(metadata(CMK, 'CUSTOMER', { KeyState: 'PendingDeletion', DeletionDate: new Date('2026-12-01T00:00:00Z') }));
    kmsMock.on(GetKeyRotationStatusCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform: kms:GetKeyRotationStatus'));

    const result = await collectKmsKeys(kms, clusters(CMK), ACCOUNT, REGION);

    expect(result[CMK]).toEqual({
      ok: true,
      value: {
        keyId: '0b6e5c0e-1111-4a8b-9d1e-000000000001',
        arn: CMK,
        keyManager: 'CUSTOMER',
        keyState: 'PendingDeletion',
        keySpec: 'SYMMETRIC_DEFAULT',
        origin: 'AWS_KMS',
        deletionDate: '2026-12-01T00:00:00.000Z',
        rotation: {
          ok: false,
          error: {
            service: 'kms',
            operation: 'GetKeyRotationStatus',
            code: 'AccessDeniedException',
            message: 'not authorized to perform: kms:GetKeyRotationStatus',
            account: ACCOUNT,
            region: REGION,
            resource: CMK,
          },
        },
      },
    });
  });

  it('bounds the number of keys in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    kmsMock.on(DescribeKeyCommand).callsFake(async (input: { KeyId: string }) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return metadata(input.KeyId, 'AWS');
    });
    const keys = Array.from({ length: 10 }, (_, index) => keyArn(`key-${index}`));

    const result = await collectKmsKeys(kms, clusters(...keys), ACCOUNT, REGION, 3);

    expect(Object.keys(result)).toEqual(keys);
    expect(peak).toBe(3);
  });
});

describe('referencedKmsKeys', () => {
  it('dedupes keys across clusters and ignores serverless clusters', () => {
    expect(referencedKmsKeys([...clusters('k1', 'k2', 'k1'), toMskCluster(sdkServerless('s')) as MskCluster])).toEqual(['k1', 'k2']);
  });
});
