import { defineCheck, failed, notApplicable, notAvailable, passed, type Evidence } from '../src/check/index.js';
import { evaluateCluster, orNull } from './support/cluster.js';

const PLAIN = 'Provisioned.ZookeeperConnectString';
const TLS = 'Provisioned.ZookeeperConnectStringTls';
const VERSION = 'Provisioned.CurrentBrokerSoftwareInfo.KafkaVersion';

/** KRaft metadata mode: MSK's `….kraft` versions, and every Apache Kafka 4.x or later (ZooKeeper was removed in 4.0). */
export function isKraftVersion(version: string | undefined): boolean {
  if (!version) return false;
  if (/kraft/i.test(version)) return true;
  const major = Number(/^(\d+)\./.exec(version)?.[1]);
  return Number.isFinite(major) && major >= 4;
}

const present = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

export default defineCheck({
  meta: {
    id: 'msk-zookeeper-tls-only',
    title: 'MSK exposes no plaintext ZooKeeper connection',
    severity: 'MEDIUM',
    resourceType: 'AwsMskCluster',
    rationale:
      'On ZooKeeper-based clusters, ZooKeeper holds the cluster metadata (topics, ACLs, configuration); its plaintext ' +
      'port 2181 carries that metadata unencrypted and, with no authentication of its own, lets any host that can ' +
      'reach it read and change it, bypassing Kafka authentication and ACLs.',
    remediation: {
      text:
        'Move to a KRaft cluster (a `.kraft` Kafka version, or Kafka 4.x), which has no ZooKeeper; until then, let ' +
        'clients use only ZooKeeper over TLS (port 2182) and close port 2181 in the security groups of the ZooKeeper nodes.',
      url: 'https://docs.aws.amazon.com/msk/latest/developerguide/zookeeper-security.html',
    },
    frameworks: {
      'pci-dss-4.0.1': ['4.2.1', '2.2.7'],
      soc2: ['CC6.7'],
      'nist-800-53-r5': ['SC-8', 'SC-8(1)', 'CM-7'],
      'iso-27001-2022': ['8.20', '8.24'],
    },
  },
  evaluate(cluster) {
    return evaluateCluster(cluster, {
      serverless: () => notApplicable('MSK Serverless exposes no ZooKeeper.', { [PLAIN]: null, [TLS]: null }),
      provisioned(provisioned) {
        const plain: unknown = provisioned.ZookeeperConnectString;
        const tls: unknown = provisioned.ZookeeperConnectStringTls;
        const version = provisioned.CurrentBrokerSoftwareInfo?.KafkaVersion;
        const evidence: Evidence = {
          [PLAIN]: present(plain) ? plain : null,
          [TLS]: present(tls) ? tls : null,
          [VERSION]: orNull(version),
        };
        if (present(plain)) {
          return failed(
            `The cluster exposes a plaintext ZooKeeper connection string (${plain.split(',')[0]}${plain.includes(',') ? ', …' : ''}), so ZooKeeper is reachable unencrypted.`,
            evidence,
          );
        }
        if (present(tls)) return passed('ZooKeeper is exposed only over TLS (ZookeeperConnectStringTls); there is no plaintext connection string.', evidence);
        if (isKraftVersion(version)) return notApplicable(`The cluster runs in KRaft mode (Kafka ${version}) and has no ZooKeeper.`, evidence);
        if (cluster.State === 'CREATING') {
          return notAvailable('The cluster is still being created, so its ZooKeeper connection strings are not known yet.', evidence);
        }
        // ListClustersV2 returns the connection strings for ZooKeeper-based provisioned clusters: missing both on a
        // version that is not KRaft is a gap in the description, not proof that ZooKeeper is closed.
        return notAvailable(
          `The cluster description has no ZooKeeper connection string, yet its Kafka version (${version ?? 'unknown'}) is not a KRaft version.`,
          evidence,
        );
      },
    });
  },
});
