import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaClient, ListScramSecretsCommand } from '@aws-sdk/client-kafka';
import { DescribeSecretCommand, GetResourcePolicyCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ACMPCAClient, DescribeCertificateAuthorityCommand } from '@aws-sdk/client-acm-pca';
import { KafkaConnectClient, ListConnectorsCommand, paginateListConnectors } from '@aws-sdk/client-kafkaconnect';
import { LambdaClient, ListEventSourceMappingsCommand, paginateListEventSourceMappings } from '@aws-sdk/client-lambda';
import { GetAccountAuthorizationDetailsCommand, IAMClient, ListAccessKeysCommand, paginateGetAccountAuthorizationDetails } from '@aws-sdk/client-iam';
import { DescribePolicyCommand, ListParentsCommand, ListPoliciesForTargetCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { startSandbox, validateEstate, type RunningSandbox } from '../../src/sandbox/index.js';
import { PROD, SEC, assume, cfg, errorOf, tinyEstate } from './helpers.js';

const REGION = 'eu-west-1';
const CLUSTER = `arn:aws:kafka:${REGION}:${SEC}:cluster/payments/0b6e5c0e-3333-4a8b-9d1e-000000000003-1`;
const SECRET = `arn:aws:secretsmanager:${REGION}:${SEC}:secret:AmazonMSK_payments_alice-AbCdEf`;
const CA = `arn:aws:acm-pca:${REGION}:${SEC}:certificate-authority/0b6e5c0e-6666-4a8b-9d1e-000000000006`;
const POLICY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' }] };
const KAFKA_POLICY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kafka-cluster:*', Resource: '*' }] };

const connectors = Array.from({ length: 12 }, (_, i) => ({
  connectorArn: `arn:aws:kafkaconnect:${REGION}:${SEC}:connector/c${i}/0b6e5c0e-7777-4a8b-9d1e-${String(i).padStart(12, '0')}-1`,
  connectorName: `c${i}`,
  connectorState: 'RUNNING',
  kafkaCluster: { apacheKafkaCluster: { bootstrapServers: 'b-1.payments.abc.c2.kafka.eu-west-1.amazonaws.com:9098' } },
  kafkaClusterEncryptionInTransit: { encryptionType: i === 0 ? 'PLAINTEXT' : 'TLS' },
  kafkaClusterClientAuthentication: { authenticationType: 'IAM' },
  logDelivery: { workerLogDelivery: { cloudWatchLogs: { enabled: true, logGroup: `/connect/c${i}` } } },
}));

const mappings = Array.from({ length: 3 }, (_, i) => ({
  UUID: `0b6e5c0e-8888-4a8b-9d1e-00000000000${i}`,
  FunctionArn: `arn:aws:lambda:${REGION}:${SEC}:function:consumer-${i}`,
  EventSourceArn: i === 2 ? `arn:aws:sqs:${REGION}:${SEC}:queue` : CLUSTER,
  State: 'Enabled',
  SourceAccessConfigurations: i === 1 ? [{ Type: 'SASL_SCRAM_512_AUTH', URI: SECRET }] : undefined,
  LastModified: '2026-01-01T00:00:00.000Z',
}));

const users = Array.from({ length: 4 }, (_, i) => ({
  UserName: `user${i}`,
  Arn: `arn:aws:iam::${SEC}:user/user${i}`,
  UserId: `AIDA00000000000000${i}`,
  Path: '/',
  CreateDate: '2025-01-01T00:00:00.000Z',
  GroupList: i === 0 ? ['devs'] : [],
  UserPolicyList: i === 1 ? [{ PolicyName: 'kafka', PolicyDocument: KAFKA_POLICY }] : [],
  AttachedManagedPolicies: [],
}));

const estate = () =>
  tinyEstate(
    {
      regions: {
        [REGION]: {
          msk: { clusters: [{ ClusterArn: CLUSTER, ClusterName: 'payments', ClusterType: 'PROVISIONED', State: 'ACTIVE' }], scramSecrets: { [CLUSTER]: [SECRET] } },
          secretsManager: {
            secrets: [{ metadata: { ARN: SECRET, Name: 'AmazonMSK_payments_alice', KmsKeyId: 'alias/msk/scram', RotationEnabled: true, RotationRules: { AutomaticallyAfterDays: 30 }, LastRotatedDate: '2026-10-01T00:00:00.000Z' }, resourcePolicy: POLICY }],
          },
          acmPca: {
            certificateAuthorities: [
              {
                Arn: CA,
                Status: 'ACTIVE',
                Type: 'ROOT',
                NotBefore: '2025-01-01T00:00:00.000Z',
                NotAfter: '2035-01-01T00:00:00.000Z',
                CertificateAuthorityConfiguration: { KeyAlgorithm: 'RSA_2048', SigningAlgorithm: 'SHA256WITHRSA', Subject: { CommonName: 'msk clients' } },
                RevocationConfiguration: { CrlConfiguration: { Enabled: true, S3BucketName: 'crl-bucket' } },
              },
            ],
          },
          kafkaConnect: { connectors },
          lambda: { eventSourceMappings: mappings },
        },
      },
      iam: {
        users,
        groups: [{ GroupName: 'devs', Arn: `arn:aws:iam::${SEC}:group/devs`, GroupPolicyList: [], AttachedManagedPolicies: [{ PolicyName: 'KafkaAll', PolicyArn: `arn:aws:iam::${SEC}:policy/KafkaAll` }] }],
        roles: [{ RoleName: 'admin', Arn: `arn:aws:iam::${SEC}:role/admin`, AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] }],
        policies: [
          { PolicyName: 'KafkaAll', Arn: `arn:aws:iam::${SEC}:policy/KafkaAll`, DefaultVersionId: 'v1', PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: KAFKA_POLICY }] },
          {
            PolicyName: 'AdministratorAccess',
            Arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
            DefaultVersionId: 'v1',
            PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
          },
        ],
        accessKeys: { user1: [{ AccessKeyId: 'AKIAOLDKEY0000000001', Status: 'Active', CreateDate: '2025-01-01T00:00:00.000Z' }] },
      },
    },
    {
      organization: {
        id: 'o-testtest01',
        managementAccountId: SEC,
        roots: [{ id: 'r-test' }],
        organizationalUnits: [{ id: 'ou-test-11111111', name: 'Workloads', parentId: 'r-test' }],
        policies: [
          { id: 'p-FullAWSAccess', name: 'FullAWSAccess', awsManaged: true, content: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, targets: ['r-test'] },
          { id: 'p-denymsk01', name: 'deny-msk', content: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: ['kafka:UpdateSecurity'], Resource: '*' }] }, targets: ['ou-test-11111111'] },
        ],
      },
    },
  );

let sb: RunningSandbox;
beforeAll(async () => {
  const doc = estate();
  (doc.accounts as { id: string; parentId?: string }[])[1]!.parentId = 'ou-test-11111111';
  sb = await startSandbox({ estate: doc });
});
afterAll(() => sb.close());

describe('client-access services', () => {
  it('kafka ListScramSecrets lists the associated secrets, and rejects an unknown cluster', async () => {
    const kafka = new KafkaClient(cfg(sb, REGION));
    expect((await kafka.send(new ListScramSecretsCommand({ ClusterArn: CLUSTER }))).SecretArnList).toEqual([SECRET]);
    const error = await errorOf(() => kafka.send(new ListScramSecretsCommand({ ClusterArn: CLUSTER.replace('payments', 'nope') })));
    expect(error.name).toBe('NotFoundException');
  });

  it('secretsmanager DescribeSecret and GetResourcePolicy return metadata and the policy text, never a value', async () => {
    const sm = new SecretsManagerClient(cfg(sb, REGION));
    const secret = await sm.send(new DescribeSecretCommand({ SecretId: SECRET }));
    expect(secret).toMatchObject({ ARN: SECRET, KmsKeyId: 'alias/msk/scram', RotationEnabled: true, RotationRules: { AutomaticallyAfterDays: 30 } });
    expect(secret.LastRotatedDate).toEqual(new Date('2026-10-01T00:00:00.000Z'));
    expect(JSON.parse((await sm.send(new GetResourcePolicyCommand({ SecretId: SECRET }))).ResourcePolicy!)).toEqual(POLICY);
    expect((await errorOf(() => sm.send(new DescribeSecretCommand({ SecretId: `${SECRET}x` })))).name).toBe('ResourceNotFoundException');
    const prod = new SecretsManagerClient(cfg(sb, REGION, await assume(sb, PROD)));
    expect((await errorOf(() => prod.send(new DescribeSecretCommand({ SecretId: SECRET })))).name).toBe('AccessDeniedException');
    expect(sb.calls({ service: 'secretsmanager' }).every((call) => call.operation !== 'GetSecretValue')).toBe(true);
  });

  it('acm-pca DescribeCertificateAuthority in the SDK 3.523 wire format; another account\'s CA is denied', async () => {
    const pca = new ACMPCAClient(cfg(sb, REGION));
    const ca = (await pca.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: CA }))).CertificateAuthority!;
    expect(ca).toMatchObject({ Arn: CA, Status: 'ACTIVE', OwnerAccount: SEC, CertificateAuthorityConfiguration: { KeyAlgorithm: 'RSA_2048' }, RevocationConfiguration: { CrlConfiguration: { Enabled: true } } });
    expect(ca.NotAfter).toEqual(new Date('2035-01-01T00:00:00.000Z'));
    const prod = new ACMPCAClient(cfg(sb, REGION, await assume(sb, PROD)));
    expect((await errorOf(() => prod.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: CA })))).name).toBe('AccessDeniedException');
    expect((await errorOf(() => pca.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: 'nope' })))).name).toBe('InvalidArnException');
  });

  it('kafkaconnect ListConnectors pages through every connector', async () => {
    const client = new KafkaConnectClient(cfg(sb, REGION));
    const first = await client.send(new ListConnectorsCommand({}));
    expect(first.connectors).toHaveLength(10);
    expect(first.connectors![0]!.kafkaClusterEncryptionInTransit?.encryptionType).toBe('PLAINTEXT');
    const all = [];
    for await (const page of paginateListConnectors({ client }, { maxResults: 5 })) all.push(...(page.connectors ?? []));
    expect(all.map((c) => c.connectorName)).toEqual(connectors.map((c) => c.connectorName));
  });

  it('lambda ListEventSourceMappings pages with Marker/NextMarker', async () => {
    const client = new LambdaClient(cfg(sb, REGION));
    const all = [];
    for await (const page of paginateListEventSourceMappings({ client }, { MaxItems: 2 })) all.push(...(page.EventSourceMappings ?? []));
    expect(all.map((m) => m.UUID)).toEqual(mappings.map((m) => m.UUID));
    expect(all[1]!.SourceAccessConfigurations).toEqual([{ Type: 'SASL_SCRAM_512_AUTH', URI: SECRET }]);
    expect((await client.send(new ListEventSourceMappingsCommand({ EventSourceArn: CLUSTER }))).EventSourceMappings).toHaveLength(2);
  });

  it('iam GetAccountAuthorizationDetails pages by Filter with URL-encoded documents; ListAccessKeys', async () => {
    const client = new IAMClient(cfg(sb, 'us-east-1'));
    const pages = [];
    for await (const page of paginateGetAccountAuthorizationDetails({ client }, { Filter: ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'], MaxItems: 3 })) pages.push(page);
    expect(pages.length).toBe(3);
    const users = pages.flatMap((p) => p.UserDetailList ?? []);
    expect(users.map((u) => u.UserName)).toEqual(['user0', 'user1', 'user2', 'user3']);
    expect(JSON.parse(decodeURIComponent(users[1]!.UserPolicyList![0]!.PolicyDocument!))).toEqual(KAFKA_POLICY);
    expect(pages.flatMap((p) => p.Policies ?? []).map((p) => p.PolicyName)).toEqual(['KafkaAll', 'AdministratorAccess']);
    const local = await client.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['LocalManagedPolicy'] }));
    expect(local.Policies?.map((p) => p.PolicyName)).toEqual(['KafkaAll']);
    expect(local.UserDetailList).toEqual([]);
    const keys = await client.send(new ListAccessKeysCommand({ UserName: 'user1' }));
    expect(keys.AccessKeyMetadata).toEqual([{ UserName: 'user1', AccessKeyId: 'AKIAOLDKEY0000000001', Status: 'Active', CreateDate: new Date('2025-01-01T00:00:00.000Z') }]);
    expect((await errorOf(() => client.send(new ListAccessKeysCommand({ UserName: 'ghost' })))).name).toBe('NoSuchEntityException');
    // Another account's IAM is its own (and empty here).
    const prod = new IAMClient(cfg(sb, 'us-east-1', await assume(sb, PROD)));
    expect((await prod.send(new GetAccountAuthorizationDetailsCommand({}))).UserDetailList).toEqual([]);
  });

  it('organizations ListParents, ListPoliciesForTarget and DescribePolicy from the management account', async () => {
    const orgs = new OrganizationsClient(cfg(sb, 'us-east-1'));
    expect((await orgs.send(new ListParentsCommand({ ChildId: PROD }))).Parents).toEqual([{ Id: 'ou-test-11111111', Type: 'ORGANIZATIONAL_UNIT' }]);
    expect((await orgs.send(new ListParentsCommand({ ChildId: 'ou-test-11111111' }))).Parents).toEqual([{ Id: 'r-test', Type: 'ROOT' }]);
    const onRoot = await orgs.send(new ListPoliciesForTargetCommand({ TargetId: 'r-test', Filter: 'SERVICE_CONTROL_POLICY' }));
    expect(onRoot.Policies).toEqual([
      { Id: 'p-FullAWSAccess', Arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess', Name: 'FullAWSAccess', Description: '', Type: 'SERVICE_CONTROL_POLICY', AwsManaged: true },
    ]);
    const onOu = await orgs.send(new ListPoliciesForTargetCommand({ TargetId: 'ou-test-11111111', Filter: 'SERVICE_CONTROL_POLICY' }));
    expect(onOu.Policies?.[0]?.Arn).toBe(`arn:aws:organizations::${SEC}:policy/o-testtest01/service_control_policy/p-denymsk01`);
    expect((await orgs.send(new ListPoliciesForTargetCommand({ TargetId: 'ou-test-11111111', Filter: 'TAG_POLICY' }))).Policies).toEqual([]);
    const policy = await orgs.send(new DescribePolicyCommand({ PolicyId: 'p-denymsk01' }));
    expect(JSON.parse(policy.Policy!.Content!).Statement[0].Effect).toBe('Deny');
    expect((await errorOf(() => orgs.send(new ListParentsCommand({ ChildId: '999999999999' })))).name).toBe('ChildNotFoundException');
    const member = new OrganizationsClient(cfg(sb, 'us-east-1', await assume(sb, PROD)));
    expect((await errorOf(() => member.send(new DescribePolicyCommand({ PolicyId: 'p-denymsk01' })))).name).toBe('AccessDeniedException');
  });

  it('the estate validates the new resources against the SDK shapes', () => {
    const bad = estate();
    const account = (bad.accounts as Record<string, unknown>[])[0] as { regions: Record<string, { lambda: { eventSourceMappings: Record<string, unknown>[] } }> };
    account.regions[REGION]!.lambda.eventSourceMappings[0]!.EventSourceARN = 'typo';
    expect(() => validateEstate(bad)).toThrow(/eventSourceMappings\[0\]\.EventSourceARN: unknown field/);
    const wrong = estate();
    (wrong.accounts as { regions: Record<string, { msk: { scramSecrets: Record<string, string[]> } }> }[])[0]!.regions[REGION]!.msk.scramSecrets['arn:aws:kafka:eu-west-1:111111111111:cluster/x/y'] = [];
    expect(() => validateEstate(wrong)).toThrow(/not a cluster of this account-region/);
  });
});
