import { describe, expect, it } from 'vitest';
import check, { mskDefaults } from '../../checks/msk-config-hygiene.js';
import { available, configurationKey, unavailable, type AccountRegionInventory, type MskCluster } from '../../src/inventory/index.js';
import { checkTable } from '../support/check-table.js';
import { CONFIG_ARN, accessDenied, accountRegion, provisionedCluster, serverlessCluster } from '../support/fixtures.js';

const HARDENED = {
  'auto.create.topics.enable': 'false',
  'unclean.leader.election.enable': 'false',
  'min.insync.replicas': '2',
  'default.replication.factor': '3',
};

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

function withoutConfiguration(mutate?: (c: MskCluster) => void): MskCluster {
  return provisionedCluster((c) => {
    c.Provisioned!.CurrentBrokerSoftwareInfo = { KafkaVersion: '3.6.0' };
    mutate?.(c);
  });
}

checkTable(check, {
  PASSED: [
    { name: 'hardened custom configuration', cluster: provisionedCluster(), inventory: properties(HARDENED), reason: /min.insync.replicas=2 below default.replication.factor=3/ },
    {
      name: 'MSK defaults on a tiered-storage 3-AZ cluster (unclean election off by default)',
      cluster: withoutConfiguration((c) => (c.Provisioned!.StorageMode = 'TIERED')),
      reason: /unclean.leader.election.enable=false \(MSK default\)/,
    },
    {
      name: 'replication and min ISR left to the 3-AZ defaults',
      cluster: provisionedCluster(),
      inventory: properties({ 'auto.create.topics.enable': 'FALSE', 'unclean.leader.election.enable': ' false ' }),
    },
    {
      name: 'a lower minimum accepted by configuration',
      cluster: withoutConfiguration((c) => {
        c.Provisioned!.BrokerNodeGroupInfo!.ClientSubnets = ['subnet-0a', 'subnet-0b'];
        c.Provisioned!.StorageMode = 'TIERED';
      }),
      thresholds: { minInsyncReplicasMinimum: 1 },
    },
  ],
  FAILED: [
    {
      name: "MSK's default configuration (unclean leader election on)",
      cluster: withoutConfiguration(),
      reason: /With MSK's default configuration: unclean.leader.election.enable=true \(MSK default\)/,
    },
    { name: 'auto topic creation on', cluster: provisionedCluster(), inventory: properties({ ...HARDENED, 'auto.create.topics.enable': 'true' }), reason: /auto.create.topics.enable=true/ },
    { name: 'min.insync.replicas of 1', cluster: provisionedCluster(), inventory: properties({ ...HARDENED, 'min.insync.replicas': '1' }), reason: /is below 2/ },
    {
      name: 'min.insync.replicas equal to the replication factor',
      cluster: provisionedCluster(),
      inventory: properties({ ...HARDENED, 'min.insync.replicas': '3' }),
      reason: /min.insync.replicas=3 is not below default.replication.factor=3/,
    },
    {
      name: '2-AZ defaults: min ISR 1',
      cluster: withoutConfiguration((c) => {
        c.Provisioned!.BrokerNodeGroupInfo!.ClientSubnets = ['subnet-0a', 'subnet-0b'];
        c.Provisioned!.StorageMode = 'TIERED';
      }),
      reason: /min.insync.replicas=1 \(MSK default\) is below 2/,
    },
    { name: 'custom configuration without the unclean election property', cluster: provisionedCluster(), inventory: properties({ 'auto.create.topics.enable': 'false' }) },
  ],
  NOT_APPLICABLE: [
    { name: 'serverless', cluster: serverlessCluster(), reason: /Serverless/ },
    { name: 'cluster being deleted', cluster: provisionedCluster((c) => (c.State = 'DELETING')) },
  ],
  NOT_AVAILABLE: [
    {
      name: 'configuration revision denied',
      cluster: provisionedCluster(),
      inventory: accountRegion((r) => {
        r.configurations[configurationKey(CONFIG_ARN, 2)] = unavailable(accessDenied('kafka', 'DescribeConfigurationRevision', CONFIG_ARN));
      }),
      reason: /AccessDeniedException/,
    },
    { name: 'revision not collected', cluster: provisionedCluster((c) => (c.Provisioned!.CurrentBrokerSoftwareInfo!.ConfigurationRevision = 7)), reason: /was not collected/ },
    { name: 'no broker software information', cluster: provisionedCluster((c) => delete c.Provisioned!.CurrentBrokerSoftwareInfo), reason: /no broker software information/ },
    {
      name: 'unrecognised boolean',
      cluster: provisionedCluster(),
      inventory: properties({ ...HARDENED, 'unclean.leader.election.enable': 'maybe' }),
      reason: /unrecognised value "maybe"/,
    },
    {
      name: 'defaults when the number of AZs is unknown',
      cluster: withoutConfiguration((c) => {
        delete c.Provisioned!.BrokerNodeGroupInfo!.ClientSubnets;
        c.Provisioned!.StorageMode = 'TIERED';
      }),
      reason: /depends on the number of Availability Zones/,
    },
  ],
});

describe('mskDefaults', () => {
  it('follows the MSK default configuration table', () => {
    expect(mskDefaults(provisionedCluster().Provisioned!)).toEqual({
      'auto.create.topics.enable': 'false',
      'unclean.leader.election.enable': 'true',
      'default.replication.factor': '3',
      'min.insync.replicas': '2',
    });
  });
});
