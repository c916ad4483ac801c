import check from '../../checks/msk-strong-client-auth.js';
import type { ClientAuthentication, MskCluster, VpcClientAuthentication } from '../../src/inventory/index.js';
import { checkTable } from '../support/check-table.js';
import { provisionedCluster, serverlessCluster } from '../support/fixtures.js';

const CA_ARN = 'arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/0b6e5c0e-5555-4a8b-9d1e-000000000005';

interface Modes {
  iam?: unknown;
  scram?: unknown;
  tls?: unknown;
  cas?: string[];
}

/** Every flag defaults to false; a key given as undefined stays missing. */
function auth(given: Modes): ClientAuthentication {
  const { iam, scram, tls, cas }: Modes = { iam: false, scram: false, tls: false, cas: [], ...given };
  return {
    Sasl: { Iam: { Enabled: iam as boolean }, Scram: { Enabled: scram as boolean } },
    Tls: { Enabled: tls as boolean, CertificateAuthorityArnList: cas },
    Unauthenticated: { Enabled: false },
  };
}

function cluster(modes: Modes, vpc?: VpcClientAuthentication): MskCluster {
  return provisionedCluster((c) => {
    c.Provisioned!.ClientAuthentication = auth(modes);
    if (vpc) c.Provisioned!.BrokerNodeGroupInfo!.ConnectivityInfo!.VpcConnectivity = { ClientAuthentication: vpc };
  });
}

function vpcAuth(iam: unknown, scram: unknown, tls: unknown): VpcClientAuthentication {
  return {
    Sasl: { Iam: { Enabled: iam as boolean }, Scram: { Enabled: scram as boolean } },
    Tls: { Enabled: tls as boolean },
  };
}

checkTable(check, {
  PASSED: [
    { name: 'IAM (fixture default)', cluster: provisionedCluster(), reason: /^Clients must authenticate with IAM\.$/ },
    { name: 'SASL/SCRAM', cluster: cluster({ scram: true }), reason: /SASL\/SCRAM/ },
    { name: 'mutual TLS with a CA', cluster: cluster({ tls: true, cas: [CA_ARN] }), reason: /mutual TLS/ },
    {
      name: 'all three modes',
      cluster: cluster({ iam: true, scram: true, tls: true, cas: [CA_ARN] }),
      reason: /IAM, SASL\/SCRAM and mutual TLS/,
    },
    {
      name: 'IAM plus TLS without a CA (TLS does not count)',
      cluster: cluster({ iam: true, tls: true, cas: [] }),
      reason: /with IAM; TLS client authentication is on but lists no certificate authority/,
    },
    {
      name: 'IAM with a missing SCRAM flag (something strong is on)',
      cluster: cluster({ iam: true, scram: undefined }),
    },
    {
      name: 'multi-VPC connectivity with IAM',
      cluster: cluster({ iam: true }, vpcAuth(true, false, false)),
      reason: /multi-VPC private connectivity uses IAM/,
    },
    {
      name: 'multi-VPC connectivity with mutual TLS',
      cluster: cluster({ scram: true, tls: true, cas: [CA_ARN] }, vpcAuth(false, false, true)),
      reason: /multi-VPC private connectivity uses mutual TLS/,
    },
    {
      name: 'multi-VPC connectivity turned off (every scheme false)',
      cluster: cluster({ iam: true }, vpcAuth(false, false, false)),
      reason: /multi-VPC private connectivity is off/,
    },
    { name: 'serverless with IAM', cluster: serverlessCluster(), reason: /IAM/ },
  ],
  FAILED: [
    {
      name: 'no client authentication configured',
      cluster: provisionedCluster((c) => delete c.Provisioned!.ClientAuthentication),
      reason: /no client authentication configured/,
    },
    {
      name: 'only unauthenticated access',
      cluster: provisionedCluster((c) => {
        c.Provisioned!.ClientAuthentication = { ...auth({}), Unauthenticated: { Enabled: true } };
      }),
      reason: /IAM false, SCRAM false, TLS false/,
    },
    {
      name: 'TLS without a certificate authority only',
      cluster: cluster({ tls: true, cas: [] }),
      reason: /lists no certificate authority, so it does not count/,
    },
    {
      name: 'TLS with the CA list missing',
      cluster: provisionedCluster((c) => {
        c.Provisioned!.ClientAuthentication = { ...auth({}), Tls: { Enabled: true } };
      }),
      reason: /no certificate authority/,
    },
    {
      name: 'multi-VPC TLS while the cluster lists no CA',
      cluster: cluster({ iam: true, tls: true, cas: [] }, vpcAuth(false, false, true)),
      reason: /Multi-VPC private connectivity offers only TLS/,
    },
    {
      name: 'serverless with IAM off',
      cluster: serverlessCluster((c) => (c.Serverless!.ClientAuthentication = { Sasl: { Iam: { Enabled: false } } })),
      reason: /Iam.Enabled is false/,
    },
  ],
  NOT_APPLICABLE: [
    { name: 'cluster being deleted', cluster: provisionedCluster((c) => (c.State = 'DELETING')) },
    { name: 'cluster whose creation failed', cluster: provisionedCluster((c) => (c.State = 'FAILED')) },
  ],
  NOT_AVAILABLE: [
    {
      name: 'IAM flag missing and nothing else strong',
      cluster: cluster({ iam: undefined }),
      reason: /Provisioned.ClientAuthentication.Sasl.Iam.Enabled is missing/,
    },
    {
      name: 'SASL block missing and TLS off',
      cluster: provisionedCluster((c) => delete c.Provisioned!.ClientAuthentication!.Sasl),
      reason: /Sasl.Iam.Enabled and .*Sasl.Scram.Enabled are missing/,
    },
    { name: 'non-boolean SCRAM flag', cluster: cluster({ scram: 'true' }), reason: /SCRAM "true"/ },
    {
      name: 'multi-VPC flags missing',
      cluster: cluster({ iam: true }, { Sasl: { Iam: { Enabled: false } } }),
      reason: /multi-VPC connectivity authentication settings/,
    },
    {
      name: 'serverless without client authentication details',
      cluster: serverlessCluster((c) => delete c.Serverless!.ClientAuthentication),
      reason: /null/,
    },
    { name: 'serverless without details', cluster: serverlessCluster((c) => delete c.Serverless) },
  ],
});
