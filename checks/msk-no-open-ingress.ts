import { defineCheck, failed, notAvailable, passed, type Evidence, type JsonValue } from '../src/check/index.js';
import { describeError, type Fact, type SecurityGroupFacts, type SecurityGroupRule } from '../src/inventory/index.js';
import { evaluateCluster } from './support/cluster.js';
import { extend } from './support/evidence.js';

/**
 * The broker and ZooKeeper ports MSK listens on: 9092 plaintext, 9094 TLS, 9096 SASL/SCRAM, 9098 IAM (9194,
 * 9196 and 9198 are the same listeners behind public access), 2181 ZooKeeper plaintext and 2182 ZooKeeper TLS.
 */
export const KAFKA_PORTS = [9092, 9094, 9096, 9098, 9194, 9196, 9198, 2181, 2182] as const;

const OPEN_IPV4 = '0.0.0.0/0';
const OPEN_IPV6 = '::/0';

/** Why one inbound rule exposes the cluster to the internet, or undefined when it does not. */
export function openRuleExposure(rule: SecurityGroupRule): string | undefined {
  const sources = [
    ...rule.ipv4Ranges.filter((cidr) => cidr.trim() === OPEN_IPV4),
    ...rule.ipv6Ranges.filter((cidr) => cidr.trim().toLowerCase() === OPEN_IPV6),
  ];
  if (sources.length === 0) return undefined;
  const from = sources.join(' and ');
  const protocol = rule.ipProtocol.trim().toLowerCase();
  if (protocol === '-1' || protocol === 'all') return `every protocol and port from ${from}`;
  // Kafka and ZooKeeper speak TCP only (protocol number 6).
  if (protocol !== 'tcp' && protocol !== '6') return undefined;
  const low = rule.fromPort;
  const high = rule.toPort;
  // A TCP rule without a port range (or with -1) covers every port.
  if (low === undefined || high === undefined || low < 0 || high < 0) return `every TCP port from ${from}`;
  if (low <= 0 && high >= 65535) return `every TCP port from ${from}`;
  const ports = KAFKA_PORTS.filter((port) => port >= low && port <= high);
  if (ports.length === 0) return undefined;
  const range = low === high ? `port ${low}` : `ports ${low}-${high}`;
  return `TCP ${range} (Kafka/ZooKeeper ${ports.join(', ')}) from ${from}`;
}

function ruleEvidence(rule: SecurityGroupRule): JsonValue {
  return {
    IpProtocol: rule.ipProtocol,
    FromPort: rule.fromPort ?? null,
    ToPort: rule.toPort ?? null,
    IpRanges: rule.ipv4Ranges,
    Ipv6Ranges: rule.ipv6Ranges,
    PrefixListIds: rule.prefixListIds,
    UserIdGroupPairs: rule.groupReferences,
  };
}

export default defineCheck({
  meta: {
    id: 'msk-no-open-ingress',
    title: 'MSK security groups allow no Kafka or ZooKeeper traffic from the internet',
    severity: 'HIGH',
    resourceType: 'AwsMskCluster',
    rationale:
      'A security group rule that lets 0.0.0.0/0 or ::/0 reach the broker or ZooKeeper ports (or every port) leaves ' +
      'client authentication as the only barrier for any host that can route to the brokers, and exposes ZooKeeper, ' +
      'which has no authentication of its own.',
    remediation: {
      text:
        'Replace the open inbound rules of the cluster’s security groups with rules that name the client security ' +
        'groups, managed prefix lists or private CIDR ranges that need Kafka access.',
      url: 'https://docs.aws.amazon.com/msk/latest/developerguide/security-ports-ips.html',
    },
    frameworks: {
      'pci-dss-4.0.1': ['1.2.5', '1.3.1', '1.4.2'],
      soc2: ['CC6.6'],
      'nist-800-53-r5': ['SC-7', 'SC-7(5)', 'CM-7'],
      'iso-27001-2022': ['8.20', '8.22'],
    },
  },
  evaluate(cluster, { inventory }) {
    return evaluateCluster(cluster, {
      provisioned(provisioned) {
        const groups = provisioned.BrokerNodeGroupInfo?.SecurityGroups;
        const field = 'Provisioned.BrokerNodeGroupInfo.SecurityGroups';
        if (!Array.isArray(groups) || groups.length === 0) {
          return notAvailable('The cluster description names no broker security groups (BrokerNodeGroupInfo.SecurityGroups).', {
            [field]: Array.isArray(groups) ? [] : null,
          });
        }
        return judgeGroups(groups, field, inventory.securityGroups);
      },
      serverless(serverless) {
        const field = 'Serverless.VpcConfigs[].SecurityGroupIds';
        const configs = serverless.VpcConfigs;
        const groups = Array.isArray(configs) ? configs.flatMap((config) => (Array.isArray(config?.SecurityGroupIds) ? config.SecurityGroupIds : [])) : [];
        if (groups.length === 0) {
          return notAvailable('The serverless cluster description names no security groups (VpcConfigs[].SecurityGroupIds).', {
            [field]: Array.isArray(configs) ? [] : null,
          });
        }
        return judgeGroups([...new Set(groups)], field, inventory.securityGroups);
      },
    });
  },
});

function judgeGroups(
  groupIds: readonly string[],
  field: string,
  collected: Record<string, Fact<SecurityGroupFacts>> | undefined,
) {
  const evidence: Evidence = { [field]: [...groupIds] };
  if (collected === undefined) {
    return notAvailable('The security groups were not collected in this inventory (EC2 DescribeSecurityGroups).', evidence);
  }
  const open: string[] = [];
  const openRules: JsonValue[] = [];
  const unreadable: string[] = [];
  const narrowed: string[] = [];
  for (const groupId of groupIds) {
    const fact = Object.hasOwn(collected, groupId) ? collected[groupId] : undefined;
    if (fact === undefined) {
      unreadable.push(`${groupId} was not collected`);
      continue;
    }
    if (!fact.ok) {
      unreadable.push(`${groupId} could not be read: ${describeError(fact.error)}`);
      continue;
    }
    for (const rule of fact.value.ingress) {
      const exposure = openRuleExposure(rule);
      if (exposure) {
        open.push(`${groupId} allows ${exposure}`);
        openRules.push({ GroupId: groupId, ...(ruleEvidence(rule) as { [key: string]: JsonValue }) });
      } else if (rule.prefixListIds.length > 0 || rule.groupReferences.length > 0) {
        narrowed.push(groupId);
      }
    }
  }
  if (open.length > 0) {
    return failed(`The cluster's security groups allow internet traffic in: ${open.join('; ')}.`, extend(evidence, { openIngressRules: openRules }));
  }
  if (unreadable.length > 0) {
    return notAvailable(`Not every security group of the cluster could be judged: ${unreadable.join('; ')}.`, { ...evidence, unreadableGroups: unreadable });
  }
  const note = narrowed.length > 0 ? ' (rules naming prefix lists or other security groups are not open to the internet)' : '';
  return passed(
    `No inbound rule of the cluster's ${groupIds.length} security group(s) opens the Kafka or ZooKeeper ports to 0.0.0.0/0 or ::/0${note}.`,
    extend(evidence, { openIngressRules: [] }),
  );
}
