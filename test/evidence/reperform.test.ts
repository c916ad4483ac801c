import { describe, expect, it } from 'vitest';
import { buildEvidencePack, describeReperformance, evidenceFilesFor, packParamsFromResult, reperformPack } from '../../src/evidence/index.js';
import type { HeldScanResult, ScanResult } from '../../src/engine/scan-result.js';
import { UsageError } from '../../src/errors.js';
import { builtinChecks } from '../../checks/index.js';
import { DEFAULT_THRESHOLDS } from '../../src/check/index.js';
import { renderJson } from '../../reports/index.js';
import { rezip } from './craft.js';
import { plan, REPORT_HTML, scanFixture } from './fixtures.js';

function packOf(result: ScanResult, inventory: unknown, edit?: (result: HeldScanResult) => void): Uint8Array {
  const packed: HeldScanResult = { ...structuredClone(result), findings: [...result.findings].map((finding) => structuredClone(finding)) };
  edit?.(packed);
  return buildEvidencePack(evidenceFilesFor(packed, { inventory: JSON.stringify(inventory), findingsJson: renderJson(packed), reportHtml: REPORT_HTML }), packParamsFromResult(packed));
}

const { result, inventory } = scanFixture();
const legacyTls = result.findings.find((f) => f.resource.name === 'legacy' && f.checkId === 'msk-tls-client-broker')!;

describe('reperformPack', () => {
  it('re-evaluates inventory.json and finds every verdict identical', () => {
    const outcome = reperformPack(packOf(result, inventory), plan());
    expect(outcome.ok).toBe(true);
    expect(outcome.integrity.ok).toBe(true);
    expect(outcome.mismatches).toEqual([]);
    expect(outcome.compared).toBe(result.findings.length);
    expect(outcome.matched).toBe(result.findings.length);
    expect(outcome.scanId).toBe(result.scanId);
    expect(outcome.parameters).toBe('pack');
    expect(outcome.result?.findings.map((f) => f.id)).toEqual(result.findings.map((f) => f.id));
  });

  it('lists every verdict that differs: status, reason, both, and verdicts on one side only', () => {
    const [first, second, third, fourth] = result.findings.filter((f) => f.id !== legacyTls.id);
    const zip = packOf(result, inventory, (packed) => {
      const find = (id: string) => packed.findings.find((f) => f.id === id)!;
      find(legacyTls.id).status = 'PASSED'; // the classic false PASS
      find(first!.id).reason = 'Everything is fine.';
      find(second!.id).status = 'NOT_AVAILABLE';
      find(second!.id).reason = 'Could not tell.';
      packed.findings = packed.findings.filter((f) => f.id !== third!.id);
      packed.findings.push({ ...fourth!, id: 'msk-audit/invented/arn:aws:kafka:eu-west-1:111122223333:cluster/ghost/1' });
    });
    const outcome = reperformPack(zip, plan());
    expect(outcome.ok).toBe(false);
    expect(outcome.integrity.ok).toBe(true);
    const byId = new Map(outcome.mismatches.map((m) => [m.id, m]));
    expect(byId.get(legacyTls.id)).toMatchObject({ kind: 'status', packed: { status: 'PASSED' }, reperformed: { status: 'FAILED' }, checkId: 'msk-tls-client-broker' });
    expect(byId.get(first!.id)).toMatchObject({ kind: 'reason', packed: { reason: 'Everything is fine.' }, reperformed: { reason: first!.reason } });
    expect(byId.get(second!.id)?.kind).toBe('status-and-reason');
    expect(byId.get(third!.id)).toMatchObject({ kind: 'only-in-reperformance', reperformed: { status: third!.status } });
    expect(byId.get('msk-audit/invented/arn:aws:kafka:eu-west-1:111122223333:cluster/ghost/1')?.kind).toBe('only-in-pack');
    expect(outcome.mismatches).toHaveLength(5);
    const lines = describeReperformance(outcome);
    expect(lines[0]).toMatch(new RegExp(`^re-performed ${outcome.compared} verdict\\(s\\) of scan ${result.scanId} .*: ${outcome.compared - 5} match, 5 differ$`));
    expect(lines.find((line) => line.includes(legacyTls.id))).toMatch(/status .*pack PASSED .*re-performed FAILED/);
    expect(outcome.mismatches.map((m) => m.id)).toEqual([...outcome.mismatches.map((m) => m.id)].sort());
  });

  it('re-runs with the parameters the pack records (checks, thresholds, tag filters) unless told to use the plan', () => {
    const narrow = plan({
      checks: builtinChecks.filter((c) => ['msk-at-rest-key-rotation', 'msk-tls-client-broker'].includes(c.meta.id)),
      thresholds: { ...DEFAULT_THRESHOLDS, keyRotationMaxDays: 90 },
      tagFilters: { 'pci-scope': 'cde' },
    });
    const { result: narrowResult, inventory: inv } = scanFixture(narrow);
    const zip = packOf(narrowResult, inv);
    const asPacked = reperformPack(zip, plan());
    expect(asPacked.ok).toBe(true);
    expect(asPacked.result?.scope.checkIds.sort()).toEqual(['msk-at-rest-key-rotation', 'msk-tls-client-broker']);
    expect(asPacked.result?.thresholds.keyRotationMaxDays).toBe(90);

    const asPlanned = reperformPack(zip, plan(), { parameters: 'plan' });
    expect(asPlanned.ok).toBe(false);
    expect(asPlanned.parameters).toBe('plan');
    expect(asPlanned.mismatches.some((m) => m.kind === 'only-in-reperformance')).toBe(true);
  });

  it('does not re-perform a pack that fails its hash check', () => {
    const tampered = rezip(packOf(result, inventory), (entries) => {
      const inv = Buffer.from(entries.get('inventory.json')!);
      inv[20] = inv[20]! ^ 1;
      entries.set('inventory.json', inv);
    });
    const outcome = reperformPack(tampered, plan());
    expect(outcome.ok).toBe(false);
    expect(outcome.integrity.problems[0]?.file).toBe('inventory.json');
    expect(outcome.result).toBeUndefined();
    expect(describeReperformance(outcome)).toEqual(['not re-performed: the pack failed its integrity check', expect.stringContaining('  inventory.json: ')]);
  });

  it('throws a UsageError without inventory.json, for a check the plan lacks, or an invalid inventory', () => {
    const noInventory = buildEvidencePack(evidenceFilesFor(result, { reportHtml: REPORT_HTML }), packParamsFromResult(result));
    expect(() => reperformPack(noInventory, plan())).toThrow(/no inventory.json/);
    const zip = packOf(result, inventory);
    expect(() => reperformPack(zip, plan({ checks: builtinChecks.slice(1) }))).toThrow(UsageError);
    expect(() => reperformPack(zip, plan({ checks: builtinChecks.slice(1) }))).toThrow(/not loaded/);
    const badInventory = packOf(result, { kind: 'msk-audit-inventory', schemaVersion: 999 });
    expect(() => reperformPack(badInventory, plan())).toThrow(/inventory.json in the pack: schema version 999/);
    expect(() => reperformPack(new Uint8Array([1, 2, 3]), plan())).toThrow(UsageError);
  });
});
