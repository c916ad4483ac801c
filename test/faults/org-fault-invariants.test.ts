/**
 * The fault suite's invariant checker (org-fault-harness.ts) on hand-made runs: each rule it promises to enforce
 * does flag a run that breaks it, so a scenario passing means something.
 */
import { describe, expect, it } from 'vitest';
import type { CoverageEntry } from '../../src/engine/coverage.js';
import type { Finding } from '../../src/engine/finding.js';
import type { ScanResult } from '../../src/engine/scan-result.js';
import type { FaultInput } from '../../src/sandbox/index.js';
import { archiveViolations, convergenceViolations, hubConvergenceViolations, scanViolations, type HubSnapshot, type ScanRun } from './org-fault-harness.js';

const A = '222222222222';
const B = '333333333333';

function finding(account: string, region: string, checkId: string, status: Finding['status'], reason = `${status.toLowerCase()} reason`): Finding {
  const arn = `arn:aws:kafka:${region}:${account}:cluster/c/1`;
  return { id: `msk-audit/${checkId}/${arn}`, checkId, status, reason, resource: { account, region, arn, type: 'AwsMskCluster', partition: 'aws', tags: {} } } as unknown as Finding;
}

function run(entries: CoverageEntry[], findings: Finding[]): ScanRun {
  const result = { coverage: { entries, counts: {}, complete: false }, findings } as unknown as ScanResult;
  return { result, findings, collection: {} as ScanRun['collection'] };
}

const complete = (account: string, region: string): CoverageEntry => ({ account, region, status: 'complete', reasons: [] });
const partial = (account: string, region: string, reason: string): CoverageEntry => ({ account, region, status: 'partial', reasons: [reason] });

const CLEAN = run(
  [complete(A, 'eu-west-1'), complete(B, 'eu-west-1')],
  [finding(A, 'eu-west-1', 'msk-at-rest-cmk', 'PASSED'), finding(A, 'eu-west-1', 'msk-tls-in-cluster', 'FAILED'), finding(B, 'eu-west-1', 'msk-at-rest-cmk', 'PASSED')],
);
const DENIED: FaultInput = { kind: 'access-denied', service: 'kms', operation: 'DescribeKey', account: A };
const REASON = 'kms:DescribeKey failed with AccessDeniedException: denied';

describe('the fault invariants', () => {
  it('accept a faulted run that loses a verdict loudly: NOT_AVAILABLE, its account-region partial naming the operation', () => {
    const faulted = run(
      [partial(A, 'eu-west-1', REASON), complete(B, 'eu-west-1')],
      [finding(A, 'eu-west-1', 'msk-at-rest-cmk', 'NOT_AVAILABLE', REASON), CLEAN.findings[1]!, CLEAN.findings[2]!],
    );
    expect(scanViolations(CLEAN, faulted, { faults: [DENIED], costs: true })).toEqual([]);
  });

  it('flag a PASSED verdict where the clean run failed, and a verdict lost in an account-region reported complete', () => {
    const faulted = run(CLEAN.result.coverage.entries, [
      finding(A, 'eu-west-1', 'msk-at-rest-cmk', 'NOT_AVAILABLE', REASON),
      finding(A, 'eu-west-1', 'msk-tls-in-cluster', 'PASSED'),
      CLEAN.findings[2]!,
    ]);
    const violations = scanViolations(CLEAN, faulted, { faults: [DENIED] });
    expect(violations.some((v) => /msk-tls-in-cluster.*PASSED under the fault but FAILED/.test(v))).toBe(true);
    expect(violations.some((v) => /msk-at-rest-cmk.*lost its verdict.*reported complete/.test(v))).toBe(true);
  });

  it('flag a PASSED verdict whose reason changed (a fact it cited was not read) unless it says which fact it lacked', () => {
    const changed = (reason: string) =>
      run([partial(A, 'eu-west-1', REASON), complete(B, 'eu-west-1')], [finding(A, 'eu-west-1', 'msk-at-rest-cmk', 'PASSED', reason), CLEAN.findings[1]!, CLEAN.findings[2]!]);
    expect(scanViolations(CLEAN, changed('passed on other facts'), { faults: [DENIED] })).toHaveLength(1);
    expect(scanViolations(CLEAN, changed('passed; the log group could not be read'), { faults: [DENIED] })).toEqual([]);
  });

  it('flag a duplicate id, a vanished account-region and a missing finding', () => {
    const faulted = run([partial(A, 'eu-west-1', REASON)], [CLEAN.findings[0]!, CLEAN.findings[0]!, CLEAN.findings[1]!]);
    const violations = scanViolations(CLEAN, faulted, { faults: [DENIED] });
    expect(violations).toContain(`duplicate finding id ${CLEAN.findings[0]!.id}`);
    expect(violations).toContain(`coverage lost the account-region ${B} eu-west-1`);
    expect(violations.some((v) => v.startsWith(`${CLEAN.findings[2]!.id} (PASSED in the clean run) is missing`))).toBe(true);
  });

  it('flag coverage that changed where no fault reaches, a lost completeness that does not name the fault, and a fault that cost nothing', () => {
    const elsewhere = run([complete(A, 'eu-west-1'), partial(B, 'eu-west-1', 'ec2:DescribeSecurityGroups failed with X: y')], CLEAN.findings);
    const violations = scanViolations(CLEAN, elsewhere, { faults: [DENIED] });
    expect(violations.some((v) => v.startsWith(`coverage of ${B} eu-west-1 changed although no fault reaches it`))).toBe(true);
    expect(violations.some((v) => v.startsWith(`coverage of ${B} eu-west-1 lost completeness but no reason names the fault`))).toBe(true);
    expect(scanViolations(CLEAN, CLEAN, { faults: [DENIED], costs: true })).toEqual(['the fault cost nothing: no account-region lost completeness']);
  });

  it('flag a fault meant to clear that changed anything', () => {
    const faulted = run([partial(A, 'eu-west-1', REASON), complete(B, 'eu-west-1')], [finding(A, 'eu-west-1', 'msk-at-rest-cmk', 'NOT_AVAILABLE', REASON), ...CLEAN.findings.slice(1)]);
    expect(scanViolations(CLEAN, faulted, { faults: [DENIED], clears: true }).filter((v) => v.startsWith('a fault that clears'))).toHaveLength(2);
  });

  it('flag a re-run that does not converge', () => {
    const rerun = run(CLEAN.result.coverage.entries, [CLEAN.findings[0]!, finding(A, 'eu-west-1', 'msk-tls-in-cluster', 'FAILED', 'other reason')]);
    const violations = convergenceViolations(CLEAN, rerun);
    expect(violations).toHaveLength(2);
    expect(violations[0]).toMatch(/msk-tls-in-cluster/);
    expect(violations[1]).toMatch(/is absent/);
  });

  it('flag an archive in an account-region that was not complete, and a hub that does not converge', () => {
    const f = (recordState: string, createdAt = '2026-01-01T00:00:00.000Z') => ({ recordState, compliance: 'PASSED', createdAt });
    const before: HubSnapshot = new Map([[`${A} eu-west-1`, new Map([['x', f('ACTIVE')], ['y', f('ACTIVE')]])]]);
    const after: HubSnapshot = new Map([[`${A} eu-west-1`, new Map([['x', f('ARCHIVED')], ['y', f('ACTIVE', '2026-02-02T00:00:00.000Z')], ['z', f('ACTIVE')]])]]);
    const partialRun = run([partial(A, 'eu-west-1', REASON)], []);
    expect(archiveViolations(before, after, partialRun)).toEqual([`x archived in ${A} eu-west-1, whose coverage is partial`]);
    expect(archiveViolations(before, after, run([complete(A, 'eu-west-1')], []))).toEqual([]);
    const hub = hubConvergenceViolations(before, after, run([complete(A, 'eu-west-1')], []));
    expect(hub).toHaveLength(3); // x archived, y's CreatedAt changed, z left ACTIVE
  });
});
