import 'aws-sdk-client-mock-vitest/extend';
import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { enabledRegions } from '../../src/aws/enabled-regions.js';
import { ACCOUNT, awsError, CREDENTIALS } from '../collect/support.js';

const accountMock = mockClient(AccountClient);
const ec2Mock = mockClient(EC2Client);
const clients = {
  account: new AccountClient({ region: 'us-east-1', credentials: CREDENTIALS }),
  ec2: new EC2Client({ region: 'us-east-1', credentials: CREDENTIALS }),
};

beforeEach(() => {
  accountMock.reset();
  ec2Mock.reset();
});

describe('enabledRegions from the Account API', () => {
  it('splits ListRegions into enabled and not-enabled regions, across pages, sorted', async () => {
    // The paginator reuses one input object, so the tokens are recorded as each call is made.
    const tokens: (string | undefined)[] = [];
    accountMock.on(ListRegionsCommand).callsFake(async (input: { NextToken?: string }) => {
      tokens.push(input.NextToken);
      if (input.NextToken === undefined) {
        return {
          Regions: [
            { RegionName: 'us-east-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' },
            { RegionName: 'ap-east-1', RegionOptStatus: 'ENABLED' },
            { RegionName: 'me-south-1', RegionOptStatus: 'DISABLED' },
          ],
          NextToken: 'two',
        };
      }
      if (input.NextToken === 'two') {
        return {
          Regions: [
            { RegionName: 'eu-west-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' },
            { RegionName: 'af-south-1', RegionOptStatus: 'ENABLING' },
            { RegionName: 'eu-south-1', RegionOptStatus: 'DISABLING' },
          ],
          NextToken: 'three',
        };
      }
      return { Regions: [{ RegionName: 'ap-southeast-3', RegionOptStatus: 'ENABLED' }, { RegionOptStatus: 'ENABLED' }] };
    });

    const fact = await enabledRegions(clients, ACCOUNT);

    expect(fact).toEqual({
      ok: true,
      value: {
        enabled: ['ap-east-1', 'ap-southeast-3', 'eu-west-1', 'us-east-1'],
        // Enabling and disabling regions are not usable yet (or any more): not enabled.
        notEnabled: ['af-south-1', 'eu-south-1', 'me-south-1'],
      },
    });
    expect(tokens).toEqual([undefined, 'two', 'three']);
    // The API's largest page (default 20): the 17 commercial regions and more come in one call.
    for (const call of accountMock.commandCalls(ListRegionsCommand)) expect(call.args[0].input.MaxResults).toBe(50);
    expect(ec2Mock).not.toHaveReceivedAnyCommand();
  });
});

describe('enabledRegions falling back to EC2', () => {
  it('uses DescribeRegions(AllRegions) and its OptInStatus when the Account API is denied', async () => {
    accountMock.on(ListRegionsCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform account:ListRegions', 403));
    ec2Mock.on(DescribeRegionsCommand).resolves({
      Regions: [
        { RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' },
        { RegionName: 'me-south-1', OptInStatus: 'not-opted-in' },
        { RegionName: 'ap-east-1', OptInStatus: 'opted-in' },
        { RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required' },
      ],
    });

    const fact = await enabledRegions(clients, ACCOUNT);

    expect(fact).toEqual({ ok: true, value: { enabled: ['ap-east-1', 'eu-west-1', 'us-east-1'], notEnabled: ['me-south-1'] } });
    expect(ec2Mock).toHaveReceivedCommandOnce(DescribeRegionsCommand);
    expect(ec2Mock).toHaveReceivedCommandWith(DescribeRegionsCommand, { AllRegions: true });
  });

  it('falls back as a whole when the Account API fails after its first page', async () => {
    accountMock
      .on(ListRegionsCommand)
      .resolvesOnce({ Regions: [{ RegionName: 'sa-east-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' }], NextToken: 'two' })
      .rejects(awsError('ThrottlingException', 'Rate exceeded'));
    ec2Mock.on(DescribeRegionsCommand).resolves({ Regions: [{ RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required' }] });

    expect(await enabledRegions(clients, ACCOUNT)).toEqual({ ok: true, value: { enabled: ['eu-west-1'], notEnabled: [] } });
  });

  it('leaves the fact unavailable with the Account API error when both fail', async () => {
    accountMock.on(ListRegionsCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform account:ListRegions', 403));
    ec2Mock.on(DescribeRegionsCommand).rejects(awsError('UnauthorizedOperation', 'not authorized to perform ec2:DescribeRegions', 403));

    const fact = await enabledRegions(clients, ACCOUNT);

    expect(fact).toEqual({
      ok: false,
      error: {
        service: 'account',
        operation: 'ListRegions',
        code: 'AccessDeniedException',
        message: 'not authorized to perform account:ListRegions',
        account: ACCOUNT,
      },
    });
    expect(ec2Mock).toHaveReceivedCommandOnce(DescribeRegionsCommand);
  });
});

// Issue 10 (found by the fault suite's "unknown enum values (account:ListRegions)"): a status the scanner does not
// recognise, or none, is no proof the region is off; it used to make every such region "skipped", so an account's whole
// estate vanished while its coverage stayed complete.
describe('a region status the scanner does not recognise', () => {
  it('from the Account API: the region is collected (and fails loudly if it is off), never skipped', async () => {
    accountMock.on(ListRegionsCommand).resolves({
      Regions: [
        { RegionName: 'eu-west-1', RegionOptStatus: 'SOME_NEW_STATUS' as never },
        { RegionName: 'us-east-1' },
        { RegionName: 'me-south-1', RegionOptStatus: 'DISABLED' },
      ],
    });
    expect(await enabledRegions(clients, ACCOUNT)).toEqual({ ok: true, value: { enabled: ['eu-west-1', 'us-east-1'], notEnabled: ['me-south-1'] } });
  });

  it('from EC2 DescribeRegions (the fallback): the same', async () => {
    accountMock.on(ListRegionsCommand).rejects(awsError('AccessDeniedException', 'denied'));
    ec2Mock.on(DescribeRegionsCommand).resolves({
      Regions: [
        { RegionName: 'eu-west-1', OptInStatus: 'something-new' },
        { RegionName: 'us-east-1' },
        { RegionName: 'me-south-1', OptInStatus: 'not-opted-in' },
      ],
    });
    expect(await enabledRegions(clients, ACCOUNT)).toEqual({ ok: true, value: { enabled: ['eu-west-1', 'us-east-1'], notEnabled: ['me-south-1'] } });
  });
});
