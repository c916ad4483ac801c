import type { Cluster } from '@aws-sdk/client-kafka';
import { expect } from 'vitest';

export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';
export const REGION = 'eu-west-1';
export const CREDENTIALS = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' });

export const keyArn = (id: string, account = ACCOUNT, region = REGION) => `arn:aws:kms:${region}:${account}:key/${id}`;
export const configArn = (name: string, region = REGION) =>
  `arn:aws:kafka:${region}:${ACCOUNT}:configuration/${name}/0b6e5c0e-2222-4a8b-9d1e-${name.padStart(12, '0').slice(-12)}-1`;
export const clusterArn = (name: string, region = REGION) =>
  `arn:aws:kafka:${region}:${ACCOUNT}:cluster/${name}/0b6e5c0e-3333-4a8b-9d1e-${name.padStart(12, '0').slice(-12)}-1`;

export interface ProvisionedOptions {
  region?: string;
  keyId?: string;
  configuration?: { arn: string; revision: number };
}

/** A provisioned cluster as the SDK returns it (Dates, undefined fields). */
export function sdkProvisioned(name: string, options: ProvisionedOptions = {}): Cluster {
  return {
    ClusterArn: clusterArn(name, options.region),
    ClusterName: name,
    ClusterType: 'PROVISIONED',
    State: 'ACTIVE',
    CreationTime: new Date('2026-01-15T10:00:00.123Z'),
    CurrentVersion: 'K3AEGXETSR30VB',
    Tags: { env: 'prod' },
    ActiveOperationArn: undefined,
    Provisioned: {
      BrokerNodeGroupInfo: {
        ClientSubnets: ['subnet-0a', 'subnet-0b', 'subnet-0c'],
        InstanceType: 'kafka.m7g.large',
        SecurityGroups: ['sg-0123456789abcdef0'],
        ConnectivityInfo: { PublicAccess: { Type: 'DISABLED' } },
      },
      CurrentBrokerSoftwareInfo: {
        KafkaVersion: '3.6.0',
        ...(options.configuration
          ? { ConfigurationArn: options.configuration.arn, ConfigurationRevision: options.configuration.revision }
          : {}),
      },
      EncryptionInfo: {
        EncryptionAtRest: { DataVolumeKMSKeyId: options.keyId ?? keyArn('aws-managed') },
        EncryptionInTransit: { ClientBroker: 'TLS', InCluster: true },
      },
      EnhancedMonitoring: 'PER_BROKER',
      NumberOfBrokerNodes: 3,
      ZookeeperConnectString: undefined,
    },
  };
}

export function sdkServerless(name: string, region = REGION): Cluster {
  return {
    ClusterArn: clusterArn(name, region),
    ClusterName: name,
    ClusterType: 'SERVERLESS',
    State: 'ACTIVE',
    CreationTime: new Date('2026-02-01T00:00:00Z'),
    Serverless: {
      VpcConfigs: [{ SubnetIds: ['subnet-0a'], SecurityGroupIds: ['sg-1'] }],
      ClientAuthentication: { Sasl: { Iam: { Enabled: true } } },
    },
  };
}

/** The operations msk-audit may call: all read-only. */
export const READ_ONLY_COMMANDS = new Set([
  'ListClustersV2Command',
  'DescribeConfigurationRevisionCommand',
  'ListKafkaVersionsCommand',
  'DescribeKeyCommand',
  'GetKeyRotationStatusCommand',
  'GetCallerIdentityCommand',
  // Network exposure, cluster policy and broker logs.
  'GetClusterPolicyCommand',
  'ListClientVpcConnectionsCommand',
  'DescribeSecurityGroupsCommand',
  'DescribeLogGroupsCommand',
  'GetBucketLifecycleConfigurationCommand',
  'GetBucketEncryptionCommand',
]);

/** What these helpers read from a mock (any `mockClient(...)` stub fits): its recorded calls. */
interface AnyStub {
  calls(): ReadonlyArray<{ args: readonly unknown[] }>;
}

/** The command class names every mock received, in order. */
export function commandNames(...mocks: AnyStub[]): string[] {
  return mocks.flatMap((mock) => mock.calls().map((call) => (call.args[0] as object).constructor.name));
}

export function expectOnlyReadOnlyCalls(...mocks: AnyStub[]): void {
  const names = commandNames(...mocks);
  expect(names.filter((name) => !READ_ONLY_COMMANDS.has(name))).toEqual([]);
  // And, by name, nothing that could change state.
  for (const name of names) expect(name).toMatch(/^(List|Describe|Get)/);
}

export function awsError(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status } });
}

export function roundTrip<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}
