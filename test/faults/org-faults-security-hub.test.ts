/**
 * Issue 10, "Faults during a full organization scan" — Security Hub: a hub not enabled in one account, findings
 * Security Hub rejects (BatchImportFindings FailedFindings), GetFindings failing, and a deleted cluster whose
 * account-region is only partly readable. Full `--org` scans of the example estate published with the scan's own
 * per-account credentials; every invariant of org-fault-harness.ts, plus what each fault means for the hub.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import { defineCheck, failed, type Severity } from '../../src/check/index.js';
import { EXAMPLE_ESTATE_PATH, loadEstate, startSandbox } from '../../src/sandbox/index.js';
import { archiveViolations, hubSnapshot, key, PROD, runScenario, SCENARIO_TIMEOUT_MS, scanOrg, scanViolations, startSuite, type Scenario, type SuiteContext } from './org-fault-harness.js';

/**
 * A custom check that always fails, LOW; while `rejected` is set its verdicts carry a severity Security Hub does not
 * accept, so BatchImportFindings answers FailedFindings (InvalidInput) for exactly its findings — findings the hub
 * already holds from the clean run. Status and reason do not change: the scan's verdicts are the clean ones.
 */
let rejected = false;
const REJECTABLE = defineCheck({
  meta: {
    id: 'custom-always-fails',
    title: 'A custom check that always fails',
    severity: 'LOW',
    resourceType: 'AwsMskCluster',
    rationale: 'Exercises Security Hub rejections.',
    remediation: { text: 'None.', url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-findings-format.html' },
    frameworks: {},
  },
  evaluate: () => failed('Always.', {}, (rejected ? 'SEVERE' : 'LOW') as Severity),
});
const CHECKS = [...builtinChecks, REJECTABLE];

const NOT_SUBSCRIBED = { errorCode: 'InvalidAccessException', status: 401, message: 'Account 222222222222 is not subscribed to AWS Security Hub' };

const SCENARIOS: Scenario[] = [
  {
    name: 'Security Hub not enabled in one account',
    faults: [{ kind: 'access-denied', service: 'securityhub', account: PROD, ...NOT_SUBSCRIBED }],
    // The scan itself is untouched.
    clears: true,
    also(faulted) {
      const entries = faulted.publication!.accountRegions.filter((e) => e.account === PROD);
      expect(entries.map((e) => `${e.region} ${e.status}`)).toEqual(['ap-east-1 hub-not-enabled', 'eu-west-1 hub-not-enabled', 'us-east-1 hub-not-enabled']);
      expect(faulted.publication!.complete).toBe(false);
    },
  },
  {
    name: 'GetFindings failing in one account-region (nothing can be known to archive)',
    faults: [{ kind: 'internal-error', service: 'securityhub', operation: 'GetFindings', account: PROD, region: 'eu-west-1' }],
    clears: true,
    maxAttempts: 2,
    also(faulted) {
      const entry = faulted.publication!.accountRegions.find((e) => e.account === PROD && e.region === 'eu-west-1')!;
      expect(entry.status === 'failed' || entry.archived === 0).toBe(true);
      expect(faulted.publication!.complete).toBe(false);
    },
  },
];

let context: SuiteContext;
beforeAll(async () => {
  context = await startSuite(async () => startSandbox({ estate: await loadEstate(EXAMPLE_ESTATE_PATH) }), true, CHECKS);
});
afterAll(async () => {
  await context?.sandbox.close();
});

describe('Security Hub faults during an organization scan', () => {
  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('%s', async (_name, scenario) => {
    const { violations } = await runScenario(context, scenario, true);
    expect(violations).toEqual([]);
  }, SCENARIO_TIMEOUT_MS);

  it('BatchImportFindings answering FailedFindings: listed with their code, the rest land, the hub keeps the old versions, a re-run converges', async () => {
    const clean = await context.clean();
    const before = hubSnapshot(context.sandbox, context.accountRegions);
    rejected = true;
    let faulted;
    try {
      faulted = await scanOrg(context.sandbox, [], { publish: true, checks: CHECKS });
    } finally {
      rejected = false;
    }
    expect(scanViolations(clean, faulted, { faults: [], clears: true })).toEqual([]);
    const after = hubSnapshot(context.sandbox, context.accountRegions);
    expect(archiveViolations(before, after, faulted)).toEqual([]);
    const publication = faulted.publication!;
    expect(publication.complete).toBe(false);
    let rejections = 0;
    for (const entry of publication.accountRegions.filter((e) => e.status === 'published')) {
      const expected = faulted.findings.filter((f) => f.checkId === REJECTABLE.meta.id && key(f.resource.account, f.resource.region) === key(entry.account, entry.region));
      expect(entry.failed.map((f) => f.id).sort()).toEqual(expected.map((f) => f.id).sort());
      for (const f of entry.failed) expect(f.code).toBe('InvalidInput');
      rejections += entry.failed.length;
      // The rejected findings keep their previous version: same CreatedAt, still ACTIVE, not archived.
      for (const f of expected) expect(after.get(key(entry.account, entry.region))!.get(f.id)).toEqual(before.get(key(entry.account, entry.region))!.get(f.id));
    }
    expect(rejections).toBeGreaterThan(0);
    expect(publication.totals.failed).toBe(rejections);
    // Once Security Hub accepts them again, everything is as after the clean run.
    const rerun = await scanOrg(context.sandbox, [], { publish: true, checks: CHECKS });
    expect(rerun.publication!.totals.failed).toBe(0);
    expect(hubSnapshot(context.sandbox, context.accountRegions)).toEqual(context.hub);
  });

  // Last: the estate changes for good.
  it('a cluster deleted while its account-region is only partly readable is never archived there; a complete re-run archives it', async () => {
    const { sandbox } = context;
    const clean = await context.clean();
    const gone = clean.result.clusters.find((c) => c.account === PROD && c.region === 'eu-west-1')!;
    const goneIds = new Set(clean.findings.filter((f) => f.resource.arn === gone.arn).map((f) => f.id));
    expect(goneIds.size).toBeGreaterThan(0);
    expect(sandbox.removeCluster(gone.arn)).toBe(true);
    const before = hubSnapshot(sandbox, context.accountRegions);
    // (Its NOT_APPLICABLE findings are archived already.)
    for (const id of goneIds) if (before.get(key(PROD, 'eu-west-1'))!.get(id)?.recordState !== 'ACTIVE') goneIds.delete(id);
    expect(goneIds.size).toBeGreaterThan(0);
    const faulted = await scanOrg(sandbox, [{ kind: 'access-denied', service: 'kafka', operation: 'GetClusterPolicy', account: PROD, region: 'eu-west-1' }], {
      publish: true,
      checks: CHECKS,
    });
    expect(faulted.result.coverage.entries.find((e) => e.account === PROD && e.region === 'eu-west-1')?.status).toBe('partial');
    const afterFault = hubSnapshot(sandbox, context.accountRegions);
    expect(archiveViolations(before, afterFault, faulted)).toEqual([]);
    const hub = afterFault.get(key(PROD, 'eu-west-1'))!;
    for (const id of goneIds) expect(hub.get(id)?.recordState).toBe('ACTIVE');

    const complete = await scanOrg(sandbox, [], { publish: true, checks: CHECKS });
    expect(complete.result.coverage.entries.find((e) => e.account === PROD && e.region === 'eu-west-1')?.status).toBe('complete');
    const afterComplete = hubSnapshot(sandbox, context.accountRegions).get(key(PROD, 'eu-west-1'))!;
    for (const id of goneIds) expect(afterComplete.get(id)).toMatchObject({ recordState: 'ARCHIVED', createdAt: hub.get(id)!.createdAt });
    // Nothing else was archived.
    const archivedNow = [...afterComplete].filter(([id, f]) => f.recordState === 'ARCHIVED' && hub.get(id)?.recordState === 'ACTIVE').map(([id]) => id);
    expect(new Set(archivedNow)).toEqual(goneIds);
  });
});
