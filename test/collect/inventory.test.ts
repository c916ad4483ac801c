import 'aws-sdk-client-mock-vitest/extend';
import { GetClusterPolicyCommand, KafkaClient, ListClustersV2Command, ListKafkaVersionsCommand } from '@aws-sdk/client-kafka';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { beforeEach, describe, expect, it } from 'vitest';
import { CredentialsError, collectInventory, partitionFromArn } from '../../src/collect/index.js';
import { INVENTORY_SCHEMA_VERSION } from '../../src/inventory/index.js';
import { TOOL } from '../../src/package-info.js';
import { ACCOUNT, CREDENTIALS, awsError, expectOnlyReadOnlyCalls, keyArn, roundTrip, sdkProvisioned } from './support.js';

const stsMock = mockClient(STSClient);
const kafkaMock = mockClient(KafkaClient);
const kmsMock = mockClient(KMSClient);
const accountMock = mockClient(AccountClient);
const ec2Mock = mockClient(EC2Client);

const ENABLED_REGIONS = ['us-gov-west-1', 'us-gov-east-1', 'cn-north-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-west-2', 'eu-central-1'];

beforeEach(() => {
  stsMock.reset();
  kafkaMock.reset();
  kmsMock.reset();
  accountMock.reset();
  ec2Mock.reset();
  accountMock.on(ListRegionsCommand).resolves({
    Regions: [
      ...ENABLED_REGIONS.map((RegionName) => ({ RegionName, RegionOptStatus: 'ENABLED_BY_DEFAULT' as const })),
      { RegionName: 'ap-east-1', RegionOptStatus: 'DISABLED' as const },
    ],
  });
});

const GOV_ARN = `arn:aws-us-gov:iam::${ACCOUNT}:role/auditor`;
const CALLER = { Account: ACCOUNT, Arn: `arn:aws-us-gov:sts::${ACCOUNT}:assumed-role/auditor/session`, UserId: 'AROAEXAMPLE:session' };
const NOW = () => new Date('2026-11-20T12:00:00Z');

function mockRegionalKafka(): void {
  // Each region lists one cluster named after the region, encrypted with a region-local key.
  kafkaMock
    .on(ListClustersV2Command)
    .callsFake(async (_input, getClient) => {
      const region = await getClient().config.region();
      return { ClusterInfoList: [sdkProvisioned(`msk-${region}`, { region, keyId: keyArn('cmk', ACCOUNT, region) })] };
    })
    .on(ListKafkaVersionsCommand)
    .resolves({ KafkaVersions: [{ Version: '3.6.0', Status: 'ACTIVE' }] })
    .on(GetClusterPolicyCommand)
    .rejects(awsError('NotFoundException', 'The cluster has no policy', 404));
  // The clusters' security groups exist (their ingress is judged by msk-no-open-ingress, not here).
  ec2Mock.on(DescribeSecurityGroupsCommand).callsFake((input: { Filters?: { Values?: string[] }[] }) => ({
    SecurityGroups: (input.Filters?.[0]?.Values ?? []).map((GroupId) => ({ GroupId })),
  }));
  kmsMock
    .on(DescribeKeyCommand)
    .callsFake(async (input: { KeyId: string }) => ({ KeyMetadata: { KeyId: 'cmk', Arn: input.KeyId, KeyManager: 'CUSTOMER', KeyState: 'Enabled' } }))
    .on(GetKeyRotationStatusCommand)
    .resolves({ KeyRotationEnabled: true, RotationPeriodInDays: 365 });
}

describe('collectInventory', () => {
  it('scans every region as the caller and derives the partition from the caller ARN', async () => {
    stsMock.on(GetCallerIdentityCommand).resolves(CALLER);
    mockRegionalKafka();

    const inventory = await collectInventory({ credentials: CREDENTIALS, regions: ['us-gov-west-1', 'us-gov-east-1'], now: NOW });

    expect(inventory).toMatchObject({
      schemaVersion: INVENTORY_SCHEMA_VERSION,
      kind: 'msk-audit-inventory',
      tool: { name: TOOL.name, version: TOOL.version },
      collectedAt: '2026-11-20T12:00:00.000Z',
      caller: { account: ACCOUNT, arn: CALLER.Arn, userId: CALLER.UserId },
      partition: 'aws-us-gov',
      scope: { accounts: [ACCOUNT], regions: ['us-gov-east-1', 'us-gov-west-1'], regionSelection: 'explicit' },
      errors: [],
    });
    expect(inventory.accountRegions.map((r) => [r.account, r.region])).toEqual([
      [ACCOUNT, 'us-gov-west-1'],
      [ACCOUNT, 'us-gov-east-1'],
    ]);
    for (const accountRegion of inventory.accountRegions) {
      const { region } = accountRegion;
      expect(accountRegion.errors).toEqual([]);
      expect(accountRegion.clusters.ok && accountRegion.clusters.value.map((c) => c.ClusterName)).toEqual([`msk-${region}`]);
      expect(accountRegion.kmsKeys[keyArn('cmk', ACCOUNT, region)]).toMatchObject({
        ok: true,
        value: { rotation: { ok: true, value: { enabled: true, rotationPeriodInDays: 365 } } },
      });
    }
    expect(stsMock).toHaveReceivedCommandOnce(GetCallerIdentityCommand);
    expect(await stsMock.call(0).thisValue.config.region()).toBe('us-gov-west-1');
    expect(roundTrip(inventory)).toEqual(inventory);
    expectOnlyReadOnlyCalls(stsMock, kafkaMock, kmsMock);
  });

  it('reports the commercial partition and dedupes regions', async () => {
    stsMock.on(GetCallerIdentityCommand).resolves({ ...CALLER, Arn: `arn:aws:iam::${ACCOUNT}:user/auditor` });
    mockRegionalKafka();
    const inventory = await collectInventory({ credentials: CREDENTIALS, regions: ['eu-west-1', 'eu-west-1'] });
    expect(inventory.partition).toBe('aws');
    expect(inventory.scope.regions).toEqual(['eu-west-1']);
    expect(inventory.accountRegions).toHaveLength(1);
  });

  it('throws a one-line CredentialsError when GetCallerIdentity fails', async () => {
    stsMock
      .on(GetCallerIdentityCommand)
      .rejects(awsError('InvalidClientTokenId', 'The security token included\nin the request is invalid.', 403));

    const failure = await collectInventory({ credentials: CREDENTIALS, regions: ['eu-west-1'] }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(CredentialsError);
    const error = failure as CredentialsError;
    expect(error.name).toBe('CredentialsError');
    expect(error.message).toBe(
      'Could not verify AWS credentials (sts:GetCallerIdentity in eu-west-1 failed): InvalidClientTokenId: ' +
        'The security token included in the request is invalid.',
    );
    expect(error.message).not.toContain('\n');
    expect(error.collectionError.code).toBe('InvalidClientTokenId');
    expect(kafkaMock).not.toHaveReceivedAnyCommand();
    expect(kmsMock).not.toHaveReceivedAnyCommand();
  });

  it('wraps a credential-chain failure (no credentials at all) the same way', async () => {
    stsMock
      .on(GetCallerIdentityCommand)
      .rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    await expect(collectInventory({ regions: ['eu-west-1'] })).rejects.toThrow(
      /^Could not verify AWS credentials .*CredentialsProviderError: Could not load credentials from any providers$/,
    );
  });

  it('needs at least one region', async () => {
    await expect(collectInventory({ credentials: CREDENTIALS, regions: [] })).rejects.toThrow(RangeError);
    expect(stsMock).not.toHaveReceivedAnyCommand();
  });

  it('bounds the regions scanned at once', async () => {
    stsMock.on(GetCallerIdentityCommand).resolves(CALLER);
    let inFlight = 0;
    let peak = 0;
    kafkaMock.on(ListClustersV2Command).callsFake(async () => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 10));
      inFlight -= 1;
      return { ClusterInfoList: [] };
    });
    kafkaMock.on(ListKafkaVersionsCommand).resolves({ KafkaVersions: [] });
    const regions = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-west-2', 'eu-central-1'];

    const inventory = await collectInventory({ credentials: CREDENTIALS, regions, concurrency: { regions: 2 } });

    expect(inventory.accountRegions.map((r) => r.region)).toEqual(regions);
    expect(peak).toBe(2);
  });
});

describe('partition', () => {
  it('comes from the caller ARN for the China partition too', async () => {
    stsMock.on(GetCallerIdentityCommand).resolves({ ...CALLER, Arn: `arn:aws-cn:iam::${ACCOUNT}:user/auditor` });
    mockRegionalKafka();
    expect((await collectInventory({ credentials: CREDENTIALS, regions: ['cn-north-1'] })).partition).toBe('aws-cn');
  });

  it('falls back to aws for a malformed ARN', () => {
    expect(partitionFromArn(GOV_ARN)).toBe('aws-us-gov');
    expect(partitionFromArn('not-an-arn')).toBe('aws');
  });
});
