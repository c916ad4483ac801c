import check from '../../checks/msk-cluster-policy-restricted.js';
import { available, unavailable } from '../../src/inventory/index.js';
import { checkTable } from '../support/check-table.js';
import { CLUSTER_ARN, exposureRegion } from '../support/exposure-fixtures.js';
import { ACCOUNT, accessDenied, provisionedCluster, serverlessCluster } from '../support/fixtures.js';

const PARTNER = '999988887777';
const ORG_MEMBER = '123456789012';

function withPolicy(...statements: object[]) {
  return exposureRegion((r) => {
    r.clusterPolicies![CLUSTER_ARN] = available({ policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }), currentVersion: 'K3AEGXETSR30VB' });
  });
}

const connect = (principal: unknown, extra: object = {}) => ({
  Effect: 'Allow',
  Principal: principal,
  Action: ['kafka:CreateVpcConnection', 'kafka:GetBootstrapBrokers', 'kafka:DescribeClusterV2'],
  Resource: CLUSTER_ARN,
  ...extra,
});

checkTable(check, {
  PASSED: [
    { name: 'no cluster policy (NotFoundException)', cluster: provisionedCluster(), inventory: exposureRegion(), reason: /no cluster policy/ },
    { name: 'the cluster’s own account', cluster: provisionedCluster(), inventory: withPolicy(connect({ AWS: `arn:aws:iam::${ACCOUNT}:root` })) },
    {
      name: 'an account in trustedAccounts (role ARN and bare account id)',
      cluster: provisionedCluster(),
      inventory: withPolicy(connect({ AWS: [`arn:aws:iam::${ORG_MEMBER}:role/consumer`, ORG_MEMBER] })),
      thresholds: { trustedAccounts: [ORG_MEMBER] },
    },
    {
      name: 'Principal * restricted by aws:PrincipalOrgID',
      cluster: provisionedCluster(),
      inventory: withPolicy(connect('*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } } })),
      reason: /restricting condition/,
    },
    {
      name: 'AWS * restricted by aws:PrincipalAccount of a trusted account',
      cluster: provisionedCluster(),
      inventory: withPolicy(connect({ AWS: '*' }, { Condition: { StringEquals: { 'aws:PrincipalAccount': [ORG_MEMBER] } } })),
      thresholds: { trustedAccounts: [ORG_MEMBER] },
    },
    {
      name: 'a Deny statement for everyone and a service principal',
      cluster: provisionedCluster(),
      inventory: withPolicy({ Effect: 'Deny', Principal: '*', Action: 'kafka:*', Resource: '*' }, connect({ Service: 'firehose.amazonaws.com' })),
    },
  ],
  FAILED: [
    { name: 'Principal * without a condition', cluster: provisionedCluster(), inventory: withPolicy(connect('*')), reason: /any principal \(Principal "\*"\) without a condition/ },
    { name: 'AWS * without a condition', cluster: provisionedCluster(), inventory: withPolicy(connect({ AWS: ['*'] })), reason: /AWS "\*"/ },
    {
      name: 'AWS * with only a negated condition',
      cluster: provisionedCluster(),
      inventory: withPolicy(connect({ AWS: '*' }, { Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } } })),
    },
    {
      name: 'AWS * with an IfExists condition',
      cluster: provisionedCluster(),
      inventory: withPolicy(connect('*', { Condition: { StringEqualsIfExists: { 'aws:SourceAccount': ACCOUNT } } })),
    },
    {
      name: 'an account outside the organization',
      cluster: provisionedCluster(),
      inventory: withPolicy({ ...connect({ AWS: `arn:aws:iam::${PARTNER}:role/partner` }), Sid: 'Partner' }),
      reason: /statement Partner allows arn:aws:iam::999988887777:role\/partner of the untrusted account 999988887777/,
    },
    {
      name: 'Principal * restricted to an untrusted account',
      cluster: provisionedCluster(),
      inventory: withPolicy(connect('*', { Condition: { StringEquals: { 'aws:SourceAccount': PARTNER } } })),
      reason: /untrusted account\(s\) 999988887777/,
    },
    { name: 'NotPrincipal with Allow', cluster: provisionedCluster(), inventory: withPolicy({ Effect: 'Allow', NotPrincipal: { AWS: ORG_MEMBER }, Action: 'kafka:*', Resource: '*' }) },
  ],
  NOT_APPLICABLE: [
    { name: 'serverless', cluster: serverlessCluster(), inventory: exposureRegion(), reason: /Serverless/ },
    { name: 'cluster being deleted', cluster: provisionedCluster((c) => (c.State = 'DELETING')), inventory: exposureRegion() },
  ],
  NOT_AVAILABLE: [
    { name: 'inventory from before cluster policies were collected', cluster: provisionedCluster(), reason: /not collected in this inventory/ },
    {
      name: 'GetClusterPolicy denied',
      cluster: provisionedCluster(),
      inventory: exposureRegion((r) => {
        r.clusterPolicies![CLUSTER_ARN] = unavailable(accessDenied('kafka', 'GetClusterPolicy', CLUSTER_ARN));
      }),
      reason: /AccessDeniedException/,
    },
    { name: 'policy of this cluster missing', cluster: provisionedCluster(), inventory: exposureRegion((r) => (r.clusterPolicies = {})), reason: /was not collected/ },
    {
      name: 'policy that is not JSON',
      cluster: provisionedCluster(),
      inventory: exposureRegion((r) => {
        r.clusterPolicies![CLUSTER_ARN] = available({ policy: '{"Version": "2012-10-17", "Statement": [' });
      }),
      reason: /not valid JSON/,
    },
    {
      name: 'a principal given by unique id (deleted role)',
      cluster: provisionedCluster(),
      inventory: withPolicy(connect({ AWS: 'AROAEXAMPLEID1234567' })),
      reason: /whose account is not known/,
    },
  ],
});
