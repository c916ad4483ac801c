import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { DescribeClusterV2Command, KafkaClient, ListClustersV2Command } from '@aws-sdk/client-kafka';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { startSandbox, type FaultInput, type RunningSandbox } from '../../src/sandbox/index.js';
import { PROD, SEC, assume, cfg, clustersOf, errorOf, exampleEstate, tinyEstate } from './helpers.js';

const estate = exampleEstate();
let sb: RunningSandbox;
beforeAll(async () => {
  sb = await startSandbox({ estate, seed: 99 });
});
afterAll(() => sb.close());

const kafka = (timeoutMs?: number) =>
  new KafkaClient({ ...cfg(sb), ...(timeoutMs ? { requestHandler: new NodeHttpHandler({ requestTimeout: timeoutMs, throwOnRequestTimeout: true }) } : {}) });

async function withFault<T>(fault: FaultInput, fn: () => Promise<T>): Promise<T> {
  sb.clearFaults();
  sb.addFault(fault);
  try {
    return await fn();
  } finally {
    sb.clearFaults();
  }
}

describe('faults surface as the SDK errors a real outage produces', () => {
  it('throttle → TooManyRequestsException (kafka, 429) / Throttling (sts)', async () => {
    const e = await withFault({ kind: 'throttle', service: 'kafka' }, () => errorOf(() => kafka().send(new ListClustersV2Command({}))));
    expect(e.name).toBe('TooManyRequestsException');
    expect(e.$metadata?.httpStatusCode).toBe(429);
    const s = await withFault({ kind: 'throttle', service: 'sts' }, () => errorOf(() => new STSClient(cfg(sb)).send(new GetCallerIdentityCommand({}))));
    expect(s.name).toBe('Throttling');
  });

  it('internal-error → InternalServerErrorException (500); service-unavailable → ServiceUnavailableException (503)', async () => {
    const e = await withFault({ kind: 'internal-error', service: 'kafka' }, () => errorOf(() => kafka().send(new ListClustersV2Command({}))));
    expect([e.name, e.$metadata?.httpStatusCode]).toEqual(['InternalServerErrorException', 500]);
    const u = await withFault({ kind: 'service-unavailable', service: 'kafka' }, () => errorOf(() => kafka().send(new ListClustersV2Command({}))));
    expect([u.name, u.$metadata?.httpStatusCode]).toEqual(['ServiceUnavailableException', 503]);
    const s = await withFault({ kind: 'internal-error', service: 'sts' }, () => errorOf(() => new STSClient(cfg(sb)).send(new GetCallerIdentityCommand({}))));
    expect([s.name, s.$metadata?.httpStatusCode]).toEqual(['InternalFailure', 500]);
    const custom = await withFault({ kind: 'service-unavailable', service: 'kms', errorCode: 'ServiceUnavailable', status: 503 }, () =>
      errorOf(() => new KMSClient(cfg(sb)).send(new DescribeKeyCommand({ KeyId: 'x' }))),
    );
    expect(custom.name).toBe('ServiceUnavailable');
  });

  it('access-denied → AccessDeniedException (kafka) / AccessDenied (sts) / UnauthorizedOperation (ec2)', async () => {
    const e = await withFault({ kind: 'access-denied', service: 'kafka', operation: 'ListClustersV2' }, () => errorOf(() => kafka().send(new ListClustersV2Command({}))));
    expect(e.name).toBe('AccessDeniedException');
    expect(e.message).toContain('kafka:ListClustersV2');
    const s = await withFault({ kind: 'access-denied', service: 'sts' }, () => errorOf(() => new STSClient(cfg(sb)).send(new GetCallerIdentityCommand({}))));
    expect(s.name).toBe('AccessDenied');
    const x = await withFault({ kind: 'access-denied', service: 'ec2' }, () => errorOf(() => new EC2Client(cfg(sb)).send(new DescribeRegionsCommand({}))));
    expect(x.name).toBe('UnauthorizedOperation');
  });

  it('connection-reset destroys the socket → ECONNRESET in the SDK', async () => {
    const e = (await withFault({ kind: 'connection-reset', service: 'kafka' }, () => errorOf(() => kafka().send(new ListClustersV2Command({}))))) as Error & { code?: string };
    expect(e.code).toBe('ECONNRESET');
    expect(sb.calls({ service: 'kafka' }).at(-1)).toMatchObject({ fault: 'connection-reset', errorCode: 'ConnectionReset' });
  });

  it('slow response beyond the client timeout → TimeoutError', async () => {
    const e = await withFault({ kind: 'slow', service: 'kafka', delayMs: 3000 }, () => errorOf(() => kafka(200).send(new ListClustersV2Command({}))));
    expect(e.name).toBe('TimeoutError');
  });

  it('malformed body → deserialisation error (JSON SyntaxError / XML parse error)', async () => {
    const e = await withFault({ kind: 'malformed-body', service: 'kafka' }, () => errorOf(() => kafka().send(new ListClustersV2Command({}))));
    expect(e.name).toBe('SyntaxError');
    expect(e.message).toContain('Deserialization error');
    const s = await withFault({ kind: 'malformed-body', service: 'sts' }, () => errorOf(() => new STSClient(cfg(sb)).send(new GetCallerIdentityCommand({}))));
    expect(s.message).toContain('XML parse error');
  });

  it('truncated body (Content-Length larger than what is sent) → aborted / ECONNRESET', async () => {
    const e = (await withFault({ kind: 'truncated-body', service: 'kafka' }, () => errorOf(() => kafka().send(new ListClustersV2Command({}))))) as Error & { code?: string };
    expect(e.code).toBe('ECONNRESET');
    expect(e.message).toContain('aborted');
  });

  it('unknown-enum → the SDK passes the unknown value through', async () => {
    const out = await withFault({ kind: 'unknown-enum', service: 'kafka', enumValue: 'FUTURE_VALUE' }, () => kafka().send(new ListClustersV2Command({})));
    const c = out.ClusterInfoList![0]!;
    expect(c.State).toBe('FUTURE_VALUE');
    expect(c.ClusterType).toBe('FUTURE_VALUE');
    expect(c.Provisioned?.EncryptionInfo?.EncryptionInTransit?.ClientBroker).toBe('FUTURE_VALUE');
    expect(c.Provisioned?.EnhancedMonitoring).toBe('FUTURE_VALUE');
    expect(c.ClusterArn).toBe(clustersOf(estate, SEC, 'eu-west-1')[0]!.ClusterArn);
  });

  it('matching by account/region/operation, count and seeded probability', async () => {
    sb.clearFaults();
    sb.addFault({ kind: 'throttle', service: 'kafka', account: PROD, operation: 'DescribeClusterV2', count: 2 });
    // the caller account is not affected
    await kafka().send(new ListClustersV2Command({}));
    const prod = new KafkaClient(cfg(sb, 'eu-west-1', await assume(sb, PROD)));
    await prod.send(new ListClustersV2Command({}));
    const arn = String(clustersOf(estate, PROD, 'eu-west-1')[0]!.ClusterArn);
    const results: string[] = [];
    for (let i = 0; i < 4; i++) results.push(await prod.send(new DescribeClusterV2Command({ ClusterArn: arn })).then(() => 'ok', (e: Error) => e.name));
    expect(results).toEqual(['TooManyRequestsException', 'TooManyRequestsException', 'ok', 'ok']);
    expect(sb.faults()[0]?.fired).toBe(2);

    const run = async (seed: number) => {
      const s = await startSandbox({ estate: tinyEstate(), seed });
      s.addFault({ kind: 'internal-error', service: 'sts', probability: 0.5 });
      const out: string[] = [];
      for (let i = 0; i < 12; i++) out.push(await new STSClient(cfg(s)).send(new GetCallerIdentityCommand({})).then(() => '.', () => 'X'));
      await s.close();
      return out.join('');
    };
    const a = await run(5);
    expect(await run(5)).toBe(a);
    expect(a).toContain('X');
    expect(a).toContain('.');
    sb.clearFaults();
  });

  it('faults declared in the estate are active from the start', async () => {
    const s = await startSandbox({ estate: tinyEstate({}, { faults: [{ kind: 'throttle', service: 'sts', count: 1 }] }) });
    try {
      expect((await errorOf(() => new STSClient(cfg(s)).send(new GetCallerIdentityCommand({})))).name).toBe('Throttling');
      expect((await new STSClient(cfg(s)).send(new GetCallerIdentityCommand({}))).Account).toBe(SEC);
    } finally {
      await s.close();
    }
  });
});

describe('rate limits (token buckets per account-region-operation, AWS defaults)', () => {
  const burst = async (n: number, call: () => Promise<unknown>) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(await call().then(() => 'ok', (e: Error) => e.name));
    return out;
  };

  it('CloudTrail LookupEvents 2 rps → ThrottlingException; GetFindings burst 6 → TooManyRequestsException', async () => {
    const s = await startSandbox({ estate: tinyEstate({ regions: { 'eu-west-1': { securityHub: { enabled: true } } } }) });
    try {
      const ct = new CloudTrailClient(cfg(s));
      const r = await burst(3, () => ct.send(new LookupEventsCommand({})));
      expect(r).toEqual(['ok', 'ok', 'ThrottlingException']);
      // another region has its own bucket
      expect(await burst(1, () => new CloudTrailClient(cfg(s, 'us-east-1')).send(new LookupEventsCommand({})))).toEqual(['ok']);
      const hub = new SecurityHubClient(cfg(s));
      const h = await burst(7, () => hub.send(new GetFindingsCommand({})));
      expect(h.slice(0, 6)).toEqual(Array(6).fill('ok'));
      expect(h[6]).toBe('TooManyRequestsException');
    } finally {
      await s.close();
    }
  });

  it('Organizations ListAccounts burst 12; MSK burst 20 → TooManyRequestsException (429)', async () => {
    const s = await startSandbox({ estate: tinyEstate() });
    try {
      const org = new OrganizationsClient(cfg(s, 'us-east-1'));
      const o = await burst(13, () => org.send(new ListAccountsCommand({})));
      expect(o.filter((x) => x === 'ok')).toHaveLength(12);
      expect(o[12]).toBe('TooManyRequestsException');
      const k = new KafkaClient(cfg(s));
      const r = await burst(21, () => k.send(new ListClustersV2Command({})));
      expect(r.filter((x) => x === 'ok').length).toBeGreaterThanOrEqual(20);
      expect(r.at(-1)).toBe('TooManyRequestsException');
    } finally {
      await s.close();
    }
  });

  it('overrides: sts Throttling, kms ThrottlingException, ec2 RequestLimitExceeded, account TooManyRequestsException', async () => {
    const overrides = ['sts', 'kms', 'ec2', 'account'].map((service) => ({ service, rps: 0.01, burst: 1 }));
    const s = await startSandbox({ estate: tinyEstate({}, { rateLimits: { overrides } }) });
    try {
      expect(await burst(2, () => new STSClient(cfg(s)).send(new GetCallerIdentityCommand({})))).toEqual(['ok', 'Throttling']);
      expect((await burst(2, () => new KMSClient(cfg(s)).send(new DescribeKeyCommand({ KeyId: 'x' }))))[1]).toBe('ThrottlingException');
      expect(await burst(2, () => new EC2Client(cfg(s)).send(new DescribeRegionsCommand({})))).toEqual(['ok', 'RequestLimitExceeded']);
      expect(await burst(2, () => new AccountClient(cfg(s, 'us-east-1')).send(new ListRegionsCommand({})))).toEqual(['ok', 'TooManyRequestsException']);
    } finally {
      await s.close();
    }
  });

  it('the SDK standard retry mode rides out a short throttle', async () => {
    const s = await startSandbox({ estate: tinyEstate() });
    try {
      s.addFault({ kind: 'throttle', service: 'sts', count: 2 });
      const out = await new STSClient({ ...cfg(s), maxAttempts: 3 }).send(new GetCallerIdentityCommand({}));
      expect(out.$metadata.attempts).toBe(3);
    } finally {
      await s.close();
    }
  });
});

describe('latency, call log and the HTTP control API', () => {
  it('latency: mean ± jitter per call', async () => {
    const s = await startSandbox({ estate: tinyEstate({}, { latency: { meanMs: 120, jitterMs: 20 } }) });
    try {
      const t = performance.now();
      await new STSClient(cfg(s)).send(new GetCallerIdentityCommand({}));
      expect(performance.now() - t).toBeGreaterThanOrEqual(95);
    } finally {
      await s.close();
    }
  });

  it('every call is recorded with service, operation, account, region, principal, status and error code', async () => {
    const s = await startSandbox({ estate: tinyEstate() });
    try {
      await new STSClient(cfg(s)).send(new GetCallerIdentityCommand({}));
      await errorOf(() => new KMSClient(cfg(s, 'us-east-1')).send(new DescribeKeyCommand({ KeyId: 'missing' })));
      const calls = s.calls();
      expect(calls).toHaveLength(2);
      expect(calls[0]).toMatchObject({ service: 'sts', operation: 'GetCallerIdentity', account: SEC, region: 'eu-west-1', principalArn: `arn:aws:iam::${SEC}:user/tester`, status: 200 });
      expect(calls[1]).toMatchObject({ service: 'kms', operation: 'DescribeKey', region: 'us-east-1', status: 400, errorCode: 'NotFoundException' });
      expect(Date.parse(calls[0]!.at)).not.toBeNaN();
      expect(s.calls({ service: 'kms' })).toHaveLength(1);
      s.resetCalls();
      expect(s.calls()).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('/_sandbox/ control API: faults, calls, findings, env, clock', async () => {
    const s = await startSandbox({ estate: tinyEstate({ regions: { 'eu-west-1': { securityHub: { enabled: true } } } }) });
    try {
      const api = (method: string, path: string, body?: unknown) =>
        fetch(s.url + path, { method, ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}) }).then((r) => r.json() as Promise<unknown>);
      const { id } = (await api('POST', '/_sandbox/faults', { kind: 'access-denied', service: 'sts' })) as { id: string };
      expect(id).toBeTruthy();
      expect((await errorOf(() => new STSClient(cfg(s)).send(new GetCallerIdentityCommand({})))).name).toBe('AccessDenied');
      expect(await api('GET', '/_sandbox/faults')).toMatchObject([{ id, kind: 'access-denied', fired: 1 }]);
      await api('DELETE', `/_sandbox/faults/${id}`);
      await new STSClient(cfg(s)).send(new GetCallerIdentityCommand({}));
      const calls = (await api('GET', '/_sandbox/calls?service=sts')) as { errorCode?: string; status: number }[];
      expect(calls.map((c) => c.errorCode ?? c.status)).toEqual(['AccessDenied', 200]);
      await api('POST', '/_sandbox/faults', { kind: 'throttle' });
      await api('DELETE', '/_sandbox/faults');
      expect(await api('GET', '/_sandbox/faults')).toEqual([]);
      expect(await api('GET', '/_sandbox/env')).toMatchObject({ AWS_ENDPOINT_URL: s.url, AWS_ACCESS_KEY_ID: s.credentials.accessKeyId });
      expect(await api('GET', `/_sandbox/securityhub/findings?account=${SEC}&region=eu-west-1`)).toEqual([]);
      const before = s.now().getTime();
      await api('POST', '/_sandbox/clock/advance', { ms: 3_600_000 });
      expect(s.now().getTime() - before).toBeGreaterThanOrEqual(3_600_000);
      await api('DELETE', '/_sandbox/calls');
      expect(await api('GET', '/_sandbox/calls')).toEqual([]);
      expect(((await api('POST', '/_sandbox/faults', { kind: 'nope' })) as { message: string }).message).toContain('kind');
    } finally {
      await s.close();
    }
  });
});
