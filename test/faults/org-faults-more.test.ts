/**
 * Issue 10, "Faults during a full organization scan": 5xx bursts, connection resets, slow and broken responses,
 * unknown enum values, access denied per account / region / operation, an opt-in region that is not enabled, and
 * member-role sessions that expire mid-scan — each during a full `--org` scan of the example estate published to
 * Security Hub, each keeping every invariant of org-fault-harness.ts, each followed by a re-run that converges.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ESTATE_PATH, loadEstate, startSandbox } from '../../src/sandbox/index.js';
import { DEV, LEGACY, PROD, runScenario, SCENARIO_TIMEOUT_MS, scanOrg, SEC, startSuite, type Scenario, type SuiteContext } from './org-fault-harness.js';

const OPT_IN = 'ap-east-1';

/** The answer AWS gives in a region the account has not enabled (src/sandbox/dispatch.ts, `region`). */
const REGION_NOT_ENABLED = { errorCode: 'UnrecognizedClientException', status: 400, message: 'The security token included in the request is invalid.' };


/** The coverage reason of an account-region whose calls succeeded but whose values the checks cannot judge. */
const UNJUDGED_VALUES = /every call succeeded, but some verdicts are NOT_AVAILABLE/;

let expired = false;

const SCENARIOS: Scenario[] = [
  // 5xx bursts
  { name: 'internal errors that never clear (kafka:GetClusterPolicy)', faults: [{ kind: 'internal-error', service: 'kafka', operation: 'GetClusterPolicy', account: PROD, region: 'us-east-1' }], costs: true, maxAttempts: 2 },
  { name: 'an internal-error burst that clears (kms:DescribeKey)', faults: [{ kind: 'internal-error', service: 'kms', operation: 'DescribeKey', account: DEV, region: 'eu-west-1', count: 2 }], clears: true },
  { name: 'service unavailable, never clearing (cloudtrail:LookupEvents)', faults: [{ kind: 'service-unavailable', service: 'cloudtrail', operation: 'LookupEvents', account: SEC, region: 'eu-west-1' }], costs: true, maxAttempts: 2 },
  { name: 'a service-unavailable burst that clears (kafka:ListClustersV2)', faults: [{ kind: 'service-unavailable', service: 'kafka', operation: 'ListClustersV2', account: DEV, region: 'eu-west-1', count: 2 }], clears: true },
  // The network
  { name: 'connections reset, never clearing (ec2:DescribeSecurityGroups)', faults: [{ kind: 'connection-reset', service: 'ec2', operation: 'DescribeSecurityGroups', account: DEV, region: 'us-east-1' }], costs: true, maxAttempts: 2 },
  { name: 'a few connection resets that clear (kafka:ListKafkaVersions)', faults: [{ kind: 'connection-reset', service: 'kafka', operation: 'ListKafkaVersions', account: SEC, region: 'us-east-1', count: 2 }], clears: true },
  {
    name: 'slow responses (1.5 s) the client waits for (kafka:ListClustersV2)',
    faults: [{ kind: 'slow', service: 'kafka', operation: 'ListClustersV2', account: PROD, region: 'eu-west-1', delayMs: 1500, count: 1 }],
    clears: true,
  },
  // Broken bodies
  { name: 'a malformed body (kafka:ListClustersV2)', faults: [{ kind: 'malformed-body', service: 'kafka', operation: 'ListClustersV2', account: DEV, region: 'us-east-1' }], costs: true, maxAttempts: 2 },
  { name: 'a malformed body (kms:DescribeKey)', faults: [{ kind: 'malformed-body', service: 'kms', operation: 'DescribeKey', account: PROD, region: 'us-east-1' }], costs: true, maxAttempts: 2 },
  { name: 'a truncated body (cloudtrail:DescribeTrails)', faults: [{ kind: 'truncated-body', service: 'cloudtrail', operation: 'DescribeTrails', account: SEC, region: 'us-east-1' }], costs: true, maxAttempts: 2 },
  {
    name: 'a truncated body (kafka:DescribeConfigurationRevision)',
    faults: [{ kind: 'truncated-body', service: 'kafka', operation: 'DescribeConfigurationRevision', account: PROD, region: 'eu-west-1' }],
    costs: true,
    maxAttempts: 2,
  },
  // Values the scanner does not know: never a verdict on them. The verdicts are NOT_AVAILABLE, and the account-region's
  // coverage is partial (src/engine/coverage.ts), so --fail-on-incomplete trips and the summary says so.
  {
    name: 'unknown enum values (kafka:ListClustersV2)',
    faults: [{ kind: 'unknown-enum', service: 'kafka', operation: 'ListClustersV2', account: PROD, region: 'eu-west-1' }],
    reasonPattern: UNJUDGED_VALUES,
    costs: true,
  },
  { name: 'unknown enum values (kms:DescribeKey)', faults: [{ kind: 'unknown-enum', service: 'kms', operation: 'DescribeKey', account: DEV }], reasonPattern: UNJUDGED_VALUES, costs: true },
  // No account state is recognised: an unknown state is not a reason to drop an account, so every account is scanned.
  { name: 'unknown enum values (organizations:ListAccounts)', faults: [{ kind: 'unknown-enum', service: 'organizations', operation: 'ListAccounts' }] },
  { name: 'unknown enum values (account:ListRegions)', faults: [{ kind: 'unknown-enum', service: 'account', operation: 'ListRegions', account: PROD }] },
  // Access denied
  { name: 'access denied to everything in one account', faults: [{ kind: 'access-denied', account: PROD }], costs: true },
  { name: 'access denied in one region of one account', faults: [{ kind: 'access-denied', account: DEV, region: 'eu-west-1' }], costs: true },
  { name: 'one operation denied everywhere (kms:DescribeKey)', faults: [{ kind: 'access-denied', service: 'kms', operation: 'DescribeKey' }], costs: true },
  { name: 'one operation denied everywhere (logs:DescribeLogGroups)', faults: [{ kind: 'access-denied', service: 'logs', operation: 'DescribeLogGroups' }], costs: true },
  // The scan cannot even start: it must fail loudly (one line naming the call), never report a guess.
  { name: 'the caller cannot be identified (sts:GetCallerIdentity throttled, never clearing)', faults: [{ kind: 'throttle', service: 'sts', operation: 'GetCallerIdentity', account: SEC }], rejects: /sts:GetCallerIdentity/, maxAttempts: 2 },
  { name: 'the organization cannot be listed (organizations:ListAccounts throttled, never clearing)', faults: [{ kind: 'throttle', service: 'organizations', operation: 'ListAccounts' }], rejects: /cannot list the organization's accounts \(TooManyRequestsException/, maxAttempts: 2 },
  // Opt-in regions
  {
    name: 'an opt-in region not enabled, asked for explicitly',
    faults: [],
    regions: ['eu-west-1', OPT_IN],
    also(faulted, _clean, sandbox) {
      const skipped = faulted.result.coverage.entries.filter((e) => e.region === OPT_IN && e.status === 'skipped');
      expect(skipped.map((e) => e.account)).toEqual([SEC, DEV]);
      for (const e of skipped) expect(e.reasons).toEqual(['opt-in region not enabled in this account']);
      // (The denied role's account: its regions are unknown, so every region asked for is reported not evaluated.)
      expect(faulted.findings.filter((f) => f.resource.region === OPT_IN && f.resource.account !== PROD && f.resource.account !== LEGACY)).toEqual([]);
      // Nothing is sent to a region the account has not enabled.
      expect(sandbox.calls({ region: OPT_IN }).filter((c) => c.account === SEC || c.account === DEV)).toEqual([]);
    },
  },
  {
    name: 'an opt-in region listed as enabled whose endpoint rejects the account (as a region not enabled)',
    faults: [{ kind: 'access-denied', account: PROD, region: OPT_IN, ...REGION_NOT_ENABLED }],
    costs: true,
  },
];

/** Run last: the sandbox's clock moves two hours on, and stays there. */
const EXPIRY: Scenario = {
  name: 'member-role sessions that expire mid-scan',
  faults: [],
  onRequest(request) {
    if (!expired && request.account === DEV && request.service === 'kafka') {
      expired = true;
      context.sandbox.advanceClock(2 * 3_600_000);
    }
  },
  reasonPattern: /Expired|expired/,
  costs: true,
  also(faulted, _clean, sandbox) {
    expect(expired).toBe(true);
    expect(sandbox.calls().some((c) => /Expired/.test(c.errorCode ?? ''))).toBe(true);
    // Whatever was not read again with fresh credentials is NOT_AVAILABLE, naming the expiry (checked by the invariants).
    expect(faulted.findings.some((f) => f.status === 'NOT_AVAILABLE' && /xpired/.test(f.reason))).toBe(true);
  },
};

let context: SuiteContext;
beforeAll(async () => {
  context = await startSuite(async () => startSandbox({ estate: await loadEstate(EXAMPLE_ESTATE_PATH) }), true);
});
afterAll(async () => {
  await context?.sandbox.close();
});

describe('faults during an organization scan, published to Security Hub', () => {
  it('has one scenario per fault kind and scope the issue names', () => {
    expect(SCENARIOS.length + 1).toBe(24);
  });

  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('%s', async (_name, scenario) => {
    const { violations } = await runScenario(context, scenario, true);
    expect(violations).toEqual([]);
  }, SCENARIO_TIMEOUT_MS);

  it(EXPIRY.name, async () => {
    const { violations } = await runScenario(context, EXPIRY, true);
    expect(violations).toEqual([]);
  }, SCENARIO_TIMEOUT_MS);

  it('the scan after the clock moved on is the clean scan again (fresh sessions)', async () => {
    expect(expired).toBe(true);
    const again = await scanOrg(context.sandbox, [], {});
    const clean = await context.clean();
    expect(again.findings.map((f) => `${f.id} ${f.status}`)).toEqual(clean.findings.map((f) => `${f.id} ${f.status}`));
  });
});
