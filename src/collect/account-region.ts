import type { KafkaClient } from '@aws-sdk/client-kafka';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { S3Client } from '@aws-sdk/client-s3';
import { collectBrokerLogBuckets, collectBrokerLogGroups } from './broker-log-destinations.js';
import { collectClientVpcConnections } from './client-vpc-connections.js';
import { collectClusterPolicies } from './cluster-policies.js';
import { collectSecurityGroups } from './security-groups.js';
import { collectKafkaEvents, showsACluster, type EventWindow } from './cloudtrail-events.js';
import { collectTrails, trailDetailsReader, trailErrors, type TrailDetailsReader } from './cloudtrail-trails.js';
import {
  notCollectedNoCluster,
  type AccountRegionInventory,
  type CollectionError,
  type Fact,
  type KafkaVersionFacts,
  type KmsKeyFacts,
  type LogBucketFacts,
  type LogGroupFacts,
  type MskCluster,
} from '../inventory/index.js';
import { collectConfigurations, DEFAULT_CONFIGURATION_CONCURRENCY } from './configurations.js';
import { collectKafkaVersions } from './kafka-versions.js';
import { collectKmsKeys, DEFAULT_KMS_CONCURRENCY } from './kms-keys.js';
import { collectClusters } from './msk-clusters.js';
import { collectClientAccess, type ClientAccessClients } from './client-access.js';
import type { ClientAccessFact } from './client-access-facts.js';

/** The clients one account-region needs (RegionClients from the client factory fits). */
export interface AccountRegionClients {
  kafka: KafkaClient;
  kms: KMSClient;
  /** Needed unless `cloudTrail` is false. */
  cloudtrail?: CloudTrailClient;
  /** CloudTrail in another region of the account: a trail's details are read in its home region. Default: `cloudtrail`. */
  cloudtrailIn?: (region: string) => CloudTrailClient;
  /** Needed for the client-access facts requested in `facts` (Secrets Manager, ACM PCA, MSK Connect, Lambda). */
  secretsmanager?: ClientAccessClients['secretsmanager'];
  kafkaconnect?: ClientAccessClients['kafkaconnect'];
  lambda?: ClientAccessClients['lambda'];
  acmPca?: ClientAccessClients['acmPca'];
  /** The network-exposure and broker-log facts: security groups (EC2), log groups (CloudWatch Logs), buckets (S3).
   * Each is collected when its client is given (RegionClients always gives them); absent → not collected. */
  ec2?: EC2Client;
  logs?: CloudWatchLogsClient;
  s3?: S3Client;
}

export interface AccountRegionOptions {
  /** Concurrent KMS keys in flight. Default 8. */
  kmsConcurrency?: number;
  /** Concurrent DescribeConfigurationRevision calls. Default 8. */
  configurationConcurrency?: number;
  /** The CloudTrail events window; false: collect neither trails nor events. Default false. */
  cloudTrail?: EventWindow | false;
  /**
   * Reads each trail's status and selectors, shared by every region of the account (see trailDetailsReader), so a
   * multi-region or organization trail costs one GetTrailStatus per account. Default: one reader for this
   * account-region, calling each trail's home region through `cloudtrailIn` when given.
   */
  trailDetails?: TrailDetailsReader;
  /** The regional client-access facts to collect (SCRAM secrets, private CAs, MSK Connect, Lambda). Default none. */
  facts?: ReadonlySet<ClientAccessFact>;
  /** The collection time recorded with them (ages and expiries are judged against it). Default now. */
  now?: () => Date;
}

/**
 * Collects one account-region. Three independent chains run at the same time: MSK (ListClustersV2, then the
 * configurations, KMS keys, Kafka versions, exposure and client-access facts of the clusters, concurrently),
 * CloudTrail (trails, and the MSK events) and, within the MSK chain, the client-access collectors. Where the
 * complete cluster listing is empty, the facts that only describe clusters or their clients are not collected
 * (Kafka versions, MSK Connect connectors, Lambda event source mappings — see NOT_COLLECTED_NO_CLUSTER — and the
 * `kafka-cluster.amazonaws.com` events unless a `kafka.amazonaws.com` event shows a cluster in the window); the
 * trails and the `kafka.amazonaws.com` events are read in every region. Never throws for an AWS error: each
 * failure is in the fact it concerns and in `errors`.
 */
export async function collectAccountRegion(
  clients: AccountRegionClients,
  account: string,
  region: string,
  options: AccountRegionOptions = {},
): Promise<AccountRegionInventory> {
  const listingPromise = collectClusters(clients.kafka, account, region);
  const cloudTrail = options.cloudTrail ? collectCloudTrail(clients, account, region, options.cloudTrail, listingPromise, options.trailDetails) : Promise.resolve(undefined);
  // Awaited in the Promise.all below; until then a (programming-error) rejection must not count as unhandled.
  cloudTrail.catch(() => undefined);
  const listing = await listingPromise;
  const clusters = listing.clusters.ok ? listing.clusters.value : [];
  const noCluster = listing.clusters.ok && clusters.length === 0;

  // Without a cluster there is no key to describe: the KMS client is not even built (clients are built on first use).
  const kmsKeysPromise =
    clusters.length > 0
      ? collectKmsKeys(clients.kms, clusters, account, region, options.kmsConcurrency ?? DEFAULT_KMS_CONCURRENCY)
      : Promise.resolve<Record<string, Fact<KmsKeyFacts>>>({});
  const [configurations, kmsKeys, kafkaVersions, exposure, access, trail] = await Promise.all([
    collectConfigurations(clients.kafka, clusters, account, region, options.configurationConcurrency ?? DEFAULT_CONFIGURATION_CONCURRENCY),
    kmsKeysPromise,
    // Only a cluster's version is judged against the list: where the listing is complete and empty, it is not read.
    // A failed listing does not stop it (its error tells more about what the role may do).
    noCluster
      ? Promise.resolve(notCollectedNoCluster<KafkaVersionFacts[]>({ service: 'kafka', operation: 'ListKafkaVersions', account, region }))
      : collectKafkaVersions(clients.kafka, account, region),
    // Exposure and broker-log facts need the cluster list: without it they are not collected at all.
    listing.clusters.ok ? collectExposure(clients, clusters, account, region) : undefined,
    options.facts && options.facts.size > 0 && listing.clusters.ok
      ? collectClientAccess(clients, clusters, kmsKeysPromise, account, region, options.facts)
      : undefined,
    cloudTrail,
  ]);

  const errors: CollectionError[] = [...listing.errors];
  for (const fact of Object.values(configurations)) pushError(errors, fact);
  for (const fact of Object.values(kmsKeys)) {
    pushError(errors, fact);
    if (fact.ok && fact.value.rotation) pushError(errors, fact.value.rotation);
  }
  // A version list not read for want of a cluster is no error.
  if (!noCluster) pushError(errors, kafkaVersions);
  if (trail) errors.push(...trail.errors);
  if (exposure) errors.push(...exposure.errors);
  if (access) {
    Object.assign(kmsKeys, access.kmsKeys);
    errors.push(...access.errors);
  }

  const inventory: AccountRegionInventory = { account, region, clusters: listing.clusters, configurations, kmsKeys, kafkaVersions, errors };
  if (trail) {
    inventory.trails = trail.trails;
    inventory.kafkaEvents = trail.events;
  }
  if (access) Object.assign(inventory, { collectedAt: (options.now ?? (() => new Date()))().toISOString() }, access.inventory);
  if (exposure) Object.assign(inventory, exposure.facts);
  return inventory;
}

/** Cluster policies and client VPC connections (MSK), security groups, broker log groups and buckets, concurrently. */
async function collectExposure(clients: AccountRegionClients, clusters: readonly MskCluster[], account: string, region: string) {
  // Without a cluster every record is empty: say so without building the EC2, CloudWatch Logs and S3 clients.
  const none = clusters.length === 0;
  const [clusterPolicies, clientVpcConnections, securityGroups, brokerLogGroups, brokerLogBuckets] = await Promise.all([
    collectClusterPolicies(clients.kafka, clusters, account, region),
    collectClientVpcConnections(clients.kafka, clusters, account, region),
    provides(clients, 'ec2') ? (none ? { groups: {}, errors: [] } : collectSecurityGroups(clients.ec2!, clusters, account, region)) : undefined,
    provides(clients, 'logs') ? (none ? ({} as Record<string, Fact<LogGroupFacts>>) : collectBrokerLogGroups(clients.logs!, clusters, account, region)) : undefined,
    provides(clients, 's3') ? (none ? ({} as Record<string, LogBucketFacts>) : collectBrokerLogBuckets(clients.s3!, clusters, account, region)) : undefined,
  ]);
  const errors: CollectionError[] = [];
  for (const fact of Object.values(clusterPolicies)) pushError(errors, fact);
  for (const fact of Object.values(clientVpcConnections)) pushError(errors, fact);
  if (securityGroups) errors.push(...securityGroups.errors);
  for (const fact of Object.values(brokerLogGroups ?? {})) pushError(errors, fact);
  for (const bucket of Object.values(brokerLogBuckets ?? {})) {
    pushError(errors, bucket.lifecycle);
    pushError(errors, bucket.encryption);
  }
  const facts: Partial<AccountRegionInventory> = { clusterPolicies, clientVpcConnections };
  if (securityGroups) facts.securityGroups = securityGroups.groups;
  if (brokerLogGroups) facts.brokerLogGroups = brokerLogGroups;
  if (brokerLogBuckets) facts.brokerLogBuckets = brokerLogBuckets;
  return { facts, errors };
}

/**
 * The CloudTrail chain: the trails (DescribeTrails, then each trail's details, shared across the account's regions)
 * and the MSK events (LookupEvents, paced at 2 per second), concurrently. `kafka-cluster.amazonaws.com` is looked up
 * unless the listing is complete and empty and no `kafka.amazonaws.com` event of the window shows a cluster.
 */
async function collectCloudTrail(
  clients: AccountRegionClients,
  account: string,
  region: string,
  window: EventWindow,
  listing: Promise<{ clusters: Fact<MskCluster[]> }>,
  trailDetails: TrailDetailsReader | undefined,
) {
  const cloudtrail = clients.cloudtrail;
  if (!cloudtrail) throw new Error('collectAccountRegion: a CloudTrail client is needed when cloudTrail is set');
  const details = trailDetails ?? trailDetailsReader(clients.cloudtrailIn ?? (() => cloudtrail), account);
  const [trails, events] = await Promise.all([
    collectTrails(cloudtrail, account, region, details),
    collectKafkaEvents(cloudtrail, account, region, window, {
      clusterEventsNeeded: async (mskEvents) => {
        const { clusters } = await listing;
        return !clusters.ok || clusters.value.length > 0 || mskEvents.some(showsACluster);
      },
    }),
  ]);
  return { trails, events: events.events, errors: [...trailErrors(trails), ...events.errors] };
}

/** Whether the clients object offers this client (a getter that builds it on first use, or a value), without building it. */
function provides(clients: AccountRegionClients, name: 'ec2' | 'logs' | 's3'): boolean {
  const descriptor = Object.getOwnPropertyDescriptor(clients, name);
  return descriptor !== undefined && (descriptor.get !== undefined || descriptor.value !== undefined);
}

function pushError(errors: CollectionError[], fact: Fact<unknown>): void {
  if (!fact.ok) errors.push(fact.error);
}
