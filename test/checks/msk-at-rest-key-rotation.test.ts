import check from '../../checks/msk-at-rest-key-rotation.js';
import { available, unavailable, type KeyRotation, type KmsKeyFacts } from '../../src/inventory/index.js';
import { checkTable } from '../support/check-table.js';
import { KEY_ARN, accessDenied, accountRegion, provisionedCluster, serverlessCluster } from '../support/fixtures.js';

function key(facts: Partial<KmsKeyFacts>) {
  return accountRegion((r) => {
    r.kmsKeys[KEY_ARN] = available({ arn: KEY_ARN, keyManager: 'CUSTOMER', keyState: 'Enabled', ...facts });
  });
}

function rotation(value: Partial<KeyRotation>) {
  return key({ rotation: available({ enabled: true, ...value } as KeyRotation) });
}

checkTable(check, {
  PASSED: [
    { name: 'rotation every 365 days (the default limit)', cluster: provisionedCluster(), reason: /every 365 days, within the 365-day limit/ },
    { name: 'rotation every 90 days', cluster: provisionedCluster(), inventory: rotation({ rotationPeriodInDays: 90 }) },
    {
      name: 'longer period allowed by a threshold override',
      cluster: provisionedCluster(),
      inventory: rotation({ rotationPeriodInDays: 730 }),
      thresholds: { keyRotationMaxDays: 730 },
    },
  ],
  FAILED: [
    {
      name: 'rotation disabled',
      cluster: provisionedCluster(),
      inventory: rotation({ enabled: false }),
      reason: /disabled.*KeyRotationEnabled is false/,
    },
    {
      name: 'rotation period above the limit',
      cluster: provisionedCluster(),
      inventory: rotation({ rotationPeriodInDays: 730 }),
      reason: /every 730 days, longer than the 365-day limit/,
    },
    {
      name: 'rotation period above a stricter threshold',
      cluster: provisionedCluster(),
      thresholds: { keyRotationMaxDays: 180 },
      reason: /365 days.*180-day/,
    },
  ],
  NOT_APPLICABLE: [
    {
      name: 'AWS-managed key (rotated by AWS)',
      cluster: provisionedCluster(),
      inventory: key({ keyManager: 'AWS', rotation: undefined }),
      reason: /AWS-managed/,
    },
    { name: 'serverless (AWS-managed key)', cluster: serverlessCluster(), reason: /Serverless/ },
    { name: 'cluster being deleted', cluster: provisionedCluster((c) => (c.State = 'DELETING')) },
    { name: 'cluster whose creation failed', cluster: provisionedCluster((c) => (c.State = 'FAILED')) },
  ],
  NOT_AVAILABLE: [
    {
      name: 'rotation status not collected',
      cluster: provisionedCluster(),
      inventory: key({ rotation: undefined }),
      reason: /not collected/,
    },
    {
      name: 'GetKeyRotationStatus denied',
      cluster: provisionedCluster(),
      inventory: key({ rotation: unavailable(accessDenied('kms', 'GetKeyRotationStatus', KEY_ARN)) }),
      reason: /AccessDeniedException/,
    },
    {
      name: 'enabled but no rotation period',
      cluster: provisionedCluster(),
      inventory: rotation({ rotationPeriodInDays: undefined }),
      reason: /no rotation period/,
    },
    {
      name: 'unrecognised rotation status',
      cluster: provisionedCluster(),
      inventory: rotation({ enabled: 'yes' as unknown as boolean }),
      reason: /"yes"/,
    },
    {
      name: 'unknown key manager',
      cluster: provisionedCluster(),
      inventory: key({ keyManager: 'PARTNER' }),
      reason: /"PARTNER"/,
    },
    {
      name: 'DescribeKey denied',
      cluster: provisionedCluster(),
      inventory: accountRegion((r) => {
        r.kmsKeys[KEY_ARN] = unavailable(accessDenied('kms', 'DescribeKey', KEY_ARN));
      }),
      reason: /AccessDeniedException/,
    },
    { name: 'no at-rest key in the description', cluster: provisionedCluster((c) => delete c.Provisioned!.EncryptionInfo) },
    { name: 'serverless without details', cluster: serverlessCluster((c) => delete c.Serverless) },
  ],
});
