import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaClient, ListClustersV2Command, ListKafkaVersionsCommand } from '@aws-sdk/client-kafka';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startSandbox, summarizeCalls, type CallRecord, type CallSummary, type RunningSandbox } from '../../src/sandbox/index.js';
import { SEC, cfg, exampleEstate } from './helpers.js';

const record = (over: Partial<CallRecord>): CallRecord => ({
  service: 'kafka',
  operation: 'ListClustersV2',
  account: SEC,
  region: 'eu-west-1',
  principalArn: 'arn:aws:iam::111111111111:user/msk-auditor',
  status: 200,
  at: '2026-01-01T00:00:00.000Z',
  requestId: 'r',
  ...over,
});

describe('summarizeCalls', () => {
  it('counts calls by operation (ok / throttled / errors), status, error code and account span', () => {
    const summary = summarizeCalls(
      [
        record({ at: '2026-01-01T00:00:00.200Z' }),
        record({ status: 429, errorCode: 'TooManyRequestsException', at: '2026-01-01T00:00:00.100Z' }),
        record({ service: 'kms', operation: 'DescribeKey', status: 400, errorCode: 'ThrottlingException', account: '222222222222' }),
        record({ service: 'kms', operation: 'DescribeKey', status: 400, errorCode: 'AccessDeniedException', account: '222222222222', at: '2026-01-01T00:00:01.000Z' }),
        record({ service: 'kafka', operation: 'ListKafkaVersions', status: 503, errorCode: 'Custom', fault: 'throttle' }),
        record({ status: 0, errorCode: 'ConnectionReset' }),
      ],
      { byAccount: true },
    );
    expect(summary.total).toBe(6);
    expect(summary.byOperation).toEqual({
      'kafka:ListClustersV2': { calls: 3, ok: 1, throttled: 1, errors: 1, firstAt: '2026-01-01T00:00:00.000Z', lastAt: '2026-01-01T00:00:00.200Z' },
      'kms:DescribeKey': { calls: 2, ok: 0, throttled: 1, errors: 1, firstAt: '2026-01-01T00:00:00.000Z', lastAt: '2026-01-01T00:00:01.000Z' },
      'kafka:ListKafkaVersions': { calls: 1, ok: 0, throttled: 1, errors: 0, firstAt: '2026-01-01T00:00:00.000Z', lastAt: '2026-01-01T00:00:00.000Z' },
    });
    expect(summary.byStatus).toEqual({ '200': 1, '429': 1, '400': 2, '503': 1, '0': 1 });
    expect(summary.byErrorCode).toEqual({ TooManyRequestsException: 1, ThrottlingException: 1, AccessDeniedException: 1, Custom: 1, ConnectionReset: 1 });
    expect(summary.byAccount?.[SEC]).toEqual({ calls: 4, firstAt: '2026-01-01T00:00:00.000Z', lastAt: '2026-01-01T00:00:00.200Z' });
    expect(summary.byAccount?.['222222222222']).toEqual({ calls: 2, firstAt: '2026-01-01T00:00:00.000Z', lastAt: '2026-01-01T00:00:01.000Z' });
    expect(summary.firstAt).toBe('2026-01-01T00:00:00.000Z');
    expect(summary.lastAt).toBe('2026-01-01T00:00:01.000Z');
  });

  it('leaves byAccount out unless asked, and has no first/last time for an empty log', () => {
    expect(summarizeCalls([])).toEqual({ total: 0, byOperation: {}, byStatus: {}, byErrorCode: {} });
  });
});

describe('GET /_sandbox/calls/summary', () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await startSandbox({ estate: exampleEstate() });
  });
  afterAll(() => sb.close());

  it('summarises the recorded calls, honours the call filters, and agrees with /_sandbox/calls', async () => {
    sb.addFault({ kind: 'throttle', service: 'kafka', operation: 'ListClustersV2', count: 1 });
    const kafka = new KafkaClient(cfg(sb, 'eu-west-1', undefined, 3));
    await kafka.send(new ListClustersV2Command({})); // throttled once, then retried by the SDK
    await kafka.send(new ListKafkaVersionsCommand({}));
    await new STSClient(cfg(sb, 'us-east-1')).send(new GetCallerIdentityCommand({}));

    const all = (await (await fetch(`${sb.url}/_sandbox/calls/summary?byAccount=true`)).json()) as CallSummary;
    expect(all.total).toBe(4);
    expect(all.byOperation['kafka:ListClustersV2']).toMatchObject({ calls: 2, ok: 1, throttled: 1, errors: 0 });
    expect(all.byOperation['kafka:ListKafkaVersions']).toMatchObject({ calls: 1, ok: 1, throttled: 0, errors: 0 });
    expect(all.byOperation['sts:GetCallerIdentity']).toMatchObject({ calls: 1, ok: 1, throttled: 0, errors: 0 });
    const listing = all.byOperation['kafka:ListClustersV2']!;
    expect(listing.firstAt <= listing.lastAt && listing.lastAt <= all.lastAt!).toBe(true);
    expect(all.byErrorCode).toEqual({ TooManyRequestsException: 1 });
    expect(all.byAccount?.[SEC]?.calls).toBe(4);
    expect(all).toEqual(summarizeCalls(sb.calls(), { byAccount: true }));

    const kafkaOnly = (await (await fetch(`${sb.url}/_sandbox/calls/summary?service=kafka`)).json()) as CallSummary;
    expect(kafkaOnly.total).toBe(3);
    expect(kafkaOnly.byAccount).toBeUndefined();
    expect(Object.keys(kafkaOnly.byOperation).sort()).toEqual(['kafka:ListClustersV2', 'kafka:ListKafkaVersions']);
  });
});
