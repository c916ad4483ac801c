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
