import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STATUSES, type CheckMeta, type Status } from '../../src/check/index.js';
import type { Finding } from '../../src/engine/finding.js';
import {
  CONTROL_STATUSES,
  controlsMatrices,
  controlsMatrix,
  controlStatus,
  frameworkDefinition,
  frameworksInScope,
  SUPPORTED_FRAMEWORK_IDS,
  type ControlRow,
  type ControlStatus,
} from '../../src/frameworks/index.js';
import { scanResult } from '../reports/fixture.js';

describe('controlStatus', () => {
  it.each<[string, string[], boolean, ControlStatus]>([
    ['no check maps to it', [], false, 'NO_AUTOMATED_EVIDENCE'],
    ['checks map to it but produced no finding', [], true, 'NOT_AVAILABLE'],
    ['one PASSED', ['PASSED'], true, 'PASSED'],
    ['all PASSED', ['PASSED', 'PASSED', 'PASSED'], true, 'PASSED'],
    ['PASSED and NOT_APPLICABLE', ['NOT_APPLICABLE', 'PASSED'], true, 'PASSED'],
    ['all NOT_APPLICABLE', ['NOT_APPLICABLE', 'NOT_APPLICABLE'], true, 'NOT_APPLICABLE'],
    ['one NOT_AVAILABLE', ['NOT_AVAILABLE'], true, 'NOT_AVAILABLE'],
    ['PASSED and one NOT_AVAILABLE: never a pass', ['PASSED', 'PASSED', 'NOT_AVAILABLE'], true, 'NOT_AVAILABLE'],
    ['NOT_AVAILABLE first, then PASSED: never a pass', ['NOT_AVAILABLE', 'PASSED'], true, 'NOT_AVAILABLE'],
    ['NOT_APPLICABLE and NOT_AVAILABLE', ['NOT_APPLICABLE', 'NOT_AVAILABLE'], true, 'NOT_AVAILABLE'],
    ['one FAILED', ['FAILED'], true, 'FAILED'],
    ['PASSED and FAILED', ['PASSED', 'FAILED'], true, 'FAILED'],
    ['FAILED and NOT_AVAILABLE', ['NOT_AVAILABLE', 'FAILED'], true, 'FAILED'],
    ['FAILED and NOT_APPLICABLE', ['NOT_APPLICABLE', 'FAILED'], true, 'FAILED'],
    ['PASSED and an unknown status: no evidence', ['PASSED', 'WARNING'], true, 'NOT_AVAILABLE'],
    ['an empty-string status', [''], true, 'NOT_AVAILABLE'],
    ['findings but (inconsistently) no mapped check', ['PASSED'], false, 'PASSED'],
  ])('%s → %s', (_name, statuses, hasChecks, expected) => {
    expect(controlStatus(statuses, hasChecks)).toBe(expected);
  });

  it('is PASSED exactly when there is a PASSED finding and every finding is PASSED or NOT_APPLICABLE (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<string>(...STATUSES, 'WARNING', '')), fc.boolean(), (statuses, hasChecks) => {
        const status = controlStatus(statuses, hasChecks);
        const expectPass = statuses.includes('PASSED') && statuses.every((s) => s === 'PASSED' || s === 'NOT_APPLICABLE');
        expect(status === 'PASSED').toBe(expectPass);
        if (statuses.includes('NOT_AVAILABLE')) expect(status).not.toBe('PASSED');
        if (statuses.includes('FAILED')) expect(status).toBe('FAILED');
        expect(CONTROL_STATUSES).toContain(status);
      }),
      { numRuns: 2000 },
    );
  });
});

function row(rows: ControlRow[], id: string): ControlRow {
  const found = rows.find((r) => r.requirementId === id);
  if (!found) throw new Error(`no row ${id}`);
  return found;
}

const counts = (passed: number, failed: number, notApplicable: number, notAvailable: number): Record<Status, number> => ({
  PASSED: passed,
  FAILED: failed,
  NOT_APPLICABLE: notApplicable,
  NOT_AVAILABLE: notAvailable,
});

describe('controlsMatrix on the reports fixture', () => {
  const result = scanResult();

  it('lists every defined requirement in order, with its definition', () => {
    for (const framework of SUPPORTED_FRAMEWORK_IDS) {
      const matrix = controlsMatrix(result, framework);
      const definition = frameworkDefinition(framework);
      expect(matrix.framework).toEqual({ id: definition.id, name: definition.name, version: definition.version, label: definition.label });
      expect(matrix.rows.map((r) => r.requirementId)).toEqual(definition.requirements.map((r) => r.id));
      expect(matrix.rows.every((r) => r.defined)).toBe(true);
      expect(matrix.rows.map((r) => r.title)).toEqual(definition.requirements.map((r) => r.title));
      const total = Object.values(matrix.counts).reduce((a, b) => a + b, 0);
      expect(total).toBe(matrix.rows.length);
    }
  });

  it('PCI DSS: FAILED wins, PASSED only when all passed, unmapped requirements have no automated evidence', () => {
    const { rows } = controlsMatrix(result, 'pci-dss-4.0.1');
    const cmk = result.findings.filter((f) => f.checkId === 'msk-at-rest-cmk');
    expect(row(rows, '3.5.1')).toMatchObject({
      status: 'FAILED',
      checkIds: ['msk-at-rest-cmk'],
      findingIds: cmk.map((f) => f.id),
      counts: counts(0, 1, 0, 2),
    });
    expect(row(rows, '4.2.1')).toMatchObject({ status: 'FAILED', checkIds: ['msk-tls-client-broker'], counts: counts(1, 1, 0, 0) });
    expect(row(rows, '3.7.4')).toMatchObject({ status: 'FAILED', counts: counts(0, 1, 1, 0) });
    expect(row(rows, '1.4.1')).toMatchObject({ status: 'PASSED', checkIds: ['msk-public-access-disabled'], counts: counts(2, 0, 0, 0) });
    expect(row(rows, '10.5.1')).toMatchObject({ status: 'NO_AUTOMATED_EVIDENCE', checkIds: [], findingIds: [], counts: counts(0, 0, 0, 0) });
  });

  it('SOC 2, ISO and the Security Hub view', () => {
    expect(row(controlsMatrix(result, 'soc2').rows, 'CC7.2')).toMatchObject({ status: 'FAILED', checkIds: ['msk-enhanced-monitoring'] });
    expect(row(controlsMatrix(result, 'iso-27001-2022').rows, '8.24')).toMatchObject({ status: 'FAILED', checkIds: ['msk-at-rest-key-rotation'] });
    const fsbp = controlsMatrix(result, 'aws-fsbp').rows;
    expect(row(fsbp, 'MSK.4')).toMatchObject({ status: 'PASSED', checkIds: ['msk-public-access-disabled'], counts: counts(2, 0, 0, 0) });
    expect(row(fsbp, 'MSK.2')).toMatchObject({ status: 'FAILED', counts: counts(0, 1, 1, 0) });
    expect(row(fsbp, 'MSK.1').status).toBe('NO_AUTOMATED_EVIDENCE');
  });

  it('never reports PASSED when one mapped finding is NOT_AVAILABLE', () => {
    const r = scanResult();
    const publicAccess = r.findings.filter((f) => f.checkId === 'msk-public-access-disabled');
    publicAccess[1]!.status = 'NOT_AVAILABLE';
    expect(row(controlsMatrix(r, 'pci-dss-4.0.1').rows, '1.4.1')).toMatchObject({ status: 'NOT_AVAILABLE', counts: counts(1, 0, 0, 1) });
    expect(row(controlsMatrix(r, 'aws-fsbp').rows, 'MSK.4').status).toBe('NOT_AVAILABLE');
  });

  it('is NOT_APPLICABLE when every mapped finding is, PASSED with some NOT_APPLICABLE', () => {
    const r = scanResult();
    for (const f of r.findings.filter((f) => f.checkId === 'msk-public-access-disabled')) f.status = 'NOT_APPLICABLE';
    expect(row(controlsMatrix(r, 'pci-dss-4.0.1').rows, '1.4.1').status).toBe('NOT_APPLICABLE');
    r.findings.find((f) => f.checkId === 'msk-public-access-disabled')!.status = 'PASSED';
    expect(row(controlsMatrix(r, 'pci-dss-4.0.1').rows, '1.4.1').status).toBe('PASSED');
  });

  it('is NOT_AVAILABLE (no evidence) when mapped checks produced no finding', () => {
    const r = scanResult();
    r.findings = r.findings.filter((f) => f.checkId !== 'msk-public-access-disabled');
    expect(row(controlsMatrix(r, 'pci-dss-4.0.1').rows, '1.4.1')).toMatchObject({
      status: 'NOT_AVAILABLE',
      checkIds: ['msk-public-access-disabled'],
      findingIds: [],
    });
  });

  it('counts a finding under a requirement its own mapping or its check\'s names (the union), never dropping one', () => {
    const r = scanResult();
    // The finding lost its mapping, but its check still maps to PCI 1.4.1: the FAILED must still count.
    const f = r.findings.find((x) => x.checkId === 'msk-public-access-disabled')!;
    f.status = 'FAILED';
    f.frameworks = {};
    delete f.securityHubControl;
    expect(row(controlsMatrix(r, 'pci-dss-4.0.1').rows, '1.4.1').status).toBe('FAILED');
    expect(row(controlsMatrix(r, 'aws-fsbp').rows, 'MSK.4').status).toBe('FAILED');
    // A finding of a check missing from result.checks still counts under its own mapping.
    const orphan: Finding = { ...f, id: 'msk-audit/orphan/x', checkId: 'orphan', status: 'FAILED', frameworks: { 'pci-dss-4.0.1': ['7.3.3'] } };
    r.findings.push(orphan);
    expect(row(controlsMatrix(r, 'pci-dss-4.0.1').rows, '7.3.3')).toMatchObject({ status: 'FAILED', checkIds: ['orphan'], findingIds: ['msk-audit/orphan/x'] });
  });

  it('appends requirements a custom check names that the definition does not know', () => {
    const r = scanResult();
    const meta: CheckMeta = { ...r.checks[0]!, id: 'owner-tag', frameworks: { soc2: ['CC1.3'] } };
    delete meta.securityHubControl;
    r.checks.push(meta);
    r.findings.push({ ...r.findings[0]!, id: 'msk-audit/owner-tag/x', checkId: 'owner-tag', status: 'PASSED', frameworks: meta.frameworks });
    const rows = controlsMatrix(r, 'soc2').rows;
    expect(rows.at(-1)).toMatchObject({ requirementId: 'CC1.3', defined: false, title: '', status: 'PASSED', checkIds: ['owner-tag'] });
  });

  it('is deterministic', () => {
    expect(JSON.stringify(controlsMatrices(scanResult()))).toBe(JSON.stringify(controlsMatrices(structuredClone(result))));
  });
});

describe('frameworksInScope / controlsMatrices', () => {
  it('shows every framework by default, only the scoped one with --framework', () => {
    const r = scanResult();
    expect(frameworksInScope(r)).toEqual([...SUPPORTED_FRAMEWORK_IDS]);
    expect(controlsMatrices(r).map((m) => m.framework.id)).toEqual([...SUPPORTED_FRAMEWORK_IDS]);
    r.scope.framework = 'soc2';
    expect(frameworksInScope(r)).toEqual(['soc2']);
    expect(controlsMatrices(r).map((m) => m.framework.id)).toEqual(['soc2']);
  });

  it('refuses an unknown scoped framework instead of showing nothing', () => {
    const r = scanResult();
    r.scope.framework = 'hipaa';
    expect(() => controlsMatrices(r)).toThrow(/unknown framework "hipaa"/);
  });
});
