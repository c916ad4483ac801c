import 'aws-sdk-client-mock-vitest/extend';
import { KafkaClient, ListScramSecretsCommand } from '@aws-sdk/client-kafka';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import { DescribeSecretCommand, GetResourcePolicyCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ACMPCAClient, DescribeCertificateAuthorityCommand } from '@aws-sdk/client-acm-pca';
import { KafkaConnectClient, ListConnectorsCommand } from '@aws-sdk/client-kafkaconnect';
import { LambdaClient, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { GetAccountAuthorizationDetailsCommand, IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { DescribeOrganizationCommand, DescribePolicyCommand, ListParentsCommand, ListPoliciesForTargetCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  accountWideRegion,
  attachAccountWide,
  collectAccountRegion,
  collectConnectors,
  collectEventSourceMappings,
  collectIamAccess,
  collectPrivateCas,
  collectScramSecrets,
  factsForChecks,
  GuardrailReader,
  iamRegion,
  toMskCluster,
} from '../../src/collect/index.js';
import { builtinChecks } from '../../checks/index.js';
import { available, type AccountRegionInventory, type MskCluster } from '../../src/inventory/index.js';
import { ACCOUNT, CREDENTIALS, OTHER_ACCOUNT, REGION, awsError, clusterArn, commandNames, keyArn, roundTrip, sdkProvisioned } from './support.js';

const kafkaMock = mockClient(KafkaClient);
const kmsMock = mockClient(KMSClient);
const smMock = mockClient(SecretsManagerClient);
// The installed ACM PCA client (3.523) is older than the mock library's types; its runtime shape is the same.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
const pcaMock = mockClient(ACMPCAClient as never) as unknown as AwsStub<any, any, any>;
const DescribeCa = DescribeCertificateAuthorityCommand as never;
const connectMock = mockClient(KafkaConnectClient);
const lambdaMock = mockClient(LambdaClient);
const iamMock = mockClient(IAMClient);
const orgMock = mockClient(OrganizationsClient);
const MOCKS = [kafkaMock, kmsMock, smMock, pcaMock, connectMock, lambdaMock, iamMock, orgMock];

const config = { region: REGION, credentials: CREDENTIALS, maxAttempts: 1 };
const kafka = new KafkaClient(config);
const kms = new KMSClient(config);
const sm = new SecretsManagerClient(config);
const pcaByRegion = new Map<string, ACMPCAClient>();
const pcaFor = (region: string) => pcaByRegion.get(region) ?? pcaByRegion.set(region, new ACMPCAClient({ ...config, region })).get(region)!;

beforeEach(() => {
  for (const mock of MOCKS) mock.reset();
});

/** Every call made was a read, and no secret value was ever asked for. */
function expectReadOnly(): void {
  const names = commandNames(...MOCKS);
  for (const name of names) expect(name).toMatch(/^(List|Describe|Get)/);
  expect(names.filter((name) => /SecretValue/.test(name))).toEqual([]);
}

const secretArn = (name: string) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:AmazonMSK_${name}-AbCdEf`;

function scram(name: string, enabled = true): MskCluster {
  const cluster = toMskCluster(sdkProvisioned(name)) as MskCluster;
  cluster.Provisioned!.ClientAuthentication = { Sasl: { Scram: { Enabled: enabled }, Iam: { Enabled: false } } };
  return cluster;
}

function mtls(name: string, cas: string[]): MskCluster {
  const cluster = toMskCluster(sdkProvisioned(name)) as MskCluster;
  cluster.Provisioned!.ClientAuthentication = { Tls: { Enabled: true, CertificateAuthorityArnList: cas } };
  return cluster;
}

describe('collectScramSecrets', () => {
  const CMK = keyArn('0b6e5c0e-5555-4a8b-9d1e-000000000005');
  const AT_REST = keyArn('0b6e5c0e-1111-4a8b-9d1e-000000000001');

  it('lists each SCRAM cluster’s secrets (every page), describes each distinct secret once, and reuses known keys', async () => {
    kafkaMock
      .on(ListScramSecretsCommand, { ClusterArn: clusterArn('a') })
      .resolvesOnce({ SecretArnList: [secretArn('alice')], NextToken: 't1' })
      .resolvesOnce({ SecretArnList: [secretArn('bob')] })
      .on(ListScramSecretsCommand, { ClusterArn: clusterArn('b') })
      .resolves({ SecretArnList: [secretArn('alice')] });
    smMock
      .on(DescribeSecretCommand, { SecretId: secretArn('alice') })
      .resolves({ ARN: secretArn('alice'), Name: 'AmazonMSK_alice', KmsKeyId: CMK, RotationEnabled: true, RotationRules: { AutomaticallyAfterDays: 30 }, LastRotatedDate: new Date('2026-10-01T00:00:00Z') })
      .on(DescribeSecretCommand, { SecretId: secretArn('bob') })
      .resolves({ ARN: secretArn('bob'), Name: 'AmazonMSK_bob', KmsKeyId: AT_REST })
      .on(GetResourcePolicyCommand, { SecretId: secretArn('alice') })
      .resolves({ ResourcePolicy: '{"Version":"2012-10-17","Statement":[]}' })
      .on(GetResourcePolicyCommand, { SecretId: secretArn('bob') })
      .resolves({});
    kmsMock
      .on(DescribeKeyCommand, { KeyId: CMK })
      .resolves({ KeyMetadata: { KeyId: 'k', Arn: CMK, KeyManager: 'CUSTOMER', KeyState: 'Enabled' } })
      .on(GetKeyRotationStatusCommand)
      .resolves({ KeyRotationEnabled: true, RotationPeriodInDays: 365 });

    const known = { [AT_REST]: available({ arn: AT_REST, keyManager: 'CUSTOMER', keyState: 'Enabled' }) };
    const result = await collectScramSecrets({ kafka, kms, secretsManager: sm }, [scram('a'), scram('b'), scram('c', false)], known, ACCOUNT, REGION);

    expect(result.scramSecretLists).toEqual({ [clusterArn('a')]: available([secretArn('alice'), secretArn('bob')]), [clusterArn('b')]: available([secretArn('alice')]) });
    expect(kafkaMock).toHaveReceivedCommandTimes(ListScramSecretsCommand, 3);
    expect(smMock).toHaveReceivedCommandTimes(DescribeSecretCommand, 2);
    expect(result.secrets[secretArn('alice')]).toEqual(
      available({
        arn: secretArn('alice'),
        name: 'AmazonMSK_alice',
        kmsKeyId: CMK,
        rotationEnabled: true,
        rotationRules: { automaticallyAfterDays: 30 },
        lastRotatedDate: '2026-10-01T00:00:00.000Z',
        resourcePolicy: available('{"Version":"2012-10-17","Statement":[]}'),
      }),
    );
    expect(result.secrets[secretArn('bob')]).toMatchObject({ ok: true, value: { resourcePolicy: available(null) } });
    // The at-rest key is already known: only the secret's own key is described.
    expect(kmsMock).toHaveReceivedCommandExactlyOnceWith(DescribeKeyCommand, { KeyId: CMK });
    expect(Object.keys(result.kmsKeys)).toEqual([CMK]);
    expect(result.errors).toEqual([]);
    expect(roundTrip(result)).toEqual(result);
    expectReadOnly();
  });

  it('turns each denied call into an unavailable fact and an error', async () => {
    kafkaMock
      .on(ListScramSecretsCommand, { ClusterArn: clusterArn('a') })
      .rejects(awsError('ForbiddenException', 'denied', 403))
      .on(ListScramSecretsCommand, { ClusterArn: clusterArn('b') })
      .resolves({ SecretArnList: [secretArn('x'), secretArn('y')] });
    smMock
      .on(DescribeSecretCommand, { SecretId: secretArn('x') })
      .rejects(awsError('AccessDeniedException', 'no'))
      .on(DescribeSecretCommand, { SecretId: secretArn('y') })
      .resolves({ ARN: secretArn('y') })
      .on(GetResourcePolicyCommand)
      .rejects(awsError('AccessDeniedException', 'no policy for you'));
    const result = await collectScramSecrets({ kafka, kms, secretsManager: sm }, [scram('a'), scram('b')], {}, ACCOUNT, REGION);
    expect(result.scramSecretLists[clusterArn('a')]).toMatchObject({ ok: false, error: { service: 'kafka', operation: 'ListScramSecrets', code: 'ForbiddenException', resource: clusterArn('a') } });
    expect(result.secrets[secretArn('x')]).toMatchObject({ ok: false, error: { operation: 'DescribeSecret' } });
    expect(result.secrets[secretArn('y')]).toMatchObject({ ok: true, value: { resourcePolicy: { ok: false, error: { operation: 'GetResourcePolicy' } } } });
    expect(result.errors.map((e) => e.operation)).toEqual(['ListScramSecrets', 'DescribeSecret', 'GetResourcePolicy']);
    expect(kmsMock.calls()).toHaveLength(0);
  });
});

describe('collectPrivateCas', () => {
  const here = `arn:aws:acm-pca:${REGION}:${ACCOUNT}:certificate-authority/0b6e5c0e-6666-4a8b-9d1e-000000000006`;
  const elsewhere = `arn:aws:acm-pca:us-east-1:${OTHER_ACCOUNT}:certificate-authority/0b6e5c0e-6666-4a8b-9d1e-000000000007`;

  it('describes each distinct CA once, in the region its ARN names; a denied one is unavailable', async () => {
    pcaMock
      .on(DescribeCa, { CertificateAuthorityArn: here })
      .resolves({
        CertificateAuthority: {
          Arn: here,
          Status: 'ACTIVE',
          Type: 'ROOT',
          NotAfter: new Date('2035-01-01T00:00:00Z'),
          CertificateAuthorityConfiguration: { KeyAlgorithm: 'EC_prime256v1', SigningAlgorithm: 'SHA256WITHECDSA', Subject: {} },
          RevocationConfiguration: { OcspConfiguration: { Enabled: true } },
        },
      })
      .on(DescribeCa, { CertificateAuthorityArn: elsewhere })
      .rejects(awsError('AccessDeniedException', 'not yours'));
    const regions: string[] = [];
    const result = await collectPrivateCas((region) => (regions.push(region), pcaFor(region)), [mtls('a', [here, elsewhere]), mtls('b', [here])], ACCOUNT, REGION);
    expect(regions.sort()).toEqual([REGION, 'us-east-1']);
    expect(pcaMock).toHaveReceivedCommandTimes(DescribeCa, 2);
    expect(result.privateCas[here]).toEqual(
      available({ arn: here, status: 'ACTIVE', type: 'ROOT', keyAlgorithm: 'EC_prime256v1', signingAlgorithm: 'SHA256WITHECDSA', notAfter: '2035-01-01T00:00:00.000Z', ocspEnabled: true }),
    );
    expect(result.privateCas[elsewhere]).toMatchObject({ ok: false, error: { service: 'acm-pca', region: 'us-east-1', code: 'AccessDeniedException', resource: elsewhere } });
    expect(result.errors).toHaveLength(1);
    expectReadOnly();
  });
});

describe('collectConnectors and collectEventSourceMappings', () => {
  it('reads every page of connectors', async () => {
    connectMock
      .on(ListConnectorsCommand)
      .resolvesOnce({ connectors: [{ connectorArn: 'arn:c1', connectorName: 'c1', kafkaClusterEncryptionInTransit: { encryptionType: 'TLS' } }], nextToken: 'n' })
      .resolvesOnce({
        connectors: [{ connectorArn: 'arn:c2', connectorName: 'c2', logDelivery: { workerLogDelivery: { s3: { enabled: true, bucket: 'logs' } } }, kafkaClusterClientAuthentication: { authenticationType: 'NONE' } }],
      });
    const result = await collectConnectors(new KafkaConnectClient(config), ACCOUNT, REGION);
    expect(result).toEqual(
      available([
        { arn: 'arn:c1', name: 'c1', encryptionInTransit: 'TLS' },
        { arn: 'arn:c2', name: 'c2', clientAuthentication: 'NONE', workerLogDelivery: { s3: { enabled: true, bucket: 'logs' } } },
      ]),
    );
    expect(connectMock).toHaveReceivedNthCommandWith(ListConnectorsCommand, 2, { nextToken: 'n' });
  });

  it('a failing connector listing is unavailable', async () => {
    connectMock.on(ListConnectorsCommand).rejects(awsError('ForbiddenException', 'denied', 403));
    expect(await collectConnectors(new KafkaConnectClient(config), ACCOUNT, REGION)).toMatchObject({ ok: false, error: { service: 'kafkaconnect', operation: 'ListConnectors' } });
  });

  it('keeps only the MSK mappings, from every page', async () => {
    const msk = clusterArn('a');
    lambdaMock
      .on(ListEventSourceMappingsCommand)
      .resolvesOnce({ EventSourceMappings: [{ UUID: 'u1', EventSourceArn: msk, FunctionArn: 'arn:f1', State: 'Enabled' }, { UUID: 'u2', EventSourceArn: 'arn:aws:sqs:eu-west-1:111122223333:q' }], NextMarker: 'm' })
      .resolvesOnce({ EventSourceMappings: [{ UUID: 'u3', EventSourceArn: msk, SourceAccessConfigurations: [{ Type: 'SASL_SCRAM_512_AUTH', URI: 'arn:s' }] }, { UUID: 'u4' }] });
    const result = await collectEventSourceMappings(new LambdaClient(config), ACCOUNT, REGION);
    expect(result).toEqual(
      available([
        { uuid: 'u1', eventSourceArn: msk, functionArn: 'arn:f1', state: 'Enabled', sourceAccessConfigurations: [] },
        { uuid: 'u3', eventSourceArn: msk, sourceAccessConfigurations: [{ type: 'SASL_SCRAM_512_AUTH', uri: 'arn:s' }] },
      ]),
    );
    expect(lambdaMock).toHaveReceivedNthCommandWith(ListEventSourceMappingsCommand, 2, { Marker: 'm' });
  });
});

describe('collectIamAccess', () => {
  const doc = (statement: object) => encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: statement }));
  const KAFKA = doc([{ Effect: 'Allow', Action: 'kafka-cluster:Connect', Resource: '*' }]);
  const S3 = doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]);
  const ADMIN = doc({ Effect: 'Allow', Action: '*', Resource: '*' });

  it('reads every page, folds group policies into users, keeps kafka-relevant statements, lists keys only where they matter', async () => {
    iamMock
      .on(GetAccountAuthorizationDetailsCommand)
      .resolvesOnce({
        UserDetailList: [
          { UserName: 'etl', Arn: `arn:aws:iam::${ACCOUNT}:user/etl`, UserPolicyList: [{ PolicyName: 'kafka', PolicyDocument: KAFKA }], GroupList: ['ops'] },
          { UserName: 'reader', Arn: `arn:aws:iam::${ACCOUNT}:user/reader`, UserPolicyList: [{ PolicyName: 's3', PolicyDocument: S3 }] },
        ],
        IsTruncated: true,
        Marker: 'p2',
      })
      .resolvesOnce({
        GroupDetailList: [{ GroupName: 'ops', Arn: `arn:aws:iam::${ACCOUNT}:group/ops`, AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] }],
        RoleDetailList: [{ RoleName: 'ghost', Arn: `arn:aws:iam::${ACCOUNT}:role/ghost`, AttachedManagedPolicies: [{ PolicyName: 'Gone', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/Gone` }] }],
        Policies: [{ PolicyName: 'AdministratorAccess', Arn: 'arn:aws:iam::aws:policy/AdministratorAccess', DefaultVersionId: 'v3', PolicyVersionList: [{ VersionId: 'v3', IsDefaultVersion: true, Document: ADMIN }] }],
        IsTruncated: false,
      });
    iamMock.on(ListAccessKeysCommand, { UserName: 'etl' }).resolves({ AccessKeyMetadata: [{ AccessKeyId: 'AKIA1', Status: 'Active', CreateDate: new Date('2025-01-01T00:00:00Z') }] });
    const iam = new IAMClient({ ...config, region: 'us-east-1' });
    const result = await collectIamAccess(iam, ACCOUNT, 'us-east-1');

    expect(iamMock).toHaveReceivedNthCommandWith(GetAccountAuthorizationDetailsCommand, 1, { Filter: ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] });
    expect(iamMock).toHaveReceivedNthCommandWith(GetAccountAuthorizationDetailsCommand, 2, { Marker: 'p2' });
    expect(iamMock).toHaveReceivedCommandExactlyOnceWith(ListAccessKeysCommand, { UserName: 'etl' });
    expect(result.errors).toEqual([]);
    const principals = result.iam.ok ? result.iam.value.principals : [];
    expect(principals.map((p) => `${p.kind}/${p.name}`)).toEqual(['group/ops', 'role/ghost', 'user/etl']);
    const etl = principals.find((p) => p.name === 'etl')!;
    expect(etl.statements.map((s) => s.policy)).toEqual(['inline kafka', 'group ops: arn:aws:iam::aws:policy/AdministratorAccess']);
    expect(etl.accessKeys).toEqual(available([{ accessKeyId: 'AKIA1', status: 'Active', createDate: '2025-01-01T00:00:00.000Z' }]));
    expect(principals.find((p) => p.name === 'ghost')!.unreadablePolicies).toEqual([`arn:aws:iam::${ACCOUNT}:policy/Gone (not in GetAccountAuthorizationDetails)`]);
    expect(result.iam.ok && result.iam.value.counts).toEqual({ users: 2, roles: 1, groups: 1 });
    expectReadOnly();
  });

  it('a denied GetAccountAuthorizationDetails is an unavailable fact', async () => {
    iamMock.on(GetAccountAuthorizationDetailsCommand).rejects(awsError('AccessDenied', 'no', 403));
    const result = await collectIamAccess(new IAMClient(config), ACCOUNT, 'us-east-1');
    expect(result.iam).toMatchObject({ ok: false, error: { service: 'iam', operation: 'GetAccountAuthorizationDetails', code: 'AccessDenied' } });
    expect(result.errors).toHaveLength(1);
  });

  it('calls IAM in the partition’s IAM region', () => {
    expect([iamRegion('aws'), iamRegion('aws-cn'), iamRegion('aws-us-gov')]).toEqual(['us-east-1', 'cn-north-1', 'us-gov-west-1']);
  });
});

describe('GuardrailReader', () => {
  const MANAGEMENT = '999988887777';
  const deny = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: ['kafka:UpdateSecurity', 'kafka:UpdateConnectivity'], Resource: '*' }] });

  it('walks each account up to the root and reads every SCP on the path, each call once per scan', async () => {
    orgMock
      .on(DescribeOrganizationCommand)
      .rejects(awsError('AccessDeniedException', 'no DescribeOrganization'))
      .on(ListPoliciesForTargetCommand)
      .resolves({ Policies: [] })
      .on(ListParentsCommand, { ChildId: ACCOUNT })
      .resolves({ Parents: [{ Id: 'ou-ab12-prod0001', Type: 'ORGANIZATIONAL_UNIT' }] })
      .on(ListParentsCommand, { ChildId: OTHER_ACCOUNT })
      .resolves({ Parents: [{ Id: 'ou-ab12-prod0001', Type: 'ORGANIZATIONAL_UNIT' }] })
      .on(ListParentsCommand, { ChildId: 'ou-ab12-prod0001' })
      .resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] })
      .on(ListPoliciesForTargetCommand, { TargetId: 'r-ab12', Filter: 'SERVICE_CONTROL_POLICY' })
      .resolves({ Policies: [{ Id: 'p-FullAWSAccess', Name: 'FullAWSAccess', AwsManaged: true, Arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess' }] })
      .on(ListPoliciesForTargetCommand, { TargetId: 'ou-ab12-prod0001', Filter: 'SERVICE_CONTROL_POLICY' })
      .resolves({ Policies: [{ Id: 'p-denymsk1', Name: 'deny-msk', AwsManaged: false, Arn: `arn:aws:organizations::${MANAGEMENT}:policy/o-abc/service_control_policy/p-denymsk1` }] })
      .on(DescribePolicyCommand, { PolicyId: 'p-FullAWSAccess' })
      .resolves({ Policy: { Content: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' } })
      .on(DescribePolicyCommand, { PolicyId: 'p-denymsk1' })
      .resolves({ Policy: { Content: deny } });
    const reader = new GuardrailReader(new OrganizationsClient(config), REGION);
    const [a, b] = await Promise.all([reader.read(ACCOUNT), reader.read(OTHER_ACCOUNT)]);
    // DescribeOrganization was denied: the management account is read from the customer SCP's ARN instead.
    expect(a.errors.map((e) => e.operation)).toEqual(['DescribeOrganization']);
    expect(a.guardrails.ok && a.guardrails.value.managementAccount).toBe(MANAGEMENT);
    expect(orgMock).toHaveReceivedCommandTimes(DescribeOrganizationCommand, 1);
    expect(a.guardrails.ok && a.guardrails.value.path.map((t) => `${t.kind}:${t.id}`)).toEqual(['root:r-ab12', 'ou:ou-ab12-prod0001', `account:${ACCOUNT}`]);
    expect(b.guardrails.ok && b.guardrails.value.path[1]!.policies).toMatchObject({ ok: true, value: [{ id: 'p-denymsk1', statements: { ok: true, value: [{ effect: 'Deny', action: ['kafka:UpdateSecurity', 'kafka:UpdateConnectivity'] }] } }] });
    expect(orgMock).toHaveReceivedCommandTimes(ListParentsCommand, 3);
    expect(orgMock).toHaveReceivedCommandTimes(ListPoliciesForTargetCommand, 4);
    expect(orgMock).toHaveReceivedCommandTimes(DescribePolicyCommand, 2);
    expectReadOnly();
  });

  it('a denied ListParents makes the account’s guardrails unavailable', async () => {
    orgMock.on(DescribeOrganizationCommand).resolves({ Organization: { MasterAccountId: MANAGEMENT } });
    orgMock.on(ListParentsCommand).rejects(awsError('AccessDeniedException', 'not the management account'));
    const result = await new GuardrailReader(new OrganizationsClient(config), REGION).read(ACCOUNT);
    expect(result.guardrails).toMatchObject({ ok: false, error: { service: 'organizations', operation: 'ListParents', account: ACCOUNT } });
  });
});

describe('wiring', () => {
  it('maps each new check to the facts it reads', () => {
    expect([...factsForChecks(builtinChecks)].sort()).toEqual(['iam', 'lambda-consumers', 'msk-connect', 'private-cas', 'scp-guardrails', 'scram-secrets']);
    expect(factsForChecks(builtinChecks.filter((c) => c.meta.id.startsWith('cloudtrail'))).size).toBe(0);
  });

  it('holds account-wide facts in the home region when collected, else in the first region by name', () => {
    expect(accountWideRegion(['us-east-1', 'eu-west-1'], 'eu-west-1')).toBe('eu-west-1');
    expect(accountWideRegion(['us-east-1', 'eu-west-1'], 'ap-east-1')).toBe('eu-west-1');
    expect(accountWideRegion([], 'eu-west-1')).toBeUndefined();
    const regions = ['eu-west-1', 'us-east-1'].map((region) => ({ account: ACCOUNT, region, errors: [] }) as unknown as AccountRegionInventory);
    const error = { service: 'iam', operation: 'ListAccessKeys', code: 'AccessDenied', message: 'no' };
    attachAccountWide(regions, { facts: { heldIn: 'us-east-1', iam: available({ principals: [], counts: { users: 0, roles: 0, groups: 0 } }) }, errors: [error] });
    expect(regions[0]!.accountWide).toEqual({ heldIn: 'us-east-1' });
    expect(regions[1]!.accountWide?.iam).toBeDefined();
    expect(regions[1]!.errors).toEqual([error]);
  });

  it('collectAccountRegion collects only the facts asked for, with the collection time', async () => {
    kafkaMock.on(ListScramSecretsCommand).resolves({ SecretArnList: [] });
    lambdaMock.on(ListEventSourceMappingsCommand).resolves({ EventSourceMappings: [] });
    const { ListClustersV2Command, ListKafkaVersionsCommand } = await import('@aws-sdk/client-kafka');
    kafkaMock.on(ListClustersV2Command).resolves({ ClusterInfoList: [sdkProvisioned('a', { keyId: keyArn('aws-managed') })] }).on(ListKafkaVersionsCommand).resolves({ KafkaVersions: [] });
    kmsMock.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: 'k', KeyManager: 'AWS', KeyState: 'Enabled' } });
    const inventory = await collectAccountRegion({ kafka, kms, lambda: new LambdaClient(config) }, ACCOUNT, REGION, {
      facts: new Set(['lambda-consumers']),
      now: () => new Date('2026-11-01T00:00:00Z'),
    });
    expect(inventory.collectedAt).toBe('2026-11-01T00:00:00.000Z');
    expect(inventory.eventSourceMappings).toEqual(available([]));
    expect(inventory.connectors).toBeUndefined();
    expect(inventory.scramSecretLists).toBeUndefined();
    expect(connectMock.calls()).toHaveLength(0);
    const without = await collectAccountRegion({ kafka, kms }, ACCOUNT, REGION);
    expect(without.collectedAt).toBeUndefined();
    expect(without.eventSourceMappings).toBeUndefined();
  });
});
