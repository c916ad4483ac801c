import check from '../../checks/msk-no-unauthenticated-access.js';
import { checkTable } from '../support/check-table.js';
import { provisionedCluster, serverlessCluster } from '../support/fixtures.js';

function unauthenticated(value: unknown) {
  return provisionedCluster((c) => {
    c.Provisioned!.ClientAuthentication!.Unauthenticated = { Enabled: value as boolean | undefined };
  });
}

checkTable(check, {
  PASSED: [
    { name: 'unauthenticated access off', cluster: unauthenticated(false), reason: /Enabled is false/ },
    { name: 'serverless with IAM', cluster: serverlessCluster(), reason: /IAM/ },
  ],
  FAILED: [
    { name: 'unauthenticated access on', cluster: unauthenticated(true), reason: /Enabled is true/ },
    {
      name: 'no client authentication configured',
      cluster: provisionedCluster((c) => delete c.Provisioned!.ClientAuthentication),
      reason: /no client authentication configured/,
    },
  ],
  NOT_APPLICABLE: [
    { name: 'cluster being deleted', cluster: provisionedCluster((c) => (c.State = 'DELETING')) },
    { name: 'cluster whose creation failed', cluster: provisionedCluster((c) => (c.State = 'FAILED')) },
  ],
  NOT_AVAILABLE: [
    { name: 'Unauthenticated.Enabled missing', cluster: unauthenticated(undefined), reason: /do not say/ },
    {
      name: 'Unauthenticated block missing',
      cluster: provisionedCluster((c) => delete c.Provisioned!.ClientAuthentication!.Unauthenticated),
    },
    { name: 'non-boolean setting', cluster: unauthenticated('false'), reason: /"false" is not recognised/ },
    {
      name: 'serverless with IAM off',
      cluster: serverlessCluster((c) => (c.Serverless!.ClientAuthentication = { Sasl: { Iam: { Enabled: false } } })),
      reason: /false/,
    },
    {
      name: 'serverless without client authentication details',
      cluster: serverlessCluster((c) => delete c.Serverless!.ClientAuthentication),
      reason: /null/,
    },
    { name: 'serverless without details', cluster: serverlessCluster((c) => delete c.Serverless) },
  ],
});
