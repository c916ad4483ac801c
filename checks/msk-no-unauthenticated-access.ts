import { defineCheck, failed, notAvailable, passed } from '../src/check/index.js';
import { evaluateCluster, orNull } from './support/cluster.js';

const AUTH = 'Provisioned.ClientAuthentication';
const FIELD = `${AUTH}.Unauthenticated.Enabled`;
const SERVERLESS_IAM = 'Serverless.ClientAuthentication.Sasl.Iam.Enabled';

export default defineCheck({
  meta: {
    id: 'msk-no-unauthenticated-access',
    title: 'MSK does not allow unauthenticated client access',
    severity: 'HIGH',
    resourceType: 'AwsMskCluster',
    rationale:
      'With unauthenticated access on, any client that can reach a broker can connect without proving who it is, ' +
      'so access cannot be tied to an identity and Kafka authorization has no principal to act on.',
    remediation: {
      text:
        'Enable IAM, SASL/SCRAM or mutual TLS client authentication, move every client to it, then turn ' +
        'unauthenticated access off (UpdateSecurity with Unauthenticated.Enabled false).',
      url: 'https://docs.aws.amazon.com/msk/latest/developerguide/msk-update-security.html',
    },
    frameworks: {
      'pci-dss-4.0.1': ['8.3.1', '7.3.1'],
      soc2: ['CC6.1'],
      'nist-800-53-r5': ['AC-3', 'IA-2', 'IA-9'],
      'iso-27001-2022': ['8.5', '5.15'],
    },
    securityHubControl: 'MSK.6',
  },
  evaluate(cluster) {
    return evaluateCluster(cluster, {
      serverless(serverless) {
        const iam = serverless.ClientAuthentication?.Sasl?.Iam?.Enabled;
        const evidence = { [SERVERLESS_IAM]: orNull(iam) };
        if (iam === true) {
          return passed('MSK Serverless requires IAM authentication, its only client authentication mode (Iam.Enabled is true).', evidence);
        }
        return notAvailable(
          `MSK Serverless reported IAM authentication as ${JSON.stringify(iam ?? null)} rather than enabled, although IAM is its only client authentication mode.`,
          evidence,
        );
      },
      provisioned(provisioned) {
        const auth = provisioned.ClientAuthentication;
        if (auth === undefined || auth === null) {
          return failed('The cluster has no client authentication configured, so clients connect unauthenticated.', {
            [AUTH]: null,
          });
        }
        const enabled = auth.Unauthenticated?.Enabled;
        const evidence = { [FIELD]: orNull(enabled) };
        if (enabled === true) return failed('Unauthenticated client access is turned on (Unauthenticated.Enabled is true).', evidence);
        if (enabled === false) return passed('Unauthenticated client access is turned off (Unauthenticated.Enabled is false).', evidence);
        if (enabled === undefined) {
          return notAvailable('The client authentication settings do not say whether unauthenticated access is on.', evidence);
        }
        return notAvailable(`The unauthenticated access setting ${JSON.stringify(enabled)} is not recognised.`, evidence);
      },
    });
  },
});
