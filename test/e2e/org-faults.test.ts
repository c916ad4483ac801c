/**
 * Fault isolation in a whole-organization scan: a throttling region, an API denied in one account, a role that
 * cannot be assumed and an opt-in region, each against a clean run of the same estate. Every account-region's
 * coverage is asserted exactly; every verdict outside the fault's reach must equal the clean run's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanOutcome } from '../../src/audit.js';
import { builtinChecks } from '../../checks/index.js';
import { DEFAULT_THRESHOLDS } from '../../src/check/index.js';
import type { FindingSet } from '../../src/engine/finding-set.js';
import type { Finding } from '../../src/engine/finding.js';
import type { ScanResult } from '../../src/engine/scan-result.js';
import type { FaultInput } from '../../src/sandbox/estate.js';
import { EXAMPLE_ESTATE_PATH, loadEstate, startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { fromEnv } from '@aws-sdk/credential-providers';

let sandbox: RunningSandbox;
/** One fixed window, so the verdicts' reasons compare equal across runs. */
const WINDOW = { since: new Date(Date.now() - 7 * 86_400_000), until: new Date(Date.now() + 3_600_000) };
let clean: ScanResult;
const savedEnv = { ...process.env };

async function scan(faults: FaultInput[] = []): Promise<ScanOutcome> {
  sandbox.clearFaults();
  for (const fault of faults) sandbox.addFault(fault);
  try {
    return await runScan({
      collect: {
        credentials: fromEnv(),
        regions: 'all',
        homeRegion: 'us-east-1',
        accounts: { kind: 'organization' },
        cloudTrail: WINDOW,
        // Few attempts keep a throttle that never clears quick; a storm that clears must fit in them.
        retry: { maxAttempts: 4 },
        scanId: 'faults',
      },
      plan: { checks: builtinChecks, thresholds: DEFAULT_THRESHOLDS, severityOverrides: {}, tagFilters: {}, cloudTrail: true },
      scanId: 'faults',
      startedAt: new Date(),
    });
  } finally {
    sandbox.clearFaults();
  }
}

const coverageOf = (result: ScanResult) => result.coverage.entries.map((entry) => `${entry.account} ${entry.region} ${entry.status}`);
const verdicts = (findings: FindingSet) => new Map(findings.map((finding) => [finding.id, `${finding.status} ${finding.reason}`]));
const inScope = (account: string, region?: string) => (finding: Finding) =>
  finding.resource.account === account && (region === undefined || finding.resource.region === region);

/** Every finding outside `affected` is exactly as in the clean run. */
function expectUntouchedOutside(result: ScanResult, affected: (finding: Finding) => boolean): void {
  const expected = verdicts(clean.findings.filter((finding) => !affected(finding)));
  const actual = verdicts(result.findings.filter((finding) => !affected(finding)));
  expect(actual).toEqual(expected);
}

beforeAll(async () => {
  sandbox = await startSandbox({ estate: await loadEstate(EXAMPLE_ESTATE_PATH), port: 0 });
  Object.assign(process.env, sandbox.env);
  clean = (await scan()).result;
}, 60_000);

afterAll(async () => {
  process.env = savedEnv;
  await sandbox?.close();
});

describe('fault isolation in an organization scan (sandbox)', () => {
  it('the clean run: a denied role, skipped opt-in regions, one denied rotation call and complete verdicts elsewhere', () => {
    expect(coverageOf(clean)).toEqual([
      '111111111111 ap-east-1 skipped',
      '111111111111 eu-west-1 complete',
      '111111111111 us-east-1 complete',
      '222222222222 ap-east-1 complete',
      '222222222222 eu-west-1 complete',
      '222222222222 us-east-1 partial',
      '333333333333 ap-east-1 skipped',
      '333333333333 eu-west-1 complete',
      '333333333333 us-east-1 complete',
      '444444444444 eu-west-1 not-evaluated',
      '444444444444 us-east-1 not-evaluated',
    ]);
    // The role that cannot be assumed: one NOT_AVAILABLE per check per account-region, nothing else.
    const denied = clean.findings.filter(inScope('444444444444'));
    expect(denied).toHaveLength(2 * builtinChecks.filter((check) => check.requires !== 'baseline').length);
    expect(denied.every((finding) => finding.status === 'NOT_AVAILABLE' && /sts:AssumeRole failed with AccessDenied/.test(finding.reason))).toBe(true);
    // The skipped opt-in region yields no finding and no error.
    expect(clean.findings.filter((finding) => finding.resource.region === 'ap-east-1' && finding.resource.account !== '222222222222')).toEqual([]);
    // Outside the denied rotation call and the denied role, no verdict is missing.
    const missing = clean.findings.filter((finding) => finding.status === 'NOT_AVAILABLE' && !inScope('444444444444')(finding));
    // (CloudTrail is collected too: its checks answer everywhere the account could be read.)
    expect(missing.map((finding) => finding.checkId)).toEqual(['msk-at-rest-key-rotation']);
  });

  it('a region that throttles every MSK call: that account-region not evaluated, the rest of the scan as clean', async () => {
    const { result } = await scan([{ kind: 'throttle', service: 'kafka', account: '333333333333', region: 'eu-west-1' }]);
    expect(coverageOf(result)).toEqual(coverageOf(clean).map((line) => (line === '333333333333 eu-west-1 complete' ? '333333333333 eu-west-1 not-evaluated' : line)));
    const entry = result.coverage.entries.find((e) => e.account === '333333333333' && e.region === 'eu-west-1');
    expect(entry?.reasons.join(' ')).toMatch(/TooManyRequestsException/);
    const throttled = result.findings.filter(inScope('333333333333', 'eu-west-1'));
    expect(throttled).toHaveLength(builtinChecks.filter((check) => check.requires !== 'baseline').length);
    expect(throttled.every((finding) => finding.status === 'NOT_AVAILABLE' && finding.resource.type === 'AwsAccountRegion')).toBe(true);
    expectUntouchedOutside(result, inScope('333333333333', 'eu-west-1'));
  }, 60_000);

  it('a throttle storm that clears within the retries: every verdict and the coverage equal the clean run', async () => {
    const { result } = await scan([
      { kind: 'throttle', service: 'kafka', operation: 'ListClustersV2', account: '222222222222', region: 'eu-west-1', count: 2 },
      { kind: 'throttle', service: 'kms', account: '222222222222', count: 2 },
    ]);
    expect(coverageOf(result)).toEqual(coverageOf(clean));
    expect(verdicts(result.findings)).toEqual(verdicts(clean.findings));
    expect(sandbox.calls({ service: 'kafka', operation: 'ListClustersV2', account: '222222222222', region: 'eu-west-1' }).some((call) => call.errorCode === 'TooManyRequestsException')).toBe(true);
  }, 60_000);

  it('an API denied in one account: its account-regions that need it are partial, only the checks reading it lose their verdict', async () => {
    const { result } = await scan([{ kind: 'access-denied', service: 'kafka', operation: 'DescribeConfigurationRevision', account: '222222222222' }]);
    const affected = inScope('222222222222');
    const changed = result.findings.filter((finding) => affected(finding) && verdicts(clean.findings).get(finding.id) !== `${finding.status} ${finding.reason}`);
    expect(changed.length).toBeGreaterThan(0);
    // The checks that read server properties: the ACL default and the configuration hygiene.
    const readingConfigurations = new Set(['msk-acl-deny-by-default', 'msk-config-hygiene']);
    expect(new Set(changed.map((finding) => finding.checkId))).toEqual(readingConfigurations);
    expect(changed.every((finding) => finding.status === 'NOT_AVAILABLE' && /AccessDenied/.test(finding.reason))).toBe(true);
    // Exactly the account-regions with a cluster on a custom configuration lose completeness.
    const regionsWithConfigurations = new Set(changed.map((finding) => finding.resource.region));
    expect(coverageOf(result)).toEqual(
      coverageOf(clean).map((line) => {
        const [account, region, status] = line.split(' ');
        return account === '222222222222' && regionsWithConfigurations.has(region!) && status === 'complete' ? `${account} ${region} partial` : line;
      }),
    );
    expect(result.coverage.counts.partial).toBeGreaterThan(clean.coverage.counts.partial);
    expectUntouchedOutside(result, (finding) => affected(finding) && readingConfigurations.has(finding.checkId));
  }, 60_000);
});
