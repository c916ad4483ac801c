import check from '../../checks/msk-lambda-consumers-authenticated.js';
import { available, unavailable } from '../../src/inventory/index.js';
import { accountRegionTable } from '../support/account-region-table.js';
import { mapping, regionWith, scramCluster } from '../support/client-access-fixtures.js';
import { ACCOUNT, REGION, accessDenied, provisionedCluster, serverlessCluster } from '../support/fixtures.js';

const OPEN = provisionedCluster((c) => (c.Provisioned!.ClientAuthentication = { Sasl: { Iam: { Enabled: false }, Scram: { Enabled: false } }, Unauthenticated: { Enabled: true } }));
const SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:AmazonMSK_lambda-AbCdEf`;

accountRegionTable(check, {
  PASSED: [
    { name: 'no source access configuration on an IAM cluster', inventory: regionWith((i) => (i.eventSourceMappings = available([mapping()]))), subjects: ['PASSED'], reason: /authenticates with IAM/ },
    {
      name: 'mutual TLS',
      inventory: regionWith((i) => (i.eventSourceMappings = available([mapping((m) => (m.sourceAccessConfigurations = [{ type: 'CLIENT_CERTIFICATE_TLS_AUTH', uri: SECRET }]))]))),
      subjects: ['PASSED'],
      reason: /mutual TLS/,
    },
    {
      name: 'a serverless cluster',
      inventory: regionWith((i) => (i.eventSourceMappings = available([mapping((m) => (m.eventSourceArn = serverlessCluster().ClusterArn))])), [serverlessCluster()]),
      subjects: ['PASSED'],
    },
    {
      name: 'a multi-VPC connection in another account',
      inventory: regionWith((i) => (i.eventSourceMappings = available([mapping((m) => (m.eventSourceArn = `arn:aws:kafka:${REGION}:${ACCOUNT}:vpc-connection/444455556666/payments/abc-1`))]))),
      subjects: ['PASSED'],
    },
    { name: 'clusters but no mapping', inventory: regionWith((i) => (i.eventSourceMappings = available([]))), reason: /No Lambda function consumes MSK/ },
  ],
  FAILED: [
    {
      name: 'SASL/SCRAM is flagged as weaker (LOW)',
      inventory: regionWith((i) => (i.eventSourceMappings = available([mapping((m) => ((m.eventSourceArn = scramCluster().ClusterArn), (m.sourceAccessConfigurations = [{ type: 'SASL_SCRAM_512_AUTH', uri: SECRET }])))])), [scramCluster()]),
      subjects: ['FAILED'],
      severity: 'LOW',
      reason: /SASL\/SCRAM \(SASL_SCRAM_512_AUTH\)/,
    },
    {
      name: 'no secret on a cluster with IAM off and unauthenticated access on (HIGH)',
      inventory: regionWith((i) => (i.eventSourceMappings = available([mapping()])), [OPEN]),
      subjects: ['FAILED'],
      severity: 'HIGH',
      reason: /connects to the cluster unauthenticated/,
    },
    {
      name: 'no usable authentication at all',
      inventory: regionWith((i) => (i.eventSourceMappings = available([mapping()])), [provisionedCluster((c) => (c.Provisioned!.ClientAuthentication = { Sasl: { Iam: { Enabled: false }, Scram: { Enabled: true } }, Unauthenticated: { Enabled: false } }))]),
      subjects: ['FAILED'],
      reason: /no usable authentication/,
    },
    { name: 'SASL/PLAIN', inventory: regionWith((i) => (i.eventSourceMappings = available([mapping((m) => (m.sourceAccessConfigurations = [{ type: 'BASIC_AUTH', uri: SECRET }]))]))), subjects: ['FAILED'] },
  ],
  NOT_APPLICABLE: [
    { name: 'no cluster and no mapping', inventory: regionWith((i) => (i.eventSourceMappings = available([])), []) },
    {
      name: 'a mapping of a deleted cluster of this account-region (the complete listing does not show it)',
      inventory: regionWith((i) => (i.eventSourceMappings = available([mapping((m) => (m.eventSourceArn = `arn:aws:kafka:${REGION}:${ACCOUNT}:cluster/gone/0b6e5c0e-9999-4a8b-9d1e-000000000009-1`))]))),
      subjects: ['NOT_APPLICABLE'],
      reason: /no longer exists/,
    },
  ],
  NOT_AVAILABLE: [
    { name: 'ListEventSourceMappings denied', inventory: regionWith((i) => (i.eventSourceMappings = unavailable(accessDenied('lambda', 'ListEventSourceMappings')))), reason: /could not be read/ },
    { name: 'mappings not collected', inventory: regionWith(() => undefined), reason: /not collected/ },
    {
      name: 'a cluster of another account, not in this account-region\'s inventory',
      inventory: regionWith((i) => (i.eventSourceMappings = available([mapping((m) => (m.eventSourceArn = `arn:aws:kafka:${REGION}:999988887777:cluster/theirs/0b6e5c0e-9999-4a8b-9d1e-000000000009-1`))]))),
      subjects: ['NOT_AVAILABLE'],
      reason: /not in this account-region's inventory/,
    },
  ],
});
