import check from '../../checks/msk-vpc-connections-authenticated.js';
import { available, unavailable, type ClientVpcConnectionFacts, type MskCluster } from '../../src/inventory/index.js';
import { checkTable } from '../support/check-table.js';
import { CLUSTER_ARN, exposureRegion } from '../support/exposure-fixtures.js';
import { ACCOUNT, REGION, accessDenied, provisionedCluster, serverlessCluster } from '../support/fixtures.js';

const MEMBER = '123456789012';
const OUTSIDER = '999988887777';

function multiVpc(mutate?: (c: MskCluster) => void): MskCluster {
  return provisionedCluster((c) => {
    c.Provisioned!.BrokerNodeGroupInfo!.ConnectivityInfo!.VpcConnectivity = { ClientAuthentication: { Sasl: { Iam: { Enabled: true }, Scram: { Enabled: false } }, Tls: { Enabled: false } } };
    mutate?.(c);
  });
}

const connection = (overrides: Partial<ClientVpcConnectionFacts> = {}): ClientVpcConnectionFacts => ({
  vpcConnectionArn: `arn:aws:kafka:${REGION}:${MEMBER}:vpc-connection/${MEMBER}/payments/0b6e5c0e-aaaa-4a8b-9d1e-00000000000${overrides.owner === OUTSIDER ? 2 : 1}`,
  owner: MEMBER,
  authentication: 'SASL_IAM',
  state: 'AVAILABLE',
  creationTime: '2026-03-01T00:00:00.000Z',
  ...overrides,
});

const connections = (...list: ClientVpcConnectionFacts[]) =>
  exposureRegion((r) => {
    r.clientVpcConnections![CLUSTER_ARN] = available(list);
  });

checkTable(check, {
  PASSED: [
    { name: 'on, with no connection', cluster: multiVpc(), inventory: exposureRegion(), reason: /no client VPC connection is open/ },
    { name: 'a trusted account with IAM', cluster: multiVpc(), inventory: connections(connection()), thresholds: { trustedAccounts: [MEMBER] }, reason: /All 1 open/ },
    { name: 'the cluster’s own account with TLS', cluster: multiVpc(), inventory: connections(connection({ owner: ACCOUNT, authentication: 'TLS' })) },
    {
      name: 'a rejected connection of an outsider does not count',
      cluster: multiVpc(),
      inventory: connections(connection({ owner: ACCOUNT, authentication: 'SASL_SCRAM' }), connection({ owner: OUTSIDER, state: 'REJECTED' })),
    },
  ],
  FAILED: [
    { name: 'an account outside the trusted ones', cluster: multiVpc(), inventory: connections(connection({ owner: OUTSIDER })), reason: /owned by the untrusted account 999988887777/ },
    {
      name: 'an unauthenticated connection',
      cluster: multiVpc(),
      inventory: connections(connection({ owner: ACCOUNT, authentication: 'UNAUTHENTICATED' })),
      thresholds: { trustedAccounts: [MEMBER] },
      reason: /does not authenticate its clients/,
    },
  ],
  NOT_APPLICABLE: [
    { name: 'multi-VPC connectivity off (fixture)', cluster: provisionedCluster(), inventory: exposureRegion(), reason: /is off/ },
    {
      name: 'every multi-VPC authentication disabled',
      cluster: multiVpc((c) => {
        c.Provisioned!.BrokerNodeGroupInfo!.ConnectivityInfo!.VpcConnectivity = { ClientAuthentication: { Sasl: { Iam: { Enabled: false } }, Tls: { Enabled: false } } };
      }),
      inventory: exposureRegion(),
    },
    { name: 'serverless', cluster: serverlessCluster(), inventory: exposureRegion() },
  ],
  NOT_AVAILABLE: [
    { name: 'inventory from before connections were collected', cluster: multiVpc(), reason: /not collected in this inventory/ },
    {
      name: 'ListClientVpcConnections denied',
      cluster: multiVpc(),
      inventory: exposureRegion((r) => (r.clientVpcConnections![CLUSTER_ARN] = unavailable(accessDenied('kafka', 'ListClientVpcConnections', CLUSTER_ARN)))),
      reason: /AccessDeniedException/,
    },
    { name: 'unrecognised authentication', cluster: multiVpc(), inventory: connections(connection({ owner: ACCOUNT, authentication: 'KERBEROS' })), reason: /unrecognised authentication "KERBEROS"/ },
    { name: 'no owner reported', cluster: multiVpc(), inventory: connections(connection({ owner: undefined })), reason: /reports no owner/ },
    {
      name: 'no connectivity information',
      cluster: multiVpc((c) => delete c.Provisioned!.BrokerNodeGroupInfo!.ConnectivityInfo),
      inventory: exposureRegion(),
      reason: /no connectivity information/,
    },
  ],
});
