/**
 * A tiny, independent evaluation of the example estate's data for the six network-exposure, cluster-policy,
 * broker-log and configuration checks (issue 9), to keep the second table of estates/README.md truthful and to
 * make sure each check has clusters that pass and clusters that fail. Not the scanner: just the estate's intent
 * (test/e2e/org-scan.test.ts pins what the scanner says).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exampleEstate } from './helpers.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- walking untyped estate JSON
type Verdict = 'PASS' | 'FAIL' | 'n/a';
const CHECKS = ['Open ingress', 'Cluster policy', 'VPC connections', 'ZooKeeper TLS', 'Broker logs', 'Config hygiene'] as const;
const KAFKA_PORTS = [9092, 9094, 9096, 9098, 9194, 9196, 9198, 2181, 2182];
const v = (ok: boolean): Verdict => (ok ? 'PASS' : 'FAIL');

function openToInternet(group: Obj | undefined): boolean {
  return (group?.IpPermissions ?? []).some((rule: Obj) => {
    const open = (rule.IpRanges ?? []).some((r: Obj) => r.CidrIp === '0.0.0.0/0') || (rule.Ipv6Ranges ?? []).some((r: Obj) => r.CidrIpv6 === '::/0');
    if (!open) return false;
    if (rule.IpProtocol === '-1') return true;
    return rule.IpProtocol === 'tcp' && KAFKA_PORTS.some((port) => port >= rule.FromPort && port <= rule.ToPort);
  });
}

function evaluate(): Map<string, Verdict[]> {
  const out = new Map<string, Verdict[]>();
  for (const account of exampleEstate().accounts as Obj[]) {
    const buckets = new Map<string, Obj>((account.s3?.buckets ?? []).map((b: Obj) => [b.name, b]));
    for (const [region, res] of Object.entries(account.regions ?? {}) as [string, Obj][]) {
      const groups = new Map<string, Obj>((res.ec2?.securityGroups ?? []).map((g: Obj) => [g.GroupId, g]));
      const logGroups = new Map<string, Obj>((res.logs?.logGroups ?? []).map((g: Obj) => [g.logGroupName, g]));
      const configs = new Map<string, Obj>((res.msk?.configurations ?? []).map((c: Obj) => [c.Arn, c]));
      for (const c of res.msk?.clusters ?? []) {
        const name = `${c.ClusterName} · ${account.id}/${region}`;
        const p = c.Provisioned as Obj | undefined;
        const groupIds: string[] = p ? p.BrokerNodeGroupInfo.SecurityGroups : c.Serverless.VpcConfigs.flatMap((vc: Obj) => vc.SecurityGroupIds);
        const ingress = v(!groupIds.some((id) => openToInternet(groups.get(id))));
        if (!p) {
          out.set(name, [ingress, 'n/a', 'n/a', 'n/a', 'n/a', 'n/a']);
          continue;
        }
        // Cluster policy: an Allow for another account, or for anyone without a condition, fails.
        const statements: Obj[] = JSON.parse(JSON.stringify(res.msk?.clusterPolicies?.[c.ClusterArn]?.policy ?? { Statement: [] })).Statement;
        const policy = v(
          !statements.some((s) => {
            if (s.Effect !== 'Allow') return false;
            if (s.Principal === '*') return s.Condition === undefined;
            return [s.Principal.AWS].flat().some((aws: string) => aws === '*' ? s.Condition === undefined : !aws.includes(`::${account.id}:`));
          }),
        );
        const vpcAuth = p.BrokerNodeGroupInfo.ConnectivityInfo?.VpcConnectivity?.ClientAuthentication;
        const vpcOn = vpcAuth?.Sasl?.Iam?.Enabled || vpcAuth?.Sasl?.Scram?.Enabled || vpcAuth?.Tls?.Enabled;
        const connections: Obj[] = res.msk?.clientVpcConnections?.[c.ClusterArn] ?? [];
        const vpc: Verdict = vpcOn ? v(connections.every((conn) => conn.Owner === account.id)) : 'n/a';
        const zookeeper: Verdict = p.ZookeeperConnectString ? 'FAIL' : p.ZookeeperConnectStringTls ? 'PASS' : 'n/a';
        // Broker logs: kept when a log group keeps them a year (or forever) with a KMS key, or a bucket expires none within a year.
        const logs = p.LoggingInfo?.BrokerLogs ?? {};
        const group = logs.CloudWatchLogs?.Enabled ? logGroups.get(logs.CloudWatchLogs.LogGroup) : undefined;
        const cwKept = group !== undefined && (group.retentionInDays ?? Infinity) >= 365 && group.kmsKeyId !== undefined;
        const bucket = logs.S3?.Enabled ? buckets.get(logs.S3.Bucket) : undefined;
        const prefix: string = logs.S3?.Prefix ?? '';
        const s3Kept =
          bucket !== undefined &&
          !(bucket.lifecycleRules ?? []).some((rule: Obj) => {
            const rulePrefix: string = rule.Filter?.Prefix ?? rule.Prefix ?? '';
            const overlaps = rulePrefix.startsWith(prefix) || prefix.startsWith(rulePrefix);
            return rule.Status === 'Enabled' && overlaps && (rule.Expiration?.Days ?? Infinity) < 365;
          });
        // Configuration: MSK defaults (3 AZs: replication 3, min ISR 2, unclean election on) unless the configuration says otherwise.
        const software = p.CurrentBrokerSoftwareInfo;
        const text: string = configs.get(software.ConfigurationArn)?.Revisions.find((r: Obj) => r.Revision === software.ConfigurationRevision)?.ServerProperties ?? '';
        const property = (key: string, fallback: string) => new RegExp(`^\\s*${key.replace(/\./g, '\\.')}\\s*=\\s*(\\S+)\\s*$`, 'm').exec(text)?.[1] ?? fallback;
        const minIsr = Number(property('min.insync.replicas', '2'));
        const hygiene = v(
          property('auto.create.topics.enable', 'false') === 'false' &&
            property('unclean.leader.election.enable', 'true') === 'false' &&
            minIsr >= 2 &&
            minIsr < Number(property('default.replication.factor', '3')),
        );
        out.set(name, [ingress, policy, vpc, zookeeper, v(cwKept || s3Kept), hygiene]);
      }
    }
  }
  return out;
}

describe('the example estate for the network, policy, log and configuration checks', () => {
  const verdicts = evaluate();

  it('gives each of the six checks at least one PASS and one FAIL cluster', () => {
    CHECKS.forEach((check, i) => {
      const column = [...verdicts.values()].map((row) => row[i]);
      expect(column, check).toContain('PASS');
      expect(column, check).toContain('FAIL');
    });
  });

  it('matches the second table of estates/README.md', () => {
    const readme = readFileSync(fileURLToPath(new URL('../../src/sandbox/estates/README.md', import.meta.url)), 'utf8');
    const rows = readme
      .split('\n')
      .filter((line) => /^\| [a-z-]+ · \d{12}\//.test(line))
      .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
    expect(new Map(rows.map(([name, ...cells]) => [name!, cells]))).toEqual(verdicts);
  });
});
