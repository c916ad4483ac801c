/**
 * Issue 10 (found by org-faults-more.test.ts, "unknown enum values (account:ListRegions)"): a region status the
 * scanner does not recognise — or none at all — is not proof the region is off. Before the fix every such region was
 * "not enabled", so an account whose ListRegions answered unknown statuses was reported `skipped` in every region:
 * its whole estate vanished from the scan while the coverage (skipped regions do not count) stayed complete.
 */
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
