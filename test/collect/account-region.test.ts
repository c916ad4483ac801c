import 'aws-sdk-client-mock-vitest/extend';
import {
  DescribeConfigurationRevisionCommand,
  GetClusterPolicyCommand,
  KafkaClient,
  ListClustersV2Command,
  ListKafkaVersionsCommand,
} from '@aws-sdk/client-kafka';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { collectAccountRegion } from '../../src/collect/index.js';
import { configurationKey } from '../../src/inventory/index.js';
import {
  ACCOUNT,
  CREDENTIALS,
  REGION,
  awsError,
  configArn,
  expectOnlyReadOnlyCalls,
  keyArn,
  roundTrip,
  sdkProvisioned,
  sdkServerless,
} from './support.js';

const kafkaMock = mockClient(KafkaClient);
const kmsMock = mockClient(KMSClient);
const clients = {
  kafka: new KafkaClient({ region: REGION, credentials: CREDENTIALS }),
  kms: new KMSClient({ region: REGION, credentials: CREDENTIALS }),
};

beforeEach(() => {
  kafkaMock.reset();
  kmsMock.reset();
});

const CONFIG = configArn('hardened');
const CMK = keyArn('cmk');
const DENIED_KEY = keyArn('denied');

describe('collectAccountRegion', () => {
  it('collects clusters, then configurations, keys and versions, and gathers every error', async () => {
    kafkaMock
      .on(ListClustersV2Command)
      .resolves({
        ClusterInfoList: [
          sdkProvisioned('a', { keyId: CMK, configuration: { arn: CONFIG, revision: 1 } }),
          sdkProvisioned('b', { keyId: DENIED_KEY, configuration: { arn: CONFIG, revision: 2 } }),
          sdkServerless('c'),
        ],
      })
      .on(DescribeConfigurationRevisionCommand, { Revision: 1 })
      .resolves({ Arn: CONFIG, Revision: 1, ServerProperties: new TextEncoder().encode('a=1') })
      .on(DescribeConfigurationRevisionCommand, { Revision: 2 })
      .rejects(awsError('ForbiddenException', 'denied', 403))
      .on(ListKafkaVersionsCommand)
      .resolves({ KafkaVersions: [{ Version: '3.6.0', Status: 'ACTIVE' }] })
      .on(GetClusterPolicyCommand)
      .rejects(awsError('NotFoundException', 'no policy', 404));
    kmsMock
      .on(DescribeKeyCommand, { KeyId: CMK })
      .resolves({ KeyMetadata: { KeyId: 'cmk', Arn: CMK, KeyManager: 'CUSTOMER', KeyState: 'Enabled' } })
      .on(DescribeKeyCommand, { KeyId: DENIED_KEY })
      .rejects(awsError('AccessDeniedException', 'no'))
      .on(GetKeyRotationStatusCommand)
      .rejects(awsError('AccessDeniedException', 'no rotation'));

    const result = await collectAccountRegion(clients, ACCOUNT, REGION);

    expect(result.account).toBe(ACCOUNT);
    expect(result.region).toBe(REGION);
    expect(result.clusters.ok && result.clusters.value.length).toBe(3);
    expect(result.configurations[configurationKey(CONFIG, 1)]?.ok).toBe(true);
    expect(result.configurations[configurationKey(CONFIG, 2)]?.ok).toBe(false);
    expect(result.kmsKeys[CMK]).toMatchObject({ ok: true, value: { rotation: { ok: false } } });
    expect(result.kmsKeys[DENIED_KEY]?.ok).toBe(false);
    expect(result.kafkaVersions).toEqual({ ok: true, value: [{ version: '3.6.0', status: 'ACTIVE' }] });
    expect(result.errors.map((error) => `${error.operation}:${error.code}:${error.resource ?? ''}`)).toEqual([
      `DescribeConfigurationRevision:ForbiddenException:${configurationKey(CONFIG, 2)}`,
      // Keys in the order the clusters reference them: the CMK's rotation, then the denied key.
      `GetKeyRotationStatus:AccessDeniedException:${CMK}`,
      `DescribeKey:AccessDeniedException:${DENIED_KEY}`,
    ]);
    expect(roundTrip(result)).toEqual(result);
    expectOnlyReadOnlyCalls(kafkaMock, kmsMock);
  });

  it('records a denied listing and still collects the Kafka versions', async () => {
    kafkaMock
      .on(ListClustersV2Command)
      .rejects(awsError('AccessDeniedException', 'User is not authorized to perform: kafka:ListClustersV2', 403))
      .on(ListKafkaVersionsCommand)
      .resolves({ KafkaVersions: [{ Version: '3.6.0', Status: 'ACTIVE' }] });

    const result = await collectAccountRegion(clients, ACCOUNT, REGION);

    const listingError = {
      service: 'kafka',
      operation: 'ListClustersV2',
      code: 'AccessDeniedException',
      message: 'User is not authorized to perform: kafka:ListClustersV2',
      account: ACCOUNT,
      region: REGION,
    };
    expect(result).toEqual({
      account: ACCOUNT,
      region: REGION,
      clusters: { ok: false, error: listingError },
      configurations: {},
      kmsKeys: {},
      kafkaVersions: { ok: true, value: [{ version: '3.6.0', status: 'ACTIVE' }] },
      errors: [listingError],
    });
    expect(kafkaMock).toHaveReceivedCommandOnce(ListKafkaVersionsCommand);
    expect(kmsMock).not.toHaveReceivedAnyCommand();
  });

  it('records both errors when the listing and the versions fail', async () => {
    kafkaMock
      .on(ListClustersV2Command)
      .rejects(awsError('AccessDeniedException', 'denied'))
      .on(ListKafkaVersionsCommand)
      .rejects(awsError('AccessDeniedException', 'denied'));
    const result = await collectAccountRegion(clients, ACCOUNT, REGION);
    expect(result.errors.map((error) => error.operation)).toEqual(['ListClustersV2', 'ListKafkaVersions']);
  });
});
