import { describe, expect, it } from 'vitest';
import check, { openRuleExposure } from '../../checks/msk-no-open-ingress.js';
import { unavailable } from '../../src/inventory/index.js';
import { checkTable } from '../support/check-table.js';
import { exposureRegion, group, PROVISIONED_SG, rule, SERVERLESS_SG } from '../support/exposure-fixtures.js';
import { accessDenied, provisionedCluster, serverlessCluster } from '../support/fixtures.js';

const OTHER_SG = 'sg-0fedcba9876543210';
const twoGroups = provisionedCluster((c) => (c.Provisioned!.BrokerNodeGroupInfo!.SecurityGroups = [PROVISIONED_SG, OTHER_SG]));

checkTable(check, {
  PASSED: [
    { name: 'private CIDR ranges only', cluster: provisionedCluster(), inventory: exposureRegion(), reason: /No inbound rule of the cluster's 1 security group/ },
    {
      name: 'prefix list and security-group references are not open',
      cluster: provisionedCluster(),
      inventory: exposureRegion((r) => {
        r.securityGroups![PROVISIONED_SG] = group(PROVISIONED_SG, [
          rule({ ipv4Ranges: [], prefixListIds: ['pl-0123456789abcdef0'] }),
          rule({ ipv4Ranges: [], groupReferences: ['sg-0aaaaaaaaaaaaaaaa', '999999999999/sg-0bbbbbbbbbbbbbbbb'] }),
        ]);
      }),
      reason: /prefix lists or other security groups are not open/,
    },
    {
      name: '0.0.0.0/0 on a non-Kafka port (HTTPS)',
      cluster: provisionedCluster(),
      inventory: exposureRegion((r) => {
        r.securityGroups![PROVISIONED_SG] = group(PROVISIONED_SG, [rule({ fromPort: 443, toPort: 443, ipv4Ranges: ['0.0.0.0/0'] })]);
      }),
    },
    {
      name: '0.0.0.0/0 over UDP on the Kafka ports (Kafka is TCP only)',
      cluster: provisionedCluster(),
      inventory: exposureRegion((r) => {
        r.securityGroups![PROVISIONED_SG] = group(PROVISIONED_SG, [rule({ ipProtocol: 'udp', fromPort: 9000, toPort: 9999, ipv4Ranges: ['0.0.0.0/0'] })]);
      }),
    },
    { name: 'serverless with a private group', cluster: serverlessCluster(), inventory: exposureRegion() },
  ],
  FAILED: [
    {
      name: 'port 9092 open to 0.0.0.0/0',
      cluster: provisionedCluster(),
      inventory: exposureRegion((r) => {
        r.securityGroups![PROVISIONED_SG] = group(PROVISIONED_SG, [rule(), rule({ fromPort: 9092, toPort: 9092, ipv4Ranges: ['0.0.0.0/0'] })]);
      }),
      reason: /sg-0123456789abcdef0 allows TCP port 9092 \(Kafka\/ZooKeeper 9092\) from 0\.0\.0\.0\/0/,
    },
    {
      name: 'ZooKeeper 2181 open to ::/0',
      cluster: provisionedCluster(),
      inventory: exposureRegion((r) => {
        r.securityGroups![PROVISIONED_SG] = group(PROVISIONED_SG, [rule({ fromPort: 2181, toPort: 2181, ipv4Ranges: [], ipv6Ranges: ['::/0'] })]);
      }),
      reason: /from ::\/0/,
    },
    {
      name: 'all protocols open to the internet',
      cluster: provisionedCluster(),
      inventory: exposureRegion((r) => {
        r.securityGroups![PROVISIONED_SG] = group(PROVISIONED_SG, [rule({ ipProtocol: '-1', fromPort: undefined, toPort: undefined, ipv4Ranges: ['0.0.0.0/0'] })]);
      }),
      reason: /every protocol and port/,
    },
    {
      name: 'a wide TCP range covering the public-access ports',
      cluster: provisionedCluster(),
      inventory: exposureRegion((r) => {
        r.securityGroups![PROVISIONED_SG] = group(PROVISIONED_SG, [rule({ fromPort: 9100, toPort: 9200, ipv4Ranges: ['0.0.0.0/0'] })]);
      }),
      reason: /ports 9100-9200 \(Kafka\/ZooKeeper 9194, 9196, 9198\)/,
    },
    {
      name: 'an open group wins over an unreadable one',
      cluster: twoGroups,
      inventory: exposureRegion((r) => {
        r.securityGroups![PROVISIONED_SG] = group(PROVISIONED_SG, [rule({ ipProtocol: '6', fromPort: 0, toPort: 65535, ipv4Ranges: ['0.0.0.0/0'] })]);
        r.securityGroups![OTHER_SG] = unavailable(accessDenied('ec2', 'DescribeSecurityGroups', OTHER_SG));
      }),
      reason: /every TCP port/,
    },
    {
      name: 'serverless group open to the internet',
      cluster: serverlessCluster(),
      inventory: exposureRegion((r) => {
        r.securityGroups![SERVERLESS_SG] = group(SERVERLESS_SG, [rule({ ipv4Ranges: ['0.0.0.0/0'] })]);
      }),
    },
  ],
  NOT_APPLICABLE: [
    { name: 'cluster being deleted', cluster: provisionedCluster((c) => (c.State = 'DELETING')), inventory: exposureRegion() },
    { name: 'cluster whose creation failed', cluster: provisionedCluster((c) => (c.State = 'FAILED')), inventory: exposureRegion() },
  ],
  NOT_AVAILABLE: [
    { name: 'inventory from before security groups were collected', cluster: provisionedCluster(), reason: /not collected in this inventory/ },
    {
      name: 'DescribeSecurityGroups denied',
      cluster: provisionedCluster(),
      inventory: exposureRegion((r) => {
        r.securityGroups![PROVISIONED_SG] = unavailable(accessDenied('ec2', 'DescribeSecurityGroups', PROVISIONED_SG));
      }),
      reason: /could not be read: ec2:DescribeSecurityGroups failed with AccessDeniedException/,
    },
    { name: 'a referenced group missing from the answer', cluster: twoGroups, inventory: exposureRegion(), reason: /sg-0fedcba9876543210 was not collected/ },
    {
      name: 'no security groups in the description',
      cluster: provisionedCluster((c) => delete c.Provisioned!.BrokerNodeGroupInfo!.SecurityGroups),
      inventory: exposureRegion(),
      reason: /names no broker security groups/,
    },
    { name: 'serverless without VpcConfigs', cluster: serverlessCluster((c) => delete c.Serverless!.VpcConfigs), inventory: exposureRegion() },
  ],
});

describe('openRuleExposure', () => {
  it('ignores rules from private ranges, and flags open ones by port', () => {
    expect(openRuleExposure(rule())).toBeUndefined();
    expect(openRuleExposure(rule({ ipv4Ranges: ['0.0.0.0/0'], fromPort: 2182, toPort: 2182 }))).toMatch(/2182/);
    expect(openRuleExposure(rule({ ipv4Ranges: ['0.0.0.0/0'], fromPort: 9095, toPort: 9095 }))).toBeUndefined();
    expect(openRuleExposure(rule({ ipv4Ranges: ['0.0.0.0/0'], fromPort: -1, toPort: -1 }))).toMatch(/every TCP port/);
    expect(openRuleExposure(rule({ ipProtocol: 'icmp', fromPort: -1, toPort: -1, ipv4Ranges: ['0.0.0.0/0'] }))).toBeUndefined();
  });
});
