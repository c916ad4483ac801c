/**
 * Publishes a scan result to AWS Security Hub. Custom-integration findings must be imported by the account they
 * belong to, so every account-region is published with that account's own credentials (the scan's: the
 * caller's for its account, the assumed role otherwise), into that account's default product. In each one:
 * read the msk-audit findings already there, import this scan's findings (keeping CreatedAt / FirstObservedAt,
 * UpdatedAt strictly increasing), and archive only what this run proves obsolete (archive-plan.ts). An
 * account-region that fails — hub not enabled, access denied, credentials — is recorded and the rest go on.
 */
import pLimit from 'p-limit';
import { SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { asffMapper, defaultProductArn, scanPartition, type AsffMapper } from '../../reports/asff.js';
import { createClientFactory, type ClientFactory } from '../aws/clients.js';
import { createClientSettings } from '../aws/client-settings.js';
import type { CredentialProvider } from '../aws/credentials.js';
import type { Finding } from '../engine/finding.js';
import { accountRegionGroups } from '../engine/finding-set.js';
import {
  PUBLICATION_STATUSES,
  type AccountRegionPublication,
  type PublicationStatus,
  type SecurityHubPublication,
} from '../engine/publication.js';
import type { ScanResult } from '../engine/scan-result.js';
import { archivedFinding, planArchive } from './archive-plan.js';
import { readExistingFindings } from './existing-findings.js';
import { importFindings } from './import-findings.js';
import { backoff, errorInfo, isHubNotEnabled, isRetryableError, type Backoff, type BackoffDeps, type PublishRetryOptions } from './retry.js';

export const DEFAULT_PUBLISH_CONCURRENCY = 8;

export interface PublishOptions {
  /**
   * The credentials to act in an account with: the scan's own (CollectionStart.credentialsFor). Undefined means
   * the SDK's default chain; a throw fails that account's account-regions.
   */
  credentialsFor(account: string): CredentialProvider | undefined;
  /** The publication's clock (UpdatedAt; CreatedAt of new findings). Default: the system clock. */
  now?: () => Date;
  /** Account-regions published at once. Default 8. Calls are paced per account-region by the client factory. */
  concurrency?: number;
  /** Builds the one client factory of an account (tests). Default: createClientFactory({ credentials, account, retry }). */
  clientFactory?: (account: string, credentials: CredentialProvider | undefined) => ClientFactory;
  /** SDK attempts per call (maxAttempts) and the rounds / backoff on top of them for what still fails. */
  retry?: PublishRetryOptions;
  /** Replaces the backoff's sleep and randomness (tests). */
  backoff?: BackoffDeps;
  /** Called as each account-region is done (progress). */
  onAccountRegion?: (publication: AccountRegionPublication) => void;
}

interface Target {
  account: string;
  region: string;
  /** How many findings the account-region has, and how to read them (only when it is published). */
  count: number;
  reads: (() => Finding[])[];
  skipped?: string;
}

/** Publishes every account-region of the scan; never throws for an AWS error (each is recorded where it happened). */
export async function publishToSecurityHub(result: ScanResult, options: PublishOptions): Promise<SecurityHubPublication> {
  const now = (options.now ?? (() => new Date()))();
  const retry = backoff(options.retry, options.backoff);
  const limit = pLimit(options.concurrency ?? DEFAULT_PUBLISH_CONCURRENCY);
  const factories = new Map<string, ClientFactory>();
  // The environment's client settings, looked up once for every account's clients.
  const settings = createClientSettings();
  const context: PublishContext = {
    result,
    now,
    retry,
    map: asffMapper(result),
    partition: scanPartition(result),
    factoryFor(account) {
      let factory = factories.get(account);
      if (!factory) {
        const credentials = options.credentialsFor(account);
        const maxAttempts = options.retry?.maxAttempts;
        factory = options.clientFactory
          ? options.clientFactory(account, credentials)
          : createClientFactory({ account, credentials, settings, retry: maxAttempts === undefined ? {} : { maxAttempts } });
        factories.set(account, factory);
      }
      return factory;
    },
  };
  try {
    const entries = await Promise.all(
      targets(result).map((target) =>
        limit(async () => {
          const entry = await publishAccountRegion(target, context);
          options.onAccountRegion?.(entry);
          return entry;
        }),
      ),
    );
    return summarizePublication(now, entries);
  } finally {
    for (const factory of factories.values()) factory.destroy();
  }
}

interface PublishContext {
  result: ScanResult;
  now: Date;
  retry: Backoff;
  map: AsffMapper;
  partition: string;
  factoryFor(account: string): ClientFactory;
}

/**
 * Every account-region of the coverage, plus any that only findings name; with its findings, read only when
 * the account-region is published (a large scan's findings are on disk, one account-region read at a time).
 */
function targets(result: ScanResult): Target[] {
  const byKey = new Map<string, Target>();
  const target = (account: string, region: string): Target => {
    const key = `${account}\n${region}`;
    let entry = byKey.get(key);
    if (!entry) {
      entry = { account, region, count: 0, reads: [] };
      byKey.set(key, entry);
    }
    return entry;
  };
  for (const entry of result.coverage.entries) {
    const t = target(entry.account, entry.region);
    if (entry.status === 'skipped') t.skipped = entry.reasons.join('; ') || 'skipped by the scan';
  }
  for (const group of accountRegionGroups(result.findings)) {
    const entry = target(group.account, group.region);
    entry.count += group.count;
    entry.reads.push(() => group.read());
  }
  return [...byKey.values()].sort((a, b) => a.account.localeCompare(b.account) || a.region.localeCompare(b.region));
}

async function publishAccountRegion(target: Target, context: PublishContext): Promise<AccountRegionPublication> {
  const { account, region } = target;
  const base = { account, region, findings: target.count, imported: 0, archived: 0, failed: [] };
  if (target.skipped !== undefined && target.count === 0) {
    return { ...base, status: 'not-attempted', error: { code: 'RegionNotEnabled', message: target.skipped } };
  }

  let client: SecurityHubClient;
  try {
    client = context.factoryFor(account).client(SecurityHubClient, region);
  } catch (error) {
    return { ...base, status: 'failed', error: errorInfo(error, 'credentials') };
  }

  const { partition } = context;
  const productArn = defaultProductArn(partition, region, account);
  let existing: AwsSecurityFinding[];
  try {
    existing = await withRounds(() => readExistingFindings(client, productArn), context.retry);
  } catch (error) {
    const info = errorInfo(error, 'GetFindings');
    // Without what is there, CreatedAt could not be kept nor anything archived safely: import nothing.
    return { ...base, status: isHubNotEnabled(info) ? 'hub-not-enabled' : 'failed', error: info };
  }

  const findings = target.reads.flatMap((read) => read());
  const previous = new Map<string, AwsSecurityFinding>();
  for (const finding of existing) if (finding.Id !== undefined) previous.set(finding.Id, finding);
  const imports = findings.map((finding) => {
    const before = previous.get(finding.id);
    return context.map(finding, before ? { now: context.now, previous: before } : { now: context.now });
  });
  const currentIds = new Set(findings.map((finding) => finding.id));
  const plan = planArchive({ result: context.result, account, region, partition, productArn, existing, currentIds });
  const archives = plan.archive.map((decision) => archivedFinding(decision, { now: context.now, scanId: context.result.scanId }));

  const outcome = await importFindings(client, [...imports, ...archives], context.retry);
  const imported = imports.filter((finding) => outcome.accepted.has(finding.Id ?? '')).length;
  const archived = archives.filter((finding) => outcome.accepted.has(finding.Id ?? '')).length;
  const sent = imports.length + archives.length;
  const nothingAccepted = sent > 0 && outcome.accepted.size === 0;
  // Security Hub may also answer a disabled hub with every finding in FailedFindings as InvalidAccess.
  const allInvalidAccess = nothingAccepted && outcome.failed.length > 0 && outcome.failed.every((failure) => isHubNotEnabled(failure));
  const status: PublicationStatus =
    outcome.hubNotEnabled || allInvalidAccess ? 'hub-not-enabled' : nothingAccepted && outcome.callError ? 'failed' : 'published';
  const entry: AccountRegionPublication = { ...base, status, imported, archived, unchanged: plan.unchanged, failed: outcome.failed };
  const error = outcome.callError ?? (allInvalidAccess ? outcome.failed[0] : undefined);
  if (status !== 'published' && error) entry.error = { code: error.code, message: error.message };
  if (plan.skipped !== undefined) entry.archivingSkipped = plan.skipped;
  return entry;
}

/** Runs `call` again (with backoff) while it fails with a throttling, server or network error. */
async function withRounds<T>(call: () => Promise<T>, retry: Backoff): Promise<T> {
  for (let round = 1; ; round += 1) {
    try {
      return await call();
    } catch (error) {
      if (round >= retry.rounds || !isRetryableError(error)) throw error;
      await retry.wait(round + 1);
    }
  }
}

export function summarizePublication(now: Date, unsorted: readonly AccountRegionPublication[]): SecurityHubPublication {
  const accountRegions = [...unsorted].sort((a, b) => a.account.localeCompare(b.account) || a.region.localeCompare(b.region));
  const byStatus = Object.fromEntries(PUBLICATION_STATUSES.map((status) => [status, 0])) as Record<PublicationStatus, number>;
  const totals = { imported: 0, archived: 0, unchanged: 0, failed: 0, accountRegions: byStatus };
  for (const entry of accountRegions) {
    byStatus[entry.status] += 1;
    totals.imported += entry.imported;
    totals.archived += entry.archived;
    totals.unchanged += entry.unchanged ?? 0;
    totals.failed += entry.failed.length;
  }
  const complete = accountRegions.every((entry) => entry.status === 'not-attempted' || (entry.status === 'published' && entry.failed.length === 0));
  return { publishedAt: now.toISOString(), accountRegions, totals, complete };
}

