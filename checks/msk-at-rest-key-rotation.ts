import { defineCheck, failed, notApplicable, notAvailable, passed, type Evidence } from '../src/check/index.js';
import { describeError } from '../src/inventory/index.js';
import { evaluateCluster, orNull } from './support/cluster.js';
import { AT_REST_KEY_FIELD, atRestKey, oncePerAtRestKey } from './support/kms-key.js';
import { extend } from './support/evidence.js';


export default defineCheck({
  meta: {
    id: 'msk-at-rest-key-rotation',
    title: 'MSK at-rest customer-managed KMS key rotates automatically',
    severity: 'MEDIUM',
    resourceType: 'AwsMskCluster',
    rationale:
      'Rotating the key material on a schedule limits how much data depends on any one key version and how long a ' +
      'leaked or broken key version stays useful; KMS only does this for a customer-managed key when rotation is enabled.',
    remediation: {
      text:
        'Enable automatic rotation on the customer-managed key (EnableKeyRotation) with a rotation period no longer ' +
        'than the configured maximum; rotation keeps the key id, so the cluster needs no change.',
      url: 'https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html',
    },
    frameworks: {
      'pci-dss-4.0.1': ['3.7.4', '3.6.1'],
      soc2: ['CC6.1'],
      'nist-800-53-r5': ['SC-12', 'SC-12(2)'],
      'iso-27001-2022': ['8.24'],
    },
  },
  evaluate(cluster, { inventory, thresholds }) {
    return evaluateCluster(cluster, {
      serverless: () =>
        notApplicable(
          'MSK Serverless encrypts data at rest with an AWS-managed key that AWS rotates itself and that is not visible to the customer.',
          {},
        ),
      provisioned: (provisioned) =>
        oncePerAtRestKey('msk-at-rest-key-rotation', String(thresholds.keyRotationMaxDays), provisioned, inventory, () => {
          const resolved = atRestKey(provisioned, inventory);
          if (!resolved.ok) return resolved.verdict;
          const { keyId, key } = resolved;
          const name = key.arn ?? keyId;
          const evidence: Evidence = { [AT_REST_KEY_FIELD]: keyId, 'KMS.KeyManager': orNull(key.keyManager) };

          if (key.keyManager === 'AWS') {
            return notApplicable(
              `The at-rest key ${name} is AWS-managed, which AWS rotates itself; msk-at-rest-cmk reports the key type.`,
              evidence,
            );
          }
          if (key.keyManager !== 'CUSTOMER') {
            return notAvailable(
              `KMS reported an unrecognised key manager ${JSON.stringify(key.keyManager ?? null)} for ${name}.`,
              evidence,
            );
          }

          const rotation = key.rotation;
          if (rotation === undefined) {
            return notAvailable(`The rotation status of the customer-managed key ${name} was not collected.`, {
              ...evidence,
              'KMS.KeyRotationEnabled': null,
            });
          }
          if (!rotation.ok) {
            return notAvailable(`The rotation status of ${name} could not be read: ${describeError(rotation.error)}.`, {
              ...evidence,
              collectionError: { code: rotation.error.code, message: rotation.error.message },
            });
          }

          const { enabled, rotationPeriodInDays: period } = rotation.value;
          const rotationEvidence: Evidence = extend(evidence, {
            'KMS.KeyRotationEnabled': orNull(enabled),
            'KMS.RotationPeriodInDays': orNull(period),
          });
          if (enabled === false) {
            return failed(`Automatic rotation is disabled on the customer-managed key ${name} (KeyRotationEnabled is false).`, rotationEvidence);
          }
          if (enabled !== true) {
            return notAvailable(
              `KMS reported an unrecognised rotation status ${JSON.stringify(enabled ?? null)} for ${name}.`,
              rotationEvidence,
            );
          }
          if (period === undefined || period === null) {
            return notAvailable(`Automatic rotation is enabled on ${name} but KMS reported no rotation period.`, rotationEvidence);
          }
          if (typeof period !== 'number' || !Number.isFinite(period)) {
            return notAvailable(
              `KMS reported an unrecognised rotation period ${JSON.stringify(period)} for ${name}.`,
              rotationEvidence,
            );
          }
          const max = thresholds.keyRotationMaxDays;
          const judged: Evidence = extend(rotationEvidence, { 'Thresholds.keyRotationMaxDays': max });
          if (period <= max) {
            return passed(`The customer-managed key ${name} rotates automatically every ${period} days, within the ${max}-day limit.`, judged);
          }
          return failed(
            `The customer-managed key ${name} rotates automatically every ${period} days, longer than the ${max}-day limit.`,
            judged,
          );
        }),
    });
  },
});
