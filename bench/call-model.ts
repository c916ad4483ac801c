/**
 * The calls an organization scan must make, computed from the estate:
 *
 * - **Floor**: the calls whose number is fixed by the number of accounts and account-regions, whatever they hold.
 *   Per account: AssumeRole (member accounts), GetCallerIdentity and the first ListRegions page (Account API); per
 *   account-region: the first ListClustersV2 page and, when the scan reads CloudTrail (the scanner's default;
 *   `--no-cloudtrail` turns it off), DescribeTrails and the first LookupEvents page for `kafka.amazonaws.com`
 *   (deletions and creation attempts matter in every region). "Calls per cluster above the floor" = (total calls −
 *   floor calls) / clusters.
 * - **Minimal** calls: the floor plus what the estate's contents cost a scanner that deduplicates perfectly and never
 *   retries, at the APIs' largest page sizes: further ListRegions / ListClustersV2 / LookupEvents pages; the
 *   organization listing (ListAccounts, 20 per page); and only in an account-region with a cluster, ListKafkaVersions
 *   (every page), one DescribeConfigurationRevision per distinct configuration arn#revision, one DescribeKey (+ one
 *   GetKeyRotationStatus for a customer-managed key) per distinct key, and with CloudTrail the
 *   `kafka-cluster.amazonaws.com` LookupEvents pages (also where no cluster is listed but a `kafka.amazonaws.com`
 *   event of the window shows one); per account, GetTrailStatus once per distinct trail it sees in any region (a
 *   multi-region or organization trail is one trail, read in its home region) and GetEventSelectors once per such
 *   trail with custom selectors.
 *
 * Everything above the floor is per cluster, key, configuration, trail or region-with-clusters; the per-kind
 * breakdown (call-stats.ts) splits it into MSK / KMS (+ STS, Account, Organizations), CloudTrail and the other
 * collectors the model does not know (MSK Connect, Lambda, security groups, policies, private CAs, IAM, SCPs…).
 */
import { KAFKA_CLUSTER_SOURCE, KAFKA_SOURCE, type AccountFacts, type AccountRegionFacts, type EstateFacts } from './estate-facts.js';

/** Pages a listing needs, per operation. */
export interface PageModel {
  listAccounts(accounts: number): number;
  listRegions(catalogueRegions: number): number;
  listClusters(clusters: number): number;
  kafkaVersions(versions: number): number;
}

const pages = (items: number, size: number) => Math.max(1, Math.ceil(items / size));

/** LookupEvents pages of one source (50 events a page; the collector reads at most 200 per source). */
const sourcePages = (events: number) => Math.min(200, pages(events, 50));

/** Whether the scanner looks the Kafka admin events (`kafka-cluster.amazonaws.com`) up in this account-region. */
export const looksUpClusterEvents = (region: AccountRegionFacts): boolean => region.clusters > 0 || region.mskEventsShowCluster;

/** LookupEvents pages of one account-region: `kafka.amazonaws.com` always, `kafka-cluster.amazonaws.com` where looked up. */
export const lookupEventsPages = (region: AccountRegionFacts): number =>
  sourcePages(region.events[KAFKA_SOURCE] ?? 0) + (looksUpClusterEvents(region) ? sourcePages(region.events[KAFKA_CLUSTER_SOURCE] ?? 0) : 0);

/** The APIs' largest page sizes: Organizations 20, Account ListRegions 50, MSK 100. */
export const IDEAL_PAGES: PageModel = {
  listAccounts: (n) => pages(n, 20),
  listRegions: (n) => pages(n, 50),
  listClusters: (n) => pages(n, 100),
  kafkaVersions: (n) => pages(n, 100),
};

/** A page model whose per-account ListRegions and per-account-region ListKafkaVersions page counts are given. */
export function pagesAsMade(listRegionsPages: number, kafkaVersionsPages: number): PageModel {
  return { ...IDEAL_PAGES, listRegions: () => listRegionsPages, kafkaVersions: () => kafkaVersionsPages };
}

export type OperationCalls = Record<string, number>;

const add = (calls: OperationCalls, op: string, n: number) => {
  if (n > 0) calls[op] = (calls[op] ?? 0) + n;
};

export function floorCalls(facts: EstateFacts, options: { cloudTrail: boolean }): OperationCalls {
  const calls: OperationCalls = {};
  add(calls, 'sts:GetCallerIdentity', 1); // the caller's own identity
  for (const account of facts.accounts) {
    if (!account.caller) add(calls, 'sts:AssumeRole', 1);
    if (!account.reachable) continue;
    if (!account.caller) add(calls, 'sts:GetCallerIdentity', 1);
    add(calls, 'account:ListRegions', 1);
    add(calls, 'kafka:ListClustersV2', account.regions.length);
    if (options.cloudTrail) {
      add(calls, 'cloudtrail:DescribeTrails', account.regions.length);
      add(calls, 'cloudtrail:LookupEvents', account.regions.length);
    }
  }
  return calls;
}

/** Calls one account-region needs beyond its floor (its first ListClustersV2 page, DescribeTrails, first MSK LookupEvents page). */
export function regionExtraCalls(region: AccountRegionFacts, model: PageModel, cloudTrail: boolean): OperationCalls {
  const calls: OperationCalls = {};
  add(calls, 'kafka:ListClustersV2', model.listClusters(region.clusters) - 1);
  if (region.clusters > 0) {
    add(calls, 'kafka:ListKafkaVersions', model.kafkaVersions(region.kafkaVersions));
    add(calls, 'kafka:DescribeConfigurationRevision', region.configurations);
    add(calls, 'kms:DescribeKey', region.keys.length);
    add(calls, 'kms:GetKeyRotationStatus', region.keys.filter((k) => k.exists && k.customer).length);
  }
  if (cloudTrail) add(calls, 'cloudtrail:LookupEvents', lookupEventsPages(region) - 1);
  return calls;
}

/** Calls one account needs once, whatever number of its regions show them: each distinct trail's details. */
export function accountExtraCalls(account: AccountFacts, cloudTrail: boolean): OperationCalls {
  const calls: OperationCalls = {};
  if (!cloudTrail || !account.reachable) return calls;
  const trails = distinctTrails(account);
  add(calls, 'cloudtrail:GetTrailStatus', trails.length);
  add(calls, 'cloudtrail:GetEventSelectors', trails.filter((t) => t.customSelectors).length);
  return calls;
}

/** The trails an account sees in any of its regions, once each (with the region whose chain first reaches it). */
export function distinctTrails(account: AccountFacts): { arn: string; customSelectors: boolean; homeRegion: string }[] {
  const seen = new Map<string, { arn: string; customSelectors: boolean; homeRegion: string }>();
  for (const region of account.regions) for (const trail of region.trails) if (!seen.has(trail.arn)) seen.set(trail.arn, trail);
  return [...seen.values()];
}

export function minimalCalls(facts: EstateFacts, options: { cloudTrail: boolean; pages?: PageModel }): OperationCalls {
  const model = options.pages ?? IDEAL_PAGES;
  const calls = floorCalls(facts, options);
  add(calls, 'organizations:ListAccounts', model.listAccounts(facts.accounts.length));
  for (const account of facts.accounts) {
    if (!account.reachable) continue;
    add(calls, 'account:ListRegions', model.listRegions(facts.catalogueRegions) - 1);
    for (const [op, n] of Object.entries(accountExtraCalls(account, options.cloudTrail))) add(calls, op, n);
    for (const region of account.regions) for (const [op, n] of Object.entries(regionExtraCalls(region, model, options.cloudTrail))) add(calls, op, n);
  }
  return calls;
}

export const sumCalls = (calls: OperationCalls): number => Object.values(calls).reduce((a, b) => a + b, 0);

/** Clusters the scanner can see (those of accounts it can reach). */
export function visibleClusters(facts: EstateFacts): number {
  return facts.accounts.filter((a) => a.reachable).reduce((n, a) => n + a.regions.reduce((m, r) => m + r.clusters, 0), 0);
}
