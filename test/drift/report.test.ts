import { describe, expect, it } from 'vitest';
import { available, unavailable } from '../../src/inventory/index.js';
import { buildScanResult } from '../../src/audit.js';
import { DEFAULT_THRESHOLDS } from '../../src/check/index.js';
import { builtinChecks } from '../../checks/index.js';
import { DriftAccumulator } from '../../src/drift/report.js';
import { hasDrift } from '../../src/drift/types.js';
import { formatDriftReport } from '../../src/drift/format.js';
import { accessDenied, accountRegion, KEY_ARN, provisionedCluster, serverlessCluster } from '../support/fixtures.js';
import { inventoryOf } from '../support/inventory.js';
import { APPROVED_AT, approve, kafkaEvent, withEvents } from './support/fixtures.js';

const payments = provisionedCluster();
const events = serverlessCluster();
const ledger = provisionedCluster((c) => {
  c.ClusterArn = c.ClusterArn.replace('payments', 'ledger');
  c.ClusterName = 'ledger';
  c.Tags = {};
});
const approved = approve(accountRegion((r) => (r.clusters = available([payments, events]))));
const publicPayments = provisionedCluster((c) => {
  c.Provisioned!.BrokerNodeGroupInfo!.ConnectivityInfo = { PublicAccess: { Type: 'SERVICE_PROVIDED_EIPS' } };
  c.Provisioned!.BrokerNodeGroupInfo!.SecurityGroups = ['sg-open'];
});
const now = accountRegion((r) => {
  r.clusters = available([publicPayments, ledger]);
  withEvents([
    kafkaEvent({ name: 'UpdateConnectivity', publicAccessType: 'SERVICE_PROVIDED_EIPS' }),
    kafkaEvent({ name: 'CreateClusterV2', clusterArn: ledger.ClusterArn }),
  ])(r);
});

describe('DriftAccumulator', () => {
  it('reports added, removed and changed clusters with their attribution', () => {
    const drift = new DriftAccumulator(approved);
    drift.addAccountRegion(now);
    const report = drift.finish('2026-11-23T10:00:00.000Z');
    expect(report.summary).toEqual({ added: 1, removed: 1, changed: 1, unverified: 0, unchanged: 0, unexplained: 2 });
    expect(report.baseline).toMatchObject({ approvedAt: APPROVED_AT, clusters: 2, accountRegions: 1 });
    expect(report.added).toMatchObject([{ name: 'ledger', accountRegionInBaseline: true, attribution: { status: 'explained' } }]);
    expect(report.removed).toMatchObject([{ name: 'events', attribution: { status: 'unexplained' } }]);
    expect(report.changed[0]!.changes).toMatchObject([
      { field: 'connectivity.publicAccess', before: 'DISABLED', after: 'SERVICE_PROVIDED_EIPS', attribution: { status: 'explained', events: [{ name: 'UpdateConnectivity' }] } },
      { field: 'network.securityGroups', before: ['sg-0123456789abcdef0'], after: ['sg-open'], attribution: { status: 'unexplained' } },
    ]);
    expect(report.notCompared).toEqual([]);
    expect(hasDrift(report)).toBe(true);
    const text = formatDriftReport(report);
    expect(text).toContain('connectivity.publicAccess: "DISABLED" → "SERVICE_PROVIDED_EIPS" — explained by UpdateConnectivity at 2026-11-21T09:30:00.000Z');
    expect(text).toMatch(/removed {3}events arn:.*— unexplained: no successful DeleteCluster call/);
    expect(text).toMatch(/result {4}DRIFT$/);
  });

  it('finds no drift in the approved state itself', () => {
    const drift = new DriftAccumulator(approved);
    drift.addAccountRegion(accountRegion((r) => (r.clusters = available([payments, events]))));
    const report = drift.finish(APPROVED_AT);
    expect(report.summary).toMatchObject({ added: 0, removed: 0, changed: 0, unverified: 0, unchanged: 2 });
    expect(hasDrift(report)).toBe(false);
    expect(formatDriftReport(report)).toMatch(/result {4}no drift$/);
  });

  it('lists clusters with facts unavailable now as unverified, with the reason', () => {
    const drift = new DriftAccumulator(approved);
    drift.addAccountRegion(
      accountRegion((r) => {
        r.clusters = available([payments, events]);
        r.kmsKeys[KEY_ARN] = unavailable(accessDenied('kms', 'DescribeKey', KEY_ARN));
      }),
    );
    const report = drift.finish(APPROVED_AT);
    expect(report.summary).toMatchObject({ changed: 0, unverified: 1, unchanged: 1 });
    expect(report.unverified[0]!.unavailable!['kms.keyState']).toMatch(/AccessDeniedException/);
    expect(hasDrift(report)).toBe(true);
    expect(formatDriftReport(report)).toMatch(/kms\.keyState: "Enabled" → "\{unavailable\}" — not compared \(unavailable: the KMS key .* could not be described/);
  });

  it('says which approved account-regions it could not compare, and why', () => {
    const drift = new DriftAccumulator(approved);
    drift.addAccountRegion(accountRegion((r) => (r.clusters = unavailable(accessDenied('kafka', 'ListClustersV2')))));
    const denied = drift.finish(APPROVED_AT);
    expect(denied.summary.removed).toBe(0);
    expect(denied.notCompared).toEqual([
      { account: '111122223333', region: 'eu-west-1', reason: expect.stringMatching(/cluster list could not be collected: kafka:ListClustersV2 failed/) },
    ]);
    expect(new DriftAccumulator(approved).finish(APPROVED_AT).notCompared).toMatchObject([{ reason: expect.stringMatching(/not part of this comparison/) }]);
  });

  it('with a tag filter compares only tagged clusters and never reports an untagged one removed', () => {
    const drift = new DriftAccumulator(approved, { tagFilters: { env: 'prod' } });
    drift.addAccountRegion(accountRegion((r) => (r.clusters = available([publicPayments, events, ledger]))));
    const report = drift.finish(APPROVED_AT);
    expect(report.summary).toMatchObject({ added: 0, removed: 0, changed: 1 });
    expect(report.changed[0]!.name).toBe('payments');
  });
});

describe('buildScanResult with a baseline', () => {
  const plan = { checks: builtinChecks, thresholds: DEFAULT_THRESHOLDS, severityOverrides: {}, tagFilters: {} };
  const inventory = inventoryOf([now]);

  it('runs the drift checks and adds the drift report', () => {
    const result = buildScanResult(inventory, { ...plan, baseline: approved }, { startedAt: new Date() });
    expect(result.scope.checkIds).toContain('msk-drift-from-baseline');
    expect(result.scope.checkIds).toContain('msk-drift-cluster-removed');
    const drift = result.findings.filter((f) => f.checkId.startsWith('msk-drift-'));
    expect(drift.map((f) => [f.checkId, f.resource.name, f.status, f.severity])).toEqual([
      ['msk-drift-from-baseline', 'ledger', 'FAILED', 'MEDIUM'],
      ['msk-drift-from-baseline', 'payments', 'FAILED', 'HIGH'],
      ['msk-drift-cluster-removed', 'events', 'FAILED', 'HIGH'],
    ]);
    const removed = drift.find((f) => f.checkId === 'msk-drift-cluster-removed')!;
    expect(removed.resource).toMatchObject({ type: 'AwsMskCluster', arn: events.ClusterArn });
    expect(result.drift?.summary).toMatchObject({ added: 1, removed: 1, changed: 1 });
    expect(result.drift?.comparedAt).toBe(inventory.collectedAt);
  });

  it('without a baseline runs neither drift check and reports no drift', () => {
    const result = buildScanResult(inventory, plan, { startedAt: new Date() });
    expect(result.findings.filter((f) => f.checkId.startsWith('msk-drift-'))).toEqual([]);
    expect(result.scope.checkIds.filter((id) => id.startsWith('msk-drift-'))).toEqual([]);
    expect(result).not.toHaveProperty('drift');
  });
});
