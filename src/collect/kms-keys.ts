import { DescribeKeyCommand, GetKeyRotationStatusCommand, type KMSClient } from '@aws-sdk/client-kms';
import pLimit from 'p-limit';
import { malformedResponse, toCollectionError } from '../aws/errors.js';
import { available, unavailable, type Fact, type KeyRotation, type KmsKeyFacts, type MskCluster } from '../inventory/index.js';
import { compact, isoDate } from './json.js';

/** Concurrent keys in flight per account-region (each key is DescribeKey, then maybe GetKeyRotationStatus). */
export const DEFAULT_KMS_CONCURRENCY = 8;

/** The distinct at-rest key identifiers (DataVolumeKMSKeyId, exactly as referenced) of the provisioned clusters. */
export function referencedKmsKeys(clusters: readonly MskCluster[]): string[] {
  const keys = new Set<string>();
  for (const cluster of clusters) {
    const keyId = cluster.Provisioned?.EncryptionInfo?.EncryptionAtRest?.DataVolumeKMSKeyId;
    if (typeof keyId === 'string' && keyId !== '') keys.add(keyId);
  }
  return [...keys];
}

/**
 * DescribeKey for every distinct at-rest key the clusters reference, keyed by the identifier as referenced
 * (which, being an ARN, also reaches keys in other accounts); GetKeyRotationStatus for customer-managed keys.
 * A failing key affects only its own entry; a failing rotation lookup only the entry's `rotation`.
 */
export async function collectKmsKeys(
  kms: KMSClient,
  clusters: readonly MskCluster[],
  account: string,
  region: string,
  concurrency = DEFAULT_KMS_CONCURRENCY,
): Promise<Record<string, Fact<KmsKeyFacts>>> {
  const limit = pLimit(concurrency);
  const entries = await Promise.all(
    referencedKmsKeys(clusters).map((keyId) => limit(async () => [keyId, await collectKey(kms, keyId, account, region)] as const)),
  );
  return Object.fromEntries(entries);
}

/** DescribeKey for one key as referenced, then GetKeyRotationStatus when it is customer-managed (SCRAM secrets' keys reuse this). */
export async function collectKey(kms: KMSClient, keyId: string, account: string, region: string): Promise<Fact<KmsKeyFacts>> {
  const context = { service: 'kms', operation: 'DescribeKey', account, region, resource: keyId };
  let facts: KmsKeyFacts;
  try {
    const metadata = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata;
    if (!metadata) return unavailable(malformedResponse('DescribeKey returned no KeyMetadata.', context));
    facts = compact<KmsKeyFacts>({
      keyId: metadata.KeyId,
      arn: metadata.Arn,
      keyManager: metadata.KeyManager,
      keyState: metadata.KeyState,
      keySpec: metadata.KeySpec,
      origin: metadata.Origin,
      deletionDate: isoDate(metadata.DeletionDate),
    });
  } catch (error) {
    return unavailable(toCollectionError(error, context));
  }
  // AWS-managed keys are rotated by AWS every year and GetKeyRotationStatus is not made for them.
  if (facts.keyManager === 'CUSTOMER') {
    facts.rotation = await rotationStatus(kms, facts.arn ?? keyId, account, region);
  }
  return available(facts);
}

async function rotationStatus(kms: KMSClient, keyArn: string, account: string, region: string): Promise<Fact<KeyRotation>> {
  const context = { service: 'kms', operation: 'GetKeyRotationStatus', account, region, resource: keyArn };
  try {
    const response = await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyArn }));
    if (typeof response.KeyRotationEnabled !== 'boolean') {
      return unavailable(malformedResponse('GetKeyRotationStatus returned no KeyRotationEnabled.', context));
    }
    return available(
      compact<KeyRotation>({
        enabled: response.KeyRotationEnabled,
        rotationPeriodInDays: response.RotationPeriodInDays,
        nextRotationDate: isoDate(response.NextRotationDate),
      }),
    );
  } catch (error) {
    return unavailable(toCollectionError(error, context));
  }
}
