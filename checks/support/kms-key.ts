import type { AccountRegionInventory, KmsKeyFacts, ProvisionedInfo } from '../../src/inventory/index.js';
import { describeError } from '../../src/inventory/index.js';
import { notAvailable, type Verdict } from '../../src/check/index.js';

/** The evidence key under which every at-rest key check records the key the cluster references. */
export const AT_REST_KEY_FIELD = 'Provisioned.EncryptionInfo.EncryptionAtRest.DataVolumeKMSKeyId';

export type AtRestKey = { ok: true; keyId: string; key: KmsKeyFacts } | { ok: false; verdict: Verdict };

/** Resolves the at-rest KMS key of a provisioned cluster, or the NOT_AVAILABLE verdict explaining why not. */
export function atRestKey(provisioned: ProvisionedInfo, inventory: AccountRegionInventory): AtRestKey {
  const keyId = provisioned.EncryptionInfo?.EncryptionAtRest?.DataVolumeKMSKeyId;
  if (!keyId) {
    return {
      ok: false,
      verdict: notAvailable('The cluster description has no at-rest KMS key (DataVolumeKMSKeyId).', {
        [AT_REST_KEY_FIELD]: null,
      }),
    };
  }
  const fact = inventory.kmsKeys[keyId];
  const evidence = { [AT_REST_KEY_FIELD]: keyId };
  if (!fact) {
    return { ok: false, verdict: notAvailable(`The KMS key ${keyId} was not described during collection.`, evidence) };
  }
  if (!fact.ok) {
    return {
      ok: false,
      verdict: notAvailable(`The KMS key ${keyId} could not be described: ${describeError(fact.error)}.`, {
        ...evidence,
        collectionError: { code: fact.error.code, message: fact.error.message },
      }),
    };
  }
  return { ok: true, keyId, key: fact.value };
}

/**
 * The clusters of an account-region share a few KMS keys, and an at-rest key check's verdict on a provisioned cluster
 * depends only on the key id the cluster names, the key's fact and the check's threshold (`variant`): `judge` runs once
 * per such key, and the verdict is kept with the key's fact (so it lives as long as the inventory does).
 * evaluateCluster copies the verdict and its evidence for each cluster.
 */
const judgedKeys = new WeakMap<object, Map<string, Verdict>>();

export function oncePerAtRestKey(
  checkId: string,
  variant: string,
  provisioned: ProvisionedInfo,
  inventory: AccountRegionInventory,
  judge: () => Verdict,
): Verdict {
  const keyId: unknown = provisioned.EncryptionInfo?.EncryptionAtRest?.DataVolumeKMSKeyId;
  const keys: unknown = inventory.kmsKeys;
  if (typeof keyId !== 'string' || keyId === '' || typeof keys !== 'object' || keys === null || !Object.hasOwn(keys, keyId)) return judge();
  const fact: unknown = (keys as Record<string, unknown>)[keyId];
  if (typeof fact !== 'object' || fact === null) return judge();
  const key = `${checkId}|${variant}|${keyId}`;
  let judged = judgedKeys.get(fact);
  const cached = judged?.get(key);
  if (cached !== undefined) return cached;
  const verdict = judge();
  if (judged === undefined) judgedKeys.set(fact, (judged = new Map()));
  judged.set(key, verdict);
  return verdict;
}
