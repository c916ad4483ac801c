/**
 * A lower bound on an organization scan's wall time, from the estate, the per-call latency, the rate limits
 * and the scanner's concurrency — what the collector's design could achieve if every call cost exactly the
 * latency and nothing else (no CPU, no retries, perfect packing of the concurrency slots):
 *
 *   organization listing = GetCallerIdentity (1 round trip) + ListAccounts pages, a sequential chain:
 *                          max(pages × latency, (pages − burst) / rps)          (ListAccounts: 8 rps, burst 12)
 *   account time         = setup chain (AssumeRole → GetCallerIdentity → ListRegions pages; the caller's own
 *                          account: ListRegions only) × latency + max(longest region chain,
 *                          Σ region chains / region concurrency)
 *   region chain         = max(MSK chain, CloudTrail chain)
 *     MSK chain          = (ListClustersV2 pages + (where there is a cluster) max(KMS chain, configuration chain,
 *                          ListKafkaVersions pages)) × latency; KMS chain = max(longest key, Σ keys / KMS
 *                          concurrency), a key being DescribeKey (→ GetKeyRotationStatus for a customer key): 1 or 2
 *                          round trips; configuration chain = max(1, configurations / configuration concurrency) when
 *                          there is one. An account-region without a cluster costs its listing alone.
 *     CloudTrail chain   = (when the scan reads CloudTrail) max(trails, events), the two running side by side:
 *                          trails = DescribeTrails (1 round trip) + the trails' details (GetTrailStatus ∥
 *                          GetEventSelectors: 1 round trip, paid once per account, in the first of its region chains
 *                          that sees a trail: the other regions reuse it); events = LookupEvents pages, the
 *                          `kafka.amazonaws.com` ones then (where there is a cluster, or an event shows one) the
 *                          `kafka-cluster.amazonaws.com` ones, at most 2 rps (burst 2)
 *   scan phase           = max(longest account time, Σ account times / account concurrency,
 *                              every rate-limit bucket's (calls − burst) / rps)
 *   bound                = organization listing + scan phase
 *
 * Pages are counted at the APIs' largest page sizes unless a page model is given. Buckets are per caller
 * account × region × service × operation (rate-limit.ts); the calls counted in them are the minimal calls
 * (call-model.ts). An account whose role cannot be assumed costs one round trip.
 */
import { RateLimiter } from '../src/sandbox/rate-limit.js';
import type { AccountFacts, AccountRegionFacts, EstateFacts } from './estate-facts.js';
import { distinctTrails, IDEAL_PAGES, lookupEventsPages, regionExtraCalls, type PageModel } from './call-model.js';

export interface Concurrency {
  accounts: number;
  regions: number;
  kmsKeys: number;
  configurations: number;
}

export interface BoundInput {
  facts: EstateFacts;
  latencyMs: number;
  concurrency: Concurrency;
  /** The region STS, Organizations and the Account API are called in (the scanner's home region). */
  homeRegion: string;
  /** Whether the scan reads CloudTrail (trails and MSK events) in every account-region. */
  cloudTrail: boolean;
  rateLimits?: { enabled: boolean; overrides?: ConstructorParameters<typeof RateLimiter>[1] };
  pages?: PageModel;
}

export interface AccountTime {
  /** Setup chain, in round trips (AssumeRole included for a member account). */
  setupRoundTrips: number;
  /** The regions phase, ms. */
  regionsMs: number;
}

export interface LowerBound {
  boundMs: number;
  organizationListing: { ms: number; callerIdentityMs: number; listAccountsMs: number; listAccountsPages: number; listAccountsRateMs: number };
  scanPhase: {
    ms: number;
    longestAccountMs: number;
    accountsOverConcurrencyMs: number;
    rateLimitMs: number;
    /** The bucket that gives rateLimitMs. */
    rateLimitBucket: string;
    /** Which of the three terms is the scan phase. */
    limitedBy: 'longest account' | 'account concurrency' | 'rate limit';
  };
  /** Share of account-regions whose chain is set by CloudTrail rather than MSK. */
  cloudTrailBoundRegions: number;
  meanAccountMs: number;
  accountTimes: Map<string, AccountTime>;
}

export function lowerBound(input: BoundInput): LowerBound {
  const { facts, latencyMs: L, concurrency } = input;
  const model = input.pages ?? IDEAL_PAGES;
  const limited = input.rateLimits?.enabled ?? true;
  const limiter = new RateLimiter(limited, input.rateLimits?.overrides ?? []);
  const rateMs = (service: string, operation: string, calls: number) => {
    if (!limited) return 0;
    const rate = limiter.rateFor(service, operation);
    return Math.max(0, ((calls - rate.burst) / rate.rps) * 1000);
  };

  // Organization listing: the caller's identity, then ListAccounts page after page.
  const listAccountsPages = model.listAccounts(facts.accounts.length);
  const listAccountsRateMs = rateMs('organizations', 'ListAccounts', listAccountsPages);
  const listAccountsMs = Math.max(listAccountsPages * L, listAccountsRateMs);
  const organizationListing = { ms: L + listAccountsMs, callerIdentityMs: L, listAccountsMs, listAccountsPages, listAccountsRateMs };

  // Accounts.
  const chain = (region: AccountRegionFacts, readsTrailDetails: boolean) => {
    const msk = mskChainRoundTrips(region, model, concurrency) * L;
    if (!input.cloudTrail) return { ms: msk, cloudTrailBound: false };
    const lookups = lookupEventsPages(region);
    const lookupMs = Math.max(lookups * L, rateMs('cloudtrail', 'LookupEvents', lookups) + L);
    const trailsMs = (1 + (readsTrailDetails ? 1 : 0)) * L;
    const cloudTrailMs = Math.max(trailsMs, lookupMs);
    return { ms: Math.max(msk, cloudTrailMs), cloudTrailBound: cloudTrailMs > msk };
  };
  let cloudTrailBound = 0;
  let regionCount = 0;
  const accountTimes = new Map<string, AccountTime>();
  for (const account of facts.accounts) {
    // The trails' details are read once per account: the first region chain that sees a trail pays the round trip.
    const first = account.regions.findIndex((region) => region.trails.length > 0);
    const chains = account.reachable ? account.regions.map((region, index) => chain(region, index === first)) : [];
    regionCount += chains.length;
    cloudTrailBound += chains.filter((c) => c.cloudTrailBound).length;
    accountTimes.set(account.id, accountTime(account, facts, model, concurrency, chains.map((c) => c.ms)));
  }
  const times = [...accountTimes.values()].map((t) => t.setupRoundTrips * L + t.regionsMs);
  const longestAccountMs = Math.max(0, ...times);
  const accountsOverConcurrencyMs = times.reduce((a, b) => a + b, 0) / concurrency.accounts;

  // Rate-limit buckets of the scan phase (ListAccounts is in the organization listing).
  const buckets = new Map<string, number>();
  const count = (key: string, n: number) => n > 0 && buckets.set(key, (buckets.get(key) ?? 0) + n);
  for (const account of facts.accounts) {
    if (!account.caller) count(`${facts.callerAccount}/${input.homeRegion}/sts/AssumeRole`, 1);
    if (!account.reachable) continue;
    if (!account.caller) count(`${account.id}/${input.homeRegion}/sts/GetCallerIdentity`, 1);
    count(`${account.id}/${input.homeRegion}/account/ListRegions`, model.listRegions(facts.catalogueRegions));
    // Each distinct trail's details, in its home region.
    if (input.cloudTrail) {
      for (const trail of distinctTrails(account)) {
        count(`${account.id}/${trail.homeRegion}/cloudtrail/GetTrailStatus`, 1);
        if (trail.customSelectors) count(`${account.id}/${trail.homeRegion}/cloudtrail/GetEventSelectors`, 1);
      }
    }
    for (const region of account.regions) {
      // The floor's calls of the account-region, then the rest.
      count(`${account.id}/${region.region}/kafka/ListClustersV2`, 1);
      if (input.cloudTrail) {
        count(`${account.id}/${region.region}/cloudtrail/DescribeTrails`, 1);
        count(`${account.id}/${region.region}/cloudtrail/LookupEvents`, 1);
      }
      for (const [op, n] of Object.entries(regionExtraCalls(region, model, input.cloudTrail))) {
        const [service, operation] = op.split(':') as [string, string];
        count(`${account.id}/${region.region}/${service}/${operation}`, n);
      }
    }
  }
  let rateLimitMs = 0;
  let rateLimitBucket = '(none)';
  for (const [key, calls] of buckets) {
    const [, , service, operation] = key.split('/') as [string, string, string, string];
    const ms = rateMs(service, operation, calls);
    if (ms > rateLimitMs) {
      rateLimitMs = ms;
      rateLimitBucket = `${key} (${calls} calls)`;
    }
  }

  const scanMs = Math.max(longestAccountMs, accountsOverConcurrencyMs, rateLimitMs);
  const limitedBy = scanMs === rateLimitMs && rateLimitMs > 0 ? 'rate limit' : scanMs === longestAccountMs ? 'longest account' : 'account concurrency';
  return {
    boundMs: organizationListing.ms + scanMs,
    organizationListing,
    scanPhase: { ms: scanMs, longestAccountMs, accountsOverConcurrencyMs, rateLimitMs, rateLimitBucket, limitedBy },
    cloudTrailBoundRegions: regionCount ? cloudTrailBound / regionCount : 0,
    meanAccountMs: times.length ? times.reduce((a, b) => a + b, 0) / times.length : 0,
    accountTimes,
  };
}

function accountTime(account: AccountFacts, facts: EstateFacts, model: PageModel, concurrency: Concurrency, chains: number[]): AccountTime {
  if (!account.reachable) return { setupRoundTrips: 1, regionsMs: 0 }; // AssumeRole fails; nothing else is called
  const setupRoundTrips = (account.caller ? 0 : 2) + model.listRegions(facts.catalogueRegions);
  const regionsMs = chains.length ? Math.max(Math.max(...chains), chains.reduce((a, b) => a + b, 0) / concurrency.regions) : 0;
  return { setupRoundTrips, regionsMs };
}

/** Round trips of one account-region's MSK and KMS calls at least (see the header). */
export function mskChainRoundTrips(region: AccountRegionFacts, model: PageModel, concurrency: Pick<Concurrency, 'kmsKeys' | 'configurations'>): number {
  const keyTrips = region.keys.map((k) => (k.exists && k.customer ? 2 : 1));
  const kms = keyTrips.length ? Math.max(Math.max(...keyTrips), keyTrips.reduce((a, b) => a + b, 0) / concurrency.kmsKeys) : 0;
  const configurations = region.configurations > 0 ? Math.max(1, region.configurations / concurrency.configurations) : 0;
  const listing = model.listClusters(region.clusters);
  // The Kafka versions are listed after the cluster listing, and only where it found a cluster.
  return region.clusters > 0 ? listing + Math.max(kms, configurations, model.kafkaVersions(region.kafkaVersions)) : listing;
}
