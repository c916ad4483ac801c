/**
 * Drift end to end against the sandbox: approve a baseline of the example organization, change the estate (one
 * change made through a recorded UpdateSecurity call, one with no event, one cluster gone), scan with --baseline.
 * The changed estate is served by a second sandbox built from a modified copy of the estate document: the
 * sandbox needs no mutation hook, and the accounts, roles and ARNs are the same.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ESTATE_PATH, startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import type { EstateInput } from '../../src/sandbox/estate.js';
import type { Baseline } from '../../src/inventory/index.js';
import type { ScanResult } from '../../src/engine/scan-result.js';
import type { Finding } from '../../src/engine/finding.js';
import { runCli, type CliResult } from '../support/cli.js';

const DEV_MTLS = 'arn:aws:kafka:us-east-1:333333333333:cluster/dev-mtls/2f3a4b5c-0012-4d6e-9f0a-1b2c3d4e5f6a-12';
const SEC_AUDIT_LOGS = 'arn:aws:kafka:eu-west-1:111111111111:cluster/sec-audit-logs/1a2b3c4d-0001-4e5f-8a9b-0c1d2e3f4a5b-1';
const DEV_SERVERLESS = 'arn:aws:kafka:eu-west-1:333333333333:cluster/dev-serverless/1e2f3a4b-0011-4c5d-8e9f-0a1b2c3d4e5f-11';
const EVENT_ID = '7d1c2d3e-dddd-4000-8000-000000000001';

type Regions = Record<string, { msk?: { clusters: Record<string, unknown>[] }; cloudtrail?: { trails?: unknown[]; events?: unknown[] } }>;

let out: string;
let approve: CliResult;
let scan: CliResult;
let baseline: Baseline;
let result: ScanResult;
const sandboxes: RunningSandbox[] = [];

async function exampleEstate(): Promise<EstateInput> {
  return JSON.parse(await readFile(EXAMPLE_ESTATE_PATH, 'utf8')) as EstateInput;
}

function regionOf(estate: EstateInput, account: string, region: string) {
  const regions = estate.accounts.find((entry) => entry.id === account)!.regions as Regions;
  return regions[region]!;
}

function clusterOf(estate: EstateInput, account: string, region: string, arn: string): Record<string, Record<string, Record<string, unknown>>> {
  return regionOf(estate, account, region).msk!.clusters.find((cluster) => cluster.ClusterArn === arn) as never;
}

/** The example estate after the approval: dev-mtls taken off TLS-only by a logged UpdateSecurity call, sec-audit-logs' monitoring lowered with no event, dev-serverless gone. */
async function changedEstate(eventTime: string): Promise<EstateInput> {
  const estate = await exampleEstate();
  const devMtls = clusterOf(estate, '333333333333', 'us-east-1', DEV_MTLS);
  (devMtls.Provisioned!.EncryptionInfo as { EncryptionInTransit: { ClientBroker: string } }).EncryptionInTransit.ClientBroker = 'TLS_PLAINTEXT';
  const region = regionOf(estate, '333333333333', 'us-east-1');
  region.cloudtrail = {
    trails: region.cloudtrail?.trails ?? [],
    events: [
      {
        EventId: EVENT_ID,
        EventName: 'UpdateSecurity',
        ReadOnly: 'false',
        EventTime: eventTime,
        EventSource: 'kafka.amazonaws.com',
        Username: 'dana',
        Resources: [{ ResourceType: 'AWS::MSK::Cluster', ResourceName: DEV_MTLS }],
        CloudTrailEvent: {
          awsRegion: 'us-east-1',
          userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::333333333333:assumed-role/Admin/dana' },
          sourceIPAddress: '198.51.100.23',
          requestParameters: {
            clusterArn: encodeURIComponent(DEV_MTLS),
            encryptionInfo: { encryptionInTransit: { clientBroker: 'TLS_PLAINTEXT' } },
          },
          readOnly: false,
          eventType: 'AwsApiCall',
          managementEvent: true,
          recipientAccountId: '333333333333',
        },
      },
    ],
  };
  clusterOf(estate, '111111111111', 'eu-west-1', SEC_AUDIT_LOGS).Provisioned!.EnhancedMonitoring = 'DEFAULT' as never;
  const devRegion = regionOf(estate, '333333333333', 'eu-west-1');
  devRegion.msk!.clusters = devRegion.msk!.clusters.filter((cluster) => cluster.ClusterArn !== DEV_SERVERLESS);
  return estate;
}

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'msk-audit-e2e-drift-'));
  const approved = await startSandbox({ estate: await exampleEstate(), port: 0 });
  sandboxes.push(approved);
  approve = await runCli(['baseline', 'approve', '--org', '--output', join(out, 'baseline.json')], { env: approved.env });
  baseline = JSON.parse(await readFile(join(out, 'baseline.json'), 'utf8')) as Baseline;
  await approved.close();

  // The change happens after the approval.
  const changed = await startSandbox({ estate: await changedEstate(new Date().toISOString()), port: 0 });
  sandboxes.push(changed);
  scan = await runCli(['scan', '--org', '--baseline', join(out, 'baseline.json'), '--output-dir', join(out, 'report'), '--format', 'json'], {
    env: changed.env,
  });
  result = JSON.parse(await readFile(join(out, 'report', 'msk-audit-report.json'), 'utf8')) as ScanResult;
}, 180_000);

afterAll(async () => {
  for (const sandbox of sandboxes) await sandbox.close().catch(() => undefined);
});

function driftFinding(checkId: string, arn: string): Finding {
  const finding = result.findings.find((f) => f.checkId === checkId && f.resource.arn === arn);
  expect(finding, `${checkId} on ${arn}`).toBeDefined();
  return finding!;
}

describe('drift against an approved baseline (sandbox example organization)', () => {
  it('approves every cluster of the reachable account-regions, warning about what it could not read', () => {
    expect(approve.code, approve.stderr).toBe(0);
    expect(approve.stdout).toMatch(/^approved {2}12 cluster\(s\) in 7 account-region\(s\)/);
    expect(Object.keys(baseline.clusters)).toHaveLength(12);
    expect(baseline.accountRegions.some((entry) => entry.account === '444444444444')).toBe(false);
    expect(approve.stderr).toMatch(/warning: 444444444444 eu-west-1: not in the baseline: the cluster list could not be collected/);
    expect(approve.stderr).toMatch(/warning: arn:.*clickstream-prod.*: 2 field\(s\) recorded as unavailable.*kms\.rotation\.enabled/);
    expect(baseline.clusters[DEV_MTLS]!.state['encryption.inTransit.clientBroker']).toBe('TLS');
  });

  it('scans with the baseline and reports the drift (exit 1, no error)', () => {
    expect(scan.stderr).toBe('');
    expect(scan.code).toBe(1);
    expect(result.scope.checkIds).toEqual(expect.arrayContaining(['msk-drift-from-baseline', 'msk-drift-cluster-removed']));
  });

  it('explains the change made through UpdateSecurity by its event', () => {
    const finding = driftFinding('msk-drift-from-baseline', DEV_MTLS);
    expect(finding.status).toBe('FAILED');
    expect(finding.severity).toBe('MEDIUM');
    expect(finding.reason).toContain('encryption.inTransit.clientBroker "TLS" → "TLS_PLAINTEXT" (explained by UpdateSecurity');
    expect(finding.evidence.changes).toEqual([
      {
        field: 'encryption.inTransit.clientBroker',
        before: 'TLS',
        after: 'TLS_PLAINTEXT',
        attribution: {
          status: 'explained',
          events: [{ eventId: EVENT_ID, name: 'UpdateSecurity', time: expect.any(String), principal: 'arn:aws:sts::333333333333:assumed-role/Admin/dana', sourceIp: '198.51.100.23' }],
        },
      },
    ]);
  });

  it('marks the change without an event unexplained, with high severity', () => {
    const finding = driftFinding('msk-drift-from-baseline', SEC_AUDIT_LOGS);
    expect(finding.status).toBe('FAILED');
    expect(finding.severity).toBe('HIGH');
    expect(finding.evidence.changes).toEqual([
      {
        field: 'monitoring.enhanced',
        before: 'PER_TOPIC_PER_BROKER',
        after: 'DEFAULT',
        attribution: { status: 'unexplained', note: expect.stringMatching(/^no successful UpdateMonitoring call on this cluster was recorded between the approval/) },
      },
    ]);
  });

  it('reports the removed cluster, unexplained', () => {
    const finding = driftFinding('msk-drift-cluster-removed', DEV_SERVERLESS);
    expect(finding).toMatchObject({ status: 'FAILED', severity: 'HIGH', resource: { type: 'AwsMskCluster', account: '333333333333', region: 'eu-west-1' } });
  });

  it('passes the unchanged clusters, and says NOT_AVAILABLE where a fact was never readable', () => {
    const verdicts = Object.fromEntries(
      result.findings.filter((f) => f.checkId === 'msk-drift-from-baseline' && f.resource.type === 'AwsMskCluster').map((f) => [f.resource.name, f.status]),
    );
    expect(verdicts).toEqual({
      'sec-audit-logs': 'FAILED',
      'sec-siem-ingest': 'PASSED',
      'payments-prod': 'PASSED',
      'orders-prod': 'PASSED',
      'ledger-prod': 'PASSED',
      'events-serverless-prod': 'PASSED',
      'analytics-prod': 'PASSED',
      'clickstream-prod': 'NOT_AVAILABLE',
      'dev-sandbox': 'PASSED',
      'dev-streams': 'PASSED',
      'dev-mtls': 'FAILED',
    });
    // The unreachable account stays NOT_AVAILABLE, never PASSED.
    const legacy = result.findings.filter((f) => f.checkId.startsWith('msk-drift-') && f.resource.account === '444444444444');
    expect(legacy.length).toBeGreaterThan(0);
    expect(legacy.every((f) => f.status === 'NOT_AVAILABLE')).toBe(true);
  });

  it('adds the drift report to the JSON report', () => {
    expect(result.drift?.summary).toEqual({ added: 0, removed: 1, changed: 2, unverified: 1, unchanged: 8, unexplained: 2 });
    expect(result.drift?.baseline.approvedAt).toBe(baseline.approvedAt);
    expect(result.drift?.removed.map((entry) => entry.name)).toEqual(['dev-serverless']);
    expect(result.drift?.notCompared).toEqual([]);
  });
});
