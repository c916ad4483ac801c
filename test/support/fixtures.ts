import type { AccountRegionInventory, MskCluster } from '../../src/inventory/index.js';
import { available, configurationKey } from '../../src/inventory/index.js';

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';
export const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0b6e5c0e-1111-4a8b-9d1e-000000000001`;
export const CONFIG_ARN = `arn:aws:kafka:${REGION}:${ACCOUNT}:configuration/hardened/0b6e5c0e-2222-4a8b-9d1e-000000000002-1`;

type Mutator<T> = (value: T) => void;

/** A provisioned cluster that every built-in check passes; the mutator makes the case under test. */
export function provisionedCluster(mutate?: Mutator<MskCluster>): MskCluster {
  const cluster: MskCluster = {
    ClusterArn: `arn:aws:kafka:${REGION}:${ACCOUNT}:cluster/payments/0b6e5c0e-3333-4a8b-9d1e-000000000003-1`,
    ClusterName: 'payments',
    ClusterType: 'PROVISIONED',
    State: 'ACTIVE',
    CreationTime: '2026-01-15T10:00:00.000Z',
    CurrentVersion: 'K3AEGXETSR30VB',
    Tags: { env: 'prod', 'pci-scope': 'cde' },
    Provisioned: {
      BrokerNodeGroupInfo: {
        ClientSubnets: ['subnet-0a', 'subnet-0b', 'subnet-0c'],
        InstanceType: 'kafka.m7g.large',
        SecurityGroups: ['sg-0123456789abcdef0'],
        ConnectivityInfo: { PublicAccess: { Type: 'DISABLED' } },
      },
      CurrentBrokerSoftwareInfo: { ConfigurationArn: CONFIG_ARN, ConfigurationRevision: 2, KafkaVersion: '3.6.0' },
      ClientAuthentication: {
        Sasl: { Scram: { Enabled: false }, Iam: { Enabled: true } },
        Tls: { Enabled: false, CertificateAuthorityArnList: [] },
        Unauthenticated: { Enabled: false },
      },
      EncryptionInfo: {
        EncryptionAtRest: { DataVolumeKMSKeyId: KEY_ARN },
        EncryptionInTransit: { ClientBroker: 'TLS', InCluster: true },
      },
      EnhancedMonitoring: 'PER_TOPIC_PER_BROKER',
      NumberOfBrokerNodes: 3,
    },
  };
  mutate?.(cluster);
  return cluster;
}

export function serverlessCluster(mutate?: Mutator<MskCluster>): MskCluster {
  const cluster: MskCluster = {
    ClusterArn: `arn:aws:kafka:${REGION}:${ACCOUNT}:cluster/events/0b6e5c0e-4444-4a8b-9d1e-000000000004-s1`,
    ClusterName: 'events',
    ClusterType: 'SERVERLESS',
    State: 'ACTIVE',
    Tags: {},
    Serverless: {
      VpcConfigs: [{ SubnetIds: ['subnet-0a', 'subnet-0b'], SecurityGroupIds: ['sg-0123456789abcdef1'] }],
      ClientAuthentication: { Sasl: { Iam: { Enabled: true } } },
    },
  };
  mutate?.(cluster);
  return cluster;
}

/** The facts of the account-region around the clusters, all compliant; the mutator makes the case under test. */
export function accountRegion(mutate?: Mutator<AccountRegionInventory>): AccountRegionInventory {
  const inventory: AccountRegionInventory = {
    account: ACCOUNT,
    region: REGION,
    clusters: available([]),
    configurations: {
      [configurationKey(CONFIG_ARN, 2)]: available({
        arn: CONFIG_ARN,
        revision: 2,
        serverPropertiesText: 'allow.everyone.if.no.acl.found=false\nauto.create.topics.enable=false\n',
        serverProperties: { 'allow.everyone.if.no.acl.found': 'false', 'auto.create.topics.enable': 'false' },
      }),
    },
    kmsKeys: {
      [KEY_ARN]: available({
        keyId: '0b6e5c0e-1111-4a8b-9d1e-000000000001',
        arn: KEY_ARN,
        keyManager: 'CUSTOMER',
        keyState: 'Enabled',
        keySpec: 'SYMMETRIC_DEFAULT',
        origin: 'AWS_KMS',
        rotation: available({ enabled: true, rotationPeriodInDays: 365 }),
      }),
    },
    kafkaVersions: available([
      { version: '2.8.1', status: 'DEPRECATED' },
      { version: '3.5.1', status: 'ACTIVE' },
      { version: '3.6.0', status: 'ACTIVE' },
    ]),
    errors: [],
  };
  mutate?.(inventory);
  return inventory;
}

export function accessDenied(service: string, operation: string, resource?: string) {
  return {
    service,
    operation,
    code: 'AccessDeniedException',
    message: `User is not authorized to perform: ${service}:${operation}`,
    account: ACCOUNT,
    region: REGION,
    ...(resource ? { resource } : {}),
  };
}
