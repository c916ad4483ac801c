/**
 * The real Lambda handlers (src/lambda.ts) against the sandbox: the example organization, an evidence bucket in
 * the scanner account (SSE-KMS, versioned, Object Lock), Security Hub, and KMS signing. The SDK reaches the sandbox
 * through AWS_ENDPOINT_URL; the evidence bucket is addressed path-style (MSK_AUDIT_S3_FORCE_PATH_STYLE).
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { aggregate, listAccounts, scanAccount, scheduledScan, type RunSummary } from '../../src/lambda.js';
import { kmsVerifier, verifyEvidencePack } from '../../src/evidence/index.js';
import type { ScanResult } from '../../src/engine/scan-result.js';
import type { Baseline, Inventory } from '../../src/inventory/index.js';
import type { FanOutPlan, AccountSlice } from '../../src/lambda/fanout.js';
import type { RunState } from '../../src/lambda/run.js';
import { BUCKET, contextWith, DEV, LEGACY, parseLines, PROD, SEC, SIGNING_KEY_ARN, startLambdaSandbox, type LambdaSandbox } from './support.js';

let env: LambdaSandbox;
let lines: string[];

beforeAll(async () => {
  env = await startLambdaSandbox();
});
afterAll(async () => {
  await env.close();
});
beforeEach(() => {
  lines = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
  // Metric lines go straight to stdout (pure JSON for CloudWatch's Embedded Metric Format).
  const write = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
    const text = String(chunk);
    if (text.startsWith('{"_aws"')) {
      lines.push(text.trimEnd());
      return true;
    }
    return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write);
});
afterEach(() => {
  vi.restoreAllMocks();
});

const keyOf = (uri: string) => uri.replace(`s3://${BUCKET}/`, '');
const metrics = () => parseLines(lines).filter((line) => '_aws' in line);
const FOURTEEN_MINUTES = 14 * 60_000;

describe('scheduledScan: the whole scan in one invocation', () => {
  let first: RunSummary;

  it('scans the organization, publishes to Security Hub, and writes reports, inventory, a signed evidence pack, the baseline and the run state', async () => {
    env.configure({ MSK_AUDIT_ACCOUNTS: 'org', MSK_AUDIT_SIGNING_KEY_ARN: SIGNING_KEY_ARN });
    first = await scheduledScan({ source: 'aws.events' }, contextWith(FOURTEEN_MINUTES));
    const run = keyOf(first.run);
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
    expect(run).toBe(`runs/${day}/${first.scanId}/`);

    const keys = await env.keys();
    for (const name of ['msk-audit-report.json', 'msk-audit-report.html', 'inventory.json', 'evidence-pack.zip', 'run.json', 'baseline-approved.json']) {
      expect(keys).toContain(`${run}${name}`);
    }
    for (const name of ['msk-audit-report.json', 'msk-audit-report.html', 'inventory.json', 'evidence-pack.zip', 'run.json']) expect(keys).toContain(`latest/${name}`);
    expect(keys).toContain('baseline/baseline.json');
    expect(keys).toContain('state/last-success.json');

    const report = await env.json<ScanResult>(`${run}msk-audit-report.json`);
    expect(report.kind).toBe('msk-audit-scan');
    expect(report.scanId).toBe(first.scanId);
    expect(report.scope.accounts).toEqual([SEC, PROD, DEV, LEGACY]);
    expect(report.summary.findings).toBe(first.findings);
    expect(report.summary.findings).toBeGreaterThan(50);
    // The legacy account's role cannot be assumed: loud, not silent.
    expect(report.coverage.complete).toBe(false);
    expect(report.coverage.entries.find((entry) => entry.account === LEGACY)).toMatchObject({ status: 'not-evaluated' });
    expect(first.coverage.complete).toBe(false);
    expect((await env.text(`${run}msk-audit-report.html`)).startsWith('<!DOCTYPE html>')).toBe(true);
    expect(await env.text('latest/msk-audit-report.json')).toBe(await env.text(`${run}msk-audit-report.json`));

    // Security Hub: every reachable account-region imported with its own credentials.
    expect(report.securityHub?.totals.imported).toBeGreaterThan(0);
    const prodFindings = env.sb.securityHubFindings(PROD, 'eu-west-1');
    expect(prodFindings.length).toBeGreaterThan(0);
    expect(prodFindings.every((finding) => String(finding.Id).startsWith('msk-audit/'))).toBe(true);
    expect(env.sb.securityHubFindings(SEC, 'us-east-1').length).toBeGreaterThan(0);
    expect(report.securityHub?.accountRegions.find((entry) => entry.account === DEV && entry.region === 'us-east-1')?.status).toBe('hub-not-enabled');

    const inventory = await env.json<Inventory>(`${run}inventory.json`);
    expect(inventory.kind).toBe('msk-audit-inventory');
    expect(inventory.accounts.map((account) => account.account).sort()).toEqual([SEC, PROD, DEV, LEGACY].sort());
    expect(inventory.collectedAt).toBe(report.collectedAt);

    // The evidence pack verifies, signed with the KMS key (kms:Sign), and holds the inventory for re-performance.
    const pack = await env.bytes(`${run}evidence-pack.zip`);
    const verification = await verifyEvidencePack(pack, { verifier: kmsVerifier(SIGNING_KEY_ARN) });
    expect(verification.problems).toEqual([]);
    expect(verification.ok).toBe(true);
    expect(verification.signature.status).toBe('valid');
    const names = verification.files.map((file) => file.name);
    expect(names).toEqual(expect.arrayContaining(['report.html', 'findings.json', 'coverage.json', 'inventory.json', 'matrix-pci-dss-4.0.1.csv']));
    expect(verification.manifest?.scanId).toBe(first.scanId);
    expect(first.evidencePack).toMatchObject({ signed: true, key: `${run}evidence-pack.zip` });

    // Bootstrap: no baseline existed, so this run's state was approved.
    expect(first.baseline).toBe('created');
    const baseline = await env.json<Baseline>('baseline/baseline.json');
    expect(baseline.kind).toBe('msk-audit-baseline');
    expect(baseline.source.scanId).toBe(first.scanId);
    expect(Object.keys(baseline.clusters).length).toBeGreaterThan(5);

    // Coverage incomplete: the run is recorded, but the CloudTrail window does not advance past it.
    const state = await env.json<RunState>('state/last-success.json');
    expect(state.lastRun?.scanId).toBe(first.scanId);
    expect(state.lastSuccess).toBeUndefined();

    // One EMF line: metrics for the alarms, no API call needed.
    const [emf] = metrics();
    expect(emf).toMatchObject({ Deployment: 'msk-audit-test', CoverageComplete: 0, RunFailed: 0 });
    expect(emf!.IncompleteAccountRegions).toBeGreaterThan(0);
    expect((emf!._aws as { CloudWatchMetrics: { Namespace: string }[] }).CloudWatchMetrics[0]!.Namespace).toBe('MskAudit');

    // Every object went to the bucket as the scanner account, encrypted as the bucket says.
    const puts = env.sb.calls({ service: 's3', operation: 'PutObject' });
    expect(puts.length).toBeGreaterThan(10);
    expect(puts.every((call) => call.status === 200 && call.account === SEC)).toBe(true);
  });

  it('compares the next run with the stored baseline: a deleted cluster is drift, and bootstrap keeps the approval', async () => {
    const before = await env.text('baseline/baseline.json');
    const removed = Object.keys((JSON.parse(before) as Baseline).clusters).find((arn) => arn.includes(':333333333333:') && arn.includes('dev-streams'))!;
    expect(removed).toBeTruthy();
    expect(env.sb.removeCluster(removed)).toBe(true);
    env.configure({ MSK_AUDIT_ACCOUNTS: 'org' });
    const second = await scheduledScan({}, contextWith(FOURTEEN_MINUTES));
    expect(second.baseline).toBe('compared');
    const report = await env.json<ScanResult>(`${keyOf(second.run)}msk-audit-report.json`);
    expect(report.drift).toBeDefined();
    const finding = report.findings.find((f) => f.checkId === 'msk-drift-cluster-removed' && f.resource.arn === removed);
    expect(finding?.status).toBe('FAILED');
    expect(await env.text('baseline/baseline.json')).toBe(before);
    // The pack records the baseline it compared with.
    const verification = await verifyEvidencePack(await env.bytes(`${keyOf(second.run)}evidence-pack.zip`));
    expect(verification.files.map((file) => file.name)).toEqual(expect.arrayContaining(['baseline.json', 'drift.json']));
    expect(second.evidencePack.signed).toBe(false);
  });

  it('starts each CloudTrail window where the last complete run ended; a rolling baseline follows complete runs', async () => {
    env.configure({ MSK_AUDIT_ACCOUNTS: SEC, MSK_AUDIT_PREFIX: 'rolling', MSK_AUDIT_BASELINE: 'rolling', MSK_AUDIT_SECURITY_HUB: 'false', MSK_AUDIT_INITIAL_LOOKBACK_DAYS: '3' });
    const run1 = await scheduledScan({}, contextWith(FOURTEEN_MINUTES));
    expect(run1.coverage.complete).toBe(true);
    expect(run1.baseline).toBe('created');
    expect(run1.securityHub).toBeUndefined();
    const window1 = run1.cloudTrailWindow!;
    expect(Date.parse(window1.until) - Date.parse(window1.since)).toBe(3 * 86_400_000);
    const state = await env.json<RunState>('rolling/state/last-success.json');
    expect(state.lastSuccess?.scanId).toBe(run1.scanId);

    const run2 = await scheduledScan({}, contextWith(FOURTEEN_MINUTES));
    const window2 = run2.cloudTrailWindow!;
    // The baseline approved by run 1 (at its collection time) starts the window at the latest there.
    expect(Date.parse(window2.since)).toBeLessThanOrEqual(Date.parse(window1.until));
    expect(Date.parse(window2.since)).toBeGreaterThan(Date.parse(window1.since));
    expect(run2.baseline).toBe('updated');
    expect((await env.json<Baseline>('rolling/baseline/baseline.json')).source.scanId).toBe(run2.scanId);
    expect(keyOf(run2.run).startsWith('rolling/runs/')).toBe(true);
    expect(await env.keys('rolling/latest/')).toContain('rolling/latest/run.json');
  });

  it('uses msk-audit.config.json from the bucket, as the CLI uses --config', async () => {
    await env.s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'cfg/config/msk-audit.config.json', Body: JSON.stringify({ checks: { exclude: ['msk-enhanced-monitoring'] } }) }),
    );
    env.configure({ MSK_AUDIT_ACCOUNTS: SEC, MSK_AUDIT_PREFIX: 'cfg/', MSK_AUDIT_SECURITY_HUB: 'false', MSK_AUDIT_BASELINE: 'off', MSK_AUDIT_CLOUDTRAIL: 'false' });
    const summary = await scheduledScan({}, contextWith(FOURTEEN_MINUTES));
    const report = await env.json<ScanResult>(`${keyOf(summary.run)}msk-audit-report.json`);
    expect(report.scope.checkIds).not.toContain('msk-enhanced-monitoring');
    expect(report.scope.checkIds).not.toContain('cloudtrail-region-covered');
    expect(summary.cloudTrailWindow).toBeNull();
    expect(summary.baseline).toBe('none');
  });

  it('stops before Lambda would kill it, and says so in a RunFailed metric', async () => {
    env.configure({ MSK_AUDIT_ACCOUNTS: 'org', MSK_AUDIT_PREFIX: 'late/', MSK_AUDIT_TIME_MARGIN_MS: '60000' });
    await expect(scheduledScan({}, contextWith(20_000))).rejects.toThrow(/did not finish with 60 s of the Lambda invocation left/);
    expect(metrics().at(-1)).toMatchObject({ RunFailed: 1, mode: 'single' });
    expect(await env.keys('late/runs/')).toEqual([]);
  });

  it('refuses a broken configuration before any AWS call', async () => {
    env.configure({ MSK_AUDIT_ACCOUNTS: 'org', MSK_AUDIT_REGIONS: 'all,eu-west-1' });
    env.sb.resetCalls();
    await expect(scheduledScan({})).rejects.toThrow('MSK_AUDIT_REGIONS: "all" cannot be combined with named regions');
    expect(env.sb.calls()).toEqual([]);
  });
});

describe('fan-out: listAccounts → scanAccount per account (the Map) → aggregate', () => {
  const fanOut = async (prefix: string, each: (account: string, planKey: string) => Promise<unknown>) => {
    env.configure({ MSK_AUDIT_ACCOUNTS: 'org', MSK_AUDIT_PREFIX: prefix, MSK_AUDIT_BASELINE: 'off' });
    const listed = await listAccounts({});
    const accounts = await env.json<string[]>(listed.accountsKey);
    for (const account of accounts) await each(account, listed.planKey);
    return { listed, accounts, summary: await aggregate({ plan: listed }, contextWith(FOURTEEN_MINUTES)) };
  };

  it('reaches the verdicts, coverage and publication of a single run', async () => {
    env.configure({ MSK_AUDIT_ACCOUNTS: 'org', MSK_AUDIT_PREFIX: 'single/', MSK_AUDIT_BASELINE: 'off' });
    const single = await scheduledScan({}, contextWith(FOURTEEN_MINUTES));
    const { listed, accounts, summary } = await fanOut('fan/', (account, planKey) => scanAccount({ account, planKey }, contextWith(FOURTEEN_MINUTES)));
    expect(accounts).toEqual([SEC, PROD, DEV, LEGACY]);
    expect(listed.accounts).toBe(4);
    expect(listed.mapConcurrency).toBe(20);
    const plan = await env.json<FanOutPlan>(listed.planKey);
    expect(plan.scanId).toBe(listed.scanId);
    expect(plan.presumedRegions.sort()).toEqual(['eu-west-1', 'us-east-1']);
    for (const account of accounts) expect(await env.keys(`${plan.runPrefix}accounts/${account}.`)).toEqual([`${plan.runPrefix}accounts/${account}.json`, `${plan.runPrefix}accounts/${account}.result.json`]);
    const slice = await env.json<AccountSlice>(`${plan.runPrefix}accounts/${PROD}.json`);
    expect(slice.collection?.accountRegions.map((entry) => entry.region).sort()).toEqual(['ap-east-1', 'eu-west-1', 'us-east-1']);
    // Published by the account's own invocation (ap-east-1 has no Security Hub in the example estate).
    expect(slice.securityHub?.accountRegions.map((entry) => `${entry.region} ${entry.status}`)).toEqual(['ap-east-1 hub-not-enabled', 'eu-west-1 published', 'us-east-1 published']);
    const accountResult = await env.json<ScanResult>(`${plan.runPrefix}accounts/${PROD}.result.json`);
    expect(accountResult.scope.accounts).toEqual([PROD]);
    expect(accountResult.findings.length).toBe(slice.summary?.findings);

    expect(summary.mode).toBe('fan-out');
    expect(summary.scanId).toBe(listed.scanId);
    const fanned = await env.json<ScanResult>(`${keyOf(summary.run)}msk-audit-report.json`);
    const reference = await env.json<ScanResult>(`${keyOf(single.run)}msk-audit-report.json`);
    const verdicts = (result: ScanResult) => result.findings.map((f) => `${f.id} ${f.status} ${f.severity}`).sort();
    expect(verdicts(fanned)).toEqual(verdicts(reference));
    // The same, but for the role session name, which carries each run's scan id.
    const sessionless = (result: ScanResult) => JSON.parse(JSON.stringify(result.coverage).split(result.scanId).join('<scan>')) as unknown;
    expect(sessionless(fanned)).toEqual(sessionless(reference));
    expect(fanned.summary).toEqual(reference.summary);
    expect(fanned.scope.accounts).toEqual(reference.scope.accounts);
    const publication = (result: ScanResult) => result.securityHub!.accountRegions.map(({ account, region, status, findings }) => ({ account, region, status, findings }));
    expect(publication(fanned)).toEqual(publication(reference));
    const inventory = await env.json<Inventory>(`${keyOf(summary.run)}inventory.json`);
    expect(inventory.accounts.map((account) => account.account)).toEqual([SEC, PROD, DEV, LEGACY]);
    expect(inventory.accountRegions.length).toBe((await env.json<Inventory>(`${keyOf(single.run)}inventory.json`)).accountRegions.length);
    expect(await env.keys('fan/latest/')).toContain('fan/latest/evidence-pack.zip');
  });

  it('reports an account whose invocation failed, timed out or never ran as not evaluated, with the reason', async () => {
    const { summary } = await fanOut('broken/', async (account, planKey) => {
      if (account === PROD) return scanAccount({ account, planKey }, contextWith(FOURTEEN_MINUTES));
      if (account === DEV) return scanAccount({ account, planKey }, contextWith(30_000)); // less than the 60 s margin
      if (account === SEC) return scanAccount({ account, planKey, failure: { Error: 'Lambda.Unknown', Cause: 'Runtime exited with error: signal: killed' } });
      return undefined; // LEGACY: the Map never ran it
    });
    const report = await env.json<ScanResult>(`${keyOf(summary.run)}msk-audit-report.json`);
    const reason = (account: string) => report.coverage.entries.filter((entry) => entry.account === account).map((entry) => `${entry.status}: ${entry.reasons.join('; ')}`);
    expect(reason(DEV).length).toBeGreaterThan(0);
    expect(reason(DEV).every((line) => /^not-evaluated: .*LambdaTimeout/.test(line))).toBe(true);
    expect(reason(SEC).every((line) => /^not-evaluated: .*signal: killed/.test(line))).toBe(true);
    expect(reason(LEGACY).every((line) => /^not-evaluated: .*NoAccountResult/.test(line))).toBe(true);
    expect(reason(PROD).some((line) => line.startsWith('complete') || line.startsWith('partial'))).toBe(true);
    expect(report.coverage.complete).toBe(false);
    expect(report.findings.some((f) => f.resource.account === PROD && f.status === 'FAILED')).toBe(true);
    // Every check reports NOT_AVAILABLE where nothing was evaluated, never PASSED.
    expect(report.findings.filter((f) => f.resource.account === DEV).every((f) => f.status === 'NOT_AVAILABLE')).toBe(true);
    expect(report.securityHub?.complete).toBe(false);
    expect(report.securityHub?.accountRegions.filter((entry) => entry.account === LEGACY).every((entry) => entry.status === 'failed')).toBe(true);
    expect(summary.coverage.complete).toBe(false);
    const emf = metrics().at(-1)!;
    expect(emf).toMatchObject({ CoverageComplete: 0, mode: 'fan-out' });
    expect(emf.SecurityHubFailures).toBeGreaterThan(0);
  });

  it('refuses an account outside the run and a plan that is not there', async () => {
    env.configure({ MSK_AUDIT_ACCOUNTS: PROD, MSK_AUDIT_PREFIX: 'scoped/', MSK_AUDIT_BASELINE: 'off' });
    const listed = await listAccounts({});
    await expect(scanAccount({ account: DEV, planKey: listed.planKey })).rejects.toThrow(`account ${DEV} is not in the run's scope`);
    await expect(aggregate({ planKey: 'scoped/runs/none/plan.json' })).rejects.toThrow('no fan-out plan there');
  });
});
