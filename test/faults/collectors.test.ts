/**
 * Issue 10, "Hostile and malformed data": the collectors (src/collect) fed mocked SDK responses with missing fields,
 * nulls, unknown enum values, odd strings and empty lists. Properties: collectAccountRegion never throws; what it
 * collects is JSON that the inventory loader accepts (so `msk-audit evaluate` can re-read any saved scan); every
 * check evaluates it without throwing; and targeted cases: what could not be read is NOT_AVAILABLE, never PASSED.
 *
 * Wrong JSON types (a number where the API returns a string) are not generated: the SDK's deserializers reject them
 * before any collector runs (they surface as SDK errors, which the collectors record like any other).
 */
import 'aws-sdk-client-mock-vitest/extend';
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeConfigurationRevisionCommand,
  GetClusterPolicyCommand,
  KafkaClient,
  ListClientVpcConnectionsCommand,
  ListClustersV2Command,
  ListKafkaVersionsCommand,
} from '@aws-sdk/client-kafka';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetBucketEncryptionCommand, GetBucketLifecycleConfigurationCommand, S3Client } from '@aws-sdk/client-s3';
import { ACMPCAClient, DescribeCertificateAuthorityCommand } from '@aws-sdk/client-acm-pca';
import { KafkaConnectClient, ListConnectorsCommand } from '@aws-sdk/client-kafkaconnect';
import { LambdaClient, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { DescribeSecretCommand, GetResourcePolicyCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ListScramSecretsCommand } from '@aws-sdk/client-kafka';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import { DEFAULT_THRESHOLDS, isAccountRegionCheck, STATUSES, type Verdict } from '../../src/check/index.js';
import { collectAccountRegion } from '../../src/collect/index.js';
import type { AccountRegionInventory } from '../../src/inventory/index.js';
import { parseInventory } from '../../src/inventory/load.js';
import { inventoryOf } from '../support/inventory.js';
import { ACCOUNT, CREDENTIALS, REGION, awsError, configArn, keyArn, sdkProvisioned } from '../collect/support.js';

export const COLLECTOR_RUNS = Number(process.env.FAULT_RUNS ?? 150);

const kafkaMock = mockClient(KafkaClient);
const kmsMock = mockClient(KMSClient);
const cloudtrailMock = mockClient(CloudTrailClient);
const ec2Mock = mockClient(EC2Client);
const logsMock = mockClient(CloudWatchLogsClient);
const s3Mock = mockClient(S3Client);
const smMock = mockClient(SecretsManagerClient);
const pcaMock = mockClient(ACMPCAClient as never) as unknown as AwsStub<any, any, any>;
const connectMock = mockClient(KafkaConnectClient);
const lambdaMock = mockClient(LambdaClient);
const MOCKS = [kafkaMock, kmsMock, cloudtrailMock, ec2Mock, logsMock, s3Mock, smMock, pcaMock, connectMock, lambdaMock];
const pca = new ACMPCAClient({ region: REGION, credentials: CREDENTIALS });
const clients = {
  kafka: new KafkaClient({ region: REGION, credentials: CREDENTIALS }),
  kms: new KMSClient({ region: REGION, credentials: CREDENTIALS }),
  cloudtrail: new CloudTrailClient({ region: REGION, credentials: CREDENTIALS }),
  ec2: new EC2Client({ region: REGION, credentials: CREDENTIALS }),
  logs: new CloudWatchLogsClient({ region: REGION, credentials: CREDENTIALS }),
  s3: new S3Client({ region: REGION, credentials: CREDENTIALS }),
  secretsmanager: new SecretsManagerClient({ region: REGION, credentials: CREDENTIALS }),
  acmPca: () => pca,
  kafkaconnect: new KafkaConnectClient({ region: REGION, credentials: CREDENTIALS }),
  lambda: new LambdaClient({ region: REGION, credentials: CREDENTIALS }),
};
const SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:AmazonMSK_alice-AbCdEf`;
const CA = `arn:aws:acm-pca:${REGION}:${ACCOUNT}:certificate-authority/0b6e5c0e-6666`;
const WINDOW = { start: new Date('2026-11-16T00:00:00Z'), end: new Date('2026-11-23T00:00:00Z') };
const CMK = keyArn('cmk');
const CONFIG = configArn('hardened');
const TRAIL = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/org`;
const LOG_GROUP = '/msk/payments';
const BUCKET = 'payments-logs';

/** Valid responses of every call one account-region makes: a compliant cluster and its facts. */
function responses() {
  const cluster = sdkProvisioned('payments', { keyId: CMK, configuration: { arn: CONFIG, revision: 1 } });
  cluster.Provisioned!.ClientAuthentication = { Sasl: { Iam: { Enabled: true }, Scram: { Enabled: true } }, Tls: { Enabled: true, CertificateAuthorityArnList: [CA] }, Unauthenticated: { Enabled: false } };
  cluster.Provisioned!.EnhancedMonitoring = 'PER_TOPIC_PER_BROKER';
  cluster.Provisioned!.ZookeeperConnectStringTls = 'z-1.payments:2182';
  cluster.Provisioned!.LoggingInfo = { BrokerLogs: { CloudWatchLogs: { Enabled: true, LogGroup: LOG_GROUP }, S3: { Enabled: true, Bucket: BUCKET }, Firehose: { Enabled: false } } };
  return {
    ListClustersV2: { ClusterInfoList: [cluster] },
    DescribeConfigurationRevision: {
      Arn: CONFIG,
      Revision: 1,
      ServerProperties: new TextEncoder().encode('allow.everyone.if.no.acl.found=false\nauto.create.topics.enable=false\nunclean.leader.election.enable=false\n'),
    },
    ListKafkaVersions: { KafkaVersions: [{ Version: '3.6.0', Status: 'ACTIVE' }, { Version: '2.8.1', Status: 'DEPRECATED' }] },
    GetClusterPolicy: null as { Policy?: string; CurrentVersion?: string } | null,
    ListClientVpcConnections: { ClientVpcConnections: [] as object[] },
    DescribeKey: { KeyMetadata: { KeyId: 'cmk', Arn: CMK, KeyManager: 'CUSTOMER', KeyState: 'Enabled', KeySpec: 'SYMMETRIC_DEFAULT', Origin: 'AWS_KMS' } },
    GetKeyRotationStatus: { KeyRotationEnabled: true, RotationPeriodInDays: 365 },
    DescribeTrails: { trailList: [{ TrailARN: TRAIL, Name: 'org', HomeRegion: REGION, IsMultiRegionTrail: true, LogFileValidationEnabled: true, KmsKeyId: CMK, HasCustomEventSelectors: false }] },
    GetTrailStatus: { IsLogging: true },
    GetEventSelectors: { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] },
    LookupEvents: {
      Events: [
        {
          EventId: 'evt-1',
          EventName: 'UpdateSecurity',
          EventTime: new Date('2026-11-20T00:00:00Z'),
          EventSource: 'kafka.amazonaws.com',
          CloudTrailEvent: JSON.stringify({ userIdentity: { arn: `arn:aws:iam::${ACCOUNT}:role/admin` }, sourceIPAddress: '203.0.113.9', requestParameters: { clusterArn: cluster.ClusterArn } }),
        },
      ],
    },
    DescribeSecurityGroups: {
      SecurityGroups: [{ GroupId: 'sg-0123456789abcdef0', GroupName: 'msk', VpcId: 'vpc-1', OwnerId: ACCOUNT, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 9098, ToPort: 9098, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }] }],
    },
    DescribeLogGroups: { logGroups: [{ logGroupName: LOG_GROUP, arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${LOG_GROUP}`, retentionInDays: 400, kmsKeyId: CMK }] },
    GetBucketLifecycleConfiguration: { Rules: [{ ID: 'keep', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 400 } }] },
    GetBucketEncryption: { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: CMK } }] } },
    ListScramSecrets: { SecretArnList: [SECRET] },
    DescribeSecret: { ARN: SECRET, Name: 'AmazonMSK_alice', KmsKeyId: CMK, RotationEnabled: true, RotationRules: { AutomaticallyAfterDays: 30 }, LastRotatedDate: new Date('2026-11-01T00:00:00Z') },
    GetResourcePolicy: { ARN: SECRET, ResourcePolicy: '{"Version":"2012-10-17","Statement":[]}' },
    DescribeCertificateAuthority: {
      CertificateAuthority: {
        Arn: CA,
        Status: 'ACTIVE',
        Type: 'ROOT',
        NotBefore: new Date('2025-01-01T00:00:00Z'),
        NotAfter: new Date('2035-01-01T00:00:00Z'),
        CertificateAuthorityConfiguration: { KeyAlgorithm: 'RSA_2048', SigningAlgorithm: 'SHA256WITHRSA', Subject: {} },
        RevocationConfiguration: { CrlConfiguration: { Enabled: true } },
      },
    },
    ListConnectors: {
      connectors: [
        {
          connectorArn: `arn:aws:kafkaconnect:${REGION}:${ACCOUNT}:connector/sink/1`,
          connectorName: 'sink',
          connectorState: 'RUNNING',
          kafkaCluster: { apacheKafkaCluster: { bootstrapServers: 'b-1.payments.abc123.c2.kafka.eu-west-1.amazonaws.com:9098' } },
          kafkaClusterEncryptionInTransit: { encryptionType: 'TLS' },
          kafkaClusterClientAuthentication: { authenticationType: 'IAM' },
          logDelivery: { workerLogDelivery: { cloudWatchLogs: { enabled: true, logGroup: '/connect' } } },
        },
      ],
    },
    ListEventSourceMappings: {
      EventSourceMappings: [
        { UUID: 'esm-1', EventSourceMappingArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:event-source-mapping:esm-1`, FunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:consumer`, EventSourceArn: cluster.ClusterArn, State: 'Enabled', SourceAccessConfigurations: [] },
      ],
    },
  };
}
type Responses = ReturnType<typeof responses>;

function install(r: Responses): void {
  kafkaMock.on(ListClustersV2Command).resolves(r.ListClustersV2 as never);
  kafkaMock.on(DescribeConfigurationRevisionCommand).resolves(r.DescribeConfigurationRevision as never);
  kafkaMock.on(ListKafkaVersionsCommand).resolves(r.ListKafkaVersions as never);
  // A cluster without a policy: GetClusterPolicy answers NotFoundException.
  if (r.GetClusterPolicy === null) kafkaMock.on(GetClusterPolicyCommand).rejects(awsError('NotFoundException', 'no policy', 404));
  else kafkaMock.on(GetClusterPolicyCommand).resolves(r.GetClusterPolicy as never);
  kafkaMock.on(ListClientVpcConnectionsCommand).resolves(r.ListClientVpcConnections as never);
  kmsMock.on(DescribeKeyCommand).resolves(r.DescribeKey as never);
  kmsMock.on(GetKeyRotationStatusCommand).resolves(r.GetKeyRotationStatus as never);
  cloudtrailMock.on(DescribeTrailsCommand).resolves(r.DescribeTrails as never);
  cloudtrailMock.on(GetTrailStatusCommand).resolves(r.GetTrailStatus as never);
  cloudtrailMock.on(GetEventSelectorsCommand).resolves(r.GetEventSelectors as never);
  cloudtrailMock.on(LookupEventsCommand).resolves(r.LookupEvents as never);
  ec2Mock.on(DescribeSecurityGroupsCommand).resolves(r.DescribeSecurityGroups as never);
  logsMock.on(DescribeLogGroupsCommand).resolves(r.DescribeLogGroups as never);
  s3Mock.on(GetBucketLifecycleConfigurationCommand).resolves(r.GetBucketLifecycleConfiguration as never);
  s3Mock.on(GetBucketEncryptionCommand).resolves(r.GetBucketEncryption as never);
  kafkaMock.on(ListScramSecretsCommand).resolves(r.ListScramSecrets as never);
  smMock.on(DescribeSecretCommand).resolves(r.DescribeSecret as never);
  smMock.on(GetResourcePolicyCommand).resolves(r.GetResourcePolicy as never);
  pcaMock.on(DescribeCertificateAuthorityCommand as never).resolves(r.DescribeCertificateAuthority as never);
  connectMock.on(ListConnectorsCommand).resolves(r.ListConnectors as never);
  lambdaMock.on(ListEventSourceMappingsCommand).resolves(r.ListEventSourceMappings as never);
}

beforeEach(() => {
  for (const mock of MOCKS) mock.reset();
});

const FACTS = new Set(['scram-secrets', 'private-cas', 'msk-connect', 'lambda-consumers'] as const);
const collect = () => collectAccountRegion(clients, ACCOUNT, REGION, { cloudTrail: WINDOW, facts: FACTS, now: () => new Date('2026-11-23T00:00:00Z') });

function verdicts(region: AccountRegionInventory): Map<string, Verdict> {
  const out = new Map<string, Verdict>();
  const context = { account: ACCOUNT, region: REGION, inventory: region, thresholds: DEFAULT_THRESHOLDS };
  for (const check of builtinChecks) {
    if (check.requires === 'baseline') continue;
    if (isAccountRegionCheck(check)) {
      const outcome = check.evaluate(context);
      (Array.isArray(outcome) ? outcome : [outcome]).forEach((v, i) => out.set(`${check.meta.id}#${i}`, v));
    } else if (region.clusters.ok) {
      region.clusters.value.forEach((cluster, i) => out.set(`${check.meta.id}@${i}`, check.evaluate(cluster, context)));
    }
  }
  return out;
}

/** Collected facts → JSON → the loader, as `scan --save-inventory` then `evaluate` would. */
function throughLoader(region: AccountRegionInventory): AccountRegionInventory {
  return parseInventory(JSON.parse(JSON.stringify(inventoryOf([region]))), 'collected.json').accountRegions[0]!;
}

// ---------------------------------------------------------------------------------------------------------

type Leaf = { path: (string | number)[] };
function leaves(value: unknown, path: (string | number)[] = [], out: Leaf[] = []): Leaf[] {
  if (value === null || typeof value !== 'object' || value instanceof Date || value instanceof Uint8Array) {
    out.push({ path });
    return out;
  }
  if (path.length > 0) out.push({ path });
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [key, child] of entries) leaves(child, [...path, key], out);
  return out;
}

const HOSTILE_STRINGS = ['', 'UNKNOWN_ENUM', 'enabled', '\u202E\u200B', '\uD800', 'nul\u0000', '🔥', 'x'.repeat(100_000), '<script>alert(1)</script>', '\u001b[31m', 'constructor'];

type Edit = { at: number; kind: 'delete' | 'null' | 'string' | 'empty-array' | 'empty-object'; pick: number };
const editArb: fc.Arbitrary<Edit> = fc.record({ at: fc.nat(), kind: fc.constantFrom('delete', 'null', 'string', 'empty-array', 'empty-object'), pick: fc.nat() });

function applyEdit(r: Responses, edit: Edit): string {
  const all = leaves(r).filter((l) => l.path.length > 1); // never replace a whole response
  const { path } = all[edit.at % all.length]!;
  let parent: any = r;
  for (const key of path.slice(0, -1)) parent = parent[key];
  const key = path[path.length - 1]!;
  // Keep JSON types as the SDK's deserializers guarantee them: strings stay strings, lists lists, structures structures.
  const current: unknown = parent[key];
  if (edit.kind === 'string' && typeof current !== 'string') return `skip ${path.join('.')}`;
  if (edit.kind === 'empty-array' && !Array.isArray(current)) return `skip ${path.join('.')}`;
  if (edit.kind === 'empty-object' && (current === null || typeof current !== 'object' || Array.isArray(current) || current instanceof Date || current instanceof Uint8Array)) return `skip ${path.join('.')}`;
  if (edit.kind === 'delete') {
    if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
    else delete parent[key];
  } else {
    parent[key] = edit.kind === 'null' ? null : edit.kind === 'string' ? HOSTILE_STRINGS[edit.pick % HOSTILE_STRINGS.length] : edit.kind === 'empty-array' ? [] : {};
  }
  return `${edit.kind} ${path.join('.')}`;
}

describe('collectAccountRegion on hostile SDK responses', () => {
  it('collects the valid responses into a compliant, loadable account-region', async () => {
    install(responses());
    const region = await collect();
    expect(region.errors).toEqual([]);
    const statuses = [...verdicts(throughLoader(region)).entries()].map(([k, v]) => `${k} ${v.status}`);
    expect(statuses.filter((s) => s.endsWith('PASSED')).length).toBeGreaterThan(15);
    for (const id of ['msk-scram-secrets-protected@0', 'msk-private-ca-healthy@0', 'msk-connect-secure#0', 'msk-lambda-consumers-authenticated#0']) expect(statuses).toContain(`${id} PASSED`);
  });

  it(`never throws; what it collects loads and every check judges it (${COLLECTOR_RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(editArb, { minLength: 1, maxLength: 4 }), async (edits) => {
        for (const mock of MOCKS) mock.reset();
        const r = responses();
        const applied = edits.map((e) => applyEdit(r, e));
        install(r);
        const region = await collect();
        expect(JSON.parse(JSON.stringify(region))).toEqual(region);
        let loaded: AccountRegionInventory = region;
        // A null member never leaves the SDK's deserializers (they report it as absent); with one injected, the
        // collectors must still not throw and the checks must still judge what they wrote, but it need not load.
        if (!edits.some((e) => e.kind === 'null')) {
          try {
            loaded = throughLoader(region);
          } catch (error) {
            throw new Error(`the loader refuses what the collectors wrote after ${applied.join('; ')}: ${(error as Error).message.slice(0, 300)}`);
          }
        }
        for (const [id, verdict] of verdicts(loaded)) {
          expect(STATUSES, id).toContain(verdict.status);
          expect(verdict.reason.length, id).toBeGreaterThan(0);
        }
      }),
      { numRuns: COLLECTOR_RUNS, ...(process.env.FAULT_RUNS ? {} : { seed: 1010 }) },
    );
  }, 60_000 + COLLECTOR_RUNS * 50);
});

/** Targeted: each response defect, and the check that must answer NOT_AVAILABLE (never PASSED) for the cluster or region. */
const TARGETED: [string, (r: Responses) => void, string][] = [
  ['cluster without client-broker setting', (r) => delete (r.ListClustersV2.ClusterInfoList[0]!.Provisioned!.EncryptionInfo!.EncryptionInTransit as { ClientBroker?: string }).ClientBroker, 'msk-tls-client-broker'],
  ['client-broker setting unknown', (r) => ((r.ListClustersV2.ClusterInfoList[0]!.Provisioned!.EncryptionInfo!.EncryptionInTransit as { ClientBroker?: string }).ClientBroker = 'TLS_QUANTUM'), 'msk-tls-client-broker'],
  ['public access type unknown', (r) => ((r.ListClustersV2.ClusterInfoList[0]!.Provisioned!.BrokerNodeGroupInfo!.ConnectivityInfo!.PublicAccess as { Type?: string }).Type = 'SOMETIMES'), 'msk-no-public-access'],
  ['cluster type unknown', (r) => ((r.ListClustersV2.ClusterInfoList[0] as { ClusterType?: string }).ClusterType = 'QUANTUM'), 'msk-at-rest-cmk'],
  ['DescribeKey without KeyMetadata', (r) => delete (r.DescribeKey as { KeyMetadata?: unknown }).KeyMetadata, 'msk-at-rest-cmk'],
  ['key manager unknown', (r) => (r.DescribeKey.KeyMetadata.KeyManager = 'ALIEN'), 'msk-at-rest-cmk'],
  ['key state unknown', (r) => (r.DescribeKey.KeyMetadata.KeyState = 'Hibernating'), 'msk-at-rest-key-enabled'],
  ['rotation status missing', (r) => delete (r.GetKeyRotationStatus as { KeyRotationEnabled?: boolean }).KeyRotationEnabled, 'msk-at-rest-key-rotation'],
  ['configuration without ServerProperties', (r) => delete (r.DescribeConfigurationRevision as { ServerProperties?: unknown }).ServerProperties, 'msk-config-hygiene'],
  ['Kafka versions list missing', (r) => delete (r.ListKafkaVersions as { KafkaVersions?: unknown }).KafkaVersions, 'msk-kafka-version-supported'],
  ['Kafka version status unknown', (r) => (r.ListKafkaVersions.KafkaVersions[0]!.Status = 'SUNSETTING'), 'msk-kafka-version-supported'],
  ['DescribeTrails without trailList', (r) => delete (r.DescribeTrails as { trailList?: unknown }).trailList, 'cloudtrail-region-covered'],
  ['trail status without IsLogging', (r) => delete (r.GetTrailStatus as { IsLogging?: boolean }).IsLogging, 'cloudtrail-trail-logging'],
  ['custom event selectors missing', (r) => { r.DescribeTrails.trailList[0]!.HasCustomEventSelectors = true; delete (r.GetEventSelectors as { EventSelectors?: unknown }).EventSelectors; }, 'cloudtrail-region-covered'],
  ['custom event selector read/write type unknown', (r) => { r.DescribeTrails.trailList[0]!.HasCustomEventSelectors = true; r.GetEventSelectors.EventSelectors[0]!.ReadWriteType = 'Sideways'; }, 'cloudtrail-region-covered'],
  ['security groups answer without the group', (r) => (r.DescribeSecurityGroups.SecurityGroups = []), 'msk-no-open-ingress'],
  // Broker logs are kept when one destination keeps them: each case below leaves the defective destination alone.
  ['CA without its certificate dates', (r) => delete (r.DescribeCertificateAuthority.CertificateAuthority as { NotAfter?: Date }).NotAfter, 'msk-private-ca-healthy'],
  ['connector encryption unknown', (r) => (r.ListConnectors.connectors[0]!.kafkaClusterEncryptionInTransit.encryptionType = 'QUANTUM'), 'msk-connect-secure'],
  ['connector authentication missing', (r) => delete (r.ListConnectors.connectors[0] as { kafkaClusterClientAuthentication?: unknown }).kafkaClusterClientAuthentication, 'msk-connect-secure'],
  ['mapping source access type unknown', (r) => (r.ListEventSourceMappings.EventSourceMappings[0]!.SourceAccessConfigurations = [{ Type: 'QUANTUM_AUTH', URI: SECRET }] as never), 'msk-lambda-consumers-authenticated'],
  ['lifecycle rule with an unknown status that would delete logs early', (r) => { onlyDestination(r, 'S3'); r.GetBucketLifecycleConfiguration.Rules[0]!.Status = 'Paused'; r.GetBucketLifecycleConfiguration.Rules[0]!.Expiration = { Days: 30 }; }, 'msk-broker-logs-retained'],
  ['custom event selector readOnly value unknown', (r) => { r.DescribeTrails.trailList[0]!.HasCustomEventSelectors = true; (r.GetEventSelectors as Record<string, unknown>).EventSelectors = undefined; (r.GetEventSelectors as Record<string, unknown>).AdvancedEventSelectors = [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['sometimes'] }] }]; }, 'cloudtrail-region-covered'],
];

function onlyDestination(r: Responses, keep: 'CloudWatchLogs' | 'S3'): void {
  const logs = (r.ListClustersV2.ClusterInfoList[0]!.Provisioned!.LoggingInfo as { BrokerLogs: Record<string, { Enabled: boolean }> }).BrokerLogs;
  for (const name of ['CloudWatchLogs', 'S3', 'Firehose']) if (name !== keep) logs[name]!.Enabled = false;
}

/**
 * Defects the collectors read conservatively: the answer's absent member is taken as "none configured", which can
 * only cost a PASS (FAILED), never give one. They must never be PASSED.
 */
const CONSERVATIVE: [string, (r: Responses) => void, string][] = [
  ['bucket encryption without rules', (r) => { onlyDestination(r, 'S3'); delete (r.GetBucketEncryption.ServerSideEncryptionConfiguration as { Rules?: unknown }).Rules; }, 'msk-broker-logs-retained'],
  ['log group without retention or key (never expires, AWS-owned key)', (r) => { onlyDestination(r, 'CloudWatchLogs'); delete (r.DescribeLogGroups.logGroups[0] as { kmsKeyId?: string }).kmsKeyId; }, 'msk-broker-logs-retained'],
  ['log group missing from DescribeLogGroups', (r) => { onlyDestination(r, 'CloudWatchLogs'); r.DescribeLogGroups.logGroups = []; }, 'msk-broker-logs-retained'],
  ['Kafka version not listed at all', (r) => (r.ListKafkaVersions.KafkaVersions = []), 'msk-kafka-version-supported'],
  // DescribeSecret leaves RotationEnabled out when rotation was never configured: the secret does not rotate.
  ['secret without rotation flag', (r) => delete (r.DescribeSecret as { RotationEnabled?: boolean }).RotationEnabled, 'msk-scram-secrets-protected'],
  ['CA status unknown (not ACTIVE)', (r) => (r.DescribeCertificateAuthority.CertificateAuthority.Status = 'DORMANT'), 'msk-private-ca-healthy'],
];
// Not defects: an absent list member (ListConnectors `connectors`, ListEventSourceMappings `EventSourceMappings`) is how
// AWS APIs return an empty list, so the collectors read it as empty, as the SDK documents.

/** The verdicts of one check over what the collectors make of the edited responses (at least one, or the case tests nothing). */
async function verdictsAfter(edit: (r: Responses) => void, checkId: string) {
  const r = responses();
  edit(r);
  install(r);
  const region = throughLoader(await collect());
  const found = [...verdicts(region).entries()].filter(([id]) => id.startsWith(`${checkId}@`) || id.startsWith(`${checkId}#`));
  expect(found.length).toBeGreaterThan(0);
  return found;
}

describe('conservatively read defects are never PASSED', () => {
  for (const [name, edit, checkId] of CONSERVATIVE) {
    it(`${name} → ${checkId}`, async () => {
      for (const [id, verdict] of await verdictsAfter(edit, checkId)) expect([id, verdict.status]).not.toEqual([id, 'PASSED']);
    });
  }
});

describe('what the collectors could not read is NOT_AVAILABLE, never PASSED', () => {
  for (const [name, edit, checkId] of TARGETED) {
    it(`${name} → ${checkId}`, async () => {
      for (const [id, verdict] of await verdictsAfter(edit, checkId)) expect([id, verdict.status, verdict.reason]).toEqual([id, 'NOT_AVAILABLE', verdict.reason]);
    });
  }
});
