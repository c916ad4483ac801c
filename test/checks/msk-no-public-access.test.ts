import check from '../../checks/msk-no-public-access.js';
import { checkTable } from '../support/check-table.js';
import { provisionedCluster, serverlessCluster } from '../support/fixtures.js';

function publicAccess(type: string | undefined) {
  return provisionedCluster((c) => {
    c.Provisioned!.BrokerNodeGroupInfo!.ConnectivityInfo = { PublicAccess: { Type: type } };
  });
}

checkTable(check, {
  PASSED: [
    { name: 'public access disabled', cluster: publicAccess('DISABLED'), reason: /DISABLED/ },
    { name: 'serverless has no public endpoint', cluster: serverlessCluster(), reason: /Serverless/ },
  ],
  FAILED: [{ name: 'public access via service-provided EIPs', cluster: publicAccess('SERVICE_PROVIDED_EIPS'), reason: /SERVICE_PROVIDED_EIPS/ }],
  NOT_APPLICABLE: [
    { name: 'cluster being deleted', cluster: provisionedCluster((c) => (c.State = 'DELETING')) },
    { name: 'cluster whose creation failed', cluster: provisionedCluster((c) => (c.State = 'FAILED')) },
  ],
  NOT_AVAILABLE: [
    { name: 'type missing', cluster: publicAccess(undefined), reason: /no public access setting/ },
    {
      name: 'no connectivity info',
      cluster: provisionedCluster((c) => delete c.Provisioned!.BrokerNodeGroupInfo!.ConnectivityInfo),
    },
    { name: 'no broker node group info', cluster: provisionedCluster((c) => delete c.Provisioned!.BrokerNodeGroupInfo) },
    { name: 'unknown type', cluster: publicAccess('CUSTOMER_EIPS'), reason: /"CUSTOMER_EIPS" is not recognised/ },
    { name: 'unknown cluster type', cluster: provisionedCluster((c) => (c.ClusterType = 'QUANTUM')) },
  ],
});
