/**
 * The calls an organization scan must make, computed from the estate:
 *
 * - **Floor** (calls no scanner can avoid, whatever the estate holds): per account AssumeRole (member accounts)
 *   + GetCallerIdentity + ListRegions (Account API); per account-region the first page of ListClustersV2 and of
 *   ListKafkaVersions. "Calls per cluster above the floor" = (total calls − floor calls) / clusters.
 * - **Minimal** calls: the floor plus, at the APIs' largest page sizes, every further page, one
 *   DescribeConfigurationRevision per distinct configuration arn#revision and one DescribeKey (+ one
 *   GetKeyRotationStatus for a customer-managed key) per distinct key per account-region — what a scanner that
 *   deduplicates perfectly and never retries makes. The organization listing (ListAccounts, 20 per page) is in
 *   it, not in the floor. When the scan reads CloudTrail (the scanner's default; `--no-cloudtrail` turns it off),
 *   per account-region also DescribeTrails, GetTrailStatus per visible trail, GetEventSelectors per trail with
 *   custom selectors, and LookupEvents per MSK event source (50 events a page).
 */
import type { AccountRegionFacts, EstateFacts } from './estate-facts.js';

/** Pages a listing needs, per operation. */
export interface PageModel {
  listAccounts(accounts: number): number;
  listRegions(catalogueRegions: number): number;
  listClusters(clusters: number): number;
  kafkaVersions(versions: number): number;
}

const pages = (items: number, size: number) => Math.max(1, Math.ceil(items / size));

/** LookupEvents pages of one account-region, all MSK event sources (the collector reads at most 200 per source). */
export const lookupEventsPages = (region: AccountRegionFacts): number =>
  Object.values(region.events).reduce((n, events) => n + Math.min(200, pages(events, 50)), 0);

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

export function floorCalls(facts: EstateFacts): OperationCalls {
  const calls: OperationCalls = {};
  add(calls, 'sts:GetCallerIdentity', 1); // the caller's own identity
  for (const account of facts.accounts) {
    if (!account.caller) add(calls, 'sts:AssumeRole', 1);
    if (!account.reachable) continue;
    if (!account.caller) add(calls, 'sts:GetCallerIdentity', 1);
    add(calls, 'account:ListRegions', 1);
    add(calls, 'kafka:ListClustersV2', account.regions.length);
    add(calls, 'kafka:ListKafkaVersions', account.regions.length);
  }
  return calls;
}

/** Calls one account-region needs beyond its listings' first pages. */
export function regionExtraCalls(region: AccountRegionFacts, model: PageModel, cloudTrail: boolean): OperationCalls {
  const calls: OperationCalls = {};
  add(calls, 'kafka:ListClustersV2', model.listClusters(region.clusters) - 1);
  add(calls, 'kafka:ListKafkaVersions', model.kafkaVersions(region.kafkaVersions) - 1);
  add(calls, 'kafka:DescribeConfigurationRevision', region.configurations);
  add(calls, 'kms:DescribeKey', region.keys.length);
  add(calls, 'kms:GetKeyRotationStatus', region.keys.filter((k) => k.exists && k.customer).length);
  if (cloudTrail) {
    add(calls, 'cloudtrail:DescribeTrails', 1);
    add(calls, 'cloudtrail:GetTrailStatus', region.trails.length);
    add(calls, 'cloudtrail:GetEventSelectors', region.trails.filter((t) => t.customSelectors).length);
    add(calls, 'cloudtrail:LookupEvents', lookupEventsPages(region));
  }
  return calls;
}

export function minimalCalls(facts: EstateFacts, options: { cloudTrail: boolean; pages?: PageModel }): OperationCalls {
  const model = options.pages ?? IDEAL_PAGES;
  const calls = floorCalls(facts);
  add(calls, 'organizations:ListAccounts', model.listAccounts(facts.accounts.length));
  for (const account of facts.accounts) {
    if (!account.reachable) continue;
    add(calls, 'account:ListRegions', model.listRegions(facts.catalogueRegions) - 1);
    for (const region of account.regions) for (const [op, n] of Object.entries(regionExtraCalls(region, model, options.cloudTrail))) add(calls, op, n);
  }
  return calls;
}

export const sumCalls = (calls: OperationCalls): number => Object.values(calls).reduce((a, b) => a + b, 0);

/** Clusters the scanner can see (those of accounts it can reach). */
export function visibleClusters(facts: EstateFacts): number {
  return facts.accounts.filter((a) => a.reachable).reduce((n, a) => n + a.regions.reduce((m, r) => m + r.clusters, 0), 0);
}
