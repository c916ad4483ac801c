import { defineCheck, failed, notAvailable, passed } from '../src/check/index.js';
import { evaluateCluster } from './support/cluster.js';

const FIELD = 'Provisioned.EncryptionInfo.EncryptionInTransit.ClientBroker';

export default defineCheck({
  meta: {
    id: 'msk-tls-client-broker',
    title: 'MSK client-broker traffic is TLS only',
    severity: 'HIGH',
    resourceType: 'AwsMskCluster',
    rationale:
      'A listener that accepts plaintext lets clients send records and credentials unencrypted across the network; ' +
      'TLS_PLAINTEXT keeps the plaintext listener open alongside TLS.',
    remediation: {
      text: 'Set EncryptionInTransit.ClientBroker to TLS (UpdateSecurity), after moving every client to the TLS listener.',
      url: 'https://docs.aws.amazon.com/msk/latest/developerguide/msk-encryption.html',
    },
    frameworks: {
      'pci-dss-4.0.1': ['4.2.1', '2.2.7', '8.3.2'],
      soc2: ['CC6.7'],
      'nist-800-53-r5': ['SC-8', 'SC-8(1)', 'SC-13', 'SC-23'],
      'iso-27001-2022': ['8.24', '8.20'],
    },
  },
  evaluate(cluster) {
    return evaluateCluster(cluster, {
      serverless: () => passed('MSK Serverless accepts TLS connections only.', {}),
      provisioned(provisioned) {
        const setting = provisioned.EncryptionInfo?.EncryptionInTransit?.ClientBroker;
        const evidence = { [FIELD]: setting ?? null };
        switch (setting) {
          case 'TLS':
            return passed('Clients can connect to the brokers over TLS only.', evidence);
          case 'TLS_PLAINTEXT':
            return failed('The brokers accept plaintext connections alongside TLS (TLS_PLAINTEXT).', evidence);
          case 'PLAINTEXT':
            return failed('The brokers accept plaintext connections only (PLAINTEXT).', evidence);
          case undefined:
            return notAvailable('The cluster description has no client-broker encryption setting.', evidence);
          default:
            return notAvailable(`The client-broker encryption setting ${JSON.stringify(setting)} is not recognised.`, evidence);
        }
      },
    });
  },
});
