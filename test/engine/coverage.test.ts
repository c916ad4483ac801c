import { describe, expect, it } from 'vitest';
import { accountRegionCoverage, computeCoverage } from '../../src/engine/coverage.js';
import type { Finding } from '../../src/engine/finding.js';
import { available, describeError, unavailable, type AccountAccess, type CollectionError, type Inventory } from '../../src/inventory/index.js';
import { accessDenied, accountRegion, ACCOUNT, provisionedCluster } from '../support/fixtures.js';
import { inventoryOf } from '../support/inventory.js';

const MEMBER = '444455556666';
const DENIED = '222233334444';

function member(account: string, fields: Partial<AccountAccess> = {}): AccountAccess {
  return {
    account,
    via: 'assumed-role',
    roleArn: `arn:aws:iam::${account}:role/MskAuditReadOnly`,
    access: available({ principalArn: `arn:aws:sts::${account}:assumed-role/MskAuditReadOnly/msk-audit-1` }),
    regions: available({ enabled: ['eu-west-1', 'us-east-1'], notEnabled: [] }),
    skippedRegions: [],
    ...fields,
  };
}

const throttled = (account: string, region: string): CollectionError => ({
  service: 'kafka',
  operation: 'ListClustersV2',
  code: 'ThrottlingException',
  message: 'Rate exceeded',
  account,
  region,
});

const assumeDenied: CollectionError = {
  service: 'sts',
  operation: 'AssumeRole',
  code: 'AccessDenied',
  message: 'not authorized to perform: sts:AssumeRole',
  account: DENIED,
  resource: `arn:aws:iam::${DENIED}:role/MskAuditReadOnly`,
};

/** A multi-account inventory with every status, its account-regions deliberately out of order. */
function estate(): Inventory {
  const keyDenied = accessDenied('kms', 'DescribeKey', 'arn:aws:kms:us-east-1:111122223333:key/k');
  const configDenied = accessDenied('kafka', 'DescribeConfigurationRevision', 'arn:aws:kafka:us-east-1:111122223333:configuration/c#2');
  const inventory = inventoryOf([
    // Member: clusters could not be listed.
    accountRegion((r) => {
      r.account = MEMBER;
      r.region = 'us-east-1';
      r.clusters = unavailable(throttled(MEMBER, 'us-east-1'));
      r.kafkaVersions = unavailable(throttled(MEMBER, 'us-east-1'));
      r.errors = [throttled(MEMBER, 'us-east-1'), accessDenied('kafka', 'ListKafkaVersions')];
    }),
    // Caller: listed, but the key and the configuration could not be read (the key denied twice).
    accountRegion((r) => {
      r.region = 'us-east-1';
      r.clusters = available([provisionedCluster()]);
      r.errors = [keyDenied, configDenied, { ...keyDenied }];
    }),
    // Caller: everything collected.
    accountRegion((r) => {
      r.clusters = available([provisionedCluster()]);
    }),
    // Member: everything collected, no cluster at all.
    accountRegion((r) => {
      r.account = MEMBER;
    }),
    // Denied account: one entry per presumed region, never listed.
    ...['us-east-1', 'eu-west-1'].map((region) =>
      accountRegion((r) => {
        r.account = DENIED;
        r.region = region;
        r.clusters = unavailable({ ...assumeDenied, region });
        r.kafkaVersions = unavailable({ ...assumeDenied, region });
        r.configurations = {};
        r.kmsKeys = {};
        r.errors = [{ ...assumeDenied, region }];
      }),
    ),
  ]);
  inventory.accounts[0]!.skippedRegions = ['me-south-1', 'ap-east-1'];
  inventory.accounts.push(
    member(MEMBER, { skippedRegions: ['af-south-1'] }),
    member(DENIED, { access: unavailable(assumeDenied), regions: unavailable(assumeDenied) }),
  );
  return inventory;
}

describe('computeCoverage', () => {
  it('classifies every account-region and sorts by account, then region', () => {
    const coverage = computeCoverage(estate());

    expect(coverage.entries.map((entry) => [entry.account, entry.region, entry.status])).toEqual([
      [ACCOUNT, 'ap-east-1', 'skipped'],
      [ACCOUNT, 'eu-west-1', 'complete'],
      [ACCOUNT, 'me-south-1', 'skipped'],
      [ACCOUNT, 'us-east-1', 'partial'],
      [DENIED, 'eu-west-1', 'not-evaluated'],
      [DENIED, 'us-east-1', 'not-evaluated'],
      [MEMBER, 'af-south-1', 'skipped'],
      [MEMBER, 'eu-west-1', 'complete'],
      [MEMBER, 'us-east-1', 'not-evaluated'],
    ]);
    expect(coverage.counts).toEqual({ complete: 2, partial: 1, 'not-evaluated': 3, skipped: 3 });
    expect(coverage.complete).toBe(false);
  });

  it('gives no reason for a complete account-region', () => {
    const entry = computeCoverage(estate()).entries.find((e) => e.account === ACCOUNT && e.region === 'eu-west-1');
    expect(entry).toEqual({ account: ACCOUNT, region: 'eu-west-1', status: 'complete', reasons: [] });
  });

  it('gives each distinct error of a partial account-region once, in the order met', () => {
    const entry = computeCoverage(estate()).entries.find((e) => e.status === 'partial');
    expect(entry?.reasons).toEqual([
      'kms:DescribeKey failed with AccessDeniedException: User is not authorized to perform: kms:DescribeKey',
      'kafka:DescribeConfigurationRevision failed with AccessDeniedException: User is not authorized to perform: kafka:DescribeConfigurationRevision',
    ]);
  });

  it('names the error that kept the clusters from being listed, and only that one', () => {
    const entries = computeCoverage(estate()).entries.filter((e) => e.status === 'not-evaluated');
    expect(entries.map((entry) => entry.reasons)).toEqual([
      ['sts:AssumeRole failed with AccessDenied: not authorized to perform: sts:AssumeRole'],
      ['sts:AssumeRole failed with AccessDenied: not authorized to perform: sts:AssumeRole'],
      [describeError(throttled(MEMBER, 'us-east-1'))],
    ]);
    expect(entries[2]?.reasons[0]).toBe('kafka:ListClustersV2 failed with ThrottlingException: Rate exceeded');
  });

  it('marks opt-in regions the account has not enabled as skipped', () => {
    const skipped = computeCoverage(estate()).entries.filter((e) => e.status === 'skipped');
    expect(skipped).toEqual([
      { account: ACCOUNT, region: 'ap-east-1', status: 'skipped', reasons: ['opt-in region not enabled in this account'] },
      { account: ACCOUNT, region: 'me-south-1', status: 'skipped', reasons: ['opt-in region not enabled in this account'] },
      { account: MEMBER, region: 'af-south-1', status: 'skipped', reasons: ['opt-in region not enabled in this account'] },
    ]);
  });

  it('is complete when every account-region is complete, skipped regions notwithstanding', () => {
    const inventory = inventoryOf([accountRegion(), accountRegion((r) => (r.region = 'us-east-1'))]);
    inventory.accounts[0]!.skippedRegions = ['ap-east-1'];

    const coverage = computeCoverage(inventory);

    expect(coverage.counts).toEqual({ complete: 2, partial: 0, 'not-evaluated': 0, skipped: 1 });
    expect(coverage.complete).toBe(true);
  });

  it('is not complete with a single partial account-region', () => {
    const coverage = computeCoverage(inventoryOf([accountRegion(), accountRegion((r) => (r.errors = [accessDenied('kafka', 'ListKafkaVersions')]))]));
    expect(coverage.counts).toEqual({ complete: 1, partial: 1, 'not-evaluated': 0, skipped: 0 });
    expect(coverage.complete).toBe(false);
  });

  it('is not complete with a single not-evaluated account-region', () => {
    const coverage = computeCoverage(
      inventoryOf([accountRegion((r) => (r.clusters = unavailable(accessDenied('kafka', 'ListClustersV2'))))]),
    );
    expect(coverage.entries).toEqual([
      {
        account: ACCOUNT,
        region: 'eu-west-1',
        status: 'not-evaluated',
        reasons: ['kafka:ListClustersV2 failed with AccessDeniedException: User is not authorized to perform: kafka:ListClustersV2'],
      },
    ]);
    expect(coverage.complete).toBe(false);
  });

  it('counts zero of everything for an empty inventory', () => {
    expect(computeCoverage(inventoryOf([]))).toEqual({
      entries: [],
      counts: { complete: 0, partial: 0, 'not-evaluated': 0, skipped: 0 },
      complete: true,
    });
  });

  it('does not modify the inventory', () => {
    const inventory = estate();
    const before = structuredClone(inventory);
    computeCoverage(inventory);
    expect(inventory).toEqual(before);
  });
});

describe('accountRegionCoverage with the findings of the account-region', () => {
  const finding = (checkId: string, status: Finding['status']) => ({ checkId, status }) as Finding;

  it('is partial when every call succeeded but some verdicts are NOT_AVAILABLE, naming the checks and their counts', () => {
    const entry = accountRegionCoverage(accountRegion(), [
      finding('msk-b', 'NOT_AVAILABLE'),
      finding('msk-a', 'PASSED'),
      finding('msk-b', 'NOT_AVAILABLE'),
      finding('msk-a', 'NOT_AVAILABLE'),
      finding('msk-c', 'FAILED'),
    ]);
    expect(entry.status).toBe('partial');
    expect(entry.reasons).toEqual(['every call succeeded, but some verdicts are NOT_AVAILABLE (values the checks cannot judge): msk-a (1), msk-b (2)']);
  });

  it('stays complete when every verdict was given, and gives collection errors alone when there are some', () => {
    expect(accountRegionCoverage(accountRegion(), [finding('msk-a', 'PASSED'), finding('msk-b', 'NOT_APPLICABLE')]).status).toBe('complete');
    const partial = accountRegionCoverage(accountRegion((r) => (r.errors = [accessDenied('kafka', 'ListKafkaVersions')])), [finding('msk-a', 'NOT_AVAILABLE')]);
    expect(partial.reasons).toEqual([describeError(accessDenied('kafka', 'ListKafkaVersions'))]);
  });

  it('folds a reason spanning lines into one line', () => {
    const error = { ...accessDenied('kafka', 'ListKafkaVersions'), message: 'Deserialization error:\n  to see the raw response\n inspect the hidden field' };
    const entry = accountRegionCoverage(accountRegion((r) => (r.errors = [error])));
    expect(entry.reasons).toHaveLength(1);
    expect(entry.reasons[0]).not.toMatch(/[\r\n]/);
    expect(entry.reasons[0]).toContain('Deserialization error: to see the raw response inspect the hidden field');
  });
});
