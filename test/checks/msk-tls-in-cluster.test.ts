import check from '../../checks/msk-tls-in-cluster.js';
import { checkTable } from '../support/check-table.js';
import { provisionedCluster, serverlessCluster } from '../support/fixtures.js';

function inCluster(value: unknown) {
  return provisionedCluster((c) => {
    c.Provisioned!.EncryptionInfo!.EncryptionInTransit!.InCluster = value as boolean | undefined;
  });
}

checkTable(check, {
  PASSED: [
    { name: 'in-cluster encryption on', cluster: inCluster(true), reason: /InCluster is true/ },
    { name: 'serverless encrypts all traffic by design', cluster: serverlessCluster(), reason: /Serverless/ },
  ],
  FAILED: [{ name: 'in-cluster encryption off', cluster: inCluster(false), reason: /InCluster is false/ }],
  NOT_APPLICABLE: [
    { name: 'cluster being deleted', cluster: provisionedCluster((c) => (c.State = 'DELETING')) },
    { name: 'cluster whose creation failed', cluster: provisionedCluster((c) => (c.State = 'FAILED')) },
  ],
  NOT_AVAILABLE: [
    { name: 'setting missing', cluster: inCluster(undefined), reason: /no in-cluster encryption setting/ },
    { name: 'no encryption info at all', cluster: provisionedCluster((c) => delete c.Provisioned!.EncryptionInfo) },
    { name: 'non-boolean setting', cluster: inCluster('true'), reason: /"true" is not recognised/ },
    { name: 'serverless without details', cluster: serverlessCluster((c) => delete c.Serverless) },
  ],
});
