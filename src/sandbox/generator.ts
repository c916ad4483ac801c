/**
 * Seeded, reproducible estates of any size for benchmarks and scale tests: an organization of N accounts,
 * each with clusters spread over its regions and each security property misconfigured independently with
 * probability `misconfigurationRate`. 1,000 accounts × 17 regions generates in well under a second.
 */
import type { EstateInput } from './estate.js';
import { DEFAULT_REGIONS, OPT_IN_REGIONS } from './regions.js';
import { Rng } from './rng.js';

export interface GenerateEstateOptions {
  accounts: number;
  /** Regions used per account (1–29; beyond the 17 default regions, opt-in regions are enabled). */
  regionsPerAccount: number;
  /** Average clusters per account (uniform 0…2×average). */
  clustersPerAccount: number;
  seed: number | string;
  /** Chance (0–1) that each security property of a cluster is misconfigured. */
  misconfigurationRate: number;
  /** Share of serverless clusters (default 0.1). */
  serverlessRate?: number;
  /** Share of member accounts whose audit role cannot be assumed (default 0). */
  deniedRoleRate?: number;
  /** Audit role name (default MskAuditReadOnly). */
  roleName?: string;
}

type Obj = Record<string, unknown>;

const HEX = '0123456789abcdef';
const ACTIVE_VERSIONS = ['3.5.1', '3.6.0', '3.7.x', '3.8.x', '3.9.x'];
const DEPRECATED_VERSIONS = ['2.6.2', '2.8.1', '3.2.0'];
const CLASSIFICATIONS = ['cardholder', 'confidential', 'internal', 'public'];

export function generateEstate(options: GenerateEstateOptions): EstateInput {
  const { accounts: n, clustersPerAccount, misconfigurationRate: p } = options;
  if (!Number.isInteger(n) || n < 1) throw new Error('accounts must be a positive integer');
  const allRegions = [...DEFAULT_REGIONS, ...OPT_IN_REGIONS];
  const regionCount = Math.min(Math.max(1, Math.floor(options.regionsPerAccount)), allRegions.length);
  const regions = allRegions.slice(0, regionCount);
  const optInUsed = regions.filter((r) => OPT_IN_REGIONS.includes(r));
  const rng = new Rng(`estate:${String(options.seed)}`);
  const roleName = options.roleName ?? 'MskAuditReadOnly';
  const serverlessRate = options.serverlessRate ?? 0.1;
  const deniedRoleRate = options.deniedRoleRate ?? 0;
  const accountId = (i: number) => String(100000000000 + i * 7);
  const mgmt = accountId(0);
  const ouCount = Math.max(1, Math.min(20, Math.ceil(n / 50)));
  const ous = Array.from({ length: ouCount }, (_, i) => ({ id: `ou-root-${String(i).padStart(8, '0')}`, name: `Workloads-${i}`, parentId: 'r-root' }));
  const uuid = () => rng.uuid();

  const accounts: Obj[] = [];
  for (let i = 0; i < n; i++) {
    const id = accountId(i);
    const perRegion = new Map<string, { clusters: Obj[]; keys: Obj[]; configurations: Obj[]; sgs: Obj[]; awsKey?: string }>();
    const clusterCount = rng.int(0, Math.max(0, Math.round(clustersPerAccount * 2)));
    for (let c = 0; c < clusterCount; c++) {
      const region = rng.pick(regions);
      let bucket = perRegion.get(region);
      if (!bucket) perRegion.set(region, (bucket = { clusters: [], keys: [], configurations: [], sgs: [] }));
      const name = `cluster-${i}-${c}`;
      const arn = `arn:aws:kafka:${region}:${id}:cluster/${name}/${uuid()}-${c + 1}`;
      const sg = `sg-0${rng.chars(16, HEX)}`;
      const subnets = [`subnet-0${rng.chars(16, HEX)}`, `subnet-0${rng.chars(16, HEX)}`, `subnet-0${rng.chars(16, HEX)}`];
      const bad = () => rng.chance(p);
      const openSg = bad();
      bucket.sgs.push({
        GroupId: sg,
        GroupName: `msk-${name}`,
        Description: `${name} brokers`,
        VpcId: `vpc-0${rng.chars(16, HEX)}`,
        OwnerId: id,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 9098, ToPort: 9098, IpRanges: [{ CidrIp: openSg ? '0.0.0.0/0' : '10.0.0.0/8' }] }],
      });
      const tags = { 'data-classification': rng.pick(CLASSIFICATIONS), environment: rng.pick(['prod', 'staging', 'dev']) };
      const created = new Date(Date.UTC(2021, 0, 1) + rng.int(0, 1500) * 86_400_000).toISOString();
      if (rng.chance(serverlessRate)) {
        bucket.clusters.push({
          ClusterArn: arn,
          ClusterName: name,
          ClusterType: 'SERVERLESS',
          CreationTime: created,
          CurrentVersion: 'K2EUQ1WTGCTBG2',
          State: 'ACTIVE',
          Tags: tags,
          Serverless: { VpcConfigs: [{ SubnetIds: subnets.slice(0, 2), SecurityGroupIds: [sg] }], ClientAuthentication: { Sasl: { Iam: { Enabled: true } } } },
        });
        continue;
      }
      // at-rest key: AWS-managed (shared per region) or a customer key, possibly without rotation / not Enabled
      let keyArn: string;
      if (bad()) {
        bucket.awsKey ??= uuid();
        keyArn = `arn:aws:kms:${region}:${id}:key/${bucket.awsKey}`;
      } else {
        const keyId = uuid();
        keyArn = `arn:aws:kms:${region}:${id}:key/${keyId}`;
        const noRotation = bad();
        const state = bad() ? rng.pick(['Disabled', 'PendingDeletion']) : 'Enabled';
        bucket.keys.push({
          metadata: {
            KeyId: keyId,
            Arn: keyArn,
            AWSAccountId: id,
            CreationDate: created,
            KeyManager: 'CUSTOMER',
            KeyState: state,
            Enabled: state === 'Enabled',
            ...(state === 'PendingDeletion' ? { DeletionDate: '2027-01-31T00:00:00.000Z', PendingDeletionWindowInDays: 30 } : {}),
          },
          rotation: noRotation ? { KeyRotationEnabled: false } : { KeyRotationEnabled: true, RotationPeriodInDays: rng.chance(0.5) ? 365 : rng.pick([90, 180]) },
          aliases: [`alias/msk/${name}`],
        });
      }
      const clientBroker = bad() ? rng.pick(['TLS_PLAINTEXT', 'PLAINTEXT']) : 'TLS';
      const authMode = bad() ? rng.pick(['none', 'tls-empty-ca']) : rng.pick(['iam', 'scram', 'mtls']);
      const unauth = clientBroker === 'PLAINTEXT' || authMode === 'none' ? true : bad();
      const tlsOnly = clientBroker !== 'PLAINTEXT';
      let configuration: [string, number] | undefined;
      if (authMode === 'scram' || authMode === 'mtls') {
        const mode = bad() ? rng.pick(['true', 'absent', 'none']) : 'false';
        if (mode !== 'none') {
          const cfgArn = `arn:aws:kafka:${region}:${id}:configuration/${name}-config/${uuid()}-${c + 1}`;
          const props = `auto.create.topics.enable=false\nmin.insync.replicas=2\n${mode === 'absent' ? '' : `allow.everyone.if.no.acl.found=${mode}\n`}`;
          bucket.configurations.push({ Arn: cfgArn, Name: `${name}-config`, CreationTime: created, KafkaVersions: ['3.6.0'], Revisions: [{ Revision: 1, CreationTime: created, ServerProperties: props }] });
          configuration = [cfgArn, 1];
        }
      }
      const version = bad() ? rng.pick(DEPRECATED_VERSIONS) : rng.pick(ACTIVE_VERSIONS);
      bucket.clusters.push({
        ClusterArn: arn,
        ClusterName: name,
        ClusterType: 'PROVISIONED',
        CreationTime: created,
        CurrentVersion: 'K3AEGXETSR30VB',
        State: 'ACTIVE',
        Tags: tags,
        Provisioned: {
          BrokerNodeGroupInfo: {
            BrokerAZDistribution: 'DEFAULT',
            ClientSubnets: subnets,
            InstanceType: rng.pick(['kafka.m5.large', 'kafka.m5.xlarge', 'kafka.m7g.large']),
            SecurityGroups: [sg],
            StorageInfo: { EbsStorageInfo: { VolumeSize: rng.pick([100, 500, 1000]) } },
            ConnectivityInfo: { PublicAccess: { Type: tlsOnly && !unauth && authMode !== 'none' && bad() ? 'SERVICE_PROVIDED_EIPS' : 'DISABLED' } },
          },
          CurrentBrokerSoftwareInfo: { KafkaVersion: version, ...(configuration ? { ConfigurationArn: configuration[0], ConfigurationRevision: configuration[1] } : {}) },
          ClientAuthentication: {
            Sasl: { Scram: { Enabled: authMode === 'scram' }, Iam: { Enabled: authMode === 'iam' && tlsOnly } },
            Tls: { Enabled: authMode === 'mtls' || authMode === 'tls-empty-ca', CertificateAuthorityArnList: authMode === 'mtls' ? [`arn:aws:acm-pca:${region}:${id}:certificate-authority/${uuid()}`] : [] },
            Unauthenticated: { Enabled: unauth },
          },
          EncryptionInfo: {
            EncryptionAtRest: { DataVolumeKMSKeyId: keyArn },
            EncryptionInTransit: { ClientBroker: clientBroker, InCluster: !bad() },
          },
          EnhancedMonitoring: bad() ? rng.pick(['DEFAULT', 'PER_BROKER']) : rng.pick(['PER_TOPIC_PER_BROKER', 'PER_TOPIC_PER_PARTITION']),
          NumberOfBrokerNodes: 3,
          StorageMode: 'LOCAL',
        },
      });
    }
    const regionBlocks: Record<string, Obj> = {};
    for (const region of regions) {
      const b = perRegion.get(region);
      regionBlocks[region] = b
        ? {
            msk: { clusters: b.clusters, configurations: b.configurations },
            kms: {
              keys: [
                ...b.keys,
                ...(b.awsKey
                  ? [{ metadata: { KeyId: b.awsKey, KeyManager: 'AWS', Description: 'Default key that protects my MSK data when no other key is defined' }, aliases: ['alias/aws/kafka'] }]
                  : []),
              ],
            },
            ec2: { securityGroups: b.sgs },
            securityHub: { enabled: true },
          }
        : { securityHub: { enabled: true } };
    }
    accounts.push({
      id,
      name: i === 0 ? 'management' : `account-${i}`,
      email: `aws+${i}@example.com`,
      parentId: i === 0 ? 'r-root' : (ous[i % ouCount]?.id ?? 'r-root'),
      enabledRegions: optInUsed,
      roles: [{ name: roleName, ...(i > 0 && rng.chance(deniedRoleRate) ? { assumable: false } : {}) }],
      regions: regionBlocks,
    });
  }
  return {
    version: 1,
    partition: 'aws',
    regions: allRegions.map((name) => ({ name, optIn: OPT_IN_REGIONS.includes(name) })),
    caller: { accountId: mgmt, arn: `arn:aws:iam::${mgmt}:user/msk-auditor` },
    organization: { id: 'o-generated01', managementAccountId: mgmt, roots: [{ id: 'r-root', name: 'Root' }], organizationalUnits: ous },
    accounts: accounts as EstateInput['accounts'],
  };
}
