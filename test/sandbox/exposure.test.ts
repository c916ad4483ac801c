import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudWatchLogsClient, DescribeLogGroupsCommand, paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import { GetClusterPolicyCommand, KafkaClient, ListClientVpcConnectionsCommand, paginateListClientVpcConnections } from '@aws-sdk/client-kafka';
import { GetBucketEncryptionCommand, GetBucketLifecycleConfigurationCommand, S3Client } from '@aws-sdk/client-s3';
import { EstateValidationError, startSandbox, validateEstate, type RunningSandbox } from '../../src/sandbox/index.js';
import { PROD, SEC, asJson, assume, cfg, errorOf, tinyEstate } from './helpers.js';

const REGION = 'eu-west-1';
const CLUSTER = `arn:aws:kafka:${REGION}:${SEC}:cluster/alpha/0b6e5c0e-3333-4a8b-9d1e-000000000001-1`;
const BARE = `arn:aws:kafka:${REGION}:${SEC}:cluster/bare/0b6e5c0e-3333-4a8b-9d1e-000000000002-1`;
const KEY = `arn:aws:kms:${REGION}:${SEC}:key/0b6e5c0e-1111-4a8b-9d1e-0000000000ee`;
const POLICY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${PROD}:root` }, Action: ['kafka:CreateVpcConnection'], Resource: CLUSTER }] };
const connections = Array.from({ length: 12 }, (_, i) => ({
  VpcConnectionArn: `arn:aws:kafka:${REGION}:${PROD}:vpc-connection/${PROD}/alpha/0b6e5c0e-aaaa-4a8b-9d1e-0000000000${String(i).padStart(2, '0')}`,
  Owner: PROD,
  Authentication: i % 2 ? 'SASL_IAM' : 'TLS',
  State: 'AVAILABLE',
  CreationTime: '2026-03-01T00:00:00.000Z',
}));
const LIFECYCLE = [
  { ID: 'expire-logs', Status: 'Enabled', Filter: { Prefix: 'msk/' }, Expiration: { Days: 30 }, Transitions: [{ Days: 10, StorageClass: 'STANDARD_IA' }] },
  { ID: 'tagged', Status: 'Disabled', Filter: { And: { Prefix: 'tmp/', Tags: [{ Key: 'purge', Value: 'yes' }] } }, Expiration: { Date: '2027-01-01T00:00:00.000Z' } },
];

const estate = tinyEstate({
  regions: {
    [REGION]: {
      msk: {
        clusters: [
          { ClusterArn: CLUSTER, ClusterName: 'alpha', ClusterType: 'PROVISIONED' },
          { ClusterArn: BARE, ClusterName: 'bare', ClusterType: 'PROVISIONED' },
        ],
        clusterPolicies: { [CLUSTER]: { policy: POLICY } },
        clientVpcConnections: { [CLUSTER]: connections },
      },
      logs: {
        logGroups: [
          { logGroupName: '/msk/alpha', retentionInDays: 400, kmsKeyId: KEY },
          ...Array.from({ length: 60 }, (_, i) => ({ logGroupName: `/msk/alpha-${String(i).padStart(2, '0')}` })),
          { logGroupName: '/other/Alpha' },
        ],
      },
    },
  },
  s3: {
    buckets: [
      { name: 'alpha-broker-logs', region: REGION, encryption: { kmsKeyId: KEY }, lifecycleRules: LIFECYCLE },
      { name: 'plain-broker-logs', region: REGION },
    ],
  },
});

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await startSandbox({ estate });
});
afterAll(() => sb.close());

describe('kafka: GetClusterPolicy and ListClientVpcConnections', () => {
  it('GetClusterPolicy returns the policy as JSON text; a cluster without one, or an unknown cluster, is NotFoundException', async () => {
    const kafka = new KafkaClient(cfg(sb, REGION));
    const out = await kafka.send(new GetClusterPolicyCommand({ ClusterArn: CLUSTER }));
    expect(JSON.parse(out.Policy!)).toEqual(POLICY);
    expect(out.CurrentVersion).toBe('K1');
    expect((await errorOf(() => kafka.send(new GetClusterPolicyCommand({ ClusterArn: BARE })))).name).toBe('NotFoundException');
    expect((await errorOf(() => kafka.send(new GetClusterPolicyCommand({ ClusterArn: `${CLUSTER}x` })))).name).toBe('NotFoundException');
    // Another account sees its own (empty) region: the cluster is not there.
    const prod = new KafkaClient(cfg(sb, REGION, await assume(sb, PROD)));
    expect((await errorOf(() => prod.send(new GetClusterPolicyCommand({ ClusterArn: CLUSTER })))).name).toBe('NotFoundException');
  });

  it('ListClientVpcConnections pages through the connections, deep-equal to the estate', async () => {
    const kafka = new KafkaClient(cfg(sb, REGION));
    const listed = [];
    let pages = 0;
    for await (const page of paginateListClientVpcConnections({ client: kafka, pageSize: 5 }, { ClusterArn: CLUSTER })) {
      pages += 1;
      listed.push(...(page.ClientVpcConnections ?? []));
    }
    expect(pages).toBe(3);
    expect(listed[0]!.CreationTime).toBeInstanceOf(Date);
    expect(asJson(listed)).toEqual(connections);
    expect((await kafka.send(new ListClientVpcConnectionsCommand({ ClusterArn: BARE }))).ClientVpcConnections).toEqual([]);
    expect((await errorOf(() => kafka.send(new ListClientVpcConnectionsCommand({ ClusterArn: CLUSTER, NextToken: 'forged' })))).name).toBe('BadRequestException');
  });
});

describe('logs: DescribeLogGroups', () => {
  it('filters by prefix in name order, pages by 50 and fills in the ARNs', async () => {
    const logs = new CloudWatchLogsClient(cfg(sb, REGION));
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeLogGroups({ client: logs, pageSize: 50 }, { logGroupNamePrefix: '/msk/alpha' })) {
      pages += 1;
      names.push(...(page.logGroups ?? []).map((group) => group.logGroupName!));
    }
    expect(pages).toBe(2);
    expect(names).toHaveLength(61);
    expect(names[0]).toBe('/msk/alpha');
    const first = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/msk/alpha', limit: 1 }))).logGroups![0]!;
    expect(first).toMatchObject({
      logGroupName: '/msk/alpha',
      retentionInDays: 400,
      kmsKeyId: KEY,
      arn: `arn:aws:logs:${REGION}:${SEC}:log-group:/msk/alpha:*`,
      logGroupArn: `arn:aws:logs:${REGION}:${SEC}:log-group:/msk/alpha`,
    });
    expect((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePattern: 'ALPHA-5' }))).logGroups).toHaveLength(10);
    expect((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/nothing' }))).logGroups).toEqual([]);
    expect((await errorOf(() => logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/a', logGroupNamePattern: 'b' })))).name).toBe('InvalidParameterException');
  });
});

describe('s3: GetBucketLifecycleConfiguration and GetBucketEncryption', () => {
  it('returns the estate’s lifecycle rules through the real SDK, or NoSuchLifecycleConfiguration', async () => {
    const s3 = new S3Client(cfg(sb, REGION));
    const out = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'alpha-broker-logs' }));
    expect(out.Rules?.[1]?.Expiration?.Date).toBeInstanceOf(Date);
    expect(asJson(out.Rules)).toEqual(LIFECYCLE);
    const none = await errorOf(() => s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'plain-broker-logs' })));
    expect(none.name).toBe('NoSuchLifecycleConfiguration');
    expect(none.$metadata?.httpStatusCode).toBe(404);
  });

  it('returns SSE-KMS with the bucket key, else SSE-S3; another account is denied', async () => {
    const s3 = new S3Client(cfg(sb, REGION));
    expect((await s3.send(new GetBucketEncryptionCommand({ Bucket: 'alpha-broker-logs' }))).ServerSideEncryptionConfiguration).toEqual({
      Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KEY }, BucketKeyEnabled: true }],
    });
    expect((await s3.send(new GetBucketEncryptionCommand({ Bucket: 'plain-broker-logs' }))).ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault).toEqual({
      SSEAlgorithm: 'AES256',
    });
    const other = new S3Client(cfg(sb, REGION, await assume(sb, PROD)));
    expect((await errorOf(() => other.send(new GetBucketEncryptionCommand({ Bucket: 'alpha-broker-logs' })))).name).toBe('AccessDenied');
  });

  it('records the calls under the S3 operation names', () => {
    const ops = new Set(sb.calls({ service: 's3' }).map((call) => call.operation));
    expect(ops).toEqual(new Set(['GetBucketLifecycleConfiguration', 'GetBucketEncryption']));
  });
});

describe('estate validation of the new resources', () => {
  it('checks log groups, connections and lifecycle rules against the SDK shapes', () => {
    const bad = tinyEstate({
      regions: {
        [REGION]: {
          msk: { clientVpcConnections: { [CLUSTER]: [{ Owner: PROD, Authentcation: 'TLS' }] } },
          logs: { logGroups: [{ logGroupName: '/x', retentionInDays: 'forever' }] },
        },
      },
      s3: { buckets: [{ name: 'bad-bucket', region: REGION, lifecycleRules: [{ ID: 'x' }] }] },
    });
    let issues: { path: string; message: string }[] = [];
    try {
      validateEstate(bad);
    } catch (error) {
      if (error instanceof EstateValidationError) issues = error.issues;
    }
    const paths = issues.map((issue) => issue.path);
    expect(paths).toContain(`accounts[0].regions.${REGION}.msk.clientVpcConnections.${CLUSTER}[0].VpcConnectionArn`);
    expect(paths).toContain(`accounts[0].regions.${REGION}.msk.clientVpcConnections.${CLUSTER}[0].Authentcation`);
    expect(paths).toContain(`accounts[0].regions.${REGION}.logs.logGroups[0].retentionInDays`);
    expect(paths).toContain('accounts[0].s3.buckets[0].lifecycleRules[0].Status');
  });
});
