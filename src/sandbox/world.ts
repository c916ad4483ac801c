/**
 * The estate indexed for lookups (Maps keyed by account/region/ARN/key id — never linear scans over the
 * whole estate), plus the sandbox's mutable state: Security Hub findings and the clock.
 */
import type { ConfigurationEntry, Estate, EstateAccount, EstateRole, KmsKeyEntry, TrailEntry } from './estate.js';
import { defaultCatalogue, type RegionInfo } from './regions.js';

export type AwsObject = Record<string, unknown>;

export interface SecurityHubState {
  enabled: boolean;
  /** Keyed by `${ProductArn}\n${Id}`; insertion order = import order. */
  findings: Map<string, AwsObject>;
}

export interface RegionData {
  account: string;
  region: string;
  clusters: AwsObject[];
  clustersByArn: Map<string, AwsObject>;
  configurations: Map<string, ConfigurationEntry>;
  keys: Map<string, KmsKeyEntry>;
  aliases: Map<string, string>;
  kafkaVersions: { Version: string; Status: string }[];
  trails: TrailEntry[];
  /** Newest first. */
  events: AwsObject[];
  securityGroups: AwsObject[];
  securityHub: SecurityHubState;
}

export class Clock {
  private offsetMs: number;

  constructor(start?: string) {
    this.offsetMs = start ? Date.parse(start) - Date.now() : 0;
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export type RegionStatus = 'ENABLED' | 'ENABLING' | 'DISABLING' | 'DISABLED' | 'ENABLED_BY_DEFAULT';

export class World {
  readonly partition: string;
  readonly catalogue: Map<string, RegionInfo>;
  readonly accounts = new Map<string, EstateAccount>();
  readonly clock: Clock;
  private readonly roles = new Map<string, EstateRole>();
  private readonly regionData = new Map<string, RegionData>();
  /** Multi-region trails by account (served as shadow trails in the account's other regions). */
  readonly multiRegionTrails = new Map<string, TrailEntry[]>();
  /** Organization trails (served as shadow trails in every member account). */
  readonly organizationTrails: TrailEntry[] = [];
  readonly parentOf = new Map<string, string>();
  readonly childAccounts = new Map<string, string[]>();
  readonly childOus = new Map<string, { id: string; name: string; parentId: string }[]>();
  readonly ous = new Map<string, { id: string; name: string; parentId: string }>();

  constructor(readonly estate: Estate) {
    this.partition = estate.partition;
    this.clock = new Clock(estate.clockStart);
    this.catalogue = new Map((estate.regions ?? defaultCatalogue()).map((r) => [r.name, { name: r.name, optIn: r.optIn ?? false }]));
    const org = estate.organization;
    const rootId = org?.roots[0]?.id;
    for (const ou of org?.organizationalUnits ?? []) {
      this.ous.set(ou.id, ou);
      this.parentOf.set(ou.id, ou.parentId);
      push(this.childOus, ou.parentId, ou);
    }
    for (const account of estate.accounts) {
      this.accounts.set(account.id, account);
      for (const role of account.roles) this.roles.set(`${account.id}/${role.name}`, role);
      if (org && rootId) {
        const parent = account.parentId ?? rootId;
        this.parentOf.set(account.id, parent);
        push(this.childAccounts, parent, account.id);
      }
      for (const [region, res] of Object.entries(account.regions)) {
        const data = this.ensureRegion(account.id, region);
        for (const c of res.msk?.clusters ?? []) {
          data.clusters.push(c);
          data.clustersByArn.set(String(c.ClusterArn), c);
        }
        for (const cfg of res.msk?.configurations ?? []) data.configurations.set(cfg.Arn, cfg);
        if (res.msk?.kafkaVersions) data.kafkaVersions = res.msk.kafkaVersions;
        for (const key of res.kms?.keys ?? []) {
          const keyId = String(key.metadata.KeyId);
          data.keys.set(keyId, key);
          for (const alias of key.aliases) data.aliases.set(alias, keyId);
        }
        for (const t of res.cloudtrail?.trails ?? []) {
          data.trails.push(t);
          if (t.trail.IsMultiRegionTrail) push(this.multiRegionTrails, account.id, t);
          if (t.trail.IsOrganizationTrail && account.id === org?.managementAccountId) this.organizationTrails.push(t);
        }
        data.events = [...(res.cloudtrail?.events ?? [])].sort((a, b) => Date.parse(String(b.EventTime)) - Date.parse(String(a.EventTime)));
        data.securityGroups = res.ec2?.securityGroups ?? [];
        if (res.securityHub) {
          data.securityHub.enabled = res.securityHub.enabled;
          for (const f of res.securityHub.findings) data.securityHub.findings.set(findingKey(f), f);
        }
      }
    }
  }

  region(account: string, region: string): RegionData | undefined {
    return this.regionData.get(`${account}/${region}`);
  }

  /** Region data, created empty on first write. */
  ensureRegion(account: string, region: string): RegionData {
    const key = `${account}/${region}`;
    let data = this.regionData.get(key);
    if (!data) {
      data = {
        account,
        region,
        clusters: [],
        clustersByArn: new Map(),
        configurations: new Map(),
        keys: new Map(),
        aliases: new Map(),
        kafkaVersions: this.estate.kafkaVersions,
        trails: [],
        events: [],
        securityGroups: [],
        securityHub: { enabled: false, findings: new Map() },
      };
      this.regionData.set(key, data);
    }
    return data;
  }

  /** Test hook: the cluster is gone, as once DeleteCluster has completed. False when there was no such cluster. */
  removeCluster(account: string, region: string, clusterArn: string): boolean {
    const data = this.region(account, region);
    if (!data?.clustersByArn.delete(clusterArn)) return false;
    data.clusters = data.clusters.filter((cluster) => cluster.ClusterArn !== clusterArn);
    return true;
  }

  role(account: string, name: string): EstateRole | undefined {
    return this.roles.get(`${account}/${name}`);
  }

  kafkaVersions(account: string, region: string): { Version: string; Status: string }[] {
    return this.region(account, region)?.kafkaVersions ?? this.estate.kafkaVersions;
  }

  /** Region opt status for an account; undefined when the region is not in the catalogue. */
  regionStatus(account: string, region: string): RegionStatus | undefined {
    const info = this.catalogue.get(region);
    if (!info) return undefined;
    const acct = this.accounts.get(account);
    const explicit = acct?.regionOptStatus[region];
    if (explicit) return explicit;
    if (!info.optIn) return 'ENABLED_BY_DEFAULT';
    return acct?.enabledRegions.includes(region) ? 'ENABLED' : 'DISABLED';
  }

  isRegionEnabled(account: string, region: string): boolean {
    const s = this.regionStatus(account, region);
    return s === 'ENABLED' || s === 'ENABLED_BY_DEFAULT' || s === 'DISABLING';
  }
}

export function findingKey(f: AwsObject): string {
  return `${String(f.ProductArn)}\n${String(f.Id)}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
