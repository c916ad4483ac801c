import type { ACMPCAClient } from '@aws-sdk/client-acm-pca';
import type { KafkaClient } from '@aws-sdk/client-kafka';
import type { KafkaConnectClient } from '@aws-sdk/client-kafkaconnect';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AccountRegionInventory, CollectionError, Fact, KmsKeyFacts, MskCluster } from '../inventory/index.js';
import type { ClientAccessFact } from './client-access-facts.js';
import { collectEventSourceMappings } from './lambda-consumers.js';
import { collectConnectors } from './msk-connect.js';
import { collectPrivateCas } from './private-cas.js';
import { collectScramSecrets } from './scram-secrets.js';

/** The clients the regional client-access facts need; each only when its fact is requested. */
export interface ClientAccessClients {
  kafka: KafkaClient;
  kms: KMSClient;
  secretsmanager?: SecretsManagerClient;
  kafkaconnect?: KafkaConnectClient;
  lambda?: LambdaClient;
  /** ACM PCA in a given region (a CA is described in the region its ARN names). */
  acmPca?: (region: string) => ACMPCAClient;
}

export type ClientAccessInventory = Pick<
  AccountRegionInventory,
  'scramSecretLists' | 'secrets' | 'privateCas' | 'connectors' | 'eventSourceMappings'
>;

function need<T>(client: T | undefined, name: string): T {
  if (!client) throw new Error(`collectClientAccess: the ${name} client is needed for the facts requested`);
  return client;
}

/**
 * The regional facts of issue 9 that `facts` asks for: SCRAM secrets (and their KMS keys, merged into `kmsKeys`
 * by the caller), private CAs, MSK Connect connectors, Lambda event source mappings. Never throws for an AWS error.
 */
export async function collectClientAccess(
  clients: ClientAccessClients,
  clusters: readonly MskCluster[],
  knownKeys: Readonly<Record<string, Fact<KmsKeyFacts>>>,
  account: string,
  region: string,
  facts: ReadonlySet<ClientAccessFact>,
): Promise<{ inventory: ClientAccessInventory; kmsKeys: Record<string, Fact<KmsKeyFacts>>; errors: CollectionError[] }> {
  const [scram, cas, connectors, mappings] = await Promise.all([
    facts.has('scram-secrets')
      ? collectScramSecrets({ kafka: clients.kafka, kms: clients.kms, secretsManager: need(clients.secretsmanager, 'Secrets Manager') }, clusters, knownKeys, account, region)
      : undefined,
    facts.has('private-cas') ? collectPrivateCas(need(clients.acmPca, 'ACM PCA'), clusters, account, region) : undefined,
    facts.has('msk-connect') ? collectConnectors(need(clients.kafkaconnect, 'MSK Connect'), account, region) : undefined,
    facts.has('lambda-consumers') ? collectEventSourceMappings(need(clients.lambda, 'Lambda'), account, region) : undefined,
  ]);
  const inventory: ClientAccessInventory = {};
  const errors: CollectionError[] = [];
  if (scram) {
    inventory.scramSecretLists = scram.scramSecretLists;
    inventory.secrets = scram.secrets;
    errors.push(...scram.errors);
  }
  if (cas) {
    inventory.privateCas = cas.privateCas;
    errors.push(...cas.errors);
  }
  if (connectors) {
    inventory.connectors = connectors;
    if (!connectors.ok) errors.push(connectors.error);
  }
  if (mappings) {
    inventory.eventSourceMappings = mappings;
    if (!mappings.ok) errors.push(mappings.error);
  }
  return { inventory, kmsKeys: scram?.kmsKeys ?? {}, errors };
}
