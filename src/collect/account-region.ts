import type { KafkaClient } from '@aws-sdk/client-kafka';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { collectKafkaEvents, type EventWindow } from './cloudtrail-events.js';
import { collectTrails, trailErrors } from './cloudtrail-trails.js';
import type { AccountRegionInventory, CollectionError, Fact } from '../inventory/index.js';
import { collectConfigurations, DEFAULT_CONFIGURATION_CONCURRENCY } from './configurations.js';
import { collectKafkaVersions } from './kafka-versions.js';
import { collectKmsKeys, DEFAULT_KMS_CONCURRENCY } from './kms-keys.js';
import { collectClusters } from './msk-clusters.js';

/** The clients one account-region needs (RegionClients from the client factory fits). */
export interface AccountRegionClients {
  kafka: KafkaClient;
  kms: KMSClient;
  /** Needed unless `cloudTrail` is false. */
  cloudtrail?: CloudTrailClient;
}

export interface AccountRegionOptions {
  /** Concurrent KMS keys in flight. Default 8. */
  kmsConcurrency?: number;
  /** Concurrent DescribeConfigurationRevision calls. Default 8. */
  configurationConcurrency?: number;
  /** The CloudTrail events window; false: collect neither trails nor events. Default false. */
  cloudTrail?: EventWindow | false;
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

  const inventory: AccountRegionInventory = { account, region, clusters: listing.clusters, configurations, kmsKeys, kafkaVersions, errors };
  if (trail) {
    inventory.trails = trail.trails;
    inventory.kafkaEvents = trail.events;
  }
  return inventory;
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
