import { defineCheck, failed, notAvailable, passed } from '../src/check/index.js';
import { evaluateCluster } from './support/cluster.js';
import { AT_REST_KEY_FIELD, atRestKey, oncePerAtRestKey } from './support/kms-key.js';

export default defineCheck({
  meta: {
    id: 'msk-at-rest-cmk',
    title: 'MSK at-rest encryption uses a customer-managed KMS key',
    severity: 'HIGH',
    resourceType: 'AwsMskCluster',
    rationale:
      'A customer-managed key puts key policy, rotation, disabling and deletion under the customer\'s control and ' +
      'leaves an audit trail of every use, which an AWS-managed key does not.',
    remediation: {
      text:
        'Create the cluster with a customer-managed KMS key (EncryptionAtRest.DataVolumeKMSKeyId); the at-rest key ' +
        'cannot be changed on an existing cluster, so migrate the data to a new cluster. MSK Serverless supports ' +
        'only AWS-managed keys: record an accepted risk or use a provisioned cluster for in-scope data.',
      url: 'https://docs.aws.amazon.com/msk/latest/developerguide/msk-encryption.html',
    },
    frameworks: {
      'pci-dss-4.0.1': ['3.5.1', '3.6.1'],
      soc2: ['CC6.1'],
      'nist-800-53-r5': ['SC-28(1)', 'SC-12', 'SC-13'],
      'iso-27001-2022': ['8.24'],
    },
  },
  evaluate(cluster, { inventory }) {
    return evaluateCluster(cluster, {
      serverless: () =>
        failed('MSK Serverless encrypts data at rest only with an AWS-managed key; a customer-managed key cannot be set.', {
          atRestKeyManager: 'AWS',
        }),
      provisioned: (provisioned) =>
        oncePerAtRestKey('msk-at-rest-cmk', '', provisioned, inventory, () => {
          const resolved = atRestKey(provisioned, inventory);
          if (!resolved.ok) return resolved.verdict;
          const { keyId, key } = resolved;
          const evidence = {
            [AT_REST_KEY_FIELD]: keyId,
            'KMS.KeyManager': key.keyManager ?? null,
            'KMS.Arn': key.arn ?? null,
          };
          if (key.keyManager === 'CUSTOMER') {
            return passed(`Data at rest is encrypted with the customer-managed key ${key.arn ?? keyId}.`, evidence);
          }
          if (key.keyManager === 'AWS') {
            return failed(`Data at rest is encrypted with the AWS-managed key ${key.arn ?? keyId}, not a customer-managed key.`, evidence);
          }
          return notAvailable(`KMS reported an unrecognised key manager ${JSON.stringify(key.keyManager ?? null)} for ${keyId}.`, evidence);
        }),
    });
  },
});
