import type { ACMPCAClient } from '@aws-sdk/client-acm-pca';
import type { KafkaClient } from '@aws-sdk/client-kafka';
import type { KafkaConnectClient } from '@aws-sdk/client-kafkaconnect';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  isNotCollectedNoCluster,
  notCollectedNoCluster,
  type AccountRegionInventory,
  type CollectionError,
  type ConnectorFacts,
  type EventSourceMappingFacts,
  type Fact,
  type KmsKeyFacts,
  type MskCluster,
} from '../inventory/index.js';
import type { ClientAccessFact } from './client-access-facts.js';
import { collectEventSourceMappings } from './lambda-consumers.js';
import { collectConnectors } from './msk-connect.js';
import { collectPrivateCas } from './private-cas.js';
import { collectScramSecrets, scramClusters } from './scram-secrets.js';

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
 * by the caller), private CAs, MSK Connect connectors, Lambda event source mappings. `clusters` is the complete
 * listing: with none, connectors and mappings are not listed. Never throws for an AWS error.
 */
export async function collectClientAccess(
  clients: ClientAccessClients,
  clusters: readonly MskCluster[],
  /** The at-rest keys already described (or being described): a secret's key among them is not described again. */
  knownKeys: Readonly<Record<string, Fact<KmsKeyFacts>>> | Promise<Readonly<Record<string, Fact<KmsKeyFacts>>>>,
  account: string,
  region: string,
  facts: ReadonlySet<ClientAccessFact>,
): Promise<{ inventory: ClientAccessInventory; kmsKeys: Record<string, Fact<KmsKeyFacts>>; errors: CollectionError[] }> {
  // `clusters` is the account-region's complete listing. Without a cluster there is no connector or mapping of its
  // own to judge: they are not listed, and the facts say why (not an error; see NOT_COLLECTED_NO_CLUSTER).
  const noCluster = clusters.length === 0;
  const [scram, cas, connectors, mappings] = await Promise.all([
    facts.has('scram-secrets')
      ? scramClusters(clusters).length === 0
        ? // Nothing to list: the Secrets Manager and KMS clients are not built.
          { scramSecretLists: {}, secrets: {}, kmsKeys: {}, errors: [] }
        : collectScramSecrets({ kafka: clients.kafka, kms: clients.kms, secretsManager: need(clients.secretsmanager, 'Secrets Manager') }, clusters, knownKeys, account, region)
      : undefined,
    facts.has('private-cas') ? collectPrivateCas(need(clients.acmPca, 'ACM PCA'), clusters, account, region) : undefined,
    facts.has('msk-connect')
      ? noCluster
        ? notCollectedNoCluster<ConnectorFacts[]>({ service: 'kafkaconnect', operation: 'ListConnectors', account, region })
        : collectConnectors(need(clients.kafkaconnect, 'MSK Connect'), account, region)
      : undefined,
    facts.has('lambda-consumers')
      ? noCluster
        ? notCollectedNoCluster<EventSourceMappingFacts[]>({ service: 'lambda', operation: 'ListEventSourceMappings', account, region })
        : collectEventSourceMappings(need(clients.lambda, 'Lambda'), account, region)
      : undefined,
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
    if (!connectors.ok && !isNotCollectedNoCluster(connectors)) errors.push(connectors.error);
  }
  if (mappings) {
    inventory.eventSourceMappings = mappings;
    if (!mappings.ok && !isNotCollectedNoCluster(mappings)) errors.push(mappings.error);
  }
  return { inventory, kmsKeys: scram?.kmsKeys ?? {}, errors };
}
