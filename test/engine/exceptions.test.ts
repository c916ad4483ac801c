import { describe, expect, it } from 'vitest';
import { applyExceptions, type RiskException } from '../../src/engine/exceptions.js';
import { parseExceptions } from '../../src/config/exceptions.js';
import { buildScanResult } from '../../src/audit.js';
import { DEFAULT_THRESHOLDS } from '../../src/check/index.js';
import { builtinChecks } from '../../checks/index.js';
import { available } from '../../src/inventory/index.js';
import { exitCodeFor, formatSummary } from '../../src/cli/terminal.js';
import { asffMapper } from '../../reports/asff.js';
import { accountRegion, provisionedCluster } from '../support/fixtures.js';
import { inventoryOf } from '../support/inventory.js';

const KNOWN = new Set(builtinChecks.map((check) => check.meta.id));
const exception = (overrides: Partial<RiskException> = {}): RiskException => ({
  id: 'exception-1',
  checkId: 'msk-tls-client-broker',
  resource: 'arn:aws:kafka:eu-west-1:111122223333:cluster/legacy/*',
  reason: 'Legacy consumers need plaintext until the Q1 migration.',
  owner: 'payments-platform@example.com',
  expires: '2026-12-31',
  ...overrides,
});

/** Two clusters failing the TLS check: `legacy` (covered by the exception) and `payments`. */
function scan(exceptions: RiskException[], finishedAt = new Date('2026-11-23T12:00:00Z')) {
  const plaintext = (name: string) =>
    provisionedCluster((c) => {
      c.ClusterName = name;
      c.ClusterArn = `arn:aws:kafka:eu-west-1:111122223333:cluster/${name}/0b6e5c0e-aaaa-4a8b-9d1e-00000000000${name.length}`;
      c.Provisioned!.EncryptionInfo!.EncryptionInTransit!.ClientBroker = 'TLS_PLAINTEXT';
    });
  const inventory = inventoryOf([accountRegion((r) => (r.clusters = available([plaintext('legacy'), plaintext('payments')])))]);
  const plan = { checks: builtinChecks.filter((c) => c.meta.id === 'msk-tls-client-broker'), thresholds: DEFAULT_THRESHOLDS, severityOverrides: {}, tagFilters: {}, exceptions };
  return buildScanResult(inventory, plan, { startedAt: finishedAt, finishedAt, scanId: 's' });
}

describe('accepted risks', () => {
  it('marks the covered FAILED finding accepted, keeps its status, and stops it gating the exit code', () => {
    const result = scan([exception()]);
    const [legacy, payments] = result.findings;
    expect(legacy).toMatchObject({ status: 'FAILED', accepted: { exceptionId: 'exception-1', owner: 'payments-platform@example.com', expires: '2026-12-31' } });
    expect(payments!.accepted).toBeUndefined();
    expect(result.summary.accepted).toBe(1);
    expect(result.exceptions).toEqual({ applied: [{ exception: exception(), findingIds: [legacy!.id] }], expired: [] });
    expect(exitCodeFor(result, 'LOW')).toBe(1); // payments still fails
    const onlyLegacy = scan([exception({ resource: 'arn:aws:kafka:eu-west-1:111122223333:cluster/*' })]);
    expect(exitCodeFor(onlyLegacy, 'LOW')).toBe(0);
  });

  it('imports an accepted finding into Security Hub as WARNING with who, until when and why', () => {
    const result = scan([exception()]);
    const asff = asffMapper(result)(result.findings[0]!, { now: new Date('2026-11-23T12:00:00Z') });
    expect(asff.Compliance?.Status).toBe('WARNING');
    expect(asff.Compliance?.StatusReasons?.[0]).toEqual({
      ReasonCode: 'ACCEPTED_RISK',
      Description: 'Accepted risk exception-1 (owner payments-platform@example.com, until 2026-12-31): Legacy consumers need plaintext until the Q1 migration.',
    });
  });

  it('stops applying an expired exception and flags it', () => {
    const result = scan([exception({ expires: '2026-11-22' })]);
    expect(result.findings.every((f) => f.accepted === undefined)).toBe(true);
    expect(result.exceptions?.expired.map((e) => [e.exception.id, e.findingIds.length])).toEqual([['exception-1', 1]]);
    expect(formatSummary(result)).toMatch(/EXPIRED {3}exception exception-1 \(msk-tls-client-broker, owner payments-platform@example\.com\) expired 2026-11-22; 1 finding\(s\)/);
    // The last day still holds.
    expect(scan([exception({ expires: '2026-11-23' })]).summary.accepted).toBe(1);
  });

  it('never accepts a missing verdict', () => {
    const findings = scan([]).findings.map((f) => ({ ...f, status: 'NOT_AVAILABLE' as const }));
    applyExceptions(findings, [exception()], '2026-11-23');
    expect(findings.every((f) => f.accepted === undefined)).toBe(true);
  });

  it.each([
    [{ exceptions: [{ ...exception(), id: undefined, checkId: 'msk-bogus' }] }, /exceptions\.0\.checkId: unknown check id msk-bogus/],
    [{ exceptions: [{ ...exception(), expires: '31/12/2026' }] }, /exceptions\.0\.expires: must be a date YYYY-MM-DD/],
    [{ exceptions: [{ ...exception(), reason: 'ok' }] }, /exceptions\.0\.reason: must say why/],
    [{ exceptions: [exception(), exception()] }, /exceptions\.1\.id: duplicate id exception-1/],
    [{ exception: [] }, /\(top level\)|exceptions/],
  ])('rejects a bad exceptions file with one clear line: %j', (json, message) => {
    expect(() => parseExceptions(json, 'risks.json', KNOWN)).toThrow(message);
  });
});
