import 'aws-sdk-client-mock-vitest/extend';
import {
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  OrganizationsClient,
  type Account,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { listOrganizationAccounts } from '../../src/aws/accounts.js';
import { UsageError } from '../../src/errors.js';
import { awsError, CREDENTIALS } from '../collect/support.js';

const orgMock = mockClient(OrganizationsClient);
const client = new OrganizationsClient({ region: 'us-east-1', credentials: CREDENTIALS });

beforeEach(() => {
  orgMock.reset();
});

type AccountState = 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE' | 'PENDING_ACTIVATION' | 'CLOSED';

/** An account as ListAccounts returns it: the deprecated Status, the newer State, or both. */
function account(id: string, fields: { status?: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE'; state?: AccountState; name?: string } = {}): Account {
  return {
    Id: id,
    Arn: `arn:aws:organizations::111122223333:account/o-example/${id}`,
    ...(fields.name ? { Name: fields.name } : {}),
    ...(fields.status ? { Status: fields.status } : {}),
    ...(fields.state ? { State: fields.state } : {}),
  } as Account;
}

describe('listOrganizationAccounts (whole organization)', () => {
  it('follows ListAccounts across pages', async () => {
    // The paginator reuses one input object, so the tokens are recorded as each call is made.
    const tokens: (string | undefined)[] = [];
    orgMock.on(ListAccountsCommand).callsFake(async (input: { NextToken?: string }) => {
      tokens.push(input.NextToken);
      switch (input.NextToken) {
        case undefined:
          return { Accounts: [account('333333333333', { status: 'ACTIVE', name: 'c' })], NextToken: 'page-2' };
        case 'page-2':
          return { Accounts: [account('111111111111', { status: 'ACTIVE', name: 'a' })], NextToken: 'page-3' };
        case 'page-3':
          return { Accounts: [account('222222222222', { status: 'ACTIVE' })] };
        default:
          throw new Error(`unexpected token ${input.NextToken}`);
      }
    });

    const accounts = await listOrganizationAccounts(client);

    // Sorted by id; the name only when the API gave one.
    expect(accounts).toEqual([{ id: '111111111111', name: 'a' }, { id: '222222222222' }, { id: '333333333333', name: 'c' }]);
    expect(orgMock).toHaveReceivedCommandTimes(ListAccountsCommand, 3);
    expect(tokens).toEqual([undefined, 'page-2', 'page-3']);
    expect(orgMock).not.toHaveReceivedCommand(ListAccountsForParentCommand);
    expect(orgMock).not.toHaveReceivedCommand(ListOrganizationalUnitsForParentCommand);
  });

  it('leaves out the accounts in a known inactive state, reading State where present and Status otherwise; an unknown or missing state is scanned, not dropped', async () => {
    orgMock.on(ListAccountsCommand).resolves({
      Accounts: [
        account('100000000001', { status: 'ACTIVE' }),
        account('100000000002', { state: 'ACTIVE' }),
        account('100000000003', { status: 'ACTIVE', state: 'ACTIVE' }),
        account('100000000004', { status: 'SUSPENDED' }),
        account('100000000005', { status: 'PENDING_CLOSURE' }),
        account('100000000006', { state: 'SUSPENDED' }),
        account('100000000007', { state: 'PENDING_CLOSURE' }),
        account('100000000008', { state: 'PENDING_ACTIVATION' }),
        account('100000000009', { state: 'CLOSED' }),
        // The newer field wins when the two disagree.
        account('100000000010', { status: 'ACTIVE', state: 'SUSPENDED' }),
        // Neither field, or a state this version does not know: scanned (a failed role then shows in the coverage).
        account('100000000011'),
        { Id: '100000000012', State: 'SOME_FUTURE_STATE' } as unknown as Account,
        { Name: 'no id', Status: 'ACTIVE' },
      ],
    });

    const accounts = await listOrganizationAccounts(client);

    expect(accounts.map((ref) => ref.id)).toEqual(['100000000001', '100000000002', '100000000003', '100000000011', '100000000012']);
  });

  it('returns an empty list for an organization without active accounts', async () => {
    orgMock.on(ListAccountsCommand).resolves({ Accounts: [account('100000000004', { status: 'SUSPENDED' })] });
    expect(await listOrganizationAccounts(client, [])).toEqual([]);
  });
});

describe('listOrganizationAccounts (organizational units)', () => {
  const ROOT = 'r-abcd';
  const OU = 'ou-abcd-11111111';
  const NESTED = 'ou-abcd-22222222';
  const SIBLING = 'ou-abcd-33333333';

  /** `accounts|units parent page`, as each call is made (the paginators reuse their input object). */
  let requests: string[] = [];

  beforeEach(() => {
    requests = [];
    const accountsUnder: Record<string, Account[][]> = {
      [ROOT]: [[account('100000000001', { state: 'ACTIVE', name: 'management' })]],
      // Two pages of accounts in the OU, one of them suspended.
      [OU]: [[account('200000000001', { state: 'ACTIVE' })], [account('200000000002', { status: 'SUSPENDED' }), account('200000000003', { status: 'ACTIVE' })]],
      [NESTED]: [[account('300000000001', { state: 'ACTIVE', name: 'nested' }), account('300000000002', { state: 'PENDING_CLOSURE' })]],
      [SIBLING]: [[account('400000000001', { status: 'ACTIVE' })]],
    };
    const childrenOf: Record<string, string[][]> = {
      // The root's children over two pages.
      [ROOT]: [[OU], [SIBLING]],
      [OU]: [[NESTED]],
      [NESTED]: [[]],
      [SIBLING]: [[]],
    };
    const page = <T>(pages: T[][] | undefined, token: string | undefined) => {
      const index = token === undefined ? 0 : Number(token);
      const items = pages?.[index] ?? [];
      return { items, ...(pages && index + 1 < pages.length ? { NextToken: String(index + 1) } : {}) };
    };
    orgMock
      .on(ListAccountsForParentCommand)
      .callsFake(async (input: { ParentId: string; NextToken?: string }) => {
        requests.push(`accounts ${input.ParentId} ${input.NextToken ?? '0'}`);
        const { items, ...rest } = page(accountsUnder[input.ParentId], input.NextToken);
        return { Accounts: items, ...rest };
      })
      .on(ListOrganizationalUnitsForParentCommand)
      .callsFake(async (input: { ParentId: string; NextToken?: string }) => {
        requests.push(`units ${input.ParentId} ${input.NextToken ?? '0'}`);
        const { items, ...rest } = page(childrenOf[input.ParentId], input.NextToken);
        return { OrganizationalUnits: items.map((Id) => ({ Id, Name: Id })), ...rest };
      });
  });

  const parentsVisited = () => [...new Set(requests.filter((r) => r.startsWith('accounts ')).map((r) => r.split(' ')[1]))];

  it('descends from the root through every OU and nested OU, across pages', async () => {
    const accounts = await listOrganizationAccounts(client, [ROOT]);

    expect(accounts).toEqual([
      { id: '100000000001', name: 'management' },
      { id: '200000000001' },
      { id: '200000000003' },
      { id: '300000000001', name: 'nested' },
      { id: '400000000001' },
    ]);
    expect(parentsVisited().sort()).toEqual([ROOT, OU, NESTED, SIBLING].sort());
    expect(requests).toContain(`accounts ${OU} 1`);
    expect(requests).toContain(`units ${ROOT} 1`);
    expect(orgMock).not.toHaveReceivedCommand(ListAccountsCommand);
  });

  it('scans only the subtree of the OUs given', async () => {
    const accounts = await listOrganizationAccounts(client, [OU]);

    expect(accounts.map((ref) => ref.id)).toEqual(['200000000001', '200000000003', '300000000001']);
    expect(parentsVisited()).toEqual([OU, NESTED]);
    expect(requests).not.toContain(`accounts ${ROOT} 0`);
  });

  it('visits each OU once and lists each account once when the OUs given overlap', async () => {
    const accounts = await listOrganizationAccounts(client, [NESTED, ROOT, OU, NESTED]);

    expect(accounts.map((ref) => ref.id)).toEqual(['100000000001', '200000000001', '200000000003', '300000000001', '400000000001']);
    // Every page of every parent requested exactly once.
    expect([...requests].sort()).toEqual(
      [
        `accounts ${ROOT} 0`,
        `units ${ROOT} 0`,
        `units ${ROOT} 1`,
        `accounts ${OU} 0`,
        `accounts ${OU} 1`,
        `units ${OU} 0`,
        `accounts ${NESTED} 0`,
        `units ${NESTED} 0`,
        `accounts ${SIBLING} 0`,
        `units ${SIBLING} 0`,
      ].sort(),
    );
  });
});

describe('listOrganizationAccounts errors', () => {
  it.each([
    ['AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.'],
    ['AccessDeniedException', 'You don\'t have permissions to access this resource.'],
  ])('turns %s into a one-line UsageError naming the cause', async (name, message) => {
    orgMock.on(ListAccountsCommand).rejects(awsError(name, message));

    const failure = await listOrganizationAccounts(client).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(UsageError);
    const error = failure as UsageError;
    expect(error.name).toBe('UsageError');
    expect(error.message).toBe(
      `cannot list the organization's accounts (${name}: ${message}); --org needs the management account or a delegated administrator`,
    );
    expect(error.message).not.toMatch(/[\r\n]/);
  });

  it('does not blame the caller\'s account for a failure that is not a permission problem (throttling)', async () => {
    orgMock.on(ListAccountsCommand).rejects(awsError('TooManyRequestsException', 'Rate exceeded'));
    const failure = (await listOrganizationAccounts(client).catch((error: unknown) => error)) as UsageError;
    expect(failure).toBeInstanceOf(UsageError);
    expect(failure.message).toBe("cannot list the organization's accounts (TooManyRequestsException: Rate exceeded)");
  });

  it('also for a failure while walking the OUs, after some pages were read', async () => {
    orgMock
      .on(ListAccountsForParentCommand)
      .resolves({ Accounts: [account('100000000001', { state: 'ACTIVE' })] })
      .on(ListOrganizationalUnitsForParentCommand)
      .rejects(awsError('AccessDeniedException', 'not authorized to perform organizations:ListOrganizationalUnitsForParent'));

    await expect(listOrganizationAccounts(client, ['r-abcd'])).rejects.toThrow(
      /^cannot list the organization's accounts \(AccessDeniedException: not authorized to perform organizations:ListOrganizationalUnitsForParent\)/,
    );
  });

  it('keeps the message on one line when the cause spans several', async () => {
    orgMock.on(ListAccountsCommand).rejects(awsError('AccessDeniedException', 'You are not authorized.\nContact your administrator.'));

    const failure = await listOrganizationAccounts(client).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(UsageError);
    expect((failure as Error).message).not.toMatch(/[\r\n]/);
    expect((failure as Error).message).toContain('AccessDeniedException: You are not authorized. Contact your administrator.');
  });
});
