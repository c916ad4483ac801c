import check from '../../checks/msk-acl-deny-by-default.js';
import { available, configurationKey, unavailable, type AccountRegionInventory } from '../../src/inventory/index.js';
import type { MskCluster } from '../../src/inventory/index.js';
import { checkTable } from '../support/check-table.js';
import { CONFIG_ARN, accessDenied, accountRegion, provisionedCluster, serverlessCluster } from '../support/fixtures.js';

const CA_ARN = 'arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/0b6e5c0e-5555-4a8b-9d1e-000000000005';

/** A SCRAM cluster (IAM off) whose configuration is the fixture's CONFIG_ARN revision 2. */
function scramCluster(mutate?: (c: MskCluster) => void): MskCluster {
  return provisionedCluster((c) => {
    c.Provisioned!.ClientAuthentication!.Sasl = { Scram: { Enabled: true }, Iam: { Enabled: false } };
    mutate?.(c);
  });
}

function mtlsCluster(): MskCluster {
  return provisionedCluster((c) => {
    c.Provisioned!.ClientAuthentication!.Sasl = { Scram: { Enabled: false }, Iam: { Enabled: false } };
    c.Provisioned!.ClientAuthentication!.Tls = { Enabled: true, CertificateAuthorityArnList: [CA_ARN] };
  });
}

function properties(serverProperties: Record<string, string>): AccountRegionInventory {
  return accountRegion((r) => {
    r.configurations[configurationKey(CONFIG_ARN, 2)] = available({
      arn: CONFIG_ARN,
      revision: 2,
      serverPropertiesText: Object.entries(serverProperties)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n'),
      serverProperties,
    });
  });
}

checkTable(check, {
  PASSED: [
    { name: 'SCRAM with allow.everyone.if.no.acl.found=false', cluster: scramCluster(), reason: /=false/ },
    { name: 'mutual TLS with the property false', cluster: mtlsCluster(), reason: /mutual TLS/ },
    {
      name: 'value with whitespace and capitals',
      cluster: scramCluster(),
      inventory: properties({ 'allow.everyone.if.no.acl.found': '  FALSE ' }),
    },
  ],
  FAILED: [
    {
      name: 'MSK default configuration (no ConfigurationArn)',
      cluster: scramCluster((c) => {
        c.Provisioned!.CurrentBrokerSoftwareInfo = { KafkaVersion: '3.6.0' };
      }),
      reason: /MSK's default configuration, in which allow.everyone.if.no.acl.found is true/,
    },
    {
      name: 'property set to true',
      cluster: scramCluster(),
      inventory: properties({ 'allow.everyone.if.no.acl.found': 'true' }),
      reason: /=true/,
    },
    {
      name: 'property not set in the custom configuration',
      cluster: mtlsCluster(),
      inventory: properties({ 'auto.create.topics.enable': 'false' }),
      reason: /does not set allow.everyone.if.no.acl.found, so MSK's default of true applies/,
    },
  ],
  NOT_APPLICABLE: [
    { name: 'IAM only (fixture default)', cluster: provisionedCluster(), reason: /IAM access control does not use them/ },
    {
      name: 'no client authentication at all',
      cluster: provisionedCluster((c) => delete c.Provisioned!.ClientAuthentication),
      reason: /no ACL-based authentication/,
    },
    { name: 'serverless (IAM only)', cluster: serverlessCluster(), reason: /Serverless/ },
    { name: 'cluster being deleted', cluster: scramCluster((c) => (c.State = 'DELETING')) },
    { name: 'cluster whose creation failed', cluster: scramCluster((c) => (c.State = 'FAILED')) },
  ],
  NOT_AVAILABLE: [
    {
      name: 'SCRAM flag missing with TLS off',
      cluster: provisionedCluster((c) => delete c.Provisioned!.ClientAuthentication!.Sasl),
      reason: /unknown \(SCRAM null, TLS false\)/,
    },
    {
      name: 'no broker software info',
      cluster: scramCluster((c) => delete c.Provisioned!.CurrentBrokerSoftwareInfo),
      reason: /no broker software information/,
    },
    {
      name: 'configuration revision missing',
      cluster: scramCluster((c) => delete c.Provisioned!.CurrentBrokerSoftwareInfo!.ConfigurationRevision),
      reason: /no configuration revision/,
    },
    {
      name: 'configuration revision not collected',
      cluster: scramCluster((c) => (c.Provisioned!.CurrentBrokerSoftwareInfo!.ConfigurationRevision = 3)),
      reason: /Revision 3 .* was not collected/,
    },
    {
      name: 'DescribeConfigurationRevision denied',
      cluster: scramCluster(),
      inventory: accountRegion((r) => {
        r.configurations[configurationKey(CONFIG_ARN, 2)] = unavailable(
          accessDenied('kafka', 'DescribeConfigurationRevision', CONFIG_ARN),
        );
      }),
      reason: /AccessDeniedException/,
    },
    {
      name: 'unrecognised property value',
      cluster: scramCluster(),
      inventory: properties({ 'allow.everyone.if.no.acl.found': 'sometimes' }),
      reason: /"sometimes"/,
    },
    { name: 'serverless without details', cluster: serverlessCluster((c) => delete c.Serverless) },
  ],
});
