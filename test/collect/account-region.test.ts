import 'aws-sdk-client-mock-vitest/extend';
import {
  DescribeConfigurationRevisionCommand,
  GetClusterPolicyCommand,
  KafkaClient,
  ListClustersV2Command,
  ListKafkaVersionsCommand,
} from '@aws-sdk/client-kafka';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { KafkaConnectClient, ListConnectorsCommand } from '@aws-sdk/client-kafkaconnect';
import { LambdaClient, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import connectCheck from '../../checks/msk-connect-secure.js';
import lambdaCheck from '../../checks/msk-lambda-consumers-authenticated.js';
import riskyChangeCheck from '../../checks/msk-risky-change.js';
import { DEFAULT_THRESHOLDS } from '../../src/check/index.js';
import { collectAccountRegion } from '../../src/collect/index.js';
import { accountRegionCoverage } from '../../src/engine/coverage.js';
import { configurationKey, isNotCollectedNoCluster, NOT_COLLECTED_NO_CLUSTER, type AccountRegionInventory } from '../../src/inventory/index.js';
import {
  ACCOUNT,
  CREDENTIALS,
  REGION,
  awsError,
  configArn,
  expectOnlyReadOnlyCalls,
  keyArn,
  roundTrip,
  sdkProvisioned,
  sdkServerless,
} from './support.js';

const kafkaMock = mockClient(KafkaClient);
const kmsMock = mockClient(KMSClient);
const cloudtrailMock = mockClient(CloudTrailClient);
const connectMock = mockClient(KafkaConnectClient);
const lambdaMock = mockClient(LambdaClient);
const clients = {
  kafka: new KafkaClient({ region: REGION, credentials: CREDENTIALS }),
  kms: new KMSClient({ region: REGION, credentials: CREDENTIALS }),
};
const allClients = {
  ...clients,
  cloudtrail: new CloudTrailClient({ region: REGION, credentials: CREDENTIALS }),
  kafkaconnect: new KafkaConnectClient({ region: REGION, credentials: CREDENTIALS }),
  lambda: new LambdaClient({ region: REGION, credentials: CREDENTIALS }),
};
const WINDOW = { start: new Date('2026-11-16T00:00:00Z'), end: new Date('2026-11-23T00:00:00Z') };
const MSK_SOURCE = { LookupAttributes: [{ AttributeKey: 'EventSource' as const, AttributeValue: 'kafka.amazonaws.com' }] };
const lookedUpSources = () => cloudtrailMock.commandCalls(LookupEventsCommand).map((call) => call.args[0].input.LookupAttributes?.[0]?.AttributeValue);

beforeEach(() => {
  kafkaMock.reset();
  kmsMock.reset();
  cloudtrailMock.reset();
  connectMock.reset();
  lambdaMock.reset();
});

/** An account-region check's verdicts on one collected account-region. */
function verdictsOf(check: typeof connectCheck, inventory: AccountRegionInventory) {
  const result = check.evaluate({ account: ACCOUNT, region: REGION, inventory, thresholds: DEFAULT_THRESHOLDS } as Parameters<typeof check.evaluate>[0]);
  return (Array.isArray(result) ? result : [result]).map((verdict) => verdict.status);
}

const CONFIG = configArn('hardened');
const CMK = keyArn('cmk');
const DENIED_KEY = keyArn('denied');

describe('collectAccountRegion', () => {
  it('collects clusters, then configurations, keys and versions, and gathers every error', async () => {
    kafkaMock
      .on(ListClustersV2Command)
      .resolves({
        ClusterInfoList: [
          sdkProvisioned('a', { keyId: CMK, configuration: { arn: CONFIG, revision: 1 } }),
          sdkProvisioned('b', { keyId: DENIED_KEY, configuration: { arn: CONFIG, revision: 2 } }),
          sdkServerless('c'),
        ],
      })
      .on(DescribeConfigurationRevisionCommand, { Revision: 1 })
      .resolves({ Arn: CONFIG, Revision: 1, ServerProperties: new TextEncoder().encode('a=1') })
      .on(DescribeConfigurationRevisionCommand, { Revision: 2 })
      .rejects(awsError('ForbiddenException', 'denied', 403))
      .on(ListKafkaVersionsCommand)
      .resolves({ KafkaVersions: [{ Version: '3.6.0', Status: 'ACTIVE' }] })
      .on(GetClusterPolicyCommand)
      .rejects(awsError('NotFoundException', 'no policy', 404));
    kmsMock
      .on(DescribeKeyCommand, { KeyId: CMK })
      .resolves({ KeyMetadata: { KeyId: 'cmk', Arn: CMK, KeyManager: 'CUSTOMER', KeyState: 'Enabled' } })
      .on(DescribeKeyCommand, { KeyId: DENIED_KEY })
      .rejects(awsError('AccessDeniedException', 'no'))
      .on(GetKeyRotationStatusCommand)
      .rejects(awsError('AccessDeniedException', 'no rotation'));

    const result = await collectAccountRegion(clients, ACCOUNT, REGION);

    expect(result.account).toBe(ACCOUNT);
    expect(result.region).toBe(REGION);
    expect(result.clusters.ok && result.clusters.value.length).toBe(3);
    expect(result.configurations[configurationKey(CONFIG, 1)]?.ok).toBe(true);
    expect(result.configurations[configurationKey(CONFIG, 2)]?.ok).toBe(false);
    expect(result.kmsKeys[CMK]).toMatchObject({ ok: true, value: { rotation: { ok: false } } });
    expect(result.kmsKeys[DENIED_KEY]?.ok).toBe(false);
    expect(result.kafkaVersions).toEqual({ ok: true, value: [{ version: '3.6.0', status: 'ACTIVE' }] });
    expect(result.errors.map((error) => `${error.operation}:${error.code}:${error.resource ?? ''}`)).toEqual([
      `DescribeConfigurationRevision:ForbiddenException:${configurationKey(CONFIG, 2)}`,
      // Keys in the order the clusters reference them: the CMK's rotation, then the denied key.
      `GetKeyRotationStatus:AccessDeniedException:${CMK}`,
      `DescribeKey:AccessDeniedException:${DENIED_KEY}`,
    ]);
    expect(roundTrip(result)).toEqual(result);
    expectOnlyReadOnlyCalls(kafkaMock, kmsMock);
  });

  it('records a denied listing and still collects the Kafka versions', async () => {
    kafkaMock
      .on(ListClustersV2Command)
      .rejects(awsError('AccessDeniedException', 'User is not authorized to perform: kafka:ListClustersV2', 403))
      .on(ListKafkaVersionsCommand)
      .resolves({ KafkaVersions: [{ Version: '3.6.0', Status: 'ACTIVE' }] });

    const result = await collectAccountRegion(clients, ACCOUNT, REGION);

    const listingError = {
      service: 'kafka',
      operation: 'ListClustersV2',
      code: 'AccessDeniedException',
      message: 'User is not authorized to perform: kafka:ListClustersV2',
      account: ACCOUNT,
      region: REGION,
    };
    expect(result).toEqual({
      account: ACCOUNT,
      region: REGION,
      clusters: { ok: false, error: listingError },
      configurations: {},
      kmsKeys: {},
      kafkaVersions: { ok: true, value: [{ version: '3.6.0', status: 'ACTIVE' }] },
      errors: [listingError],
    });
    expect(kafkaMock).toHaveReceivedCommandOnce(ListKafkaVersionsCommand);
    expect(kmsMock).not.toHaveReceivedAnyCommand();
  });

  it('without a cluster, reads neither Kafka versions, connectors, mappings nor Kafka admin events, stays complete and passes nothing', async () => {
    kafkaMock.on(ListClustersV2Command).resolves({ ClusterInfoList: [] });
    cloudtrailMock
      .on(DescribeTrailsCommand)
      .resolves({ trailList: [{ TrailARN: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/t', HomeRegion: REGION, HasCustomEventSelectors: false }] })
      .on(GetTrailStatusCommand)
      .resolves({ IsLogging: true })
      // Read-only calls (another scan's listing) name no cluster.
      .on(LookupEventsCommand, MSK_SOURCE)
      .resolves({ Events: [{ EventId: 'r1', EventName: 'ListClustersV2', EventSource: 'kafka.amazonaws.com', EventTime: new Date('2026-11-20T00:00:00Z') }] });

    const result = await collectAccountRegion(allClients, ACCOUNT, REGION, {
      cloudTrail: WINDOW,
      facts: new Set(['msk-connect', 'lambda-consumers']),
    });

    expect(kafkaMock).not.toHaveReceivedCommand(ListKafkaVersionsCommand);
    expect(connectMock).not.toHaveReceivedCommand(ListConnectorsCommand);
    expect(lambdaMock).not.toHaveReceivedCommand(ListEventSourceMappingsCommand);
    // Trails and the MSK management events are read in every region; the Kafka admin events are not.
    expect(cloudtrailMock).toHaveReceivedCommandTimes(DescribeTrailsCommand, 1);
    expect(lookedUpSources()).toEqual(['kafka.amazonaws.com']);
    expect(result.kafkaEvents).toMatchObject({ ok: true, value: { events: [{ eventId: 'r1' }] } });
    for (const fact of [result.kafkaVersions, result.connectors, result.eventSourceMappings]) {
      expect(isNotCollectedNoCluster(fact)).toBe(true);
      expect(fact).toMatchObject({ ok: false, error: { code: NOT_COLLECTED_NO_CLUSTER, account: ACCOUNT, region: REGION } });
    }
    expect(result.errors).toEqual([]);
    expect(accountRegionCoverage(result)).toEqual({ account: ACCOUNT, region: REGION, status: 'complete', reasons: [] });
    // The account-region checks say there is nothing to judge — never PASSED — and survive a save and reload.
    const reloaded = roundTrip(result) as AccountRegionInventory;
    for (const inventory of [result, reloaded]) {
      expect(verdictsOf(connectCheck, inventory)).toEqual(['NOT_APPLICABLE']);
      expect(verdictsOf(lambdaCheck, inventory)).toEqual(['NOT_APPLICABLE']);
      expect(verdictsOf(riskyChangeCheck as unknown as typeof connectCheck, inventory)).toEqual(['NOT_APPLICABLE']);
    }
    // Should such a fact meet a non-empty cluster list, the checks do not judge on it.
    const withCluster = { ...result, clusters: { ok: true as const, value: [sdkServerless('late') as never] } };
    expect(verdictsOf(connectCheck, withCluster)).toEqual(['NOT_AVAILABLE']);
    expect(verdictsOf(lambdaCheck, withCluster)).toEqual(['NOT_AVAILABLE']);
  });

  it('without a cluster, builds no client but the MSK and CloudTrail ones', async () => {
    kafkaMock.on(ListClustersV2Command).resolves({ ClusterInfoList: [] });
    cloudtrailMock.on(DescribeTrailsCommand).resolves({ trailList: [] }).on(LookupEventsCommand).resolves({ Events: [] });
    const built: string[] = [];
    const lazy = <T,>(name: string, client: T) => ({
      get() {
        built.push(name);
        return client;
      },
      enumerable: true,
    });
    const clientsBuiltOnUse = Object.defineProperties({} as Parameters<typeof collectAccountRegion>[0], {
      kafka: lazy('kafka', allClients.kafka),
      kms: lazy('kms', allClients.kms),
      cloudtrail: lazy('cloudtrail', allClients.cloudtrail),
      kafkaconnect: lazy('kafkaconnect', allClients.kafkaconnect),
      lambda: lazy('lambda', allClients.lambda),
      secretsmanager: lazy('secretsmanager', {}),
      acmPca: lazy('acmPca', () => ({})),
      ec2: lazy('ec2', {}),
      logs: lazy('logs', {}),
      s3: lazy('s3', {}),
    });

    const result = await collectAccountRegion(clientsBuiltOnUse, ACCOUNT, REGION, {
      cloudTrail: WINDOW,
      facts: new Set(['msk-connect', 'lambda-consumers', 'scram-secrets', 'private-cas']),
    });

    expect([...new Set(built)].sort()).toEqual(['acmPca', 'cloudtrail', 'kafka']);
    // The exposure facts are there, empty: nothing references a group, a log group or a bucket.
    expect(result).toMatchObject({ securityGroups: {}, brokerLogGroups: {}, brokerLogBuckets: {}, clusterPolicies: {}, scramSecretLists: {}, privateCas: {} });
    expect(result.errors).toEqual([]);
  });

  it('without a cluster, still looks the Kafka admin events up when an MSK event shows a cluster in the window', async () => {
    kafkaMock.on(ListClustersV2Command).resolves({ ClusterInfoList: [] });
    cloudtrailMock
      .on(DescribeTrailsCommand)
      .resolves({ trailList: [] })
      .on(LookupEventsCommand)
      .callsFake(async (input: { LookupAttributes?: { AttributeValue?: string }[] }) => ({
        Events: input.LookupAttributes?.[0]?.AttributeValue !== 'kafka.amazonaws.com' ? [] : [
          {
            EventId: 'd1',
            EventName: 'DeleteCluster',
            EventSource: 'kafka.amazonaws.com',
            EventTime: new Date('2026-11-20T00:00:00Z'),
            CloudTrailEvent: JSON.stringify({ requestParameters: { clusterArn: encodeURIComponent('arn:aws:kafka:eu-west-1:111122223333:cluster/gone/u-1') } }),
          },
        ],
      }));

    const result = await collectAccountRegion(allClients, ACCOUNT, REGION, { cloudTrail: WINDOW });

    expect(lookedUpSources()).toEqual(['kafka.amazonaws.com', 'kafka-cluster.amazonaws.com']);
    expect(result.errors).toEqual([]);
  });

  it('reads everything where the listing finds a cluster', async () => {
    kafkaMock
      .on(ListClustersV2Command)
      .resolves({ ClusterInfoList: [sdkServerless('s')] })
      .on(ListKafkaVersionsCommand)
      .resolves({ KafkaVersions: [] });
    cloudtrailMock.on(DescribeTrailsCommand).resolves({ trailList: [] }).on(LookupEventsCommand).resolves({ Events: [] });
    connectMock.on(ListConnectorsCommand).resolves({ connectors: [] });
    lambdaMock.on(ListEventSourceMappingsCommand).resolves({ EventSourceMappings: [] });

    const result = await collectAccountRegion(allClients, ACCOUNT, REGION, { cloudTrail: WINDOW, facts: new Set(['msk-connect', 'lambda-consumers']) });

    expect(kafkaMock).toHaveReceivedCommandTimes(ListKafkaVersionsCommand, 1);
    expect(lookedUpSources()).toEqual(['kafka.amazonaws.com', 'kafka-cluster.amazonaws.com']);
    expect(result.connectors).toEqual({ ok: true, value: [] });
    expect(result.eventSourceMappings).toEqual({ ok: true, value: [] });
    expect(result.kafkaVersions).toEqual({ ok: true, value: [] });
  });

  it('runs the CloudTrail chain alongside the cluster listing, not after it', async () => {
    let describedTrails!: () => void;
    const trailsSeen = new Promise<void>((resolve) => (describedTrails = resolve));
    cloudtrailMock
      .on(DescribeTrailsCommand)
      .callsFake(async () => {
        describedTrails();
        return { trailList: [] };
      })
      .on(LookupEventsCommand)
      .resolves({ Events: [] });
    // The listing answers only once DescribeTrails has been sent: collected one after the other, this would time out.
    kafkaMock.on(ListClustersV2Command).callsFake(async () => {
      await Promise.race([trailsSeen, new Promise((_, reject) => setTimeout(() => reject(new Error('DescribeTrails was not sent during the listing')), 2000))]);
      return { ClusterInfoList: [] };
    });

    const result = await collectAccountRegion(allClients, ACCOUNT, REGION, { cloudTrail: WINDOW });

    expect(result.clusters).toEqual({ ok: true, value: [] });
    expect(result.trails).toEqual({ ok: true, value: [] });
  });

  it('records both errors when the listing and the versions fail', async () => {
    kafkaMock
      .on(ListClustersV2Command)
      .rejects(awsError('AccessDeniedException', 'denied'))
      .on(ListKafkaVersionsCommand)
      .rejects(awsError('AccessDeniedException', 'denied'));
    const result = await collectAccountRegion(clients, ACCOUNT, REGION);
    expect(result.errors.map((error) => error.operation)).toEqual(['ListClustersV2', 'ListKafkaVersions']);
  });
});
