import {
  OrganizationsClient,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  type Account,
} from '@aws-sdk/client-organizations';
import { UsageError } from '../errors.js';

export interface AccountRef {
  id: string;
  name?: string;
}

/**
 * The ACTIVE accounts of the organization, or of the given OUs and every OU below them. Needs the
 * management account or a delegated administrator; anything else is a scope error the user must fix.
 */
export async function listOrganizationAccounts(client: OrganizationsClient, ous: readonly string[] = []): Promise<AccountRef[]> {
  try {
    const accounts = ous.length === 0 ? await allAccounts(client) : await accountsUnder(client, ous);
    const unique = new Map<string, AccountRef>();
    for (const account of accounts) {
      if (!account.Id || !isActive(account)) continue;
      unique.set(account.Id, account.Name ? { id: account.Id, name: account.Name } : { id: account.Id });
    }
    return [...unique.values()].sort((a, b) => a.id.localeCompare(b.id));
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    // The CLI prints a UsageError as one line: fold a multi-line AWS message.
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s*[\r\n]+\s*/g, ' ').trim();
    const permission = /AccessDenied|NotInUse|NotAuthorized|UnauthorizedOperation/i.test(name);
    const hint = permission ? '; --org needs the management account or a delegated administrator' : '';
    throw new UsageError(`cannot list the organization's accounts (${name}: ${message})${hint}`);
  }
}

/** States in which an account cannot be scanned. Any other value, including one this version does not know, is scanned. */
const INACTIVE_STATES = new Set(['SUSPENDED', 'PENDING_ACTIVATION', 'PENDING_CLOSURE', 'CLOSED']);

function isActive(account: Account): boolean {
  // `State` replaces the deprecated `Status`; accept whichever the API returned. An unknown or missing state is not a
  // reason to leave an account out silently: it is scanned, and a role that cannot be assumed shows in the coverage.
  const state = (account as Account & { State?: string }).State ?? account.Status;
  return state === undefined || !INACTIVE_STATES.has(state);
}

async function allAccounts(client: OrganizationsClient): Promise<Account[]> {
  const accounts: Account[] = [];
  for await (const page of paginateListAccounts({ client }, {})) accounts.push(...(page.Accounts ?? []));
  return accounts;
}

async function accountsUnder(client: OrganizationsClient, parents: readonly string[]): Promise<Account[]> {
  const accounts: Account[] = [];
  const queue = [...parents];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const parent = queue.shift()!;
    if (seen.has(parent)) continue;
    seen.add(parent);
    for await (const page of paginateListAccountsForParent({ client }, { ParentId: parent })) {
      accounts.push(...(page.Accounts ?? []));
    }
    for await (const page of paginateListOrganizationalUnitsForParent({ client }, { ParentId: parent })) {
      for (const unit of page.OrganizationalUnits ?? []) if (unit.Id) queue.push(unit.Id);
    }
  }
  return accounts;
}
