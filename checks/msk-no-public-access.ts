import { defineCheck, failed, notAvailable, passed } from '../src/check/index.js';
import { evaluateCluster, orNull } from './support/cluster.js';

const FIELD = 'Provisioned.BrokerNodeGroupInfo.ConnectivityInfo.PublicAccess.Type';

export default defineCheck({
  meta: {
    id: 'msk-no-public-access',
    title: 'MSK brokers are not publicly accessible',
    severity: 'HIGH',
    resourceType: 'AwsMskCluster',
    rationale:
      'Public access gives every broker an internet-reachable address, so the cluster is protected only by its ' +
      'security groups and client authentication instead of being reachable from private networks alone.',
    remediation: {
      text:
        'Turn public access off (UpdateConnectivity with PublicAccess.Type DISABLED) and give external clients a ' +
        'private path instead, such as multi-VPC private connectivity, VPC peering or AWS Transit Gateway.',
      url: 'https://docs.aws.amazon.com/msk/latest/developerguide/public-access.html',
    },
    frameworks: {
      'pci-dss-4.0.1': ['1.3.1', '1.4.1', '1.4.4'],
      soc2: ['CC6.6'],
      'nist-800-53-r5': ['SC-7', 'AC-4'],
      'iso-27001-2022': ['8.20', '8.22'],
    },
    securityHubControl: 'MSK.4',
  },
  evaluate(cluster) {
    return evaluateCluster(cluster, {
      serverless: () =>
        passed('MSK Serverless has no public endpoint; clients connect through its VPC configuration.', {}),
      provisioned(provisioned) {
        const type = provisioned.BrokerNodeGroupInfo?.ConnectivityInfo?.PublicAccess?.Type;
        const evidence = { [FIELD]: orNull(type) };
        switch (type) {
          case 'DISABLED':
            return passed('Public access to the brokers is turned off (DISABLED).', evidence);
          case 'SERVICE_PROVIDED_EIPS':
            return failed(
              'Public access to the brokers is turned on, with internet-reachable Elastic IP addresses (SERVICE_PROVIDED_EIPS).',
              evidence,
            );
          case undefined:
            return notAvailable('The cluster description has no public access setting (PublicAccess.Type).', evidence);
          default:
            return notAvailable(`The public access setting ${JSON.stringify(type)} is not recognised.`, evidence);
        }
      },
    });
  },
});
