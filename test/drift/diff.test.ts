import { describe, expect, it } from 'vitest';
import { available } from '../../src/inventory/index.js';
import { diffAccountRegion, diffStates, observationsOfBaseline, sameValue } from '../../src/drift/diff.js';
import { observeAccountRegion } from '../../src/drift/report.js';
import { SERVER_PROPERTIES_UNAVAILABLE, UNAVAILABLE } from '../../src/drift/types.js';
import { accountRegion, provisionedCluster, serverlessCluster } from '../support/fixtures.js';
import { approve } from './support/fixtures.js';

describe('diffStates', () => {
  const before = { 'cluster.state': 'ACTIVE', 'network.securityGroups': ['sg-1'], 'brokers.count': 3, 'kms.keyState': 'Enabled' };

  it('finds nothing when the state is the same', () => {
    expect(diffStates(before, { ...before, 'network.securityGroups': ['sg-1'] })).toEqual({ changes: [], unknown: [], notRecorded: [] });
  });

  it('lists every changed field with before and after, sorted by field', () => {
    const after = { ...before, 'network.securityGroups': ['sg-1', 'sg-2'], 'brokers.count': 6, 'cluster.state': null };
    expect(diffStates(before, after).changes).toEqual([
      { field: 'brokers.count', before: 3, after: 6 },
      { field: 'cluster.state', before: 'ACTIVE', after: null },
      { field: 'network.securityGroups', before: ['sg-1'], after: ['sg-1', 'sg-2'] },
    ]);
  });

  it('never calls an unavailable fact equal, nor a change: it is unknown', () => {
    const diff = diffStates(before, { ...before, 'kms.keyState': UNAVAILABLE });
    expect(diff.changes).toEqual([]);
    expect(diff.unknown).toEqual([{ field: 'kms.keyState', before: 'Enabled', after: UNAVAILABLE }]);
    const both = diffStates({ ...before, 'kms.keyState': UNAVAILABLE }, { ...before, 'kms.keyState': UNAVAILABLE });
    expect(both.unknown).toEqual([{ field: 'kms.keyState', before: UNAVAILABLE, after: UNAVAILABLE }]);
    expect(diffStates({ ...before, 'kms.keyState': UNAVAILABLE }, before).unknown).toHaveLength(1);
  });

  it('compares server properties added or removed with null', () => {
    const a = { 'serverProperties.x': '1', 'serverProperties.y': '2' };
    const b = { 'serverProperties.y': '3', 'serverProperties.z': '4' };
    expect(diffStates(a, b).changes).toEqual([
      { field: 'serverProperties.x', before: '1', after: null },
      { field: 'serverProperties.y', before: '2', after: '3' },
      { field: 'serverProperties.z', before: null, after: '4' },
    ]);
  });

  it('compares no server property when either configuration could not be read', () => {
    const diff = diffStates({ 'serverProperties.x': '1' }, { [SERVER_PROPERTIES_UNAVAILABLE]: UNAVAILABLE });
    expect(diff.changes).toEqual([]);
    expect(diff.unknown).toEqual([{ field: SERVER_PROPERTIES_UNAVAILABLE, before: null, after: UNAVAILABLE }]);
  });

  it('leaves fields only one side records (a newer msk-audit) out of the comparison, and says so', () => {
    const diff = diffStates(before, { ...before, 'clusterPolicy.sha256': 'abc' });
    expect(diff).toEqual({ changes: [], unknown: [], notRecorded: ['clusterPolicy.sha256'] });
  });

  it('compares lists element by element and never a list with a scalar', () => {
    expect(sameValue(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameValue(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(sameValue([], null)).toBe(false);
    expect(sameValue('3', 3)).toBe(false);
  });
});

describe('diffAccountRegion', () => {
  const payments = provisionedCluster();
  const events = serverlessCluster();
  const ledger = provisionedCluster((c) => {
    c.ClusterArn = c.ClusterArn.replace('payments', 'ledger');
    c.ClusterName = 'ledger';
  });
  const baseline = approve(accountRegion((r) => (r.clusters = available([payments, events]))));

  it('finds added, removed and compared clusters where the list is complete on both sides', () => {
    const changedPayments = provisionedCluster((c) => (c.Provisioned!.EnhancedMonitoring = 'DEFAULT'));
    const diff = diffAccountRegion(baseline, observeAccountRegion(accountRegion((r) => (r.clusters = available([changedPayments, ledger])))));
    expect(diff.comparable).toBe(true);
    expect(diff.added.map((c) => c.name)).toEqual(['ledger']);
    expect(diff.removed.map((c) => c.name)).toEqual(['events']);
    expect(diff.compared).toHaveLength(1);
    expect(diff.compared[0]!.diff.changes).toEqual([{ field: 'monitoring.enhanced', before: 'PER_TOPIC_PER_BROKER', after: 'DEFAULT' }]);
  });

  it('judges no removal where the baseline did not cover the account-region', () => {
    const elsewhere = accountRegion((r) => {
      r.region = 'us-east-1';
      r.clusters = available([]);
    });
    const diff = diffAccountRegion(baseline, observeAccountRegion(elsewhere));
    expect(diff).toMatchObject({ comparable: false, inBaseline: false, removed: [], added: [] });
  });

  it('judges nothing where the cluster list is missing now', () => {
    const observed = { account: baseline.accountRegions[0]!.account, region: 'eu-west-1', reason: 'denied' };
    expect(diffAccountRegion(baseline, observed)).toMatchObject({ comparable: false, inBaseline: true, removed: [], added: [], compared: [] });
  });

  it('reads a baseline document as observations (diff of two baselines)', () => {
    const observed = observationsOfBaseline(baseline);
    expect(observed).toHaveLength(1);
    expect(Object.keys(observed[0]!.clusters!)).toEqual([events.ClusterArn, payments.ClusterArn].sort());
    const diff = diffAccountRegion(baseline, observed[0]!);
    expect(diff.compared.every((c) => c.diff.changes.length === 0)).toBe(true);
  });
});
