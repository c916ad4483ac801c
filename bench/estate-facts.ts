/**
 * What a generated (or any) estate holds that the scanner's cost depends on: per account-region, the clusters,
 * the distinct at-rest KMS keys the provisioned clusters reference (customer-managed or AWS-managed), the
 * distinct configuration revisions, the trails visible there (each with its home region: the scanner reads a
 * trail's details once per account) and the MSK events — exactly the things the collector lists, describes and
 * deduplicates.
 */
import type { Event } from '@aws-sdk/client-cloudtrail';
import type { EstateInput } from '../src/sandbox/index.js';
import { normaliseEvent, showsACluster } from '../src/collect/cloudtrail-events.js';
import { KAFKA_EVENT_SOURCES } from '../src/inventory/index.js';
import { DEFAULT_KAFKA_VERSIONS } from '../src/sandbox/index.js';
import { defaultCatalogue } from '../src/sandbox/regions.js';

export interface KeyFact {
  arn: string;
  /** CUSTOMER keys also get GetKeyRotationStatus. */
  customer: boolean;
  /** false when the referenced key is not in the estate (DescribeKey then fails; no rotation call). */
  exists: boolean;
}

export interface AccountRegionFacts {
  account: string;
  region: string;
  clusters: number;
  provisioned: number;
  keys: KeyFact[];
  /** Distinct configuration arn#revision pairs the provisioned clusters run with. */
  configurations: number;
  /** Entries ListKafkaVersions returns in this account-region. */
  kafkaVersions: number;
  /** Trails DescribeTrails (with shadow trails) returns here; `customSelectors` ones also get GetEventSelectors. */
  trails: { arn: string; customSelectors: boolean; homeRegion: string }[];
  /** CloudTrail events per MSK event source here (LookupEvents pages: 50 events each). */
  events: Record<string, number>;
  /** A `kafka.amazonaws.com` event here shows a cluster (then the Kafka admin events are looked up even without one). */
  mskEventsShowCluster: boolean;
}

export const KAFKA_SOURCE = 'kafka.amazonaws.com';
export const KAFKA_CLUSTER_SOURCE = 'kafka-cluster.amazonaws.com';

export interface AccountFacts {
  id: string;
  /** The account of the scanner's own credentials (no AssumeRole). */
  caller: boolean;
  /** false: the member role cannot be assumed (AssumeRole is all the scanner does there). */
  reachable: boolean;
  regions: AccountRegionFacts[];
}

export interface EstateFacts {
  callerAccount: string;
  /** ACTIVE accounts (the organization listing the scanner gets). */
  accounts: AccountFacts[];
  /** Regions in the partition's catalogue (what ListRegions returns, enabled or not). */
  catalogueRegions: number;
  totals: {
    accounts: number;
    accountRegions: number;
    accountRegionsWithClusters: number;
    clusters: number;
    provisioned: number;
    serverless: number;
    distinctKeys: number;
    customerKeys: number;
    configurations: number;
    /** Σ over account-regions of the trails visible there. */
    visibleTrails: number;
    /** Σ over accounts of the distinct trails visible in any of their regions (GetTrailStatus once each). */
    accountTrails: number;
  };
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

const ENABLED_STATUSES = new Set(['ENABLED', 'ENABLED_BY_DEFAULT']);
const ROLE_NAME = 'MskAuditReadOnly';

export function estateFacts(estate: EstateInput): EstateFacts {
  const catalogue = (estate.regions ?? defaultCatalogue()).map((r) => ({ name: r.name, optIn: r.optIn ?? false }));
  const defaultVersions = (estate.kafkaVersions ?? DEFAULT_KAFKA_VERSIONS).length;
  const callerAccount = estate.caller.accountId;
  const rawAccounts = arr(estate.accounts).map(obj);
  const byId = new Map(rawAccounts.map((a) => [str(a.id) ?? '', a]));

  /** The key a DataVolumeKMSKeyId designates: ARN → that account-region; bare id → the cluster's own. */
  const lookupKey = (reference: string, account: string, region: string): KeyFact => {
    const m = /^arn:[^:]+:kms:([^:]+):(\d{12}):key\/(.+)$/.exec(reference);
    const [keyAccount, keyRegion, keyId] = m ? [m[2]!, m[1]!, m[3]!] : [account, region, reference];
    const keys = arr(obj(obj(obj(obj(byId.get(keyAccount)).regions)[keyRegion]).kms).keys).map(obj);
    const key = keys.find((k) => str(obj(k.metadata).KeyId) === keyId);
    if (!key) return { arn: reference, customer: false, exists: false };
    return { arn: reference, customer: (str(obj(key.metadata).KeyManager) ?? 'CUSTOMER') === 'CUSTOMER', exists: true };
  };

  // Trails: each account's own (by home region), its multi-region ones, and the management account's organization trails.
  const trailsOf = (a: Obj) =>
    Object.entries(obj(a.regions)).flatMap(([region, block]) =>
      arr(obj(obj(block).cloudtrail).trails).map((t) => ({ region, trail: obj(obj(t).trail) })),
    );
  const management = str(obj(estate.organization).managementAccountId);
  const organizationTrails = management ? trailsOf(obj(byId.get(management))).filter((t) => t.trail.IsOrganizationTrail === true) : [];
  const visibleTrails = (a: Obj, region: string) => {
    const own = trailsOf(a);
    const seen = new Map<string, { customSelectors: boolean; homeRegion: string }>();
    const add = (t: Obj, home: string) => {
      const arn = str(t.TrailARN) ?? '';
      if (!seen.has(arn)) seen.set(arn, { customSelectors: t.HasCustomEventSelectors !== false, homeRegion: str(t.HomeRegion) ?? home });
    };
    for (const t of own) if (t.region === region) add(t.trail, t.region);
    for (const t of own) if (t.trail.IsMultiRegionTrail === true) add(t.trail, t.region);
    if (management) for (const t of organizationTrails) if (t.trail.IsMultiRegionTrail === true || t.region === region) add(t.trail, t.region);
    return [...seen].map(([arn, trail]) => ({ arn, ...trail }));
  };

  const accounts: AccountFacts[] = [];
  for (const a of rawAccounts) {
    const state = str(a.state) ?? str(a.status) ?? 'ACTIVE';
    if (state !== 'ACTIVE') continue;
    const id = str(a.id) ?? '';
    const caller = id === callerAccount;
    const role = arr(a.roles).map(obj).find((r) => r.name === ROLE_NAME);
    const reachable = caller || (role !== undefined && role.assumable !== false);
    const optedIn = new Set(arr(a.enabledRegions).map(String));
    const explicit = obj(a.regionOptStatus);
    const enabled = catalogue.filter((r) => {
      const status = str(explicit[r.name]);
      if (status) return ENABLED_STATUSES.has(status);
      return !r.optIn || optedIn.has(r.name);
    });
    const blocks = obj(a.regions);
    const regions = enabled.map(({ name: region }): AccountRegionFacts => {
      const block = obj(blocks[region]);
      const msk = obj(block.msk);
      const clusters = arr(msk.clusters).map(obj);
      const provisioned = clusters.filter((c) => c.ClusterType !== 'SERVERLESS' && c.Provisioned !== undefined);
      const keyRefs = new Set<string>();
      const configs = new Set<string>();
      for (const c of provisioned) {
        const p = obj(c.Provisioned);
        const keyRef = str(obj(obj(p.EncryptionInfo).EncryptionAtRest).DataVolumeKMSKeyId);
        if (keyRef) keyRefs.add(keyRef);
        const software = obj(p.CurrentBrokerSoftwareInfo);
        const cfg = str(software.ConfigurationArn);
        if (cfg && typeof software.ConfigurationRevision === 'number') configs.add(`${cfg}#${software.ConfigurationRevision}`);
      }
      const versions = Array.isArray(msk.kafkaVersions) ? msk.kafkaVersions.length : defaultVersions;
      const events: Record<string, number> = Object.fromEntries(KAFKA_EVENT_SOURCES.map((source) => [source, 0]));
      let mskEventsShowCluster = false;
      for (const e of arr(obj(block.cloudtrail).events).map(obj)) {
        const source = str(e.EventSource);
        if (source && source in events) events[source] = (events[source] ?? 0) + 1;
        if (source === KAFKA_SOURCE && !mskEventsShowCluster) {
          // As the collector reads it (the estate's time and detail may be written loosely: only the shape matters here).
          const detail = typeof e.CloudTrailEvent === 'string' ? e.CloudTrailEvent : JSON.stringify(e.CloudTrailEvent ?? {});
          const event = normaliseEvent({ ...(e as Event), EventId: str(e.EventId) ?? 'e', EventTime: new Date(0), CloudTrailEvent: detail });
          mskEventsShowCluster = event !== undefined && showsACluster(event);
        }
      }
      return {
        account: id,
        region,
        clusters: clusters.length,
        provisioned: provisioned.length,
        keys: [...keyRefs].map((ref) => lookupKey(ref, id, region)),
        configurations: configs.size,
        kafkaVersions: versions,
        trails: visibleTrails(a, region),
        events,
        mskEventsShowCluster,
      };
    });
    accounts.push({ id, caller, reachable, regions });
  }

  const all = accounts.flatMap((a) => a.regions);
  const clusters = all.reduce((n, r) => n + r.clusters, 0);
  const provisioned = all.reduce((n, r) => n + r.provisioned, 0);
  return {
    callerAccount,
    accounts,
    catalogueRegions: catalogue.length,
    totals: {
      accounts: accounts.length,
      accountRegions: all.length,
      accountRegionsWithClusters: all.filter((r) => r.clusters > 0).length,
      clusters,
      provisioned,
      serverless: clusters - provisioned,
      distinctKeys: all.reduce((n, r) => n + r.keys.length, 0),
      customerKeys: all.reduce((n, r) => n + r.keys.filter((k) => k.customer).length, 0),
      configurations: all.reduce((n, r) => n + r.configurations, 0),
      visibleTrails: all.reduce((n, r) => n + r.trails.length, 0),
      accountTrails: accounts.reduce((n, a) => n + new Set(a.regions.flatMap((r) => r.trails.map((t) => t.arn))).size, 0),
    },
  };
}
