import 'aws-sdk-client-mock-vitest/extend';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetClusterPolicyCommand, KafkaClient, ListClientVpcConnectionsCommand, ListClustersV2Command, ListKafkaVersionsCommand, type Cluster } from '@aws-sdk/client-kafka';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetBucketEncryptionCommand, GetBucketLifecycleConfigurationCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { collectAccountRegion, toMskCluster } from '../../src/collect/index.js';
import { collectBrokerLogBuckets, collectBrokerLogGroups, referencedLogDestinations, toLifecycleRule } from '../../src/collect/broker-log-destinations.js';
import { collectClientVpcConnections } from '../../src/collect/client-vpc-connections.js';
import { collectClusterPolicies } from '../../src/collect/cluster-policies.js';
import { collectSecurityGroups, referencedSecurityGroups, SECURITY_GROUP_BATCH } from '../../src/collect/security-groups.js';
import { parseInventory } from '../../src/inventory/load.js';
import type { MskCluster } from '../../src/inventory/index.js';
import { ACCOUNT, CREDENTIALS, OTHER_ACCOUNT, REGION, awsError, clusterArn, expectOnlyReadOnlyCalls, roundTrip, sdkProvisioned, sdkServerless } from './support.js';

const kafkaMock = mockClient(KafkaClient);
const kmsMock = mockClient(KMSClient);
const ec2Mock = mockClient(EC2Client);
const logsMock = mockClient(CloudWatchLogsClient);
const s3Mock = mockClient(S3Client);
const kafka = new KafkaClient({ region: REGION, credentials: CREDENTIALS });
const ec2 = new EC2Client({ region: REGION, credentials: CREDENTIALS });
const logs = new CloudWatchLogsClient({ region: REGION, credentials: CREDENTIALS });
const s3 = new S3Client({ region: REGION, credentials: CREDENTIALS });

beforeEach(() => {
  for (const mock of [kafkaMock, kmsMock, ec2Mock, logsMock, s3Mock]) mock.reset();
});

function cluster(name: string, mutate?: (c: Cluster) => void): MskCluster {
  const sdk = sdkProvisioned(name);
  mutate?.(sdk);
  return toMskCluster(sdk)!;
}

const withGroups = (...groups: string[]) => (c: Cluster) => (c.Provisioned!.BrokerNodeGroupInfo!.SecurityGroups = groups);
const withLogs = (logGroup?: string, bucket?: string, prefix = 'msk/') => (c: Cluster) => {
  c.Provisioned!.LoggingInfo = {
    BrokerLogs: {
      CloudWatchLogs: logGroup ? { Enabled: true, LogGroup: logGroup } : { Enabled: false },
      S3: bucket ? { Enabled: true, Bucket: bucket, Prefix: prefix } : { Enabled: false },
      Firehose: { Enabled: false },
    },
  };
};
const withVpcConnectivity = (c: Cluster) => {
  c.Provisioned!.BrokerNodeGroupInfo!.ConnectivityInfo = {
    PublicAccess: { Type: 'DISABLED' },
    VpcConnectivity: { ClientAuthentication: { Sasl: { Iam: { Enabled: true }, Scram: { Enabled: false } }, Tls: { Enabled: false } } },
  };
};

describe('collectSecurityGroups', () => {
  it('describes each referenced group once, by group-id filter, reading every page', async () => {
    const clusters = [cluster('a', withGroups('sg-a', 'sg-b')), cluster('b', withGroups('sg-b')), toMskCluster(sdkServerless('s'))!];
    expect(referencedSecurityGroups(clusters)).toEqual(['sg-a', 'sg-b', 'sg-1']);
    ec2Mock
      .on(DescribeSecurityGroupsCommand)
      .resolvesOnce({
        SecurityGroups: [
          {
            GroupId: 'sg-a',
            GroupName: 'a',
            OwnerId: ACCOUNT,
            VpcId: 'vpc-1',
            IpPermissions: [
              { IpProtocol: 'tcp', FromPort: 9092, ToPort: 9092, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
              { IpProtocol: 'tcp', FromPort: 9098, ToPort: 9098, PrefixListIds: [{ PrefixListId: 'pl-1' }], UserIdGroupPairs: [{ GroupId: 'sg-x', UserId: ACCOUNT }, { GroupId: 'sg-y', UserId: OTHER_ACCOUNT }] },
            ],
          },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({ SecurityGroups: [{ GroupId: 'sg-b', OwnerId: ACCOUNT }, { GroupId: 'sg-1', OwnerId: ACCOUNT, IpPermissions: [{ FromPort: 1 }] }] });

    const result = await collectSecurityGroups(ec2, clusters, ACCOUNT, REGION);

    expect(ec2Mock).toHaveReceivedCommandTimes(DescribeSecurityGroupsCommand, 2);
    expect(ec2Mock).toHaveReceivedNthCommandWith(DescribeSecurityGroupsCommand, 1, { Filters: [{ Name: 'group-id', Values: ['sg-a', 'sg-b', 'sg-1'] }], MaxResults: 1000 });
    expect(ec2Mock).toHaveReceivedNthCommandWith(DescribeSecurityGroupsCommand, 2, { NextToken: 'page-2' });
    expect(result.errors).toEqual([]);
    expect(result.groups['sg-a']).toEqual({
      ok: true,
      value: {
        groupId: 'sg-a',
        groupName: 'a',
        ownerId: ACCOUNT,
        vpcId: 'vpc-1',
        ingress: [
          { ipProtocol: 'tcp', fromPort: 9092, toPort: 9092, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: ['::/0'], prefixListIds: [], groupReferences: [] },
          { ipProtocol: 'tcp', fromPort: 9098, toPort: 9098, ipv4Ranges: [], ipv6Ranges: [], prefixListIds: ['pl-1'], groupReferences: ['sg-x', `${OTHER_ACCOUNT}/sg-y`] },
        ],
      },
    });
    // A rule without a protocol is taken as every protocol: it can only fail the check, never pass it.
    expect(result.groups['sg-1']).toMatchObject({ ok: true, value: { ingress: [{ ipProtocol: '-1', fromPort: 1 }] } });
    expect(roundTrip(result)).toEqual(result);
    expectOnlyReadOnlyCalls(ec2Mock);
  });

  it('batches 200 ids per call; a failed batch and a group left out of the answer are unavailable', async () => {
    const ids = Array.from({ length: SECURITY_GROUP_BATCH + 1 }, (_, i) => `sg-${String(i).padStart(4, '0')}`);
    ec2Mock
      .on(DescribeSecurityGroupsCommand)
      .callsFake((input: { Filters?: { Values?: string[] }[] }) => {
        const values = input.Filters?.[0]?.Values ?? [];
        if (values.length === 1) throw awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403);
        return { SecurityGroups: values.slice(1).map((GroupId) => ({ GroupId })) };
      });

    const result = await collectSecurityGroups(ec2, [cluster('a', withGroups(...ids))], ACCOUNT, REGION);

    expect(ec2Mock).toHaveReceivedCommandTimes(DescribeSecurityGroupsCommand, 2);
    expect(result.groups['sg-0000']).toMatchObject({ ok: false, error: { code: 'InvalidGroup.NotFound', resource: 'sg-0000' } });
    expect(result.groups['sg-0001']?.ok).toBe(true);
    expect(result.groups['sg-0200']).toMatchObject({ ok: false, error: { code: 'UnauthorizedOperation', operation: 'DescribeSecurityGroups', resource: 'sg-0200' } });
    expect(result.errors.map((e) => `${e.code} ${e.resource}`)).toEqual(['InvalidGroup.NotFound sg-0000', 'UnauthorizedOperation sg-0200']);
  });
});

describe('collectClusterPolicies', () => {
  it('reads the policy of each provisioned cluster; NotFoundException means none; serverless clusters are not asked', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [] });
    kafkaMock
      .on(GetClusterPolicyCommand, { ClusterArn: clusterArn('a') })
      .resolves({ Policy: policy, CurrentVersion: 'v1' })
      .on(GetClusterPolicyCommand, { ClusterArn: clusterArn('b') })
      .rejects(awsError('NotFoundException', 'The cluster policy does not exist', 404))
      .on(GetClusterPolicyCommand, { ClusterArn: clusterArn('c') })
      .rejects(awsError('ForbiddenException', 'denied', 403))
      .on(GetClusterPolicyCommand, { ClusterArn: clusterArn('d') })
      .resolves({});

    const result = await collectClusterPolicies(kafka, [cluster('a'), cluster('b'), cluster('c'), cluster('d'), toMskCluster(sdkServerless('s'))!], ACCOUNT, REGION);

    expect(result).toEqual({
      [clusterArn('a')]: { ok: true, value: { policy, currentVersion: 'v1' } },
      [clusterArn('b')]: { ok: true, value: { policy: null } },
      [clusterArn('c')]: { ok: false, error: { service: 'kafka', operation: 'GetClusterPolicy', code: 'ForbiddenException', message: 'denied', account: ACCOUNT, region: REGION, resource: clusterArn('c') } },
      [clusterArn('d')]: { ok: false, error: expect.objectContaining({ code: 'MalformedResponse' }) },
    });
    expect(kafkaMock).toHaveReceivedCommandTimes(GetClusterPolicyCommand, 4);
    expectOnlyReadOnlyCalls(kafkaMock);
  });
});

describe('collectClientVpcConnections', () => {
  it('lists every page for clusters with multi-VPC connectivity on, and no one else', async () => {
    kafkaMock
      .on(ListClientVpcConnectionsCommand, { ClusterArn: clusterArn('on') })
      .resolvesOnce({
        ClientVpcConnections: [{ VpcConnectionArn: 'arn:conn-1', Owner: OTHER_ACCOUNT, Authentication: 'SASL_IAM', State: 'AVAILABLE', CreationTime: new Date('2026-03-01T00:00:00Z') }],
        NextToken: 't',
      })
      .resolvesOnce({ ClientVpcConnections: [{ VpcConnectionArn: 'arn:conn-2', Owner: ACCOUNT, Authentication: 'TLS', State: 'REJECTED' }] })
      .on(ListClientVpcConnectionsCommand, { ClusterArn: clusterArn('broken') })
      .resolves({ ClientVpcConnections: [{ VpcConnectionArn: undefined }] });

    const result = await collectClientVpcConnections(kafka, [cluster('on', withVpcConnectivity), cluster('off'), cluster('broken', withVpcConnectivity)], ACCOUNT, REGION);

    expect(result[clusterArn('on')]).toEqual({
      ok: true,
      value: [
        { vpcConnectionArn: 'arn:conn-1', owner: OTHER_ACCOUNT, authentication: 'SASL_IAM', state: 'AVAILABLE', creationTime: '2026-03-01T00:00:00.000Z' },
        { vpcConnectionArn: 'arn:conn-2', owner: ACCOUNT, authentication: 'TLS', state: 'REJECTED' },
      ],
    });
    expect(result[clusterArn('off')]).toBeUndefined();
    expect(result[clusterArn('broken')]).toMatchObject({ ok: false, error: { code: 'MalformedResponse' } });
    expect(kafkaMock).toHaveReceivedCommandTimes(ListClientVpcConnectionsCommand, 3);
  });
});

describe('broker log destinations', () => {
  const clusters = [
    cluster('a', withLogs('/msk/a', 'logs-bucket')),
    cluster('b', withLogs('/msk/a')),
    cluster('c', withLogs('/msk/gone', 'denied-bucket')),
    cluster('off', (c) => (c.Provisioned!.LoggingInfo = { BrokerLogs: { CloudWatchLogs: { Enabled: false, LogGroup: '/msk/off' } } })),
  ];

  it('finds the enabled destinations, once each', () => {
    expect(referencedLogDestinations(clusters)).toEqual({ logGroups: ['/msk/a', '/msk/gone'], buckets: ['logs-bucket', 'denied-bucket'] });
  });

  it('DescribeLogGroups by prefix, paging until the exact name; a name no page lists does not exist', async () => {
    logsMock
      .on(DescribeLogGroupsCommand, { logGroupNamePrefix: '/msk/a' })
      .resolvesOnce({ logGroups: [{ logGroupName: '/msk/a-other', retentionInDays: 1 }], nextToken: 'n' })
      .resolvesOnce({ logGroups: [{ logGroupName: '/msk/a', arn: 'arn:aws:logs:eu-west-1:111122223333:log-group:/msk/a:*', retentionInDays: 400, kmsKeyId: 'arn:key' }], nextToken: 'more' })
      .on(DescribeLogGroupsCommand, { logGroupNamePrefix: '/msk/gone' })
      .resolves({ logGroups: [] });

    const result = await collectBrokerLogGroups(logs, clusters, ACCOUNT, REGION);

    expect(result).toEqual({
      '/msk/a': { ok: true, value: { name: '/msk/a', exists: true, arn: 'arn:aws:logs:eu-west-1:111122223333:log-group:/msk/a:*', retentionInDays: 400, kmsKeyId: 'arn:key' } },
      '/msk/gone': { ok: true, value: { name: '/msk/gone', exists: false } },
    });
    // Stops at the page with the exact name.
    expect(logsMock).toHaveReceivedCommandTimes(DescribeLogGroupsCommand, 3);
    expect(logsMock).toHaveReceivedCommandWith(DescribeLogGroupsCommand, { logGroupNamePrefix: '/msk/a', limit: 50 });
  });

  it('records a denied DescribeLogGroups', async () => {
    logsMock.on(DescribeLogGroupsCommand).rejects(awsError('AccessDeniedException', 'no logs', 400));
    const result = await collectBrokerLogGroups(logs, [clusters[1]!], ACCOUNT, REGION);
    expect(result['/msk/a']).toMatchObject({ ok: false, error: { service: 'logs', operation: 'DescribeLogGroups', code: 'AccessDeniedException', resource: '/msk/a' } });
  });

  it('reads each bucket’s lifecycle and default encryption; the "none" errors are facts, others unavailable', async () => {
    s3Mock
      .on(GetBucketLifecycleConfigurationCommand, { Bucket: 'logs-bucket' })
      .resolves({
        Rules: [
          { ID: 'old', Status: 'Enabled', Prefix: 'legacy/', Expiration: { Days: 30 } },
          { ID: 'tagged', Status: 'Enabled', Filter: { And: { Prefix: 'msk/', Tags: [{ Key: 'k', Value: 'v' }], ObjectSizeGreaterThan: 10 } }, Expiration: { Date: new Date('2027-01-01T00:00:00Z') } },
          { ID: 'all', Status: 'Disabled', Filter: {}, Expiration: { Days: 1 } },
        ],
      })
      .on(GetBucketEncryptionCommand, { Bucket: 'logs-bucket' })
      .resolves({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'arn:key' }, BucketKeyEnabled: true }] } })
      .on(GetBucketLifecycleConfigurationCommand, { Bucket: 'denied-bucket' })
      .rejects(awsError('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist', 404))
      .on(GetBucketEncryptionCommand, { Bucket: 'denied-bucket' })
      .rejects(awsError('AccessDenied', 'Access Denied', 403));

    const result = await collectBrokerLogBuckets(s3, clusters, ACCOUNT, REGION);

    expect(result['logs-bucket']).toEqual({
      bucket: 'logs-bucket',
      lifecycle: {
        ok: true,
        value: {
          configured: true,
          rules: [
            { id: 'old', status: 'Enabled', prefix: 'legacy/', tagFilter: false, sizeFilter: false, expirationDays: 30 },
            { id: 'tagged', status: 'Enabled', prefix: 'msk/', tagFilter: true, sizeFilter: true, expirationDate: '2027-01-01T00:00:00.000Z' },
            { id: 'all', status: 'Disabled', prefix: '', tagFilter: false, sizeFilter: false, expirationDays: 1 },
          ],
        },
      },
      encryption: { ok: true, value: { configured: true, rules: [{ sseAlgorithm: 'aws:kms', kmsKeyId: 'arn:key', bucketKeyEnabled: true }] } },
    });
    expect(result['denied-bucket']).toMatchObject({
      lifecycle: { ok: true, value: { configured: false, rules: [] } },
      encryption: { ok: false, error: { service: 's3', operation: 'GetBucketEncryption', code: 'AccessDenied', resource: 'denied-bucket' } },
    });
    expect(toLifecycleRule({ Status: 'Enabled', Filter: { Tag: { Key: 'a', Value: 'b' } } })).toMatchObject({ prefix: '', tagFilter: true });
    expectOnlyReadOnlyCalls(s3Mock);
  });
});

describe('collectAccountRegion with the exposure clients', () => {
  it('adds security groups, policies, connections, log groups and buckets, gathers their errors, and round-trips the loader', async () => {
    kafkaMock
      .on(ListClustersV2Command)
      .resolves({ ClusterInfoList: [] })
      .on(ListKafkaVersionsCommand)
      .resolves({ KafkaVersions: [] })
      .on(GetClusterPolicyCommand)
      .rejects(awsError('NotFoundException', 'none', 404));
    ec2Mock.on(DescribeSecurityGroupsCommand).rejects(awsError('UnauthorizedOperation', 'no ec2', 403));
    kmsMock.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: 'k', KeyManager: 'AWS', KeyState: 'Enabled' } });
    const withLogging = sdkProvisioned('a');
    withLogs('/msk/a', 'bucket-a')(withLogging);
    kafkaMock.on(ListClustersV2Command).resolves({ ClusterInfoList: [withLogging] });
    logsMock.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: '/msk/a', retentionInDays: 3 }] });
    s3Mock
      .on(GetBucketLifecycleConfigurationCommand)
      .rejects(awsError('NoSuchLifecycleConfiguration', 'none', 404))
      .on(GetBucketEncryptionCommand)
      .rejects(awsError('PermanentRedirect', 'The bucket is in another region', 301));

    const result = await collectAccountRegion({ kafka, kms: new KMSClient({ region: REGION, credentials: CREDENTIALS }), ec2, logs, s3 }, ACCOUNT, REGION);

    expect(result.clusterPolicies).toEqual({ [clusterArn('a')]: { ok: true, value: { policy: null } } });
    expect(result.clientVpcConnections).toEqual({});
    expect(result.securityGroups?.['sg-0123456789abcdef0']?.ok).toBe(false);
    expect(result.brokerLogGroups?.['/msk/a']).toEqual({ ok: true, value: { name: '/msk/a', exists: true, retentionInDays: 3 } });
    expect(result.brokerLogBuckets?.['bucket-a']?.encryption.ok).toBe(false);
    expect(result.errors.map((e) => `${e.operation}:${e.code}`)).toEqual(['DescribeSecurityGroups:UnauthorizedOperation', 'GetBucketEncryption:PermanentRedirect']);
    expectOnlyReadOnlyCalls(kafkaMock, ec2Mock, logsMock, s3Mock);

    const document = {
      schemaVersion: 1,
      kind: 'msk-audit-inventory',
      tool: { name: 'msk-audit', version: '0.0.0' },
      collectedAt: '2026-11-01T00:00:00.000Z',
      caller: { account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/x`, userId: 'AIDA' },
      partition: 'aws',
      scope: { accounts: [ACCOUNT], regions: [REGION], regionSelection: 'explicit' },
      accounts: [],
      accountRegions: [roundTrip(result)],
      errors: [],
    };
    expect(parseInventory(document, 'test').accountRegions[0]).toEqual(roundTrip(result));
  });

  it('collects none of them when the cluster listing fails', async () => {
    kafkaMock.on(ListClustersV2Command).rejects(awsError('AccessDeniedException', 'denied', 403)).on(ListKafkaVersionsCommand).resolves({ KafkaVersions: [] });
    const result = await collectAccountRegion({ kafka, kms: new KMSClient({ region: REGION, credentials: CREDENTIALS }), ec2, logs, s3 }, ACCOUNT, REGION);
    expect(result.securityGroups).toBeUndefined();
    expect(result.clusterPolicies).toBeUndefined();
    expect(ec2Mock).not.toHaveReceivedAnyCommand();
  });
});
