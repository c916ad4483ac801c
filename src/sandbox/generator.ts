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
  /**
   * Share (0–1) of an account's clusters placed in the account's home region (one region picked per account);
   * the others are spread uniformly over all its regions. Default: none — every cluster in a uniformly random
   * region (the worst case for per-region costs).
   */
  homeRegionShare?: number;
  /**
   * Chance (0–1) that a provisioned cluster encrypted with a customer key uses its account-region's shared
   * customer key (`alias/msk/shared`) instead of a key of its own. Default 0: one key per cluster.
   */
  sharedKeyRate?: number;
  /**
   * Chance (0–1) that a cluster with a custom configuration uses one of its account-region's shared
   * configurations (one per ACL setting) instead of a configuration of its own. Default 0.
   */
  sharedConfigurationRate?: number;
  /**
   * An organization trail (multi-region, logging, log file validation, KMS-encrypted) in the management
   * account's first region, which every account sees as a shadow trail in every region. Default false: no trail.
   */
  organizationTrail?: boolean;
}

type Obj = Record<string, unknown>;

interface RegionBucket {
  clusters: Obj[];
  keys: Obj[];
  configurations: Obj[];
  sgs: Obj[];
  /** The private CAs mutual-TLS clusters trust (ACM PCA): every CA a cluster references exists in the estate. */
  cas: Obj[];
  /** The AWS-managed aws/kafka key id, once a cluster uses it. */
  awsKey?: string;
  /** ARN of the account-region's shared customer key, once a cluster uses it. */
  sharedKey?: string;
  /** ACL mode → ARN of the shared configuration with that setting. */
  sharedConfigurations: Map<string, string>;
}

const HEX = '0123456789abcdef';
const ACTIVE_VERSIONS = ['3.5.1', '3.6.0', '3.7.x', '3.8.x', '3.9.x'];
const DEPRECATED_VERSIONS = ['2.6.2', '2.8.1', '3.2.0'];
const CLASSIFICATIONS = ['cardholder', 'confidential', 'internal', 'public'];

export function generateEstate(options: GenerateEstateOptions): EstateInput {
  const { accounts: n, clustersPerAccount, misconfigurationRate: p } = options;
  if (!Number.isInteger(n) || n < 1) throw new Error('accounts must be a positive integer');
  for (const name of ['homeRegionShare', 'sharedKeyRate', 'sharedConfigurationRate'] as const) {
    const value = options[name];
    if (value !== undefined && !(value >= 0 && value <= 1)) throw new Error(`${name} must be between 0 and 1`);
  }
  const allRegions = [...DEFAULT_REGIONS, ...OPT_IN_REGIONS];
  const regionCount = Math.min(Math.max(1, Math.floor(options.regionsPerAccount)), allRegions.length);
  const regions = allRegions.slice(0, regionCount);
  const optInUsed = regions.filter((r) => OPT_IN_REGIONS.includes(r));
  const rng = new Rng(`estate:${String(options.seed)}`);
  const roleName = options.roleName ?? 'MskAuditReadOnly';
  const serverlessRate = options.serverlessRate ?? 0.1;
  const deniedRoleRate = options.deniedRoleRate ?? 0;
  const { homeRegionShare, sharedKeyRate = 0, sharedConfigurationRate = 0 } = options;
  const accountId = (i: number) => String(100000000000 + i * 7);
  const mgmt = accountId(0);
  const ouCount = Math.max(1, Math.min(20, Math.ceil(n / 50)));
  const ous = Array.from({ length: ouCount }, (_, i) => ({ id: `ou-root-${String(i).padStart(8, '0')}`, name: `Workloads-${i}`, parentId: 'r-root' }));
  const uuid = () => rng.uuid();

  /** A customer key in the bucket, possibly without rotation or not Enabled; returns its ARN. */
  const customerKey = (bucket: RegionBucket, region: string, id: string, created: string, aliasName: string): string => {
    const keyId = uuid();
    const keyArn = `arn:aws:kms:${region}:${id}:key/${keyId}`;
    const noRotation = rng.chance(p);
    const state = rng.chance(p) ? rng.pick(['Disabled', 'PendingDeletion']) : 'Enabled';
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
      aliases: [`alias/msk/${aliasName}`],
    });
    return keyArn;
  };

  const accounts: Obj[] = [];
  for (let i = 0; i < n; i++) {
    const id = accountId(i);
    const perRegion = new Map<string, RegionBucket>();
    const clusterCount = rng.int(0, Math.max(0, Math.round(clustersPerAccount * 2)));
    // Random draws for the options below happen only when an option is set, so estates generated without
    // them are the same as before the options existed.
    const home = homeRegionShare !== undefined ? rng.pick(regions) : undefined;
    for (let c = 0; c < clusterCount; c++) {
      const region = home !== undefined && rng.chance(homeRegionShare ?? 0) ? home : rng.pick(regions);
      let bucket = perRegion.get(region);
      if (!bucket) perRegion.set(region, (bucket = { clusters: [], keys: [], configurations: [], sgs: [], cas: [], sharedConfigurations: new Map() }));
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
      } else if (sharedKeyRate > 0 && rng.chance(sharedKeyRate)) {
        bucket.sharedKey ??= customerKey(bucket, region, id, created, 'shared');
        keyArn = bucket.sharedKey;
      } else {
        keyArn = customerKey(bucket, region, id, created, name);
      }
      const clientBroker = bad() ? rng.pick(['TLS_PLAINTEXT', 'PLAINTEXT']) : 'TLS';
      const authMode = bad() ? rng.pick(['none', 'tls-empty-ca']) : rng.pick(['iam', 'scram', 'mtls']);
      const unauth = clientBroker === 'PLAINTEXT' || authMode === 'none' ? true : bad();
      const tlsOnly = clientBroker !== 'PLAINTEXT';
      let configuration: [string, number] | undefined;
      if (authMode === 'scram' || authMode === 'mtls') {
        const mode = bad() ? rng.pick(['true', 'absent', 'none']) : 'false';
        if (mode !== 'none') {
          const shared = sharedConfigurationRate > 0 && rng.chance(sharedConfigurationRate);
          const existing = shared ? bucket.sharedConfigurations.get(mode) : undefined;
          if (existing) {
            configuration = [existing, 1];
          } else {
            const cfgName = shared ? `shared-acl-${mode}` : `${name}-config`;
            const cfgArn = `arn:aws:kafka:${region}:${id}:configuration/${cfgName}/${uuid()}-${c + 1}`;
            const props = `auto.create.topics.enable=false\nmin.insync.replicas=2\n${mode === 'absent' ? '' : `allow.everyone.if.no.acl.found=${mode}\n`}`;
            bucket.configurations.push({ Arn: cfgArn, Name: cfgName, CreationTime: created, KafkaVersions: ['3.6.0'], Revisions: [{ Revision: 1, CreationTime: created, ServerProperties: props }] });
            if (shared) bucket.sharedConfigurations.set(mode, cfgArn);
            configuration = [cfgArn, 1];
          }
        }
      }
      const version = bad() ? rng.pick(DEPRECATED_VERSIONS) : rng.pick(ACTIVE_VERSIONS);
      // The CA a mutual-TLS cluster trusts, created in the estate too. Called where the ARN alone used to be drawn
      // (inside the cluster below), so the random draws — and so the rest of the estate — are unchanged.
      const trustedCa = (): string => {
        const caArn = `arn:aws:acm-pca:${region}:${id}:certificate-authority/${uuid()}`;
        bucket.cas.push(privateCa(caArn, id, created));
        return caArn;
      };
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
            Tls: { Enabled: authMode === 'mtls' || authMode === 'tls-empty-ca', CertificateAuthorityArnList: authMode === 'mtls' ? [trustedCa()] : [] },
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
            ...(b.cas.length > 0 ? { acmPca: { certificateAuthorities: b.cas } } : {}),
            securityHub: { enabled: true },
          }
        : { securityHub: { enabled: true } };
    }
    if (i === 0 && options.organizationTrail) {
      const home = regions[0]!;
      regionBlocks[home] = { ...regionBlocks[home], cloudtrail: { trails: [organizationTrail(id, home)], events: [] } };
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

/**
 * A private CA (DescribeCertificateAuthority's shape) for a mutual-TLS cluster. Derived from its ARN without a random
 * draw, so adding CAs left the rest of every generated estate unchanged: one CA in 16 (its id's last hex digit 0) has
 * neither CRL nor OCSP, one in 16 (f) has expired; the others are healthy.
 */
function privateCa(arn: string, account: string, created: string): Obj {
  const digit = arn.at(-1);
  return {
    Arn: arn,
    OwnerAccount: account,
    CreatedAt: created,
    LastStateChangeAt: created,
    Type: 'ROOT',
    Serial: arn.slice(-10),
    Status: 'ACTIVE',
    NotBefore: created,
    NotAfter: digit === 'f' ? '2025-01-01T00:00:00.000Z' : '2035-01-01T00:00:00.000Z',
    CertificateAuthorityConfiguration: { KeyAlgorithm: 'RSA_2048', SigningAlgorithm: 'SHA256WITHRSA', Subject: { Organization: 'Example Corp', CommonName: 'MSK client CA' } },
    RevocationConfiguration: { CrlConfiguration: { Enabled: digit !== '0', ...(digit !== '0' ? { S3BucketName: `pca-crl-${account}` } : {}) } },
    KeyStorageSecurityStandard: 'FIPS_140_2_LEVEL_3_OR_HIGHER',
    UsageMode: 'GENERAL_PURPOSE',
  };
}

function organizationTrail(account: string, region: string): Obj {
  return {
    trail: {
      Name: 'organization-trail',
      S3BucketName: `org-cloudtrail-${account}`,
      IncludeGlobalServiceEvents: true,
      IsMultiRegionTrail: true,
      HomeRegion: region,
      TrailARN: `arn:aws:cloudtrail:${region}:${account}:trail/organization-trail`,
      LogFileValidationEnabled: true,
      KmsKeyId: `arn:aws:kms:${region}:${account}:key/00000000-0000-4000-8000-00000000c1a1`,
      HasCustomEventSelectors: false,
      HasInsightSelectors: false,
      IsOrganizationTrail: true,
    },
    status: { IsLogging: true, StartLoggingTime: '2023-01-01T00:00:00.000Z', TimeLoggingStarted: '2023-01-01T00:00:00Z' },
  };
}
