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
export { collectSecurityGroups, referencedSecurityGroups, SECURITY_GROUP_BATCH } from './security-groups.js';
export { collectClusterPolicies } from './cluster-policies.js';
export { collectClientVpcConnections } from './client-vpc-connections.js';
export { collectBrokerLogBuckets, collectBrokerLogGroups, referencedLogDestinations } from './broker-log-destinations.js';
export { getCallerIdentity, partitionFromArn } from './identity.js';
export { toJson } from './json.js';
export type { JsonValue } from './json.js';
// The error the CLI maps to exit code 2, re-exported so callers of collectInventory need one import.
export { CredentialsError } from '../aws/errors.js';
export { CLIENT_ACCESS_FACTS, FACTS_BY_CHECK, factsForChecks } from './client-access-facts.js';
export type { ClientAccessFact } from './client-access-facts.js';
export { collectScramSecrets, scramClusters } from './scram-secrets.js';
export { collectPrivateCas, referencedPrivateCas } from './private-cas.js';
export { collectConnectors } from './msk-connect.js';
export { collectEventSourceMappings, MSK_SOURCE_ARN } from './lambda-consumers.js';
export { collectIamAccess, iamRegion, AUTHORIZATION_DETAILS_FILTER } from './iam-access.js';
export { GuardrailReader, managementAccountOf } from './scp-guardrails.js';
export { accountWideRegion, attachAccountWide, collectAccountWide } from './account-wide.js';
