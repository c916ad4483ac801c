import 'aws-sdk-client-mock-vitest/extend';
import { AccountClient, ListRegionsCommand, type RegionOptStatus } from '@aws-sdk/client-account';
import { DescribeRegionsCommand, DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { KafkaClient, ListClustersV2Command, ListKafkaVersionsCommand } from '@aws-sdk/client-kafka';
import { KMSClient } from '@aws-sdk/client-kms';
import {
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  OrganizationsClient,
  type Account,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT_CONCURRENCY, collectInventory, type CollectInventoryOptions } from '../../src/collect/index.js';
import { computeCoverage } from '../../src/engine/coverage.js';
import { UsageError } from '../../src/errors.js';
import type { AccountRegionInventory, CollectionError, Inventory } from '../../src/inventory/index.js';
import { ACCOUNT, CREDENTIALS, OTHER_ACCOUNT, READ_ONLY_COMMANDS, awsError, commandNames, roundTrip, sdkServerless } from './support.js';

// Every STS call goes through STSClient: GetCallerIdentity, and AssumeRole through the caller's one STS client.
const stsMock = mockClient(STSClient);
const orgMock = mockClient(OrganizationsClient);
const accountMock = mockClient(AccountClient);
const ec2Mock = mockClient(EC2Client);
const kafkaMock = mockClient(KafkaClient);
const kmsMock = mockClient(KMSClient);
const ALL_MOCKS = [stsMock, orgMock, accountMock, ec2Mock, kafkaMock, kmsMock];

/** The caller: the organization's management account. */
const CALLER = ACCOUNT; // 111122223333
const DENIED = '222233334444';
const MEMBER_A = OTHER_ACCOUNT; // 444455556666
const MEMBER_B = '777788889999';
const SUSPENDED = '999900001111';

const CALLER_KEY = 'AKIDEXAMPLE';
const CALLER_ARN = `arn:aws:iam::${CALLER}:user/auditor`;
const ROLE = 'AuditReader';
const EXTERNAL_ID = 'ext-7f3a';
const SCAN_ID = 'scan-42';
const SESSION = `msk-audit-${SCAN_ID}`;
const roleArnOf = (account: string, role = ROLE) => `arn:aws:iam::${account}:role/${role}`;

/** Each account's regions as Account ListRegions reports them; accounts not listed have DEFAULT_REGIONS. */
const REGIONS: Record<string, Record<string, RegionOptStatus>> = {
  [CALLER]: { 'eu-west-1': 'ENABLED_BY_DEFAULT', 'us-east-1': 'ENABLED_BY_DEFAULT', 'ap-east-1': 'DISABLED' },
  [MEMBER_A]: { 'eu-west-1': 'ENABLED_BY_DEFAULT', 'us-east-1': 'ENABLED_BY_DEFAULT', 'ap-east-1': 'ENABLED', 'me-south-1': 'DISABLED' },
  [MEMBER_B]: { 'eu-west-1': 'ENABLED_BY_DEFAULT', 'us-east-1': 'ENABLED_BY_DEFAULT', 'ap-east-1': 'ENABLING', 'me-south-1': 'DISABLED' },
};
const DEFAULT_REGIONS: Record<string, RegionOptStatus> = { 'eu-west-1': 'ENABLED_BY_DEFAULT', 'us-east-1': 'ENABLED_BY_DEFAULT' };

/** Accounts whose role trust policy does not let the caller in. */
let deniedRoles: Set<string>;
/** Accounts where Account ListRegions is denied. */
let regionApiDenied: Set<string>;
/** `account region` of every ListClustersV2 call, as the call was made. */
let listed: string[];
/** The access key that signed each AssumeRole call. */
let assumeRoleSigners: string[];
/** The account of each GetCallerIdentity call that had credentials to sign with. */
let identities: string[];

interface SigningClient {
  config: { credentials: () => Promise<{ accessKeyId: string }>; region: () => Promise<string> };
}

/**
 * The account and region a mocked call was made in. A mocked client never signs, so resolving its credentials
 * here is what signing would do: for a member account's client that assumes the role (through the mock below).
 */
async function signer(getClient: () => unknown): Promise<{ account: string; region: string }> {
  const { config } = getClient() as SigningClient;
  const { accessKeyId } = await config.credentials();
  const region = await config.region();
  if (accessKeyId === CALLER_KEY) return { account: CALLER, region };
  const match = /^ASIA(\d{12})$/.exec(accessKeyId);
  if (!match) throw new Error(`unexpected access key ${accessKeyId}`);
  return { account: match[1]!, region };
}

function orgAccount(id: string, state: 'ACTIVE' | 'SUSPENDED' = 'ACTIVE'): Account {
  return { Id: id, Name: `acct-${id}`, Status: state, State: state } as Account;
}

beforeEach(() => {
  for (const mock of ALL_MOCKS) mock.reset();
  deniedRoles = new Set([DENIED]);
  regionApiDenied = new Set();
  listed = [];
  assumeRoleSigners = [];
  identities = [];

  stsMock.on(AssumeRoleCommand).callsFake(async (input: { RoleArn: string }, getClient) => {
    assumeRoleSigners.push((await (getClient() as unknown as SigningClient).config.credentials()).accessKeyId);
    const account = input.RoleArn.split(':')[4]!;
    if (deniedRoles.has(account)) {
      throw awsError('AccessDenied', `User: ${CALLER_ARN} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`, 403);
    }
    return {
      Credentials: { AccessKeyId: `ASIA${account}`, SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(Date.now() + 3_600_000) },
      AssumedRoleUser: { Arn: `arn:aws:sts::${account}:assumed-role/${ROLE}/${SESSION}`, AssumedRoleId: 'AROA:x' },
    };
  });
  stsMock.on(GetCallerIdentityCommand).callsFake(async (_input, getClient) => {
    const { account } = await signer(getClient);
    identities.push(account);
    return account === CALLER
      ? { Account: CALLER, Arn: CALLER_ARN, UserId: 'AIDAEXAMPLE' }
      : { Account: account, Arn: `arn:aws:sts::${account}:assumed-role/${ROLE}/${SESSION}`, UserId: `AROA${account}:${SESSION}` };
  });
  orgMock.on(ListAccountsCommand).resolves({
    Accounts: [orgAccount(MEMBER_B), orgAccount(CALLER), orgAccount(SUSPENDED, 'SUSPENDED'), orgAccount(DENIED), orgAccount(MEMBER_A)],
  });
  accountMock.on(ListRegionsCommand).callsFake(async (_input, getClient) => {
    const { account } = await signer(getClient);
    if (regionApiDenied.has(account)) throw awsError('AccessDeniedException', 'not authorized to perform: account:ListRegions', 403);
    return { Regions: Object.entries(REGIONS[account] ?? DEFAULT_REGIONS).map(([RegionName, RegionOptStatus]) => ({ RegionName, RegionOptStatus })) };
  });
  ec2Mock.on(DescribeRegionsCommand).rejects(awsError('UnauthorizedOperation', 'not authorized to perform: ec2:DescribeRegions', 403));
  // The clusters' security groups exist (msk-no-open-ingress judges them; this test is about scope and access).
  ec2Mock.on(DescribeSecurityGroupsCommand).callsFake((input: { Filters?: { Values?: string[] }[] }) => ({
    SecurityGroups: (input.Filters?.[0]?.Values ?? []).map((GroupId) => ({ GroupId })),
  }));
  kafkaMock
    .on(ListClustersV2Command)
    .callsFake(async (_input, getClient) => {
      const { account, region } = await signer(getClient);
      listed.push(`${account} ${region}`);
      // The cluster is named after the account whose credentials listed it.
      return { ClusterInfoList: [sdkServerless(`msk-${account}-${region}`, region)] };
    })
    .on(ListKafkaVersionsCommand)
    .resolves({ KafkaVersions: [{ Version: '3.6.0', Status: 'ACTIVE' }] });
});

/** The operations a scan may send: the collector's read-only calls plus scope resolution and AssumeRole. */
const ALLOWED_COMMANDS = new Set([
  ...READ_ONLY_COMMANDS,
  'ListAccountsCommand',
  'ListAccountsForParentCommand',
  'ListOrganizationalUnitsForParentCommand',
  'ListRegionsCommand',
  'DescribeRegionsCommand',
  'AssumeRoleCommand',
]);

afterEach(() => {
  const names = commandNames(...ALL_MOCKS);
  expect(names.filter((name) => !ALLOWED_COMMANDS.has(name))).toEqual([]);
  for (const name of names) expect(name).toMatch(/^(List|Describe|Get)\w+Command$|^AssumeRoleCommand$/);
});

const ORG_OPTIONS: CollectInventoryOptions = {
  credentials: CREDENTIALS,
  regions: 'all',
  accounts: { kind: 'organization' },
  roleName: ROLE,
  externalId: EXTERNAL_ID,
  sessionDurationSeconds: 1800,
  scanId: SCAN_ID,
};

const regionsOf = (inventory: Inventory, account: string) =>
  inventory.accountRegions.filter((entry) => entry.account === account).map((entry) => entry.region);
const accessOf = (inventory: Inventory, account: string) => inventory.accounts.find((entry) => entry.account === account);
const assumeRoleCalls = () => stsMock.commandCalls(AssumeRoleCommand);
const assumedRoleArns = () => assumeRoleCalls().map((call) => call.args[0].input.RoleArn);

function deniedError(account: string, role = ROLE): CollectionError {
  return {
    service: 'sts',
    operation: 'AssumeRole',
    code: 'AccessDenied',
    message: `User: ${CALLER_ARN} is not authorized to perform: sts:AssumeRole on resource: ${roleArnOf(account, role)}`,
    account,
    resource: roleArnOf(account, role),
  };
}

function notCollected(account: string, region: string, error: CollectionError): AccountRegionInventory {
  return {
    account,
    region,
    clusters: { ok: false, error: { ...error, region } },
    configurations: {},
    kmsKeys: {},
    kafkaVersions: { ok: false, error: { ...error, region } },
    errors: [{ ...error, region }],
  };
}

describe('collectInventory across the organization', () => {
  it('scans the caller with its own credentials and every other account through the role', async () => {
    const inventory = await collectInventory(ORG_OPTIONS);

    expect(orgMock).toHaveReceivedCommandOnce(ListAccountsCommand);
    expect(inventory.scope).toEqual({
      // ACTIVE accounts only, by id.
      accounts: [CALLER, DENIED, MEMBER_A, MEMBER_B],
      regions: ['ap-east-1', 'eu-west-1', 'us-east-1'],
      regionSelection: 'all-enabled',
    });
    expect(inventory.caller).toEqual({ account: CALLER, arn: CALLER_ARN, userId: 'AIDAEXAMPLE' });

    // The caller's account: its own credentials, no role, no second GetCallerIdentity.
    expect(accessOf(inventory, CALLER)).toEqual({
      account: CALLER,
      name: `acct-${CALLER}`,
      via: 'caller',
      access: { ok: true, value: { principalArn: CALLER_ARN } },
      regions: { ok: true, value: { enabled: ['eu-west-1', 'us-east-1'], notEnabled: ['ap-east-1'] } },
      skippedRegions: ['ap-east-1'],
    });
    expect(assumedRoleArns()).not.toContain(roleArnOf(CALLER));
    // Once as the caller (resolving the scope), once in each member account; DENIED's fails on AssumeRole.
    expect(stsMock).toHaveReceivedCommandTimes(GetCallerIdentityCommand, 4);
    expect([...identities].sort()).toEqual([CALLER, MEMBER_A, MEMBER_B]);

    // Every other account: the role, assumed once, with the session name, external id and duration; signed by the caller.
    expect([...assumedRoleArns()].sort()).toEqual([roleArnOf(DENIED), roleArnOf(MEMBER_A), roleArnOf(MEMBER_B)]);
    for (const call of assumeRoleCalls()) {
      expect(call.args[0].input).toEqual({ RoleArn: call.args[0].input.RoleArn, RoleSessionName: SESSION, ExternalId: EXTERNAL_ID, DurationSeconds: 1800 });
      expect(call.args[0].input.RoleSessionName).toMatch(/^msk-audit-/);
      expect(await call.thisValue.config.region()).toBe('us-east-1');
    }
    expect(assumeRoleSigners).toEqual([CALLER_KEY, CALLER_KEY, CALLER_KEY]);
    // One STS client (the caller's) assumes every member role: none is built per account.
    expect(new Set(assumeRoleCalls().map((call) => call.thisValue)).size).toBe(1);
    for (const member of [MEMBER_A, MEMBER_B]) {
      expect(accessOf(inventory, member)).toMatchObject({
        via: 'assumed-role',
        roleArn: roleArnOf(member),
        access: { ok: true, value: { principalArn: `arn:aws:sts::${member}:assumed-role/${ROLE}/${SESSION}` } },
      });
    }

    // Each account's enabled regions; opt-in regions it has not enabled are skipped and never called.
    expect(regionsOf(inventory, CALLER)).toEqual(['eu-west-1', 'us-east-1']);
    expect(regionsOf(inventory, MEMBER_A)).toEqual(['ap-east-1', 'eu-west-1', 'us-east-1']);
    expect(regionsOf(inventory, MEMBER_B)).toEqual(['eu-west-1', 'us-east-1']);
    expect(accessOf(inventory, MEMBER_A)?.skippedRegions).toEqual(['me-south-1']);
    expect(accessOf(inventory, MEMBER_B)?.skippedRegions).toEqual(['ap-east-1', 'me-south-1']);
    expect([...listed].sort()).toEqual([
      `${CALLER} eu-west-1`,
      `${CALLER} us-east-1`,
      `${MEMBER_A} ap-east-1`,
      `${MEMBER_A} eu-west-1`,
      `${MEMBER_A} us-east-1`,
      `${MEMBER_B} eu-west-1`,
      `${MEMBER_B} us-east-1`,
    ]);
    // Every account-region was listed with that account's own credentials.
    for (const entry of inventory.accountRegions.filter((e) => e.account !== DENIED)) {
      expect(entry.errors).toEqual([]);
      expect(entry.clusters.ok && entry.clusters.value.map((cluster) => cluster.ClusterName)).toEqual([`msk-${entry.account}-${entry.region}`]);
    }

    // The account whose role cannot be assumed: unavailable, presumed in the caller's enabled regions.
    const denied = deniedError(DENIED);
    expect(accessOf(inventory, DENIED)).toEqual({
      account: DENIED,
      name: `acct-${DENIED}`,
      via: 'assumed-role',
      roleArn: roleArnOf(DENIED),
      access: { ok: false, error: denied },
      regions: { ok: false, error: denied },
      skippedRegions: [],
    });
    expect(inventory.accountRegions.filter((entry) => entry.account === DENIED)).toEqual([
      notCollected(DENIED, 'eu-west-1', denied),
      notCollected(DENIED, 'us-east-1', denied),
    ]);
    expect(listed.filter((entry) => entry.startsWith(DENIED))).toEqual([]);

    expect(computeCoverage(inventory).counts).toEqual({ complete: 7, partial: 0, 'not-evaluated': 2, skipped: 4 });
    expect(inventory.errors).toEqual([]);
    expect(roundTrip(inventory)).toEqual(inventory);
  });

  it('tries the requested regions in an account whose regions cannot be read, and uses EC2 where the Account API is denied', async () => {
    regionApiDenied = new Set([MEMBER_A, MEMBER_B]);
    // EC2 answers for MEMBER_A only.
    ec2Mock.on(DescribeRegionsCommand).callsFake(async (_input, getClient) => {
      const { account } = await signer(getClient);
      if (account !== MEMBER_A) throw awsError('UnauthorizedOperation', 'not authorized to perform: ec2:DescribeRegions', 403);
      return {
        Regions: [
          { RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required' },
          { RegionName: 'ap-south-2', OptInStatus: 'opted-in' },
          { RegionName: 'me-south-1', OptInStatus: 'not-opted-in' },
        ],
      };
    });

    const inventory = await collectInventory({ ...ORG_OPTIONS, excludeAccounts: [DENIED] });

    expect(accessOf(inventory, MEMBER_A)).toMatchObject({
      access: { ok: true },
      regions: { ok: true, value: { enabled: ['ap-south-2', 'eu-west-1'], notEnabled: ['me-south-1'] } },
      skippedRegions: ['me-south-1'],
    });
    expect(regionsOf(inventory, MEMBER_A)).toEqual(['ap-south-2', 'eu-west-1']);
    // Neither API answered: the regions fact names the Account API error, the caller's enabled regions are tried.
    expect(accessOf(inventory, MEMBER_B)).toMatchObject({
      access: { ok: true },
      regions: { ok: false, error: { service: 'account', operation: 'ListRegions', code: 'AccessDeniedException', account: MEMBER_B } },
      skippedRegions: [],
    });
    expect(regionsOf(inventory, MEMBER_B)).toEqual(['eu-west-1', 'us-east-1']);
    expect(listed.filter((entry) => entry.startsWith(MEMBER_B)).sort()).toEqual([`${MEMBER_B} eu-west-1`, `${MEMBER_B} us-east-1`]);
  });

  it('presumes the home region for a denied account when even the caller\'s regions cannot be read', async () => {
    regionApiDenied = new Set([CALLER]);

    const inventory = await collectInventory({ ...ORG_OPTIONS, homeRegion: 'eu-central-1', excludeAccounts: [MEMBER_A, MEMBER_B] });

    expect(inventory.accountRegions.map((entry) => `${entry.account} ${entry.region} ${entry.clusters.ok}`)).toEqual([
      `${CALLER} eu-central-1 true`,
      `${DENIED} eu-central-1 false`,
    ]);
    expect(assumeRoleCalls()[0]!.args[0].input.RoleArn).toBe(roleArnOf(DENIED));
    expect(await assumeRoleCalls()[0]!.thisValue.config.region()).toBe('eu-central-1');
  });

  it('scans only the OUs given', async () => {
    orgMock
      .on(ListAccountsForParentCommand, { ParentId: 'ou-abcd-11111111' })
      .resolves({ Accounts: [orgAccount(MEMBER_A), orgAccount(SUSPENDED, 'SUSPENDED')] })
      .on(ListOrganizationalUnitsForParentCommand)
      .resolves({ OrganizationalUnits: [] });

    const inventory = await collectInventory({ ...ORG_OPTIONS, accounts: { kind: 'organization', organizationalUnits: ['ou-abcd-11111111'] } });

    expect(inventory.scope.accounts).toEqual([MEMBER_A]);
    expect(orgMock).not.toHaveReceivedCommand(ListAccountsCommand);
    expect(assumedRoleArns()).toEqual([roleArnOf(MEMBER_A)]);
  });

  it('turns an organization it cannot read into a UsageError, before scanning anything', async () => {
    orgMock.on(ListAccountsCommand).rejects(awsError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.'));

    const failure = await collectInventory(ORG_OPTIONS).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(UsageError);
    expect((failure as Error).message).toMatch(/AWSOrganizationsNotInUseException: Your account is not a member of an organization\./);
    expect(stsMock).not.toHaveReceivedCommand(AssumeRoleCommand);
    expect(kafkaMock).not.toHaveReceivedAnyCommand();
  });
});

describe('collectInventory with an account list and explicit regions', () => {
  it('scans the listed accounts once each, skipping requested regions an account has not enabled', async () => {
    const inventory = await collectInventory({
      credentials: CREDENTIALS,
      regions: ['eu-west-1', 'ap-east-1', 'me-south-1'],
      accounts: { kind: 'list', accounts: [MEMBER_A, CALLER, DENIED, MEMBER_A] },
    });

    expect(orgMock).not.toHaveReceivedAnyCommand();
    expect(inventory.scope).toEqual({
      accounts: [MEMBER_A, CALLER, DENIED],
      regions: ['ap-east-1', 'eu-west-1', 'me-south-1'],
      regionSelection: 'explicit',
    });

    // Defaults: the MskAuditReadOnly role, an hour, no external id; the home region is the first one requested.
    expect([...assumedRoleArns()].sort()).toEqual([roleArnOf(DENIED, 'MskAuditReadOnly'), roleArnOf(MEMBER_A, 'MskAuditReadOnly')]);
    for (const call of assumeRoleCalls()) {
      expect(call.args[0].input).not.toHaveProperty('ExternalId');
      expect(call.args[0].input).toMatchObject({ DurationSeconds: 3600, RoleSessionName: expect.stringMatching(/^msk-audit-\d+$/) });
      expect(await call.thisValue.config.region()).toBe('eu-west-1');
    }
    expect(await stsMock.call(0).thisValue.config.region()).toBe('eu-west-1');

    // The caller has not enabled ap-east-1: skipped. It does not list me-south-1 at all: tried, so its error would say why.
    expect(regionsOf(inventory, CALLER)).toEqual(['eu-west-1', 'me-south-1']);
    expect(accessOf(inventory, CALLER)?.skippedRegions).toEqual(['ap-east-1']);
    // MEMBER_A has opted in to ap-east-1, not to me-south-1.
    expect(regionsOf(inventory, MEMBER_A)).toEqual(['eu-west-1', 'ap-east-1']);
    expect(accessOf(inventory, MEMBER_A)?.skippedRegions).toEqual(['me-south-1']);
    expect([...listed].sort()).toEqual([`${CALLER} eu-west-1`, `${CALLER} me-south-1`, `${MEMBER_A} ap-east-1`, `${MEMBER_A} eu-west-1`]);

    // The denied account: one unavailable account-region per requested region, and the caller's regions are not needed.
    const denied = deniedError(DENIED, 'MskAuditReadOnly');
    expect(accessOf(inventory, DENIED)).toMatchObject({ access: { ok: false, error: denied }, skippedRegions: [] });
    expect(inventory.accountRegions.filter((entry) => entry.account === DENIED)).toEqual(
      ['eu-west-1', 'ap-east-1', 'me-south-1'].map((region) => notCollected(DENIED, region, denied)),
    );
    expect(accountMock).toHaveReceivedCommandTimes(ListRegionsCommand, 2); // the caller and MEMBER_A
  });

  it('leaves out excluded accounts entirely', async () => {
    const inventory = await collectInventory({ ...ORG_OPTIONS, excludeAccounts: [MEMBER_B, DENIED, '000000000000'] });

    expect(inventory.scope.accounts).toEqual([CALLER, MEMBER_A]);
    expect(inventory.accounts.map((entry) => entry.account)).toEqual([CALLER, MEMBER_A]);
    expect(new Set(inventory.accountRegions.map((entry) => entry.account))).toEqual(new Set([CALLER, MEMBER_A]));
    expect(assumedRoleArns()).toEqual([roleArnOf(MEMBER_A)]);
    expect(listed.some((entry) => entry.startsWith(MEMBER_B) || entry.startsWith(DENIED))).toBe(false);
  });

  it.each<[string, CollectInventoryOptions['accounts'], string[]]>([
    ['the organization', { kind: 'organization' }, [CALLER, DENIED, MEMBER_A, MEMBER_B]],
    ['an account list', { kind: 'list', accounts: [MEMBER_A, MEMBER_B] }, [MEMBER_A, MEMBER_B]],
    ['the caller alone', { kind: 'caller' }, [CALLER]],
  ])('throws a UsageError when the exclusions leave nothing of %s', async (_label, accounts, excludeAccounts) => {
    const failure = await collectInventory({ credentials: CREDENTIALS, regions: ['eu-west-1'], accounts, excludeAccounts }).catch(
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(UsageError);
    expect((failure as Error).message).toBe('no account is left in scope after --exclude-accounts');
    expect(stsMock).not.toHaveReceivedCommand(AssumeRoleCommand);
    expect(kafkaMock).not.toHaveReceivedAnyCommand();
  });
});

describe('collectInventory account concurrency', () => {
  const members = Array.from({ length: 12 }, (_, index) => `5000000000${String(index).padStart(2, '0')}`);

  async function peakAccounts(concurrency?: number): Promise<number> {
    let inFlight = 0;
    let peak = 0;
    kafkaMock.on(ListClustersV2Command).callsFake(async (_input, getClient) => {
      await signer(getClient);
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 15));
      inFlight -= 1;
      return { ClusterInfoList: [] };
    });
    const inventory = await collectInventory({
      credentials: CREDENTIALS,
      // One region per account, so the calls in flight are the accounts in flight.
      regions: ['eu-west-1'],
      accounts: { kind: 'list', accounts: members },
      ...(concurrency ? { concurrency: { accounts: concurrency } } : {}),
    });
    expect(inventory.accountRegions.map((entry) => entry.account)).toEqual(members);
    expect(inventory.accountRegions.every((entry) => entry.clusters.ok)).toBe(true);
    return peak;
  }

  it('scans at most the given number of accounts at once', async () => {
    expect(await peakAccounts(3)).toBe(3);
  });

  it('scans at most eight accounts at once by default', async () => {
    expect(DEFAULT_ACCOUNT_CONCURRENCY).toBe(8);
    expect(await peakAccounts()).toBe(8);
  });
});
