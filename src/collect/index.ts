export { collectInventory, DEFAULT_ACCOUNT_CONCURRENCY, DEFAULT_REGION_CONCURRENCY } from './inventory.js';
export type { AccountSelection, CollectInventoryOptions, CollectConcurrency } from './inventory.js';
export { collectAccountRegion } from './account-region.js';
export type { AccountRegionClients, AccountRegionOptions } from './account-region.js';
export { collectClusters, toMskCluster, LIST_CLUSTERS_PAGE_SIZE } from './msk-clusters.js';
export type { ClustersResult } from './msk-clusters.js';
export {
  collectConfigurations,
  configurationReferences,
  parseServerProperties,
  DEFAULT_CONFIGURATION_CONCURRENCY,
} from './configurations.js';
export type { ConfigurationReference } from './configurations.js';
export { collectKmsKeys, referencedKmsKeys, DEFAULT_KMS_CONCURRENCY } from './kms-keys.js';
export { collectKafkaVersions } from './kafka-versions.js';
export { getCallerIdentity, partitionFromArn } from './identity.js';
export { toJson } from './json.js';
export type { JsonValue } from './json.js';
// The error the CLI maps to exit code 2, re-exported so callers of collectInventory need one import.
export { CredentialsError } from '../aws/errors.js';
