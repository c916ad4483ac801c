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
import { collectKafkaEvents, type EventWindow } from './cloudtrail-events.js';
import { collectTrails, trailErrors } from './cloudtrail-trails.js';
import type { AccountRegionInventory, CollectionError, Fact, MskCluster } from '../inventory/index.js';
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
  /** The regional client-access facts to collect (SCRAM secrets, private CAs, MSK Connect, Lambda). Default none. */
  facts?: ReadonlySet<ClientAccessFact>;
  /** The collection time recorded with them (ages and expiries are judged against it). Default now. */
  now?: () => Date;
}

/**
 * Collects one account-region: the cluster listing first, then configurations, KMS keys and Kafka versions
 * concurrently. Never throws for an AWS error: each failure is in the fact it concerns and in `errors`.
 */
export async function collectAccountRegion(
  clients: AccountRegionClients,
  account: string,
  region: string,
  options: AccountRegionOptions = {},
): Promise<AccountRegionInventory> {
  // Kafka versions do not depend on the clusters: start them now so a failed listing does not stop them.
  const kafkaVersionsPromise = collectKafkaVersions(clients.kafka, account, region);
  const cloudTrail = options.cloudTrail ? collectCloudTrail(clients, account, region, options.cloudTrail) : Promise.resolve(undefined);
  const listing = await collectClusters(clients.kafka, account, region);
  const clusters = listing.clusters.ok ? listing.clusters.value : [];
  const [configurations, kmsKeys, kafkaVersions, trail] = await Promise.all([
    collectConfigurations(clients.kafka, clusters, account, region, options.configurationConcurrency ?? DEFAULT_CONFIGURATION_CONCURRENCY),
    collectKmsKeys(clients.kms, clusters, account, region, options.kmsConcurrency ?? DEFAULT_KMS_CONCURRENCY),
    kafkaVersionsPromise,
    cloudTrail,
  ]);

  const errors: CollectionError[] = [...listing.errors];
  for (const fact of Object.values(configurations)) pushError(errors, fact);
  for (const fact of Object.values(kmsKeys)) {
    pushError(errors, fact);
    if (fact.ok && fact.value.rotation) pushError(errors, fact.value.rotation);
  }
  pushError(errors, kafkaVersions);
  if (trail) errors.push(...trail.errors);
  // Exposure and broker-log facts need the cluster list: without it they are not collected at all.
  const exposure = listing.clusters.ok ? await collectExposure(clients, clusters, account, region) : undefined;
  if (exposure) errors.push(...exposure.errors);
  const access =
    options.facts && options.facts.size > 0 && listing.clusters.ok
      ? await collectClientAccess(clients, clusters, kmsKeys, account, region, options.facts)
      : undefined;
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
  const [clusterPolicies, clientVpcConnections, securityGroups, brokerLogGroups, brokerLogBuckets] = await Promise.all([
    collectClusterPolicies(clients.kafka, clusters, account, region),
    collectClientVpcConnections(clients.kafka, clusters, account, region),
    clients.ec2 ? collectSecurityGroups(clients.ec2, clusters, account, region) : undefined,
    clients.logs ? collectBrokerLogGroups(clients.logs, clusters, account, region) : undefined,
    clients.s3 ? collectBrokerLogBuckets(clients.s3, clusters, account, region) : undefined,
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

async function collectCloudTrail(clients: AccountRegionClients, account: string, region: string, window: EventWindow) {
  if (!clients.cloudtrail) throw new Error('collectAccountRegion: a CloudTrail client is needed when cloudTrail is set');
  // Trails and events are read one after the other: LookupEvents is paced and DescribeTrails is one call.
  const trails = await collectTrails(clients.cloudtrail, account, region);
  const events = await collectKafkaEvents(clients.cloudtrail, account, region, window);
  return { trails, events: events.events, errors: [...trailErrors(trails), ...events.errors] };
}

function pushError(errors: CollectionError[], fact: Fact<unknown>): void {
  if (!fact.ok) errors.push(fact.error);
}
