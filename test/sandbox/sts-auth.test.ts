import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { KafkaClient, ListClustersV2Command } from '@aws-sdk/client-kafka';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { DEV, LEGACY, PROD, SEC, asJson, assume, cfg, clustersOf, errorOf, exampleEstate, tinyEstate } from './helpers.js';

const estate = exampleEstate();
let sb: RunningSandbox;
beforeAll(async () => {
  sb = await startSandbox({ estate, seed: 7 });
});
afterAll(() => sb.close());

describe('sts', () => {
  it('GetCallerIdentity is truthful for the base credentials', async () => {
    const out = await new STSClient(cfg(sb)).send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe(SEC);
    expect(out.Arn).toBe('arn:aws:iam::111111111111:user/msk-auditor');
    expect(out.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
  });

  it('AssumeRole into another account: credentials act in that account; ListClustersV2 shows only its clusters', async () => {
    const sts = new STSClient(cfg(sb, 'us-east-1'));
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${PROD}:role/MskAuditReadOnly`, RoleSessionName: 'audit-run', DurationSeconds: 1800 }));
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(out.Credentials?.SecretAccessKey).toHaveLength(40);
    expect(out.Credentials?.SessionToken).toBeTruthy();
    expect(out.Credentials?.Expiration).toBeInstanceOf(Date);
    const ttl = (out.Credentials?.Expiration?.getTime() ?? 0) - sb.now().getTime();
    expect(ttl).toBeGreaterThan(1790_000);
    expect(ttl).toBeLessThanOrEqual(1800_000);
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${PROD}:assumed-role/MskAuditReadOnly/audit-run`);
    expect(out.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:audit-run$/);
    const creds = { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
    const who = await new STSClient(cfg(sb, 'eu-west-1', creds)).send(new GetCallerIdentityCommand({}));
    expect(who.Account).toBe(PROD);
    expect(who.Arn).toBe(out.AssumedRoleUser?.Arn);
    const listed = await new KafkaClient(cfg(sb, 'eu-west-1', creds)).send(new ListClustersV2Command({ MaxResults: 100 }));
    expect(asJson(listed.ClusterInfoList)).toEqual(clustersOf(estate, PROD, 'eu-west-1'));
    expect(listed.ClusterInfoList?.every((c) => c.ClusterArn?.includes(`:${PROD}:`))).toBe(true);
    const calls = sb.calls({ service: 'kafka', account: PROD });
    expect(calls.at(-1)).toMatchObject({ operation: 'ListClustersV2', principalArn: out.AssumedRoleUser?.Arn, status: 200, region: 'eu-west-1' });
  });

  it('role with assumable:false → AccessDenied (403) in the SDK', async () => {
    const e = await errorOf(() => assume(sb, LEGACY));
    expect(e.name).toBe('AccessDenied');
    expect(e.message).toContain(`sts:AssumeRole on resource: arn:aws:iam::${LEGACY}:role/MskAuditReadOnly`);
    expect(e.$metadata?.httpStatusCode).toBe(403);
  });

  it('unknown role or account → AccessDenied', async () => {
    expect((await errorOf(() => assume(sb, DEV, 'NoSuchRole'))).name).toBe('AccessDenied');
    expect((await errorOf(() => assume(sb, '999999999999'))).name).toBe('AccessDenied');
  });

  it('ExternalId must match the trust policy', async () => {
    const tiny = await startSandbox({ estate: tinyEstate() });
    try {
      expect((await errorOf(() => assume(tiny, PROD, 'WithExternalId'))).name).toBe('AccessDenied');
      expect((await errorOf(() => assume(tiny, PROD, 'WithExternalId', { ExternalId: 'wrong' }))).name).toBe('AccessDenied');
      const ok = await assume(tiny, PROD, 'WithExternalId', { ExternalId: 'secret-ext' });
      expect(ok.accessKeyId).toMatch(/^ASIA/);
    } finally {
      await tiny.close();
    }
  });

  it('DurationSeconds: bounds, the role MaxSessionDuration and the role-chaining 1 h limit → ValidationError', async () => {
    const tiny = await startSandbox({ estate: tinyEstate() });
    try {
      expect((await errorOf(() => assume(tiny, PROD, 'MskAuditReadOnly', { DurationSeconds: 600 }))).name).toBe('ValidationError');
      expect((await errorOf(() => assume(tiny, PROD, 'MskAuditReadOnly', { DurationSeconds: 7200 }))).name).toBe('ValidationError');
      const long = await assume(tiny, PROD, 'Long', { DurationSeconds: 43200 });
      expect((long.expiration?.getTime() ?? 0) - tiny.now().getTime()).toBeGreaterThan(43190_000);
      const chained = new STSClient(cfg(tiny, 'us-east-1', long));
      const e = await errorOf(() => chained.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${SEC}:role/MskAuditReadOnly`, RoleSessionName: 'chain', DurationSeconds: 7200 })));
      expect(e.name).toBe('ValidationError');
      const ok = await chained.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${SEC}:role/MskAuditReadOnly`, RoleSessionName: 'chain' }));
      expect(ok.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${SEC}:assumed-role/MskAuditReadOnly/chain`);
    } finally {
      await tiny.close();
    }
  });

  it('a caller that is itself a role session gets session credentials (AWS_SESSION_TOKEN) and the chaining limit', async () => {
    const arn = `arn:aws:sts::${SEC}:assumed-role/AuditRunner/ci-job`;
    const tiny = await startSandbox({ estate: tinyEstate({}, { caller: { accountId: SEC, arn } }) });
    try {
      expect(tiny.env.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
      expect(tiny.env.AWS_SESSION_TOKEN).toBe(tiny.credentials.sessionToken);
      const who = await new STSClient(cfg(tiny)).send(new GetCallerIdentityCommand({}));
      expect(who).toMatchObject({ Account: SEC, Arn: arn });
      expect(who.UserId).toMatch(/^AROA[A-Z2-7]{17}:ci-job$/);
      expect((await errorOf(() => assume(tiny, PROD, 'Long', { DurationSeconds: 7200 }))).name).toBe('ValidationError');
    } finally {
      await tiny.close();
    }
  });

  it('expired session credentials → ExpiredToken (query) / ExpiredTokenException (JSON)', async () => {
    const tiny = await startSandbox({ estate: tinyEstate() });
    try {
      const creds = await assume(tiny, PROD, 'MskAuditReadOnly', { DurationSeconds: 900 });
      const { expiration: _ignored, ...plain } = creds;
      await new STSClient(cfg(tiny, 'eu-west-1', plain)).send(new GetCallerIdentityCommand({}));
      tiny.advanceClock(901_000);
      expect((await errorOf(() => new STSClient(cfg(tiny, 'eu-west-1', plain)).send(new GetCallerIdentityCommand({})))).name).toBe('ExpiredToken');
      expect((await errorOf(() => new KMSClient(cfg(tiny, 'eu-west-1', plain)).send(new DescribeKeyCommand({ KeyId: 'x' })))).name).toBe('ExpiredTokenException');
    } finally {
      await tiny.close();
    }
  });
});

describe('authentication as AWS rejects it', () => {
  const post = (headers: Record<string, string>, body: string, path = '/') =>
    fetch(sb.url + path, { method: 'POST', headers, body }).then(async (r) => ({ status: r.status, headers: r.headers, text: await r.text() }));

  it('unsigned requests → MissingAuthenticationToken in each protocol shape', async () => {
    const json = await post({ 'x-amz-target': 'TrentService.DescribeKey', 'content-type': 'application/x-amz-json-1.1' }, '{"KeyId":"x"}');
    expect(json.status).toBe(400);
    expect(JSON.parse(json.text)).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
    const query = await post({ 'content-type': 'application/x-www-form-urlencoded' }, 'Action=GetCallerIdentity&Version=2011-06-15');
    expect(query.status).toBe(403);
    expect(query.text).toMatch(/<ErrorResponse[^>]*><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code>/);
    const ec2 = await post({ 'content-type': 'application/x-www-form-urlencoded' }, 'Action=DescribeRegions&Version=2016-11-15');
    expect(ec2.text).toMatch(/<Response><Errors><Error><Code>MissingAuthenticationToken<\/Code>/);
    const rest = await fetch(`${sb.url}/api/v2/clusters`);
    expect(rest.status).toBe(403);
    expect(rest.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
  });

  it('malformed Authorization → IncompleteSignature', async () => {
    const r = await post({ authorization: 'AWS4-HMAC-SHA256 Credential=AKIA/2024/eu-west-1', 'content-type': 'application/x-www-form-urlencoded' }, 'Action=GetCallerIdentity&Version=2011-06-15');
    expect(r.text).toContain('<Code>IncompleteSignature</Code>');
  });

  it('unknown access key → InvalidClientTokenId (sts) / UnrecognizedClientException (JSON) / AuthFailure (ec2)', async () => {
    const bogus = { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x'.repeat(40) };
    expect((await errorOf(() => new STSClient(cfg(sb, 'eu-west-1', bogus)).send(new GetCallerIdentityCommand({})))).name).toBe('InvalidClientTokenId');
    expect((await errorOf(() => new KMSClient(cfg(sb, 'eu-west-1', bogus)).send(new DescribeKeyCommand({ KeyId: 'x' })))).name).toBe('UnrecognizedClientException');
    expect((await errorOf(() => new EC2Client(cfg(sb, 'eu-west-1', bogus)).send(new DescribeRegionsCommand({})))).name).toBe('AuthFailure');
  });

  it('signature is verified: a wrong secret → SignatureDoesNotMatch / InvalidSignatureException', async () => {
    const wrong = { accessKeyId: sb.credentials.accessKeyId, secretAccessKey: 'y'.repeat(40) };
    expect((await errorOf(() => new STSClient(cfg(sb, 'eu-west-1', wrong)).send(new GetCallerIdentityCommand({})))).name).toBe('SignatureDoesNotMatch');
    const e = await errorOf(() => new KafkaClient(cfg(sb, 'eu-west-1', wrong)).send(new ListClustersV2Command({})));
    expect(e.name).toBe('InvalidSignatureException');
    expect(e.$metadata?.httpStatusCode).toBe(403);
  });

  it('session credentials without their session token are rejected', async () => {
    const creds = await assume(sb, PROD);
    const e = await errorOf(() => new STSClient(cfg(sb, 'eu-west-1', { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey })).send(new GetCallerIdentityCommand({})));
    expect(e.name).toBe('InvalidClientTokenId');
  });

  it('a disabled opt-in region rejects the credentials; an enabled one accepts them', async () => {
    const e = await errorOf(() => new KafkaClient(cfg(sb, 'ap-east-1')).send(new ListClustersV2Command({})));
    expect(e.name).toBe('UnrecognizedClientException');
    const prod = await assume(sb, PROD); // ap-east-1 is enabled in prod
    const out = await new KafkaClient(cfg(sb, 'ap-east-1', prod)).send(new ListClustersV2Command({}));
    expect(out.ClusterInfoList).toEqual([]);
  });

  it('unknown operations → UnknownOperationException (JSON, REST) / InvalidAction (query), signed by the real SDK', async () => {
    // rewrite the request in the build step (before SigV4 signing) so it is validly signed
    const rewrite = <C extends { middlewareStack: { add: (mw: never, opts: { step: 'build' }) => void } }>(client: C, edit: (req: { headers: Record<string, string>; body?: unknown; path: string }) => void): C => {
      client.middlewareStack.add(((next: (a: unknown) => unknown) => (args: { request: { headers: Record<string, string>; body?: unknown; path: string } }) => {
        edit(args.request);
        return next(args);
      }) as never, { step: 'build' });
      return client;
    };
    const kms = rewrite(new KMSClient(cfg(sb)), (r) => (r.headers['x-amz-target'] = 'TrentService.Encrypt'));
    expect((await errorOf(() => kms.send(new DescribeKeyCommand({ KeyId: 'x' })))).name).toBe('UnknownOperationException');
    const sts = rewrite(new STSClient(cfg(sb)), (r) => {
      r.body = String(r.body).replace('Action=GetCallerIdentity', 'Action=GetSessionToken');
      r.headers['content-length'] = String(Buffer.byteLength(String(r.body)));
    });
    expect((await errorOf(() => sts.send(new GetCallerIdentityCommand({})))).name).toBe('InvalidAction');
    const kafka = rewrite(new KafkaClient(cfg(sb)), (r) => (r.path = '/v1/no-such-thing'));
    const e = await errorOf(() => kafka.send(new ListClustersV2Command({})));
    expect(e.name).toBe('UnknownOperationException');
    expect(e.$metadata?.httpStatusCode).toBe(404);
  });
});

describe('AWS_ENDPOINT_URL: the SDK honours the sandbox env for every service', () => {
  it('clients built with no endpoint or credentials config use RunningSandbox.env', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, sb.env);
    try {
      const who = await new STSClient({ maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));
      expect(who.Account).toBe(SEC);
      const regions = await new EC2Client({ maxAttempts: 1 }).send(new DescribeRegionsCommand({}));
      expect(regions.Regions?.map((r) => r.RegionName)).toEqual(['eu-west-1', 'us-east-1']);
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });
});
