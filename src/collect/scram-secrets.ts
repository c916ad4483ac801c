import { ListScramSecretsCommand, type KafkaClient } from '@aws-sdk/client-kafka';
import { DescribeSecretCommand, GetResourcePolicyCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { KMSClient } from '@aws-sdk/client-kms';
import pLimit from 'p-limit';
import { malformedResponse, toCollectionError } from '../aws/errors.js';
import { available, unavailable, type CollectionError, type Fact, type KmsKeyFacts, type MskCluster, type SecretFacts } from '../inventory/index.js';
import { compact, isoDate } from './json.js';
import { collectKey } from './kms-keys.js';

/** Secrets (and their keys) described at once per account-region. */
export const DEFAULT_SECRET_CONCURRENCY = 8;

export interface ScramSecretsResult {
  scramSecretLists: Record<string, Fact<string[]>>;
  secrets: Record<string, Fact<SecretFacts>>;
  /** KMS keys of the secrets not already among `knownKeys`, keyed by KmsKeyId as DescribeSecret returned it. */
  kmsKeys: Record<string, Fact<KmsKeyFacts>>;
  errors: CollectionError[];
}

/** Provisioned clusters with SASL/SCRAM on, in a state where their settings still matter. */
export function scramClusters(clusters: readonly MskCluster[]): MskCluster[] {
  return clusters.filter(
    (cluster) =>
      cluster.State !== 'DELETING' && cluster.State !== 'FAILED' && cluster.Provisioned?.ClientAuthentication?.Sasl?.Scram?.Enabled === true,
  );
}

/**
 * For each SCRAM cluster, ListScramSecrets (every page); for each distinct secret, DescribeSecret and
 * GetResourcePolicy — metadata only: the secret's value is never read (no GetSecretValue). The KMS key each secret
 * is encrypted with is described like an at-rest key (DescribeKey, then GetKeyRotationStatus when
 * customer-managed), once, unless `knownKeys` already has it (it may be the at-rest keys still being described: it is
 * awaited only once the secrets are known). Every failure becomes an unavailable fact.
 */
export async function collectScramSecrets(
  clients: { kafka: KafkaClient; secretsManager: SecretsManagerClient; kms: KMSClient },
  clusters: readonly MskCluster[],
  knownKeys: Readonly<Record<string, Fact<KmsKeyFacts>>> | Promise<Readonly<Record<string, Fact<KmsKeyFacts>>>>,
  account: string,
  region: string,
  concurrency = DEFAULT_SECRET_CONCURRENCY,
): Promise<ScramSecretsResult> {
  const limit = pLimit(concurrency);
  const lists = await Promise.all(
    scramClusters(clusters).map((cluster) => limit(async () => [cluster.ClusterArn, await listScramSecrets(clients.kafka, cluster.ClusterArn, account, region)] as const)),
  );
  const scramSecretLists = Object.fromEntries(lists);
  const secretArns = [...new Set(lists.flatMap(([, fact]) => (fact.ok ? fact.value : [])))];
  const secrets = Object.fromEntries(
    await Promise.all(secretArns.map((arn) => limit(async () => [arn, await describeSecret(clients.secretsManager, arn, account, region)] as const))),
  );
  const known = await knownKeys;
  const keyIds = [
    ...new Set(
      Object.values(secrets).flatMap((fact) => (fact.ok && fact.value.kmsKeyId && known[fact.value.kmsKeyId] === undefined ? [fact.value.kmsKeyId] : [])),
    ),
  ];
  const kmsKeys = Object.fromEntries(await Promise.all(keyIds.map((keyId) => limit(async () => [keyId, await collectKey(clients.kms, keyId, account, region)] as const))));

  const errors: CollectionError[] = [];
  for (const fact of Object.values(scramSecretLists)) if (!fact.ok) errors.push(fact.error);
  for (const fact of Object.values(secrets)) {
    if (!fact.ok) errors.push(fact.error);
    else if (!fact.value.resourcePolicy.ok) errors.push(fact.value.resourcePolicy.error);
  }
  for (const fact of Object.values(kmsKeys)) {
    if (!fact.ok) errors.push(fact.error);
    else if (fact.value.rotation && !fact.value.rotation.ok) errors.push(fact.value.rotation.error);
  }
  return { scramSecretLists, secrets, kmsKeys, errors };
}

async function listScramSecrets(kafka: KafkaClient, clusterArn: string, account: string, region: string): Promise<Fact<string[]>> {
  const context = { service: 'kafka', operation: 'ListScramSecrets', account, region, resource: clusterArn };
  const arns: string[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  try {
    do {
      const page = await kafka.send(new ListScramSecretsCommand({ ClusterArn: clusterArn, ...(token ? { NextToken: token } : {}) }));
      arns.push(...(page.SecretArnList ?? []).filter((arn): arn is string => typeof arn === 'string' && arn !== ''));
      token = page.NextToken || undefined;
      if (token && seen.has(token)) return unavailable(malformedResponse('ListScramSecrets returned the same NextToken twice.', context));
      if (token) seen.add(token);
    } while (token);
  } catch (error) {
    return unavailable(toCollectionError(error, context));
  }
  return available([...new Set(arns)]);
}

async function describeSecret(sm: SecretsManagerClient, arn: string, account: string, region: string): Promise<Fact<SecretFacts>> {
  const context = { service: 'secretsmanager', operation: 'DescribeSecret', account, region, resource: arn };
  let facts: SecretFacts;
  try {
    const secret = await sm.send(new DescribeSecretCommand({ SecretId: arn }));
    const rules = secret.RotationRules
      ? compact<NonNullable<SecretFacts['rotationRules']>>({
          automaticallyAfterDays: secret.RotationRules.AutomaticallyAfterDays,
          duration: secret.RotationRules.Duration,
          scheduleExpression: secret.RotationRules.ScheduleExpression,
        })
      : undefined;
    facts = compact<SecretFacts>({
      arn: secret.ARN ?? arn,
      name: secret.Name,
      kmsKeyId: secret.KmsKeyId || undefined,
      rotationEnabled: secret.RotationEnabled,
      rotationLambdaArn: secret.RotationLambdaARN,
      rotationRules: rules,
      lastRotatedDate: isoDate(secret.LastRotatedDate),
      nextRotationDate: isoDate(secret.NextRotationDate),
      deletedDate: isoDate(secret.DeletedDate),
      resourcePolicy: available(null),
    });
  } catch (error) {
    return unavailable(toCollectionError(error, context));
  }
  facts.resourcePolicy = await resourcePolicy(sm, arn, account, region);
  return available(facts);
}

async function resourcePolicy(sm: SecretsManagerClient, arn: string, account: string, region: string): Promise<Fact<string | null>> {
  try {
    const response = await sm.send(new GetResourcePolicyCommand({ SecretId: arn }));
    return available(typeof response.ResourcePolicy === 'string' && response.ResourcePolicy !== '' ? response.ResourcePolicy : null);
  } catch (error) {
    return unavailable(toCollectionError(error, { service: 'secretsmanager', operation: 'GetResourcePolicy', account, region, resource: arn }));
  }
}
