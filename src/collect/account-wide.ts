import { IAMClient } from '@aws-sdk/client-iam';
import type { ClientFactory } from '../aws/clients.js';
import type { AccountRegionInventory, AccountWideFacts, CollectionError } from '../inventory/index.js';
import type { ClientAccessFact } from './client-access-facts.js';
import { collectIamAccess, iamRegion } from './iam-access.js';
import type { GuardrailReader } from './scp-guardrails.js';

export interface AccountWideContext {
  facts: ReadonlySet<ClientAccessFact>;
  partition: string;
  /** The scan's home region: the account-wide facts are held there when the account is collected there. */
  homeRegion: string;
  /** Set in an organization scan when the guardrail facts are requested. */
  guardrails?: GuardrailReader;
  organizationScan: boolean;
}

export interface AccountWideCollection {
  facts: AccountWideFacts;
  errors: CollectionError[];
}

/** The account-region that holds an account's account-wide facts: the home region if collected, else the first by name. */
export function accountWideRegion(regions: readonly string[], homeRegion: string): string | undefined {
  if (regions.includes(homeRegion)) return homeRegion;
  return [...regions].sort()[0];
}

/**
 * IAM (GetAccountAuthorizationDetails, ListAccessKeys — with the account's own credentials, in the partition's IAM
 * region) and, in an organization scan, the SCPs on the account's path (with the scanning identity's
 * Organizations client): once per account. Undefined when neither is requested or no region is collected.
 */
export async function collectAccountWide(
  factory: Pick<ClientFactory, 'client'>,
  account: string,
  regions: readonly string[],
  context: AccountWideContext,
): Promise<AccountWideCollection | undefined> {
  const wantIam = context.facts.has('iam');
  const wantGuardrails = context.facts.has('scp-guardrails');
  const heldIn = accountWideRegion(regions, context.homeRegion);
  if ((!wantIam && !wantGuardrails) || heldIn === undefined) return undefined;
  const region = iamRegion(context.partition);
  const [iam, guardrails] = await Promise.all([
    wantIam ? collectIamAccess(factory.client(IAMClient, region), account, region) : undefined,
    wantGuardrails && context.organizationScan && context.guardrails ? context.guardrails.read(account) : undefined,
  ]);
  const facts: AccountWideFacts = { heldIn };
  const errors: CollectionError[] = [];
  if (iam) {
    facts.iam = iam.iam;
    errors.push(...iam.errors);
  }
  if (wantGuardrails) facts.organizationScan = context.organizationScan;
  if (guardrails) {
    facts.guardrails = guardrails.guardrails;
    errors.push(...guardrails.errors);
  }
  return { facts, errors };
}

/** Puts the account-wide facts in the holding account-region and a pointer to it in every other one. */
export function attachAccountWide(accountRegions: readonly AccountRegionInventory[], collection: AccountWideCollection | undefined): void {
  if (!collection) return;
  for (const accountRegion of accountRegions) {
    if (accountRegion.region === collection.facts.heldIn) {
      accountRegion.accountWide = collection.facts;
      accountRegion.errors.push(...collection.errors);
    } else {
      accountRegion.accountWide = { heldIn: collection.facts.heldIn };
    }
  }
}
