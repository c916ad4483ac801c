import 'aws-sdk-client-mock-vitest/extend';
import { KafkaClient, ListClustersV2Command } from '@aws-sdk/client-kafka';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { collectClusters, toJson, toMskCluster } from '../../src/collect/index.js';
import { ACCOUNT, CREDENTIALS, REGION, awsError, expectOnlyReadOnlyCalls, roundTrip, sdkProvisioned, sdkServerless } from './support.js';

const kafkaMock = mockClient(KafkaClient);
const kafka = new KafkaClient({ region: REGION, credentials: CREDENTIALS });

beforeEach(() => kafkaMock.reset());

describe('collectClusters', () => {
  it('follows NextToken across three pages and keeps the listing order', async () => {
    kafkaMock
      .on(ListClustersV2Command, { NextToken: undefined })
      .resolves({ ClusterInfoList: [sdkProvisioned('a'), sdkServerless('b')], NextToken: 't1' })
      .on(ListClustersV2Command, { NextToken: 't1' })
      .resolves({ ClusterInfoList: [sdkProvisioned('c')], NextToken: 't2' })
      .on(ListClustersV2Command, { NextToken: 't2' })
      .resolves({ ClusterInfoList: [sdkServerless('d'), sdkProvisioned('e')] });

    const result = await collectClusters(kafka, ACCOUNT, REGION);

    expect(kafkaMock).toHaveReceivedCommandTimes(ListClustersV2Command, 3);
    expect(result.errors).toEqual([]);
    expect(result.clusters.ok).toBe(true);
    if (!result.clusters.ok) return;
    expect(result.clusters.value.map((c) => c.ClusterName)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(result.clusters.value.map((c) => c.ClusterType)).toEqual(['PROVISIONED', 'SERVERLESS', 'PROVISIONED', 'SERVERLESS', 'PROVISIONED']);
    expect(result.clusters.value[0]?.CreationTime).toBe('2026-01-15T10:00:00.123Z');
    expect(result.clusters.value[1]?.CreationTime).toBe('2026-02-01T00:00:00.000Z');
    expect(roundTrip(result)).toEqual(result);
    expectOnlyReadOnlyCalls(kafkaMock);
  });

  it('asks for 100 clusters per page', async () => {
    kafkaMock.on(ListClustersV2Command).resolves({ ClusterInfoList: [] });
    const result = await collectClusters(kafka, ACCOUNT, REGION);
    expect(result.clusters).toEqual({ ok: true, value: [] });
    expect(kafkaMock).toHaveReceivedCommandWith(ListClustersV2Command, { MaxResults: 100 });
  });

  it('keeps every field as returned, with dates as ISO strings and undefined fields dropped', async () => {
    kafkaMock.on(ListClustersV2Command).resolves({ ClusterInfoList: [sdkProvisioned('payments', { keyId: 'k' })] });
    const result = await collectClusters(kafka, ACCOUNT, REGION);
    if (!result.clusters.ok) throw new Error('expected clusters');
    const [cluster] = result.clusters.value;
    expect(cluster).not.toHaveProperty('ActiveOperationArn');
    expect(cluster?.Provisioned).not.toHaveProperty('ZookeeperConnectString');
    expect(cluster?.Provisioned?.EncryptionInfo?.EncryptionAtRest?.DataVolumeKMSKeyId).toBe('k');
    expect(cluster?.Provisioned?.BrokerNodeGroupInfo?.ClientSubnets).toEqual(['subnet-0a', 'subnet-0b', 'subnet-0c']);
    expect(cluster?.Tags).toEqual({ env: 'prod' });
  });

  it('skips a cluster without ClusterArn and records a MalformedResponse error', async () => {
    const broken = { ...sdkProvisioned('broken'), ClusterArn: undefined };
    kafkaMock.on(ListClustersV2Command).resolves({ ClusterInfoList: [sdkProvisioned('ok'), broken] });
    const result = await collectClusters(kafka, ACCOUNT, REGION);
    expect(result.clusters.ok && result.clusters.value.map((c) => c.ClusterName)).toEqual(['ok']);
    expect(result.errors).toEqual([
      expect.objectContaining({
        service: 'kafka',
        operation: 'ListClustersV2',
        code: 'MalformedResponse',
        account: ACCOUNT,
        region: REGION,
        resource: 'broken',
      }),
    ]);
  });

  it('makes the whole listing unavailable when a page fails (AccessDeniedException)', async () => {
    kafkaMock
      .on(ListClustersV2Command, { NextToken: undefined })
      .resolves({ ClusterInfoList: [sdkProvisioned('a')], NextToken: 't1' })
      .on(ListClustersV2Command, { NextToken: 't1' })
      .rejects(awsError('AccessDeniedException', 'User is not authorized to perform: kafka:ListClustersV2', 403));
    const result = await collectClusters(kafka, ACCOUNT, REGION);
    const error = {
      service: 'kafka',
      operation: 'ListClustersV2',
      code: 'AccessDeniedException',
      message: 'User is not authorized to perform: kafka:ListClustersV2',
      account: ACCOUNT,
      region: REGION,
    };
    expect(result).toEqual({ clusters: { ok: false, error }, errors: [error] });
  });

  it('stops when the service repeats a NextToken', async () => {
    kafkaMock.on(ListClustersV2Command).resolves({ ClusterInfoList: [sdkProvisioned('a')], NextToken: 'same' });
    const result = await collectClusters(kafka, ACCOUNT, REGION);
    expect(kafkaMock).toHaveReceivedCommandTimes(ListClustersV2Command, 2);
    expect(result.clusters.ok).toBe(true);
  });
});

describe('toMskCluster', () => {
  it('returns undefined for a cluster without an ARN', () => {
    expect(toMskCluster({ ClusterName: 'x' })).toBeUndefined();
    expect(toMskCluster({ ClusterArn: '' })).toBeUndefined();
  });
});

describe('toJson', () => {
  it('converts dates, bytes and nested values, dropping undefined', () => {
    const value = {
      when: new Date('2026-03-04T05:06:07Z'),
      bytes: new TextEncoder().encode('hi'),
      nested: [{ a: 1, b: undefined, c: [new Date(0), undefined] }],
      nothing: undefined,
      nan: Number.NaN,
      big: 12n,
      flag: false,
      empty: null,
    };
    const json = toJson(value);
    expect(json).toEqual({
      when: '2026-03-04T05:06:07.000Z',
      bytes: 'aGk=',
      nested: [{ a: 1, c: ['1970-01-01T00:00:00.000Z', null] }],
      nan: null,
      big: '12',
      flag: false,
      empty: null,
    });
    expect(roundTrip(json)).toEqual(json);
    expect(toJson(undefined)).toBeUndefined();
  });

  it('cuts reference cycles instead of recursing forever', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(toJson(cyclic)).toEqual({ a: 1 });
  });
});
