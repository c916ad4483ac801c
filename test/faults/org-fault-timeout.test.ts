/**
 * Issue 10, "Faults during a full organization scan": a response slower than the client's timeout. Every attempt
 * has a request timeout (src/aws/http-handler.ts, `retry.requestTimeoutMs`, default 60 s); a response that never
 * comes fails the attempt with a TimeoutError, which is retried and finally recorded as the operation's error: the
 * hung account-region is not evaluated, the rest of the scan is as clean.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ESTATE_PATH, loadEstate, startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { PROD, scanOrg, scanViolations, type ScanRun } from './org-fault-harness.js';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ estate: await loadEstate(EXAMPLE_ESTATE_PATH) });
  sandbox.setRateLimitsEnabled(false);
});
afterAll(async () => {
  // Closing the sandbox drops the held connection: the abandoned scan then fails its call and ends.
  await sandbox?.close();
});

describe('a response that never arrives', () => {
  it('does not hang the scan: the call times out and is recorded', async () => {
    const clean = await scanOrg(sandbox, [], { maxAttempts: 2 });
    const fault = { kind: 'slow' as const, service: 'kafka', operation: 'ListClustersV2', account: PROD, region: 'eu-west-1', delayMs: 600_000 };
    const scan = scanOrg(sandbox, [fault], { maxAttempts: 2, requestTimeoutMs: 500 });
    scan.catch(() => undefined);
    const outcome = await Promise.race([scan, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 10_000))]);
    expect(outcome).not.toBe('hung');
    expect(scanViolations(clean, outcome as ScanRun, { faults: [fault], costs: true })).toEqual([]);
  });
});
