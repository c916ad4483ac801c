import { defineCheck, failed, notApplicable, notAvailable, passed, type Evidence } from '../src/check/index.js';
import { evaluateCluster, orNull } from './support/cluster.js';
import { AT_REST_KEY_FIELD, atRestKey, oncePerAtRestKey } from './support/kms-key.js';


export default defineCheck({
  meta: {
    id: 'msk-at-rest-key-enabled',
    title: 'MSK at-rest KMS key is enabled and not pending deletion',
    severity: 'HIGH',
    resourceType: 'AwsMskCluster',
    rationale:
      'The brokers need the at-rest key to read and write their volumes: a disabled or unusable key stops the cluster, ' +
      'and once a key scheduled for deletion is deleted the data encrypted under it can never be decrypted again.',
    remediation: {
      text:
        'Re-enable the key (EnableKey), or cancel a scheduled deletion (CancelKeyDeletion) and then enable it; for ' +
        'PendingImport import the key material again, and for Unavailable reconnect the custom key store.',
      url: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html',
    },
    frameworks: {
      'pci-dss-4.0.1': ['3.6.1', '3.5.1'],
      soc2: ['CC6.1'],
      'nist-800-53-r5': ['SC-12', 'SC-28(1)'],
      'iso-27001-2022': ['8.24'],
    },
  },
  evaluate(cluster, { inventory }) {
    return evaluateCluster(cluster, {
      serverless: () =>
        notApplicable(
          'MSK Serverless encrypts data at rest with an AWS-managed key whose state is managed by AWS and not visible to the customer.',
          {},
        ),
      provisioned: (provisioned) =>
        oncePerAtRestKey('msk-at-rest-key-enabled', '', provisioned, inventory, () => {
          const resolved = atRestKey(provisioned, inventory);
          if (!resolved.ok) return resolved.verdict;
          const { keyId, key } = resolved;
          const name = key.arn ?? keyId;
          const state = key.keyState;
          const evidence: Evidence = {
            [AT_REST_KEY_FIELD]: keyId,
            'KMS.KeyManager': orNull(key.keyManager),
            'KMS.KeyState': orNull(state),
          };
          const on = key.deletionDate ? ` on ${key.deletionDate}` : '';
          switch (state) {
            case 'Enabled':
              return passed(`The at-rest key ${name} is enabled (Enabled).`, evidence);
            case 'Disabled':
              return failed(`The at-rest key ${name} is disabled (Disabled), so MSK cannot use it for the cluster's data.`, evidence);
            case 'PendingImport':
              return failed(
                `The at-rest key ${name} has no key material (PendingImport), so MSK cannot use it for the cluster's data.`,
                evidence,
              );
            case 'Unavailable':
              return failed(
                `The at-rest key ${name} is unusable because its custom key store is disconnected (Unavailable).`,
                evidence,
              );
            case 'PendingDeletion':
              return failed(
                `The at-rest key ${name} is scheduled for deletion${on} (PendingDeletion), after which the cluster's data cannot be decrypted.`,
                { ...evidence, 'KMS.DeletionDate': orNull(key.deletionDate) },
                'CRITICAL',
              );
            case 'PendingReplicaDeletion':
              return failed(
                `The at-rest key ${name} is scheduled for deletion${on} once its multi-Region replicas are deleted (PendingReplicaDeletion), after which the cluster's data cannot be decrypted.`,
                { ...evidence, 'KMS.DeletionDate': orNull(key.deletionDate) },
                'CRITICAL',
              );
            case 'Creating':
            case 'Updating':
              return notAvailable(`The at-rest key ${name} is in the transitional state ${state}; evaluate it again once it settles.`, evidence);
            case undefined:
              return notAvailable(`KMS reported no key state for the at-rest key ${name}.`, evidence);
            default:
              return notAvailable(`KMS reported an unrecognised key state ${JSON.stringify(state)} for the at-rest key ${name}.`, evidence);
          }
        }),
    });
  },
});
