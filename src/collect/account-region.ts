import type { KafkaClient } from '@aws-sdk/client-kafka';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { AccountRegionInventory, CollectionError, Fact } from '../inventory/index.js';
import { collectConfigurations, DEFAULT_CONFIGURATION_CONCURRENCY } from './configurations.js';
import { collectKafkaVersions } from './kafka-versions.js';
import { collectKmsKeys, DEFAULT_KMS_CONCURRENCY } from './kms-keys.js';
import { collectClusters } from './msk-clusters.js';

/** The clients one account-region needs (RegionClients from the client factory fits). */
export interface AccountRegionClients {
  kafka: KafkaClient;
  kms: KMSClient;
}

export interface AccountRegionOptions {
  /** Concurrent KMS keys in flight. Default 8. */
  kmsConcurrency?: number;
  /** Concurrent DescribeConfigurationRevision calls. Default 8. */
  configurationConcurrency?: number;
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
  const listing = await collectClusters(clients.kafka, account, region);
  const clusters = listing.clusters.ok ? listing.clusters.value : [];
  const [configurations, kmsKeys, kafkaVersions] = await Promise.all([
    collectConfigurations(clients.kafka, clusters, account, region, options.configurationConcurrency ?? DEFAULT_CONFIGURATION_CONCURRENCY),
    collectKmsKeys(clients.kms, clusters, account, region, options.kmsConcurrency ?? DEFAULT_KMS_CONCURRENCY),
    kafkaVersionsPromise,
  ]);

  const errors: CollectionError[] = [...listing.errors];
  for (const fact of Object.values(configurations)) pushError(errors, fact);
  for (const fact of Object.values(kmsKeys)) {
    pushError(errors, fact);
    if (fact.ok && fact.value.rotation) pushError(errors, fact.value.rotation);
  }
  pushError(errors, kafkaVersions);

  return { account, region, clusters: listing.clusters, configurations, kmsKeys, kafkaVersions, errors };
}

function pushError(errors: CollectionError[], fact: Fact<unknown>): void {
  if (!fact.ok) errors.push(fact.error);
}
