/**
 * Issue 10, "Faults during a full organization scan": throttling storms on each of the fifteen services the scan
 * calls (storm-targets.ts) during a full `--org` scan of the example estate, published to Security Hub: all of them at
 * once, each clearing within the retries (the scan must equal the clean one exactly), then each alone, never
 * clearing (the verdicts it costs are NOT_AVAILABLE and their account-regions say why). Every scenario keeps every
 * invariant of org-fault-harness.ts, and a re-run after it converges to the clean run and the clean hub.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ESTATE_PATH, loadEstate, startSandbox } from '../../src/sandbox/index.js';
import { runScenario, SCENARIO_TIMEOUT_MS, startSuite, type SuiteContext } from './org-fault-harness.js';
import { CLEARING, NEVER_CLEARING, TARGETS } from './storm-targets.js';

let context: SuiteContext;
beforeAll(async () => {
  context = await startSuite(async () => startSandbox({ estate: await loadEstate(EXAMPLE_ESTATE_PATH) }), true);
});
afterAll(async () => {
  await context?.sandbox.close();
});

describe('throttling storms during an organization scan', () => {
  it('cover every service the scan calls, clearing and never clearing', () => {
    expect(Object.keys(TARGETS).sort()).toEqual(
      ['account', 'acm-pca', 'cloudtrail', 'ec2', 'iam', 'kafka', 'kafkaconnect', 'kms', 'lambda', 'logs', 'organizations', 's3', 'secretsmanager', 'securityhub', 'sts'].sort(),
    );
    expect(CLEARING.faults).toHaveLength(15);
    expect(NEVER_CLEARING).toHaveLength(15);
  });

  it(CLEARING.name, async () => {
    const { violations } = await runScenario(context, CLEARING, true);
    expect(violations).toEqual([]);
  }, SCENARIO_TIMEOUT_MS);

  it.each(NEVER_CLEARING.map((scenario) => [scenario.name, scenario] as const))('%s', async (_name, scenario) => {
    const { violations } = await runScenario(context, scenario, true);
    expect(violations).toEqual([]);
  }, SCENARIO_TIMEOUT_MS);
});
