import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { Pacer, PUBLISHED_RATES, type PacerClock } from '../../src/aws/pacing.js';
import { createClientFactory, type RequestInfo } from '../../src/aws/clients.js';
import { startSandbox, EXAMPLE_ESTATE_PATH, loadEstate, type RunningSandbox } from '../../src/sandbox/index.js';
import { fromEnv } from '@aws-sdk/credential-providers';

/** A clock that only moves when a caller sleeps, recording every sleep. */
function fakeClock(): PacerClock & { sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

describe('Pacer', () => {
  it('lets a burst through, then queues concurrent callers at the published rate', async () => {
    const sleeps: number[] = [];
    const clock = { sleeps, now: () => 0, sleep: async (ms: number) => void sleeps.push(ms) }; // all arrive at t=0
    const pacer = new Pacer({ 'securityhub:GetFindings': { rps: 3, burst: 6 } }, clock);
    await Promise.all(Array.from({ length: 9 }, () => pacer.acquire('111111111111', 'eu-west-1', 'securityhub', 'GetFindings')));
    // Six at once, then reservations 1/3 s, 2/3 s and 1 s out.
    expect(clock.sleeps.map((ms) => Math.round(ms))).toEqual([333, 667, 1000]);
  });

  it('spaces sequential callers one interval apart once the burst is spent', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ 'securityhub:GetFindings': { rps: 3, burst: 6 } }, clock);
    for (let i = 0; i < 9; i++) await pacer.acquire('111111111111', 'eu-west-1', 'securityhub', 'GetFindings');
    expect(clock.sleeps.map((ms) => Math.round(ms))).toEqual([333, 333, 333]);
  });

  it('keeps one bucket per account, region and operation', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ 'cloudtrail:LookupEvents': { rps: 2, burst: 2 } }, clock);
    for (const account of ['111111111111', '222222222222']) {
      for (const region of ['eu-west-1', 'us-east-1']) {
        await pacer.acquire(account, region, 'cloudtrail', 'LookupEvents');
        await pacer.acquire(account, region, 'cloudtrail', 'LookupEvents');
      }
    }
    expect(clock.sleeps).toEqual([]);
    await pacer.acquire('111111111111', 'eu-west-1', 'cloudtrail', 'LookupEvents');
    expect(clock.sleeps).toEqual([500]);
  });

  it('never delays an operation without a published rate', async () => {
    const clock = fakeClock();
    const pacer = new Pacer(PUBLISHED_RATES, clock);
    for (let i = 0; i < 100; i++) await pacer.acquire('111111111111', 'eu-west-1', 'kafka', 'ListClustersV2');
    expect(clock.sleeps).toEqual([]);
  });

  it('refills with time', async () => {
    let now = 0;
    const sleeps: number[] = [];
    const pacer = new Pacer({ 'securityhub:BatchImportFindings': { rps: 10, burst: 30 } }, { now: () => now, sleep: async (ms) => void sleeps.push(ms) });
    for (let i = 0; i < 30; i++) await pacer.acquire('a', 'r', 'securityhub', 'BatchImportFindings');
    now = 1000; // ten tokens back
    for (let i = 0; i < 10; i++) await pacer.acquire('a', 'r', 'securityhub', 'BatchImportFindings');
    expect(sleeps).toEqual([]);
    await pacer.acquire('a', 'r', 'securityhub', 'BatchImportFindings');
    expect(sleeps).toHaveLength(1);
  });

  it('rejects a nonsensical rate', () => {
    expect(() => new Pacer({ 'kafka:ListClustersV2': { rps: 0, burst: 1 } })).toThrow(/rps > 0/);
  });
});

describe('client factory pacing and request observation (real SDK against the sandbox)', () => {
  let sandbox: RunningSandbox;
  const saved = { ...process.env };
  beforeAll(async () => {
    sandbox = await startSandbox({ estate: await loadEstate(EXAMPLE_ESTATE_PATH), port: 0 });
    Object.assign(process.env, sandbox.env);
  });
  afterAll(async () => {
    process.env = saved;
    await sandbox?.close();
  });

  it('paces every attempt of a paced operation and reports each request', async () => {
    const clock = fakeClock();
    const requests: RequestInfo[] = [];
    const factory = createClientFactory({
      credentials: fromEnv(),
      account: '111111111111',
      pacer: new Pacer({ 'securityhub:GetFindings': { rps: 3, burst: 2 } }, clock),
      onRequest: (request) => requests.push(request),
    });
    try {
      const hub = factory.client(SecurityHubClient, 'eu-west-1');
      sandbox.addFault({ kind: 'throttle', service: 'securityhub', operation: 'GetFindings', count: 1 });
      await hub.send(new GetFindingsCommand({}));
      await hub.send(new GetFindingsCommand({}));
      // Three attempts (one throttled and retried): the burst of two passes, the third waits a third of a second.
      expect(requests).toEqual(Array(3).fill({ account: '111111111111', region: 'eu-west-1', service: 'securityhub', operation: 'GetFindings' }));
      expect(clock.sleeps.map(Math.round)).toEqual([333]);
    } finally {
      sandbox.clearFaults();
      factory.destroy();
    }
  });
});
