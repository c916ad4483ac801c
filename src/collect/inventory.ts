import pLimit from 'p-limit';
import { AccountClient } from '@aws-sdk/client-account';
import { EC2Client } from '@aws-sdk/client-ec2';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { listOrganizationAccounts, type AccountRef } from '../aws/accounts.js';
import { assumeRoleCredentials, DEFAULT_ROLE_NAME, DEFAULT_SESSION_SECONDS, roleArn, sessionName } from '../aws/assume-role.js';
import { createClientFactory, type ClientFactory, type ClientFactoryOptions, type RequestInfo, type RetryOptions } from '../aws/clients.js';
import type { Pacer } from '../aws/pacing.js';

type ClientOptions = Pick<ClientFactoryOptions, 'retry' | 'onRequest' | 'pacer' | 'settings'>;
import type { CredentialProvider } from '../aws/credentials.js';
import { createClientSettings } from '../aws/client-settings.js';
import { enabledRegions, type RegionAvailability } from '../aws/enabled-regions.js';
import { CredentialsError, toCollectionError } from '../aws/errors.js';
import { UsageError } from '../errors.js';
import {
  INVENTORY_SCHEMA_VERSION,
  available,
  unavailable,
  type AccountAccess,
  type AccountRegionInventory,
  type CallerIdentity,
  type CollectionError,
  type Fact,
  type Inventory,
} from '../inventory/index.js';
import { TOOL } from '../package-info.js';
import { collectAccountRegion } from './account-region.js';
import { trailDetailsReader } from './cloudtrail-trails.js';
import type { EventWindow } from './cloudtrail-events.js';
import { getCallerIdentity, partitionFromArn } from './identity.js';
import { attachAccountWide, collectAccountWide, type AccountWideContext } from './account-wide.js';
import type { ClientAccessFact } from './client-access-facts.js';
import { GuardrailReader } from './scp-guardrails.js';

export const DEFAULT_ACCOUNT_CONCURRENCY = 8;
/** Regions of one account scanned at the same time. */
export const DEFAULT_REGION_CONCURRENCY = 4;

export interface CollectConcurrency {
  /** Accounts scanned at the same time. Default 8. */
  accounts?: number;
  /** Regions of one account scanned at the same time. Default 4. */
  regions?: number;
  /** KMS keys in flight per account-region. Default 8. */
  kmsKeys?: number;
  /** DescribeConfigurationRevision calls in flight per account-region. Default 8. */
  configurations?: number;
}

/** Which accounts to scan: the caller's own, an explicit list, or the organization (optionally some OUs). */
export type AccountSelection =
  | { kind: 'caller' }
  | { kind: 'list'; accounts: readonly string[] }
  | { kind: 'organization'; organizationalUnits?: readonly string[] };

export interface CollectInventoryOptions {
  /** The caller's credentials; the SDK's default provider chain when absent (see resolveCredentials). */
  credentials?: CredentialProvider;
  /** `all`: each account's enabled regions; otherwise these regions, where enabled. */
  regions: 'all' | readonly string[];
  /** Where STS, Organizations and the Account API are called. Default: the first explicit region, else us-east-1. */
  homeRegion?: string;
  accounts?: AccountSelection;
  excludeAccounts?: readonly string[];
  /** The role assumed in every account but the caller's. Default MskAuditReadOnly. */
  roleName?: string;
  externalId?: string;
  sessionDurationSeconds?: number;
  /** Identifies the scan in member accounts' CloudTrail (the role session name). */
  scanId?: string;
  retry?: RetryOptions;
  /** Called before every HTTP request the scan sends, retries included (progress, call counts). */
  onRequest?: (request: RequestInfo) => void;
  /** Paces operations with published rate limits; one shared by every account. Default: AWS's published limits. */
  pacer?: Pacer;
  concurrency?: CollectConcurrency;
  /**
   * CloudTrail: the trails covering each account-region and the MSK events since `since` (up to `until`,
   * default now). Absent or false: neither is collected.
   */
  cloudTrail?: { since: Date; until?: Date; maxPages?: number } | false;
  /** The clock for `collectedAt` (tests). */
  now?: () => Date;
  /**
   * The client-access facts to collect (SCRAM secrets, private CAs, MSK Connect, Lambda, IAM, SCP guardrails; see
   * factsForChecks). Default none. SCP guardrails are read only in an organization scan.
   */
  facts?: ReadonlySet<ClientAccessFact>;
  /**
   * The scan is (part of) an organization scan, so organization-wide facts such as SCP guardrails are read, even
   * though `accounts` lists the accounts: the Lambda fan-out scans an organization one account per invocation.
   * Default: true exactly when `accounts` is `organization`.
   */
  organizationScan?: boolean;
}

interface AccountTarget extends AccountRef {
  credentials: CredentialProvider | undefined;
  via: 'caller' | 'assumed-role';
  roleArn?: string;
}

/** One account's collected facts, handed over as soon as the account is done. */
export interface AccountCollection {
  access: AccountAccess;
  accountRegions: AccountRegionInventory[];
}

/** What is known once the scope is resolved, before any account is collected. */
export interface CollectionStart {
  collectedAt: string;
  caller: CallerIdentity;
  partition: string;
  accounts: string[];
  regionSelection: 'all-enabled' | 'explicit';
  /**
   * The credentials the scan uses in an account in scope (the caller's for its own account, the assumed role's
   * otherwise; undefined = the default chain): the same cached provider, for publishing after collection.
   */
  credentialsFor(account: string): CredentialProvider | undefined;
}

export interface CollectionObserver {
  /** The scope is resolved: these accounts will be collected. */
  onStart?(start: CollectionStart): void;
  /** An account's regions are known: this many account-regions will be collected in it. */
  onAccountPlanned?(account: string, accountRegions: number): void;
  onAccountRegion?(accountRegion: AccountRegionInventory): void;
  /** An account is done. Called once per account, in completion order; awaited before the next account starts. */
  onAccount(collection: AccountCollection): void | Promise<void>;
}

/**
 * Collects every account in scope, region by region, handing each account's facts to the observer as soon as
 * the account is done, so a caller can evaluate and drop them: memory stays bounded by the accounts in flight.
 * Throws CredentialsError when the caller identity cannot be established and UsageError when the scope cannot
 * be resolved; every other AWS error (a role that cannot be assumed, a denied API, a failing region) is
 * recorded in the facts it cost.
 */
export async function streamInventory(options: CollectInventoryOptions, observer: CollectionObserver): Promise<CollectionStart> {
  const explicitRegions = options.regions === 'all' ? undefined : [...new Set(options.regions)];
  if (explicitRegions?.length === 0) throw new RangeError('collectInventory needs at least one region, or "all".');
  const homeRegion = options.homeRegion ?? explicitRegions?.[0] ?? 'us-east-1';
  const collectedAt = (options.now ?? (() => new Date()))().toISOString();
  const clientOptions: ClientOptions = {
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
    ...(options.pacer ? { pacer: options.pacer } : {}),
    // Looked up once for the whole scan: every account's factory builds its clients with the same settings.
    settings: createClientSettings(),
  };
  const callerFactory = createClientFactory({ ...clientOptions, ...(options.credentials ? { credentials: options.credentials } : {}) });

  try {
    const caller = await callerIdentity(callerFactory, homeRegion);
    const partition = partitionFromArn(caller.arn);
    const targets = await resolveTargets(options, caller, partition, callerFactory, homeRegion);
    const byId = new Map(targets.map((target) => [target.id, target]));
    const start: CollectionStart = {
      collectedAt,
      caller,
      partition,
      accounts: targets.map((target) => target.id),
      regionSelection: explicitRegions ? 'explicit' : 'all-enabled',
      credentialsFor: (account) => {
        const target = byId.get(account);
        if (!target) throw new RangeError(`account ${account} is not in this scan's scope`);
        return target.credentials;
      },
    };
    observer.onStart?.(start);

    const accountLimit = pLimit(options.concurrency?.accounts ?? DEFAULT_ACCOUNT_CONCURRENCY);
    // The caller account's regions are read once: for its own collection, and as the regions presumed for an
    // account whose own regions cannot be read.
    let callerRegionFact: Promise<Fact<RegionAvailability>> | undefined;
    const callerRegions = () =>
      (callerRegionFact ??= enabledRegions(
        { account: callerFactory.client(AccountClient, homeRegion), ec2: callerFactory.client(EC2Client, homeRegion) },
        caller.account,
      ));
    const presumed = () => callerRegions().then((fact) => (fact.ok ? fact.value.enabled : [homeRegion]));
    const eventWindow: EventWindow | undefined = options.cloudTrail
      ? {
          start: options.cloudTrail.since,
          end: options.cloudTrail.until ?? new Date(collectedAt),
          ...(options.cloudTrail.maxPages ? { maxPages: options.cloudTrail.maxPages } : {}),
        }
      : undefined;
    const organizationScan = options.organizationScan ?? (options.accounts ?? { kind: 'caller' }).kind === 'organization';
    const facts = options.facts ?? new Set<ClientAccessFact>();
    const accountWide: AccountWideContext = {
      facts,
      partition,
      homeRegion,
      organizationScan,
      ...(organizationScan && facts.has('scp-guardrails') ? { guardrails: new GuardrailReader(callerFactory.client(OrganizationsClient, homeRegion), homeRegion) } : {}),
    };
    const context: AccountContext = { ...options, homeRegion, explicitRegions, clientOptions, presumed, callerRegions, callerArn: caller.arn, observer, eventWindow, collectedAt, accountWide };
    // Hand-over is serialised so the observer sees one account at a time.
    let handOver = Promise.resolve();
    await Promise.all(
      targets.map((target) =>
        accountLimit(async () => {
          const collection = await collectAccount(target, context);
          const turn = handOver.then(() => observer.onAccount(collection));
          handOver = turn.catch(() => undefined);
          await turn;
        }),
      ),
    );
    return start;
  } finally {
    callerFactory.destroy();
  }
}

/** Collects every account in scope into one Inventory document (see streamInventory for the bounded-memory form). */
export async function collectInventory(options: CollectInventoryOptions): Promise<Inventory> {
  const collections: AccountCollection[] = [];
  const start = await streamInventory(options, { onAccount: (collection) => void collections.push(collection) });
  const order = new Map(start.accounts.map((account, index) => [account, index]));
  collections.sort((a, b) => (order.get(a.access.account) ?? 0) - (order.get(b.access.account) ?? 0));
  const accountRegions = collections.flatMap((collection) => collection.accountRegions);
  return {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    kind: 'msk-audit-inventory',
    tool: { name: TOOL.name, version: TOOL.version },
    collectedAt: start.collectedAt,
    caller: start.caller,
    partition: start.partition,
    scope: {
      accounts: start.accounts,
      regions: [...new Set(accountRegions.map((entry) => entry.region))].sort(),
      regionSelection: start.regionSelection,
    },
    accounts: collections.map((collection) => collection.access),
    accountRegions,
    errors: [],
  };
}

async function callerIdentity(factory: ClientFactory, region: string): Promise<CallerIdentity> {
  try {
    return await getCallerIdentity(factory.sts(region));
  } catch (error) {
    throw new CredentialsError(toCollectionError(error, { service: 'sts', operation: 'GetCallerIdentity', region }), {
      cause: error,
    });
  }
}

async function resolveTargets(
  options: CollectInventoryOptions,
  caller: CallerIdentity,
  partition: string,
  callerFactory: ClientFactory,
  homeRegion: string,
): Promise<AccountTarget[]> {
  const selection = options.accounts ?? { kind: 'caller' };
  let refs: AccountRef[];
  if (selection.kind === 'caller') refs = [{ id: caller.account }];
  else if (selection.kind === 'list') refs = [...new Set(selection.accounts)].map((id) => ({ id }));
  else refs = await listOrganizationAccounts(callerFactory.client(OrganizationsClient, homeRegion), selection.organizationalUnits);

  if (refs.length === 0) throw new UsageError('the organization (or the OUs given) has no ACTIVE account to scan');
  const excluded = new Set(options.excludeAccounts ?? []);
  const inScope = refs.filter((ref) => !excluded.has(ref.id));
  if (inScope.length === 0) throw new UsageError('no account is left in scope after --exclude-accounts');

  const roleName = options.roleName ?? DEFAULT_ROLE_NAME;
  const session = sessionName(options.scanId ?? String(Date.now()));
  // One STS client (the caller's, in the home region of the caller's partition) assumes every member role; the
  // caller factory destroys it when the scan ends.
  const sts = callerFactory.sts(homeRegion);
  return inScope.map((ref) => {
    if (ref.id === caller.account) return { ...ref, credentials: options.credentials, via: 'caller' };
    const arn = roleArn(partition, ref.id, roleName);
    return {
      ...ref,
      via: 'assumed-role',
      roleArn: arn,
      credentials: assumeRoleCredentials({
        sts,
        roleArn: arn,
        sessionName: session,
        durationSeconds: options.sessionDurationSeconds ?? DEFAULT_SESSION_SECONDS,
        ...(options.externalId ? { externalId: options.externalId } : {}),
      }),
    };
  });
}

interface AccountContext extends CollectInventoryOptions {
  homeRegion: string;
  explicitRegions: string[] | undefined;
  clientOptions: ClientOptions;
  observer: CollectionObserver;
  presumed: () => Promise<string[]>;
  callerRegions: () => Promise<Fact<RegionAvailability>>;
  callerArn: string;
  eventWindow: EventWindow | undefined;
  collectedAt: string;
  accountWide: AccountWideContext;
}

async function collectAccount(
  target: AccountTarget,
  context: AccountContext,
): Promise<{ access: AccountAccess; accountRegions: AccountRegionInventory[] }> {
  const factory = createClientFactory({
    ...context.clientOptions,
    account: target.id,
    ...(target.credentials ? { credentials: target.credentials } : {}),
  });
  const base = {
    account: target.id,
    ...(target.name ? { name: target.name } : {}),
    via: target.via,
    ...(target.roleArn ? { roleArn: target.roleArn } : {}),
  };
  try {
    let principalArn: string;
    try {
      principalArn = target.via === 'caller' ? context.callerArn : (await getCallerIdentity(factory.sts(context.homeRegion))).arn;
    } catch (error) {
      // For an assumed role the first signed call is what assumes it; its failure is the role's failure.
      const operation = target.via === 'assumed-role' ? 'AssumeRole' : 'GetCallerIdentity';
      const failure = toCollectionError(error, { service: 'sts', operation, account: target.id, resource: target.roleArn ?? target.id });
      const regions = context.explicitRegions ?? (await context.presumed());
      context.observer.onAccountPlanned?.(target.id, regions.length);
      return {
        access: { ...base, access: unavailable(failure), regions: unavailable(failure), skippedRegions: [] },
        accountRegions: regions.map((region) => notCollected(target.id, region, failure)),
      };
    }

    const regionFacts =
      target.via === 'caller'
        ? await context.callerRegions()
        : await enabledRegions(
            { account: factory.client(AccountClient, context.homeRegion), ec2: factory.client(EC2Client, context.homeRegion) },
            target.id,
          );
    const known = regionFacts.ok ? regionFacts.value : undefined;
    const fallback = known || context.explicitRegions ? [] : await context.presumed();
    const { toCollect, skipped } = planRegions(context.explicitRegions, known, fallback);

    context.observer.onAccountPlanned?.(target.id, toCollect.length);
    const regionLimit = pLimit(context.concurrency?.regions ?? DEFAULT_REGION_CONCURRENCY);
    // IAM and SCPs are account-wide: read once, alongside the regions, and kept by one account-region.
    const accountWide = collectAccountWide(factory, target.id, toCollect, context.accountWide);
    // A trail's status and selectors are read once for the account, in its home region, whichever regions show it.
    const trailDetails = context.eventWindow ? trailDetailsReader((region) => factory.forRegion(region).cloudtrail, target.id) : undefined;
    const accountRegions = await Promise.all(
      toCollect.map((region) =>
        regionLimit(async () => {
          const accountRegion = await collectAccountRegion(factory.forRegion(region), target.id, region, {
            ...(context.concurrency?.kmsKeys !== undefined ? { kmsConcurrency: context.concurrency.kmsKeys } : {}),
            ...(context.concurrency?.configurations !== undefined ? { configurationConcurrency: context.concurrency.configurations } : {}),
            ...(context.eventWindow ? { cloudTrail: context.eventWindow } : {}),
            ...(trailDetails ? { trailDetails } : {}),
            ...(context.facts && context.facts.size > 0 ? { facts: context.facts, now: () => new Date(context.collectedAt) } : {}),
          });
          context.observer.onAccountRegion?.(accountRegion);
          return accountRegion;
        }),
      ),
    );
    attachAccountWide(accountRegions, await accountWide);
    return {
      access: { ...base, access: available({ principalArn }), regions: regionFacts, skippedRegions: skipped },
      accountRegions,
    };
  } finally {
    factory.destroy();
  }
}

/** Which regions to collect in an account, and which requested ones to skip because the account has not enabled them. */
function planRegions(
  explicit: string[] | undefined,
  known: { enabled: string[]; notEnabled: string[] } | undefined,
  presumed: string[],
): { toCollect: string[]; skipped: string[] } {
  if (!known) return { toCollect: explicit ?? presumed, skipped: [] };
  if (!explicit) return { toCollect: known.enabled, skipped: known.notEnabled };
  const enabled = new Set(known.enabled);
  const notEnabled = new Set(known.notEnabled);
  return {
    // A requested region the account does not list at all is still tried: its error then tells why.
    toCollect: explicit.filter((region) => enabled.has(region) || !notEnabled.has(region)),
    skipped: explicit.filter((region) => notEnabled.has(region)),
  };
}

function notCollected(account: string, region: string, error: CollectionError): AccountRegionInventory {
  return {
    account,
    region,
    clusters: unavailable({ ...error, region }),
    configurations: {},
    kmsKeys: {},
    kafkaVersions: unavailable({ ...error, region }),
    errors: [{ ...error, region }],
  };
}
