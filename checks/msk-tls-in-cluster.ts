import { defineCheck, failed, notAvailable, passed } from '../src/check/index.js';
import { evaluateCluster, orNull } from './support/cluster.js';

const FIELD = 'Provisioned.EncryptionInfo.EncryptionInTransit.InCluster';

export default defineCheck({
  meta: {
    id: 'msk-tls-in-cluster',
    title: 'MSK broker-to-broker traffic is encrypted with TLS',
    severity: 'MEDIUM',
    resourceType: 'AwsMskCluster',
    rationale:
      'Brokers replicate every record to each other; without in-cluster encryption that replication traffic crosses ' +
      'the VPC in plaintext, where anyone who can capture it can read or alter the data.',
    remediation: {
      text:
        'In-cluster encryption cannot be changed on an existing cluster: create a new cluster with ' +
        'EncryptionInTransit.InCluster set to true and migrate the topics and clients to it (for example with MSK Replicator).',
      url: 'https://docs.aws.amazon.com/msk/latest/developerguide/msk-encryption.html',
    },
    frameworks: {
      'pci-dss-4.0.1': ['4.2.1', '2.2.7', '8.3.2'],
      soc2: ['CC6.7'],
      'nist-800-53-r5': ['SC-8', 'SC-8(1)', 'SC-13', 'SC-23'],
      'iso-27001-2022': ['8.24', '8.20'],
    },
    securityHubControl: 'MSK.1',
  },
  evaluate(cluster) {
    return evaluateCluster(cluster, {
      serverless: () => passed('MSK Serverless encrypts all traffic in transit, including between brokers, by design.', {}),
      provisioned(provisioned) {
        const setting = provisioned.EncryptionInfo?.EncryptionInTransit?.InCluster;
        const evidence = { [FIELD]: orNull(setting) };
        if (setting === true) return passed('Traffic between the brokers is encrypted with TLS (InCluster is true).', evidence);
        if (setting === false) return failed('Traffic between the brokers is not encrypted (InCluster is false).', evidence);
        if (setting === undefined) {
          return notAvailable('The cluster description has no in-cluster encryption setting (InCluster).', evidence);
        }
        return notAvailable(`The in-cluster encryption setting ${JSON.stringify(setting)} is not recognised.`, evidence);
      },
    });
  },
});
