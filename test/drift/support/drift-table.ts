import { describe, expect, it } from 'vitest';
import type { AccountRegionInventory, Baseline, MskCluster } from '../../../src/inventory/index.js';
import {
  DEFAULT_THRESHOLDS,
  STATUSES,
  type AccountRegionCheck,
  type ClusterCheck,
  type Severity,
  type Status,
  type SubjectVerdict,
  type Verdict,
} from '../../../src/check/index.js';
import { accountRegion } from '../../support/fixtures.js';

export interface DriftCase {
  name: string;
  baseline: Baseline | undefined;
  /** Cluster checks: the cluster judged. */
  cluster?: MskCluster;
  inventory?: AccountRegionInventory;
  reason?: RegExp;
  severity?: Severity;
  /** Account-region checks: the subject keys (cluster ARNs) of the SubjectVerdicts, in order; absent = a single Verdict. */
  subjects?: string[];
}

export type DriftTable = Record<Status, DriftCase[]>;

/** test/support/check-table.ts for checks that need a baseline in their context. */
export function driftTable(check: ClusterCheck | AccountRegionCheck, table: DriftTable): void {
  describe(check.meta.id, () => {
    for (const status of STATUSES) {
      it(`has ${status} cases`, () => {
        expect(table[status].length, `${check.meta.id} needs at least one ${status} case`).toBeGreaterThan(0);
      });
      for (const testCase of table[status]) {
        it(`${status}: ${testCase.name}`, () => {
          const inventory = testCase.inventory ?? accountRegion();
          const context = {
            account: inventory.account,
            region: inventory.region,
            inventory,
            thresholds: DEFAULT_THRESHOLDS,
            ...(testCase.baseline ? { baseline: testCase.baseline } : {}),
          };
          let verdicts: Verdict[];
          if (check.scope === 'account-region') {
            const outcome = check.evaluate(context);
            if (Array.isArray(outcome)) {
              expect(testCase.subjects, 'SubjectVerdicts returned: list their keys in the case').toBeDefined();
              expect(outcome.map((verdict: SubjectVerdict) => verdict.subject.key)).toEqual(testCase.subjects);
              for (const verdict of outcome) expect(verdict.subject.clusterArn).toBe(verdict.subject.key);
              verdicts = outcome;
            } else {
              expect(testCase.subjects, 'a single Verdict was returned').toBeUndefined();
              verdicts = [outcome];
            }
          } else {
            verdicts = [check.evaluate(testCase.cluster!, context)];
          }
          expect(verdicts.length).toBeGreaterThan(0);
          for (const verdict of verdicts) {
            expect(verdict.status, verdict.reason).toBe(status);
            expect(verdict.reason).toMatch(/^[A-Z].*[.)]$/s);
            if (testCase.reason) expect(verdict.reason).toMatch(testCase.reason);
            expect(verdict.severity).toBe(testCase.severity);
            expect(JSON.parse(JSON.stringify(verdict.evidence))).toEqual(verdict.evidence);
            expect(Object.keys(verdict.evidence).length).toBeGreaterThan(0);
          }
        });
      }
    }
  });
}
