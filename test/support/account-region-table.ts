import { describe, expect, it } from 'vitest';
import type { AccountRegionInventory, Baseline } from '../../src/inventory/index.js';
import { DEFAULT_THRESHOLDS, STATUSES, type AccountRegionCheck, type Severity, type Status, type Thresholds, type Verdict } from '../../src/check/index.js';

export interface AccountRegionCase {
  name: string;
  inventory: AccountRegionInventory;
  thresholds?: Partial<Thresholds>;
  baseline?: Baseline;
  /** For checks that report one verdict per subject: every subject's status, in order (the table's status must be among them). */
  subjects?: Status[];
  reason?: RegExp;
  severity?: Severity;
}

export type AccountRegionTable = Record<Status, AccountRegionCase[]>;

/** The account-region counterpart of checkTable: every status needs a case; each verdict is well-formed. */
export function accountRegionTable(check: AccountRegionCheck, table: AccountRegionTable): void {
  describe(check.meta.id, () => {
    for (const status of STATUSES) {
      it(`has ${status} cases`, () => {
        expect(table[status].length, `${check.meta.id} needs at least one ${status} case`).toBeGreaterThan(0);
      });
      for (const testCase of table[status]) {
        it(`${status}: ${testCase.name}`, () => {
          const outcome = check.evaluate({
            account: testCase.inventory.account,
            region: testCase.inventory.region,
            inventory: testCase.inventory,
            thresholds: { ...DEFAULT_THRESHOLDS, ...testCase.thresholds },
            ...(testCase.baseline ? { baseline: testCase.baseline } : {}),
          });
          const verdicts: Verdict[] = Array.isArray(outcome) ? outcome : [outcome];
          if (testCase.subjects) {
            expect(Array.isArray(outcome)).toBe(true);
            expect(verdicts.map((v) => v.status)).toEqual(testCase.subjects);
            expect(new Set((outcome as { subject: { key: string } }[]).map((v) => v.subject.key)).size).toBe(verdicts.length);
          } else {
            expect(Array.isArray(outcome)).toBe(false);
          }
          const verdict = verdicts.find((v) => v.status === status);
          expect(verdict, `no ${status} verdict: ${verdicts.map((v) => `${v.status} ${v.reason}`).join(' | ')}`).toBeDefined();
          expect(verdict!.reason).toMatch(/^[A-Z].*[.)]$/s);
          if (testCase.reason) expect(verdict!.reason).toMatch(testCase.reason);
          expect(verdict!.severity).toBe(testCase.severity);
          for (const v of verdicts) {
            expect(JSON.parse(JSON.stringify(v.evidence))).toEqual(v.evidence);
            expect(Object.keys(v.evidence).length).toBeGreaterThan(0);
          }
        });
      }
    }
  });
}
