import check from '../../checks/msk-at-rest-key-enabled.js';
import { available, unavailable, type KmsKeyFacts } from '../../src/inventory/index.js';
import { checkTable } from '../support/check-table.js';
import { KEY_ARN, accessDenied, accountRegion, provisionedCluster, serverlessCluster } from '../support/fixtures.js';

function key(facts: Partial<KmsKeyFacts>) {
  return accountRegion((r) => {
    r.kmsKeys[KEY_ARN] = available({ arn: KEY_ARN, keyManager: 'CUSTOMER', keyState: 'Enabled', ...facts });
  });
}

checkTable(check, {
  PASSED: [
    { name: 'customer-managed key enabled', cluster: provisionedCluster(), reason: /is enabled/ },
    { name: 'AWS-managed key enabled', cluster: provisionedCluster(), inventory: key({ keyManager: 'AWS' }) },
  ],
  FAILED: [
    { name: 'key disabled', cluster: provisionedCluster(), inventory: key({ keyState: 'Disabled' }), reason: /Disabled/ },
    { name: 'key material not imported', cluster: provisionedCluster(), inventory: key({ keyState: 'PendingImport' }), reason: /PendingImport/ },
    { name: 'custom key store disconnected', cluster: provisionedCluster(), inventory: key({ keyState: 'Unavailable' }), reason: /Unavailable/ },
    {
      name: 'key pending deletion, with date',
      cluster: provisionedCluster(),
      inventory: key({ keyState: 'PendingDeletion', deletionDate: '2026-12-01T00:00:00.000Z' }),
      reason: /scheduled for deletion on 2026-12-01T00:00:00.000Z \(PendingDeletion\)/,
      severity: 'CRITICAL',
    },
    {
      name: 'key pending deletion, no date',
      cluster: provisionedCluster(),
      inventory: key({ keyState: 'PendingDeletion' }),
      reason: /scheduled for deletion \(PendingDeletion\)/,
      severity: 'CRITICAL',
    },
    {
      name: 'multi-Region primary pending replica deletion',
      cluster: provisionedCluster(),
      inventory: key({ keyState: 'PendingReplicaDeletion', deletionDate: '2026-12-08T00:00:00.000Z' }),
      reason: /on 2026-12-08T00:00:00.000Z.*PendingReplicaDeletion/,
      severity: 'CRITICAL',
    },
  ],
  NOT_APPLICABLE: [
    { name: 'serverless (AWS-managed key)', cluster: serverlessCluster(), reason: /Serverless/ },
    { name: 'cluster being deleted', cluster: provisionedCluster((c) => (c.State = 'DELETING')) },
    { name: 'cluster whose creation failed', cluster: provisionedCluster((c) => (c.State = 'FAILED')) },
  ],
  NOT_AVAILABLE: [
    { name: 'key being created', cluster: provisionedCluster(), inventory: key({ keyState: 'Creating' }), reason: /Creating/ },
    { name: 'key being updated', cluster: provisionedCluster(), inventory: key({ keyState: 'Updating' }), reason: /Updating/ },
    { name: 'no key state', cluster: provisionedCluster(), inventory: key({ keyState: undefined }), reason: /no key state/ },
    { name: 'unknown key state', cluster: provisionedCluster(), inventory: key({ keyState: 'Frozen' }), reason: /"Frozen"/ },
    {
      name: 'DescribeKey denied',
      cluster: provisionedCluster(),
      inventory: accountRegion((r) => {
        r.kmsKeys[KEY_ARN] = unavailable(accessDenied('kms', 'DescribeKey', KEY_ARN));
      }),
      reason: /AccessDeniedException/,
    },
    { name: 'key never described', cluster: provisionedCluster(), inventory: accountRegion((r) => (r.kmsKeys = {})) },
    { name: 'no at-rest key in the description', cluster: provisionedCluster((c) => delete c.Provisioned!.EncryptionInfo) },
    { name: 'provisioned without details', cluster: provisionedCluster((c) => delete c.Provisioned) },
  ],
});
