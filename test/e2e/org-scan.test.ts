import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ESTATE_PATH, loadEstate, startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { iamActionOf, MEMBER_READ_ACTIONS, SCANNER_ACTIONS, UNPERMISSIONED_ACTIONS } from '../../src/aws/permissions.js';
import type { ScanResult } from '../../src/engine/scan-result.js';
import { builtinChecks } from '../../checks/index.js';
import { runCli, type CliResult } from '../support/cli.js';

/**
 * The intended verdict of every check on every cluster of the bundled example estate, in catalogue order
 * (P passed, F failed, - not applicable, ? not available). See src/sandbox/estates/README.md. The last six columns
 * are msk-no-open-ingress, msk-cluster-policy-restricted, msk-vpc-connections-authenticated, msk-zookeeper-tls-only,
 * msk-broker-logs-retained and msk-config-hygiene.
 */
const EXPECTED: Record<string, string> = {
  'sec-audit-logs':       'P P P P P P P P P P -   P P - P P F',
  'sec-siem-ingest':      'F - P P P P P P P P P   P P - F P F',
  'events-serverless-prod': 'F - - P P P P P - - -   P - - - - -',
  'ledger-prod':          'P P F P F P P P P P F   P P - F F F',
  'orders-prod':          'P F P F P P F P F F -   P P - F F F',
  'payments-prod':        'P F P P P F P P F P F   F F F F F F',
  'analytics-prod':       'P F F F P P F F F F -   F P - F F F',
  'clickstream-prod':     'P ? P P P P P F P P F   P P - F P F',
  'dev-sandbox':          'F - P F P P F P F P F   P P - F F F',
  'dev-serverless':       'F - - P P P P P - - -   P - - - - -',
  'dev-streams':          'P P P P P F P P P P -   P P - F F F',
  'dev-mtls':             'P P P P P P P P P P P   P P P F P P',
};
const CODE = { PASSED: 'P', FAILED: 'F', NOT_APPLICABLE: '-', NOT_AVAILABLE: '?' } as const;
/** The cluster checks of the client-access facts (issue 9), pinned in their own table below. */
const CLIENT_ACCESS_CLUSTER_CHECKS = ['msk-scram-secrets-protected', 'msk-private-ca-healthy'];
/** The checks judging each cluster's configuration (no CloudTrail, no baseline). */
const CLUSTER_CHECKS = builtinChecks.filter(
  (check) => check.scope !== 'account-region' && check.requires === undefined && !CLIENT_ACCESS_CLUSTER_CHECKS.includes(check.meta.id),
);
/** msk-scram-secrets-protected and msk-private-ca-healthy on every cluster (same codes as EXPECTED). */
const EXPECTED_CLIENT_ACCESS: Record<string, string> = {
  'sec-audit-logs': '- -',
  'sec-siem-ingest': '- F', // its private CA publishes no CRL or OCSP
  'events-serverless-prod': '- -',
  'ledger-prod': 'F -', // its SCRAM secret does not rotate
  'orders-prod': '- -',
  'payments-prod': 'P -',
  'analytics-prod': '- -',
  'clickstream-prod': '- -', // TLS on with no CA: nothing to judge
  'dev-sandbox': 'F -', // default aws/secretsmanager key, no rotation, Principal * policy
  'dev-serverless': '- -',
  'dev-streams': '- -',
  'dev-mtls': 'P P',
};
/** The account-region checks of the client-access facts: `account region check status [subject]`, in report order. */
const EXPECTED_ACCOUNT_REGION_CLIENT_ACCESS = [
  '111111111111 eu-west-1 msk-connect-secure PASSED',
  '111111111111 eu-west-1 msk-lambda-consumers-authenticated PASSED',
  '111111111111 eu-west-1 iam-no-long-lived-kafka-credentials NOT_APPLICABLE',
  '111111111111 eu-west-1 org-scp-denies-msk-security-changes NOT_APPLICABLE',
  '111111111111 us-east-1 msk-connect-secure PASSED',
  '111111111111 us-east-1 msk-lambda-consumers-authenticated PASSED',
  '111111111111 us-east-1 iam-no-long-lived-kafka-credentials PASSED',
  '111111111111 us-east-1 org-scp-denies-msk-security-changes FAILED', // the management account: no SCP applies
  '222222222222 ap-east-1 msk-connect-secure NOT_APPLICABLE',
  '222222222222 ap-east-1 msk-lambda-consumers-authenticated NOT_APPLICABLE',
  '222222222222 ap-east-1 iam-no-long-lived-kafka-credentials NOT_APPLICABLE',
  '222222222222 ap-east-1 org-scp-denies-msk-security-changes NOT_APPLICABLE',
  '222222222222 eu-west-1 msk-connect-secure PASSED payments-s3-sink',
  '222222222222 eu-west-1 msk-lambda-consumers-authenticated PASSED orders-projector',
  '222222222222 eu-west-1 msk-lambda-consumers-authenticated FAILED payments-fraud-scorer', // SASL/SCRAM, LOW
  '222222222222 eu-west-1 iam-no-long-lived-kafka-credentials NOT_APPLICABLE',
  '222222222222 eu-west-1 org-scp-denies-msk-security-changes NOT_APPLICABLE',
  '222222222222 us-east-1 msk-connect-secure PASSED',
  '222222222222 us-east-1 msk-lambda-consumers-authenticated PASSED',
  '222222222222 us-east-1 iam-no-long-lived-kafka-credentials FAILED legacy-etl-client', // a 2025 access key allowed Connect
  '222222222222 us-east-1 org-scp-denies-msk-security-changes PASSED', // the Prod OU's SCP
  '333333333333 eu-west-1 msk-connect-secure FAILED dev-debezium', // PLAINTEXT, no authentication, no logs
  '333333333333 eu-west-1 msk-lambda-consumers-authenticated FAILED dev-echo', // unauthenticated, HIGH
  '333333333333 eu-west-1 iam-no-long-lived-kafka-credentials NOT_APPLICABLE',
  '333333333333 eu-west-1 org-scp-denies-msk-security-changes NOT_APPLICABLE',
  '333333333333 us-east-1 msk-connect-secure PASSED',
  '333333333333 us-east-1 msk-lambda-consumers-authenticated PASSED',
  '333333333333 us-east-1 iam-no-long-lived-kafka-credentials FAILED dev-kafka-admin', // kafka-cluster:* on *
  '333333333333 us-east-1 org-scp-denies-msk-security-changes FAILED', // the Dev OU has no guardrail
];

let sandbox: RunningSandbox;
let out: string;
let run: CliResult;
let result: ScanResult;

beforeAll(async () => {
  sandbox = await startSandbox({ estate: await loadEstate(EXAMPLE_ESTATE_PATH), port: 0 });
  out = await mkdtemp(join(tmpdir(), 'msk-audit-e2e-'));
  run = await runCli(['scan', '--org', '--output-dir', out, '--fail-on', 'high', '--save-inventory', join(out, 'inventory.json')], {
    env: sandbox.env,
  });
  result = JSON.parse(await readFile(join(out, 'msk-audit-report.json'), 'utf8')) as ScanResult;
});

afterAll(async () => {
  await sandbox?.close();
});

describe('msk-audit scan --org against the sandbox example organization', () => {
  it('exits 1 because high-severity checks fail, printing a summary and no error', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/clusters {2}12 {3}findings/);
  });

  it('gives every cluster the intended verdict for every check', () => {
    const actual: Record<string, string> = {};
    for (const finding of result.findings.filter((f) => f.resource.type === 'AwsMskCluster')) {
      const name = finding.resource.name!;
      const index = CLUSTER_CHECKS.findIndex((check) => check.meta.id === finding.checkId);
      if (index < 0) continue;
      const row = (actual[name] ?? Array(CLUSTER_CHECKS.length).fill(' ').join(' ')).split(' ');
      row[index] = CODE[finding.status];
      actual[name] = row.join(' ');
    }
    const normalise = (table: Record<string, string>) =>
      Object.fromEntries(Object.entries(table).map(([name, row]) => [name, row.replace(/\s+/g, ' ').trim()]));
    expect(normalise(actual)).toEqual(normalise(EXPECTED));
  });

  it('judges SCRAM secrets and private CAs on every cluster as intended', () => {
    const actual: Record<string, string> = {};
    for (const finding of result.findings.filter((f) => f.resource.type === 'AwsMskCluster' && CLIENT_ACCESS_CLUSTER_CHECKS.includes(f.checkId))) {
      const row = (actual[finding.resource.name!] ?? ' ').split(' ');
      row[CLIENT_ACCESS_CLUSTER_CHECKS.indexOf(finding.checkId)] = CODE[finding.status];
      actual[finding.resource.name!] = row.join(' ');
    }
    expect(actual).toEqual(EXPECTED_CLIENT_ACCESS);
  });

  it('judges MSK Connect, Lambda consumers, IAM and SCP guardrails once per subject, account-wide checks in the home region', () => {
    const ids = ['msk-connect-secure', 'msk-lambda-consumers-authenticated', 'iam-no-long-lived-kafka-credentials', 'org-scp-denies-msk-security-changes'];
    const actual = result.findings
      .filter((f) => ids.includes(f.checkId) && f.resource.account !== '444444444444')
      .map((f) => {
        const subject = (f.evidence.connectorName ?? f.evidence.functionArn ?? f.evidence.arn) as string | undefined;
        const name = subject ? ` ${subject.split(/[:/]/).pop()}` : '';
        return `${f.resource.account} ${f.resource.region} ${f.checkId} ${f.status}${name}`;
      });
    expect(actual).toEqual(EXPECTED_ACCOUNT_REGION_CLIENT_ACCESS);
    const severities = result.findings.filter((f) => ids.includes(f.checkId) && f.status === 'FAILED').map((f) => `${f.checkId} ${f.severity}`);
    expect(severities).toContain('msk-lambda-consumers-authenticated LOW');
    expect(severities).toContain('msk-lambda-consumers-authenticated HIGH');
    expect(severities).toContain('iam-no-long-lived-kafka-credentials MEDIUM');
    // SCRAM secrets were described, never read.
    expect(sandbox.calls({ service: 'secretsmanager' }).map((c) => c.operation).sort()).toEqual(['DescribeSecret', 'DescribeSecret', 'DescribeSecret', 'DescribeSecret', 'GetResourcePolicy', 'GetResourcePolicy', 'GetResourcePolicy', 'GetResourcePolicy']);
  });

  it('reports exact coverage: the denied role, the opt-in regions, the denied rotation call', () => {
    const coverage = result.coverage.entries.map((e) => `${e.account} ${e.region} ${e.status}`);
    expect(coverage).toEqual([
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
    const denied = result.coverage.entries.filter((e) => e.account === '444444444444');
    expect(denied.every((e) => /sts:AssumeRole failed with AccessDenied/.test(e.reasons[0]!))).toBe(true);
    const deniedFindings = result.findings.filter((f) => f.resource.account === '444444444444');
    expect(deniedFindings).toHaveLength(2 * builtinChecks.filter((check) => check.requires !== 'baseline').length);
    expect(deniedFindings.every((f) => f.status === 'NOT_AVAILABLE' && f.resource.type === 'AwsAccountRegion')).toBe(true);
  });

  it('judges CloudTrail per account-region and reports each risky change in the window with who and from where', () => {
    const regional = result.findings
      .filter((f) => f.checkId.startsWith('cloudtrail-') || f.checkId === 'msk-risky-change')
      .map((f) => `${f.resource.account} ${f.resource.region} ${f.checkId} ${f.status}`);
    const trailChecks = ['cloudtrail-region-covered', 'cloudtrail-trail-logging', 'cloudtrail-log-file-validation', 'cloudtrail-logs-encrypted'];
    const expected = (account: string, region: string, status: string, risky: string[]) => [
      ...trailChecks.map((id) => `${account} ${region} ${id} ${status}`),
      ...risky.map((verdict) => `${account} ${region} msk-risky-change ${verdict}`),
    ];
    expect(regional).toEqual([
      ...expected('111111111111', 'eu-west-1', 'PASSED', ['PASSED']),
      ...expected('111111111111', 'us-east-1', 'PASSED', ['PASSED']),
      ...expected('222222222222', 'ap-east-1', 'NOT_APPLICABLE', ['NOT_APPLICABLE']),
      ...expected('222222222222', 'eu-west-1', 'PASSED', ['FAILED', 'FAILED']),
      ...expected('222222222222', 'us-east-1', 'PASSED', ['PASSED']),
      ...expected('333333333333', 'eu-west-1', 'PASSED', ['PASSED']),
      ...expected('333333333333', 'us-east-1', 'PASSED', ['PASSED']),
      ...expected('444444444444', 'eu-west-1', 'NOT_AVAILABLE', ['NOT_AVAILABLE']),
      ...expected('444444444444', 'us-east-1', 'NOT_AVAILABLE', ['NOT_AVAILABLE']),
    ]);
    const changes = result.findings.filter((f) => f.checkId === 'msk-risky-change' && f.status === 'FAILED');
    expect(changes.map((f) => [f.resource.name, f.severity, f.evidence.eventName, f.evidence.principalArn])).toEqual([
      // Oldest first: UpdateSecurity five days ago, UpdateConnectivity (opening public access) two days ago.
      ['orders-prod', 'HIGH', 'UpdateSecurity', 'arn:aws:sts::222222222222:assumed-role/Admin/bob'],
      ['payments-prod', 'CRITICAL', 'UpdateConnectivity', 'arn:aws:sts::222222222222:assumed-role/Admin/alice'],
    ]);
    expect(changes.map((f) => f.id)).toEqual([
      `msk-audit/msk-risky-change/${changes[0]!.resource.arn}/event/0b1c2d3e-aaaa-4000-8000-000000000002`,
      `msk-audit/msk-risky-change/${changes[1]!.resource.arn}/event/0b1c2d3e-aaaa-4000-8000-000000000001`,
    ]);
    // LookupEvents ran once per event source (every page: one here) in every reachable account-region with a cluster;
    // in 222222222222 ap-east-1, which has none, only kafka.amazonaws.com (deletions and creation attempts) was looked up.
    const lookups = sandbox.calls().filter((call) => call.operation === 'LookupEvents' && call.status === 200);
    const perRegion: Record<string, number> = {};
    for (const call of lookups) perRegion[`${call.account} ${call.region}`] = (perRegion[`${call.account} ${call.region}`] ?? 0) + 1;
    expect(perRegion).toEqual({
      '111111111111 eu-west-1': 2,
      '111111111111 us-east-1': 2,
      '222222222222 ap-east-1': 1,
      '222222222222 eu-west-1': 2,
      '222222222222 us-east-1': 2,
      '333333333333 eu-west-1': 2,
      '333333333333 us-east-1': 2,
    });
    // Each trail's status once per account, in its home region: the organization trail (us-east-1), seen in every region
    // of every account, is one trail; 333333333333 also has its own dev-trail (eu-west-1).
    const statuses: Record<string, number> = {};
    for (const call of sandbox.calls().filter((c) => c.operation === 'GetTrailStatus')) statuses[`${call.account} ${call.region}`] = (statuses[`${call.account} ${call.region}`] ?? 0) + 1;
    expect(statuses).toEqual({
      '111111111111 us-east-1': 1,
      '222222222222 us-east-1': 1,
      '333333333333 eu-west-1': 1,
      '333333333333 us-east-1': 1,
    });
  });

  it('assumed the member role in every other account and acted there with it', () => {
    const assumed = sandbox.calls().filter((call) => call.operation === 'AssumeRole');
    expect(new Set(assumed.map((call) => call.status === 200))).toEqual(new Set([true, false]));
    const kafkaCalls = sandbox.calls().filter((call) => call.service === 'kafka');
    for (const call of kafkaCalls.filter((c) => c.account !== '111111111111')) {
      expect(call.principalArn).toMatch(new RegExp(`^arn:aws:sts::${call.account}:assumed-role/MskAuditReadOnly/msk-audit-`));
    }
  });

  it('reads each reachable account’s regions once, the caller’s included', () => {
    const listRegions = sandbox.calls().filter((call) => call.operation === 'ListRegions');
    expect(listRegions.map((call) => call.account).sort()).toEqual(['111111111111', '222222222222', '333333333333']);
  });

  it('made only the read calls the README’s IAM policies allow', () => {
    const allowed = new Set<string>([...MEMBER_READ_ACTIONS, ...SCANNER_ACTIONS, ...UNPERMISSIONED_ACTIONS]);
    // S3 operations are named apart from their IAM actions (GetBucketEncryption needs s3:GetEncryptionConfiguration).
    const made = new Set(sandbox.calls().map((call) => iamActionOf(`${call.service}:${call.operation}`)));
    expect([...made].filter((action) => !allowed.has(action))).toEqual([]);
    expect(made.has('kafka:ListClustersV2')).toBe(true);
  });

  it('re-evaluates the saved inventory offline with identical verdicts', async () => {
    const again = join(out, 'again');
    await runCli(['evaluate', join(out, 'inventory.json'), '--output-dir', again, '--quiet']);
    const offline = JSON.parse(await readFile(join(again, 'msk-audit-report.json'), 'utf8')) as ScanResult;
    const verdicts = (scan: ScanResult) => scan.findings.map(({ id, status, reason }) => ({ id, status, reason }));
    expect(verdicts(offline)).toEqual(verdicts(result));
    expect(offline.coverage).toEqual(result.coverage);
  });

  it('with --verbose prints one line per account on stderr as it completes (stderr is not a TTY here: no live line)', async () => {
    const verbose = await runCli(['scan', '--org', '--output-dir', join(out, 'verbose'), '--verbose', '--format', 'json'], { env: sandbox.env });
    const lines = verbose.stderr.trim().split('\n');
    expect(lines[0]).toBe('scanning 4 account(s) as arn:aws:iam::111111111111:user/msk-auditor');
    expect(lines.slice(1).sort()).toEqual([
      'account 111111111111 (security): 2 region(s), 2 cluster(s), 1 opt-in region(s) skipped',
      'account 222222222222 (prod): 3 region(s), 6 cluster(s), 1 partial',
      'account 333333333333 (dev): 2 region(s), 4 cluster(s), 1 opt-in region(s) skipped',
      expect.stringMatching(/^account 444444444444 \(.*\): not scanned — User: .* is not authorized to perform: sts:AssumeRole/),
    ]);
    expect(verbose.stderr).not.toContain('\r');
  });
});
