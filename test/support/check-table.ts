import { describe, expect, it } from 'vitest';
import type { AccountRegionInventory, MskCluster } from '../../src/inventory/index.js';
import { DEFAULT_THRESHOLDS, STATUSES, type ClusterCheck, type Severity, type Status, type Thresholds } from '../../src/check/index.js';
import { accountRegion } from './fixtures.js';

export interface CheckCase {
  name: string;
  cluster: MskCluster;
  inventory?: AccountRegionInventory;
  thresholds?: Partial<Thresholds>;
  /** The reason must match this. */
  reason?: RegExp;
  /** The verdict must carry this severity override. */
  severity?: Severity;
}

export type CheckTable = Record<Status, CheckCase[]>;

/**
 * ESLint RuleTester, for checks: every status must have at least one case, each case must yield exactly
 * its status, a one-sentence reason and JSON evidence; none may throw.
 */
export function checkTable(check: ClusterCheck, table: CheckTable): void {
  describe(check.meta.id, () => {
    for (const status of STATUSES) {
      it(`has ${status} cases`, () => {
        expect(table[status].length, `${check.meta.id} needs at least one ${status} case`).toBeGreaterThan(0);
      });
      for (const testCase of table[status]) {
        it(`${status}: ${testCase.name}`, () => {
          const inventory = testCase.inventory ?? accountRegion();
          const verdict = check.evaluate(testCase.cluster, {
            account: inventory.account,
            region: inventory.region,
            inventory,
            thresholds: { ...DEFAULT_THRESHOLDS, ...testCase.thresholds },
          });
          expect(verdict.status, verdict.reason).toBe(status);
          expect(verdict.reason).toMatch(/^[A-Z].*[.)]$/s);
          if (testCase.reason) expect(verdict.reason).toMatch(testCase.reason);
          expect(verdict.severity).toBe(testCase.severity);
          expect(JSON.parse(JSON.stringify(verdict.evidence))).toEqual(verdict.evidence);
          expect(Object.keys(verdict.evidence).length).toBeGreaterThan(0);
        });
      }
    }
  });
}
