import check from '../../checks/msk-at-rest-cmk.js';
import { available, unavailable } from '../../src/inventory/index.js';
import { checkTable } from '../support/check-table.js';
import { KEY_ARN, accessDenied, accountRegion, provisionedCluster, serverlessCluster } from '../support/fixtures.js';

const CROSS_ACCOUNT_KEY = 'arn:aws:kms:eu-west-1:444455556666:key/0b6e5c0e-9999-4a8b-9d1e-000000000009';

checkTable(check, {
  PASSED: [
    { name: 'customer-managed key', cluster: provisionedCluster(), reason: /customer-managed key arn:aws:kms/ },
    {
      name: 'customer-managed key in another account',
      cluster: provisionedCluster((c) => {
        c.Provisioned!.EncryptionInfo!.EncryptionAtRest!.DataVolumeKMSKeyId = CROSS_ACCOUNT_KEY;
      }),
      inventory: accountRegion((r) => {
        r.kmsKeys[CROSS_ACCOUNT_KEY] = available({ arn: CROSS_ACCOUNT_KEY, keyManager: 'CUSTOMER', keyState: 'Enabled' });
      }),
    },
    { name: 'cluster still being created', cluster: provisionedCluster((c) => (c.State = 'CREATING')) },
  ],
  FAILED: [
    {
      name: 'AWS-managed key',
      cluster: provisionedCluster(),
      inventory: accountRegion((r) => {
        r.kmsKeys[KEY_ARN] = available({ arn: KEY_ARN, keyManager: 'AWS', keyState: 'Enabled' });
      }),
      reason: /AWS-managed key/,
    },
    { name: 'serverless (AWS-managed key only)', cluster: serverlessCluster(), reason: /Serverless/ },
  ],
  NOT_APPLICABLE: [
    { name: 'cluster being deleted', cluster: provisionedCluster((c) => (c.State = 'DELETING')) },
    {
      name: 'cluster whose creation failed',
      cluster: provisionedCluster((c) => {
        c.State = 'FAILED';
        c.StateInfo = { Code: 'InsufficientCapacity', Message: 'no capacity' };
      }),
      reason: /FAILED state \(no capacity\)/,
    },
  ],
  NOT_AVAILABLE: [
    {
      name: 'DescribeKey denied',
      cluster: provisionedCluster(),
      inventory: accountRegion((r) => {
        r.kmsKeys[KEY_ARN] = unavailable(accessDenied('kms', 'DescribeKey', KEY_ARN));
      }),
      reason: /AccessDeniedException/,
    },
    {
      name: 'key never described',
      cluster: provisionedCluster(),
      inventory: accountRegion((r) => {
        r.kmsKeys = {};
      }),
    },
    {
      name: 'no at-rest key in the description',
      cluster: provisionedCluster((c) => {
        delete c.Provisioned!.EncryptionInfo;
      }),
    },
    {
      name: 'unknown key manager',
      cluster: provisionedCluster(),
      inventory: accountRegion((r) => {
        r.kmsKeys[KEY_ARN] = available({ arn: KEY_ARN, keyManager: 'PARTNER' });
      }),
    },
    { name: 'provisioned without details', cluster: provisionedCluster((c) => delete c.Provisioned) },
    { name: 'unknown cluster type', cluster: provisionedCluster((c) => (c.ClusterType = 'QUANTUM')) },
    { name: 'serverless without details', cluster: serverlessCluster((c) => delete c.Serverless) },
  ],
});
