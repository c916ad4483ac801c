import check from '../../checks/msk-scram-secrets-protected.js';
import { available, unavailable } from '../../src/inventory/index.js';
import { checkTable } from '../support/check-table.js';
import { SECRET_ARN, SECRET_KEY_ARN, scramCluster, secret, secretKey, withScram } from '../support/client-access-fixtures.js';
import { accessDenied, provisionedCluster, serverlessCluster } from '../support/fixtures.js';

const PUBLIC_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Everyone', Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' }] });
const ORG_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'secretsmanager:GetSecretValue', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }],
});

checkTable(check, {
  PASSED: [
    { name: 'one secret with a rotating CMK, rotation on, no resource policy', cluster: scramCluster(), inventory: withScram(), reason: /All 1 SCRAM secret/ },
    { name: 'a Principal * policy pinned to the organization', cluster: scramCluster(), inventory: withScram(undefined, secret((s) => (s.resourcePolicy = available(ORG_POLICY)))) },
  ],
  FAILED: [
    { name: 'the default aws/secretsmanager key (no KmsKeyId)', cluster: scramCluster(), inventory: withScram(undefined, secret((s) => delete s.kmsKeyId)), reason: /AWS-managed key aws\/secretsmanager/ },
    { name: 'an AWS-managed key named explicitly', cluster: scramCluster(), inventory: withScram(undefined, secret(), secretKey((k) => (k.keyManager = 'AWS'))), reason: /AWS-managed key/ },
    { name: 'a disabled CMK', cluster: scramCluster(), inventory: withScram(undefined, secret(), secretKey((k) => (k.keyState = 'Disabled'))), reason: /is Disabled/ },
    { name: 'a CMK without rotation', cluster: scramCluster(), inventory: withScram(undefined, secret(), secretKey((k) => (k.rotation = available({ enabled: false })))), reason: /does not rotate/ },
    { name: 'secret rotation not configured', cluster: scramCluster(), inventory: withScram(undefined, secret((s) => delete s.rotationEnabled)), reason: /no rotation configured/ },
    { name: 'a public resource policy', cluster: scramCluster(), inventory: withScram(undefined, secret((s) => (s.resourcePolicy = available(PUBLIC_POLICY)))), reason: /lets any principal in \(Everyone/ },
    {
      name: 'a failure wins over an unreadable second secret',
      cluster: scramCluster(),
      inventory: withScram((i) => {
        i.scramSecretLists![scramCluster().ClusterArn] = available([SECRET_ARN, `${SECRET_ARN}-2`]);
        i.secrets![`${SECRET_ARN}-2`] = unavailable(accessDenied('secretsmanager', 'DescribeSecret', `${SECRET_ARN}-2`));
      }, secret((s) => (s.rotationEnabled = false))),
    },
  ],
  NOT_APPLICABLE: [
    { name: 'SCRAM off', cluster: provisionedCluster(), reason: /SASL\/SCRAM authentication is off/ },
    { name: 'serverless', cluster: serverlessCluster() },
    { name: 'SCRAM on without any associated secret', cluster: scramCluster(), inventory: withScram((i) => (i.scramSecretLists = { [scramCluster().ClusterArn]: available([]) })), reason: /no secret is associated/ },
    { name: 'a deleting cluster', cluster: scramCluster((c) => (c.State = 'DELETING')), inventory: withScram() },
  ],
  NOT_AVAILABLE: [
    { name: 'secrets not collected in this inventory', cluster: scramCluster(), inventory: withScram((i) => delete i.scramSecretLists), reason: /not collected in this inventory/ },
    {
      name: 'ListScramSecrets denied',
      cluster: scramCluster(),
      inventory: withScram((i) => (i.scramSecretLists = { [scramCluster().ClusterArn]: unavailable(accessDenied('kafka', 'ListScramSecrets')) })),
      reason: /could not be read .*AccessDeniedException/,
    },
    { name: 'DescribeSecret denied', cluster: scramCluster(), inventory: withScram((i) => (i.secrets = { [SECRET_ARN]: unavailable(accessDenied('secretsmanager', 'DescribeSecret', SECRET_ARN)) })) },
    { name: 'the key rotation status denied', cluster: scramCluster(), inventory: withScram(undefined, secret(), secretKey((k) => (k.rotation = unavailable(accessDenied('kms', 'GetKeyRotationStatus', SECRET_KEY_ARN))))) },
    { name: 'the resource policy unreadable', cluster: scramCluster(), inventory: withScram(undefined, secret((s) => (s.resourcePolicy = unavailable(accessDenied('secretsmanager', 'GetResourcePolicy', SECRET_ARN))))) },
    { name: 'the key not described', cluster: scramCluster(), inventory: withScram((i) => delete i.kmsKeys[SECRET_KEY_ARN]) },
    { name: 'an unrecognised SCRAM switch', cluster: scramCluster((c) => ((c.Provisioned!.ClientAuthentication!.Sasl!.Scram as { Enabled?: unknown }).Enabled = 'yes')), inventory: withScram() },
  ],
});
