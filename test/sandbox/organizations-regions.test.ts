import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListChildrenCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  OrganizationsClient,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { DescribeRegionsCommand, DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { generateEstate, startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { DEV, LEGACY, PROD, SEC, asJson, assume, cfg, errorOf, exampleEstate, regionOf, tinyEstate } from './helpers.js';

const estate = exampleEstate();
let sb: RunningSandbox;
beforeAll(async () => {
  sb = await startSandbox({ estate });
});
afterAll(() => sb.close());

describe('organizations', () => {
  const orgs = () => new OrganizationsClient(cfg(sb, 'us-east-1'));

  it('DescribeOrganization', async () => {
    const out = await orgs().send(new DescribeOrganizationCommand({}));
    expect(out.Organization).toMatchObject({
      Id: 'o-a1b2c3d4e5',
      Arn: `arn:aws:organizations::${SEC}:organization/o-a1b2c3d4e5`,
      FeatureSet: 'ALL',
      MasterAccountId: SEC,
      MasterAccountArn: `arn:aws:organizations::${SEC}:account/o-a1b2c3d4e5/${SEC}`,
      MasterAccountEmail: 'aws-security@example.com',
    });
  });

  it('ListAccounts returns every account with its fields', async () => {
    const out = await orgs().send(new ListAccountsCommand({}));
    expect(out.NextToken).toBeUndefined();
    expect(out.Accounts?.map((a) => [a.Id, a.Name, a.Email, a.Status, a.JoinedMethod, a.JoinedTimestamp?.toISOString()])).toEqual(
      (estate.accounts as { id: string; name: string; email: string; status: string; joinedMethod: string; joinedTimestamp: string }[]).map((a) => [
        a.id, a.name, a.email, a.status, a.joinedMethod, a.joinedTimestamp,
      ]),
    );
    expect(out.Accounts?.[1]?.Arn).toBe(`arn:aws:organizations::${SEC}:account/o-a1b2c3d4e5/${PROD}`);
  });

  it('roots, OUs, children and accounts for parent', async () => {
    const roots = await orgs().send(new ListRootsCommand({}));
    expect(roots.Roots).toEqual([{ Id: 'r-a1b2', Arn: `arn:aws:organizations::${SEC}:root/o-a1b2c3d4e5/r-a1b2`, Name: 'Root', PolicyTypes: [] }]);
    const top = await orgs().send(new ListOrganizationalUnitsForParentCommand({ ParentId: 'r-a1b2' }));
    expect(top.OrganizationalUnits?.map((o) => o.Name)).toEqual(['Security', 'Workloads', 'Legacy']);
    const workloads = await orgs().send(new ListChildrenCommand({ ParentId: 'ou-a1b2-22222222', ChildType: 'ORGANIZATIONAL_UNIT' }));
    expect(workloads.Children).toEqual([{ Id: 'ou-a1b2-33333333', Type: 'ORGANIZATIONAL_UNIT' }, { Id: 'ou-a1b2-44444444', Type: 'ORGANIZATIONAL_UNIT' }]);
    const rootAccounts = await orgs().send(new ListChildrenCommand({ ParentId: 'r-a1b2', ChildType: 'ACCOUNT' }));
    expect(rootAccounts.Children).toEqual([{ Id: SEC, Type: 'ACCOUNT' }]);
    const prodOu = await orgs().send(new ListAccountsForParentCommand({ ParentId: 'ou-a1b2-33333333' }));
    expect(prodOu.Accounts?.map((a) => a.Id)).toEqual([PROD]);
    expect((await errorOf(() => orgs().send(new ListAccountsForParentCommand({ ParentId: 'ou-a1b2-99999999' })))).name).toBe('ParentNotFoundException');
  });

  it('member accounts: DescribeOrganization works, List* → AccessDeniedException', async () => {
    const creds = await assume(sb, DEV);
    const member = new OrganizationsClient(cfg(sb, 'us-east-1', creds));
    expect((await member.send(new DescribeOrganizationCommand({}))).Organization?.Id).toBe('o-a1b2c3d4e5');
    const e = await errorOf(() => member.send(new ListAccountsCommand({})));
    expect(e.name).toBe('AccessDeniedException');
  });

  it('an account outside any organization → AWSOrganizationsNotInUseException', async () => {
    const tiny = await startSandbox({ estate: tinyEstate({}, { organization: undefined }) });
    try {
      const e = await errorOf(() => new OrganizationsClient(cfg(tiny, 'us-east-1')).send(new DescribeOrganizationCommand({})));
      expect(e.name).toBe('AWSOrganizationsNotInUseException');
    } finally {
      await tiny.close();
    }
  });

  it('ListAccounts pages at most 20 per page; forged token → InvalidInputException', async () => {
    const big = await startSandbox({ estate: generateEstate({ accounts: 45, regionsPerAccount: 1, clustersPerAccount: 0, seed: 1, misconfigurationRate: 0 }) });
    try {
      const client = new OrganizationsClient(cfg(big, 'us-east-1'));
      const sizes: number[] = [];
      const ids: string[] = [];
      for await (const page of paginateListAccounts({ client }, {})) {
        sizes.push(page.Accounts?.length ?? 0);
        ids.push(...(page.Accounts ?? []).map((a) => String(a.Id)));
      }
      expect(sizes).toEqual([20, 20, 5]);
      expect(new Set(ids).size).toBe(45);
      expect((await errorOf(() => client.send(new ListAccountsCommand({ MaxResults: 21 })))).name).toBe('InvalidInputException');
      const e = await errorOf(() => client.send(new ListAccountsCommand({ NextToken: 'AAAA' })));
      expect(e.name).toBe('InvalidInputException');
      expect((e as unknown as { Reason?: string }).Reason).toBe('INVALID_PAGINATION_TOKEN');
    } finally {
      await big.close();
    }
  });
});

describe('account / ec2 regions', () => {
  it('Account ListRegions: opt status per account (caller and, from the management account, a member)', async () => {
    const account = new AccountClient(cfg(sb, 'us-east-1'));
    const own = await account.send(new ListRegionsCommand({}));
    expect(own.Regions).toEqual([
      { RegionName: 'ap-east-1', RegionOptStatus: 'DISABLED' },
      { RegionName: 'eu-west-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' },
      { RegionName: 'us-east-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' },
    ]);
    const prod = await account.send(new ListRegionsCommand({ AccountId: PROD, RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'] }));
    expect(prod.Regions?.map((r) => `${r.RegionName}=${r.RegionOptStatus}`)).toEqual(['ap-east-1=ENABLED', 'eu-west-1=ENABLED_BY_DEFAULT', 'us-east-1=ENABLED_BY_DEFAULT']);
    const member = new AccountClient(cfg(sb, 'us-east-1', await assume(sb, DEV)));
    expect((await errorOf(() => member.send(new ListRegionsCommand({ AccountId: LEGACY })))).name).toBe('AccessDeniedException');
  });

  it('Account ListRegions paginates (default 20, max 50) over the default catalogue', async () => {
    const big = await startSandbox({ estate: tinyEstate({}, { regions: undefined }) });
    try {
      const client = new AccountClient(cfg(big, 'us-east-1'));
      const first = await client.send(new ListRegionsCommand({}));
      expect(first.Regions).toHaveLength(20);
      const rest = await client.send(new ListRegionsCommand({ NextToken: first.NextToken, MaxResults: 50 }));
      expect(rest.NextToken).toBeUndefined();
      expect((first.Regions?.length ?? 0) + (rest.Regions?.length ?? 0)).toBe(29);
      expect((await errorOf(() => client.send(new ListRegionsCommand({ NextToken: 'bad' })))).name).toBe('ValidationException');
    } finally {
      await big.close();
    }
  });

  it('EC2 DescribeRegions: enabled only by default; AllRegions adds not-opted-in regions; filters', async () => {
    const ec2 = new EC2Client(cfg(sb));
    const enabled = await ec2.send(new DescribeRegionsCommand({}));
    expect(enabled.Regions).toEqual([
      { RegionName: 'eu-west-1', Endpoint: 'ec2.eu-west-1.amazonaws.com', OptInStatus: 'opt-in-not-required' },
      { RegionName: 'us-east-1', Endpoint: 'ec2.us-east-1.amazonaws.com', OptInStatus: 'opt-in-not-required' },
    ]);
    const all = await ec2.send(new DescribeRegionsCommand({ AllRegions: true }));
    expect(all.Regions?.find((r) => r.RegionName === 'ap-east-1')?.OptInStatus).toBe('not-opted-in');
    const prod = new EC2Client(cfg(sb, 'eu-west-1', await assume(sb, PROD)));
    expect((await prod.send(new DescribeRegionsCommand({ RegionNames: ['ap-east-1'] }))).Regions?.[0]?.OptInStatus).toBe('opted-in');
    const filtered = await ec2.send(new DescribeRegionsCommand({ AllRegions: true, Filters: [{ Name: 'opt-in-status', Values: ['not-opted-in'] }] }));
    expect(filtered.Regions?.map((r) => r.RegionName)).toEqual(['ap-east-1']);
    expect((await errorOf(() => ec2.send(new DescribeRegionsCommand({ RegionNames: ['xx-nowhere-1'] })))).name).toBe('InvalidParameterValue');
  });

  it('EC2 DescribeSecurityGroups round-trips the estate groups; unknown id → InvalidGroup.NotFound', async () => {
    const prod = await assume(sb, PROD);
    const ec2 = new EC2Client(cfg(sb, 'eu-west-1', prod));
    const expected = (regionOf(estate, PROD, 'eu-west-1').ec2 as { securityGroups: Record<string, unknown>[] }).securityGroups;
    const out = await ec2.send(new DescribeSecurityGroupsCommand({}));
    expect(asJson(out.SecurityGroups)).toEqual(expected);
    const one = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [String(expected[0]!.GroupId)] }));
    expect(one.SecurityGroups?.map((g) => g.GroupId)).toEqual([expected[0]!.GroupId]);
    const byFilter = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['msk-payments-prod'] }] }));
    expect(byFilter.SecurityGroups?.[0]?.IpPermissions?.some((p) => p.IpRanges?.some((r) => r.CidrIp === '0.0.0.0/0'))).toBe(true);
    const paged = await ec2.send(new DescribeSecurityGroupsCommand({ MaxResults: 5 }));
    expect(paged.SecurityGroups).toHaveLength(4);
    expect((await errorOf(() => ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-0000000000000000'] })))).name).toBe('InvalidGroup.NotFound');
  });
});
