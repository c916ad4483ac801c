import { describe, expect, it } from 'vitest';
import check, { isKraftVersion } from '../../checks/msk-zookeeper-tls-only.js';
import type { MskCluster } from '../../src/inventory/index.js';
import { checkTable } from '../support/check-table.js';
import { provisionedCluster, serverlessCluster } from '../support/fixtures.js';

const PLAIN = 'z-1.payments.abc123.c2.kafka.eu-west-1.amazonaws.com:2181,z-2.payments.abc123.c2.kafka.eu-west-1.amazonaws.com:2181';
const TLS = 'z-1.payments.abc123.c2.kafka.eu-west-1.amazonaws.com:2182,z-2.payments.abc123.c2.kafka.eu-west-1.amazonaws.com:2182';

function zookeeper(plain: string | undefined, tls: string | undefined, mutate?: (c: MskCluster) => void): MskCluster {
  return provisionedCluster((c) => {
    if (plain !== undefined) c.Provisioned!.ZookeeperConnectString = plain;
    if (tls !== undefined) c.Provisioned!.ZookeeperConnectStringTls = tls;
    mutate?.(c);
  });
}

const kraft = (version: string) => (c: MskCluster) => (c.Provisioned!.CurrentBrokerSoftwareInfo!.KafkaVersion = version);

checkTable(check, {
  PASSED: [{ name: 'ZooKeeper over TLS only', cluster: zookeeper(undefined, TLS), reason: /only over TLS/ }],
  FAILED: [
    { name: 'plaintext and TLS strings', cluster: zookeeper(PLAIN, TLS), reason: /plaintext ZooKeeper connection string \(z-1\.payments.*:2181, …\)/ },
    { name: 'plaintext only', cluster: zookeeper(PLAIN, undefined) },
  ],
  NOT_APPLICABLE: [
    { name: 'KRaft (3.7.x.kraft)', cluster: zookeeper(undefined, undefined, kraft('3.7.x.kraft')), reason: /KRaft mode/ },
    { name: 'Kafka 4.0 (KRaft only)', cluster: zookeeper(undefined, '', kraft('4.0.x')) },
    { name: 'serverless', cluster: serverlessCluster() },
    { name: 'cluster being deleted', cluster: zookeeper(PLAIN, TLS, (c) => (c.State = 'DELETING')) },
  ],
  NOT_AVAILABLE: [
    { name: 'no connection string on a ZooKeeper version', cluster: zookeeper(undefined, undefined), reason: /not a KRaft version/ },
    { name: 'still being created', cluster: zookeeper(undefined, undefined, (c) => (c.State = 'CREATING')), reason: /still being created/ },
    { name: 'empty strings and no version', cluster: zookeeper('', '', (c) => delete c.Provisioned!.CurrentBrokerSoftwareInfo) },
  ],
});

describe('isKraftVersion', () => {
  it('knows the .kraft versions and Kafka 4+', () => {
    expect(['3.7.x.kraft', '3.9.x.kraft', '4.0.x', '4.1.x.kraft'].map(isKraftVersion)).toEqual([true, true, true, true]);
    expect(['3.6.0', '3.9.x', '2.8.1', undefined].map(isKraftVersion)).toEqual([false, false, false, false]);
  });
});
