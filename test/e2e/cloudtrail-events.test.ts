/** LookupEvents against the sandbox: every page past 50 events, a throttle that clears, CloudTrail's 2 rps never exceeded. */
import { readFile } from 'node:fs/promises';
import { fromEnv } from '@aws-sdk/credential-providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan } from '../../src/audit.js';
import { builtinChecks } from '../../checks/index.js';
import { DEFAULT_THRESHOLDS } from '../../src/check/index.js';
import { EXAMPLE_ESTATE_PATH, startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import type { EstateInput } from '../../src/sandbox/estate.js';

const ACCOUNT = '333333333333';
const CLUSTER = 'arn:aws:kafka:eu-west-1:333333333333:cluster/dev-streams/0d1e2f3a-0010-4b4c-9d8e-9f0a1b2c3d4e-10';
const EVENTS = 120;
let sandbox: RunningSandbox;
const saved = { ...process.env };

beforeAll(async () => {
  const estate = JSON.parse(await readFile(EXAMPLE_ESTATE_PATH, 'utf8')) as EstateInput;
  const account = estate.accounts.find((entry) => entry.id === ACCOUNT)!;
  const region = (account.regions as Record<string, { cloudtrail?: { trails?: unknown[]; events?: unknown[] } }>)['eu-west-1']!;
  region.cloudtrail = {
    trails: region.cloudtrail?.trails ?? [],
    events: Array.from({ length: EVENTS }, (_, i) => ({
      EventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      EventName: i % 40 === 0 ? 'UpdateSecurity' : 'DescribeClusterV2',
      ReadOnly: i % 40 === 0 ? 'false' : 'true',
      EventTime: `now-${i + 1}m`,
      EventSource: 'kafka.amazonaws.com',
      Username: 'ci',
      CloudTrailEvent: {
        awsRegion: 'eu-west-1',
        userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::333333333333:assumed-role/Deploy/ci' },
        requestParameters: { clusterArn: encodeURIComponent(CLUSTER) },
        sourceIPAddress: '198.51.100.1',
      },
    })),
  };
  sandbox = await startSandbox({ estate, port: 0 });
  Object.assign(process.env, sandbox.env);
});

afterAll(async () => {
  process.env = saved;
  await sandbox?.close();
});

describe('CloudTrail MSK events in a scan (sandbox)', () => {
  it('reads all 120 events over three pages through a throttle, paced at 2 requests per second, and reports each risky write', async () => {
    sandbox.addFault({ kind: 'throttle', service: 'cloudtrail', operation: 'LookupEvents', account: ACCOUNT, region: 'eu-west-1', count: 2 });
    const { result } = await runScan({
      collect: { credentials: fromEnv(), regions: ['eu-west-1'], accounts: { kind: 'list', accounts: [ACCOUNT] }, cloudTrail: { since: new Date(Date.now() - 86_400_000) } },
      plan: { checks: builtinChecks, thresholds: DEFAULT_THRESHOLDS, severityOverrides: {}, tagFilters: {} },
      scanId: 'events',
      startedAt: new Date(),
    });
    sandbox.clearFaults();
    const lookups = sandbox.calls({ service: 'cloudtrail', operation: 'LookupEvents', account: ACCOUNT, region: 'eu-west-1' });
    const succeeded = lookups.filter((call) => call.status === 200);
    // kafka.amazonaws.com: 120 events = 3 pages of 50; kafka-cluster.amazonaws.com: 1 empty page.
    expect(succeeded).toHaveLength(4);
    expect(lookups.filter((call) => call.errorCode === 'ThrottlingException')).toHaveLength(2);
    // Never more than the burst of 2 plus what refills: at most 3 attempts in any one-second span.
    const times = lookups.map((call) => Date.parse(call.at)).sort((a, b) => a - b);
    const densest = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 1000).length));
    expect(densest).toBeLessThanOrEqual(3);

    const risky = result.findings.filter((f) => f.checkId === 'msk-risky-change' && f.resource.account === ACCOUNT);
    expect(risky.map((f) => [f.status, f.evidence.eventName, f.resource.name])).toEqual([
      ['FAILED', 'UpdateSecurity', 'dev-streams'],
      ['FAILED', 'UpdateSecurity', 'dev-streams'],
      ['FAILED', 'UpdateSecurity', 'dev-streams'],
    ]);
    expect(result.coverage.entries.find((e) => e.account === ACCOUNT && e.region === 'eu-west-1')?.status).toBe('complete');
  }, 60_000);
});
