/**
 * Issue 10, "Least privilege": ONE `msk-audit scan` with every feature on — the whole organization, every check,
 * CloudTrail, --security-hub, --baseline read from s3://, --evidence-pack signed with a KMS key, --save-inventory,
 * every report format — through the real CLI against the sandbox, which records every call. Every call, by every
 * principal, must be an action the documented policies grant that principal:
 *
 *  - the caller (the scanning identity, here the organization's management account): the README's member read
 *    policy (for its own account), scanner policy and Security Hub policy, plus the evidence actions the README
 *    documents for `--baseline s3://` (s3:GetObject; s3:PutObject to approve) and `--sign-key` with a KMS key (kms:Sign);
 *  - each member account's role (MskAuditReadOnly): exactly what deploy/member-role.yml grants.
 *
 * The README's policies are parsed as test/readme.test.ts does, and deploy/member-role.yml as test/deploy does,
 * so a call that appears without a policy change fails here (the comparison itself is checked on injected calls).
 * (test/e2e/scan-security-hub-cli.test.ts checks a plain --security-hub scan against the permissions.ts lists.)
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamActionOf, MEMBER_READ_ACTIONS, SECURITY_HUB_ACTIONS, UNPERMISSIONED_ACTIONS } from '../../src/aws/permissions.js';
import type { ScanResult } from '../../src/engine/scan-result.js';
import { startSandbox, type CallRecord, type RunningSandbox } from '../../src/sandbox/index.js';
import { actionsOf, type JsonObject, type Statement } from '../deploy/support.js';
import { BUCKET, lambdaEstate, SIGNING_KEY_ARN } from '../lambda/support.js';
import { runCli } from '../support/cli.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** The README's three IAM policies (member read, scanner, Security Hub), parsed as test/readme.test.ts does. */
async function readmePolicies(): Promise<{ member: string[]; scanner: string[]; securityHub: string[]; text: string }> {
  const text = await readFile(join(ROOT, 'README.md'), 'utf8');
  const section = text.slice(text.indexOf('## Read-only IAM policy'), text.indexOf('## Check catalogue'));
  const policies = [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => JSON.parse(match[1]!) as { Statement: { Effect: string; Action: string[] }[] });
  const actions = (i: number) => policies[i]!.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => s.Action);
  return { member: actions(0), scanner: actions(1), securityHub: actions(2), text: text.replace(/\s+/g, ' ') };
}

/** The member role's actions in deploy/member-role.yml, read with cfn-lint's own parser as test/deploy does. */
function memberRoleActions(): string[] {
  const { openFile } = createRequire(import.meta.url)('cfn-lint/lib/parser.js') as { openFile(path: string): JsonObject };
  const template = openFile(join(ROOT, 'deploy/member-role.yml'));
  const role = (template.Resources as Record<string, JsonObject>).MskAuditReadOnlyRole!;
  const policies = (role.Properties as JsonObject).Policies as JsonObject[];
  return policies.flatMap((policy) => ((policy.PolicyDocument as JsonObject).Statement as unknown as Statement[]).filter((s) => s.Effect === 'Allow').flatMap(actionsOf));
}

interface Grants {
  /** What the scanning identity may do. */
  caller: ReadonlySet<string>;
  /** What a member account's role may do. */
  member: ReadonlySet<string>;
  /** The caller's principal ARN. */
  callerArn: string;
}

/** Every call not granted to the principal that made it, as `principal action`. */
function policyViolations(calls: readonly Pick<CallRecord, 'service' | 'operation' | 'principalArn'>[], grants: Grants): string[] {
  const violations = new Set<string>();
  for (const call of calls) {
    const action = iamActionOf(`${call.service}:${call.operation}`);
    if (UNPERMISSIONED_ACTIONS.includes(action as (typeof UNPERMISSIONED_ACTIONS)[number])) continue;
    const member = /^arn:aws:sts::\d{12}:assumed-role\/MskAuditReadOnly\//.test(call.principalArn);
    const allowed = member ? grants.member : call.principalArn === grants.callerArn ? grants.caller : new Set<string>();
    if (!allowed.has(action)) violations.add(`${call.principalArn} ${action}`);
  }
  return [...violations].sort();
}

let sandbox: RunningSandbox;
let dir: string;
let grants: Grants;
let approvalCalls: CallRecord[];
let scanCalls: CallRecord[];
let report: ScanResult;
let exitCode: number | null;
let stderr: string;

beforeAll(async () => {
  sandbox = await startSandbox({ estate: lambdaEstate(), seed: 'least-privilege' });
  dir = await mkdtemp(join(tmpdir(), 'msk-audit-least-privilege-'));
  const readme = await readmePolicies();
  // The evidence actions the README documents: `--baseline s3://` and `--sign-key <KMS key>`.
  expect(readme.text).toContain('an `s3://` baseline needs `s3:GetObject` (and `s3:PutObject` to approve) for the caller');
  expect(readme.text).toContain('a KMS asymmetric RSA key (`kms:Sign`');
  const evidence = ['s3:GetObject', 's3:PutObject', 'kms:Sign'];
  const callerArn = JSON.parse(JSON.stringify(lambdaEstate().caller)).arn as string;
  grants = { caller: new Set([...readme.member, ...readme.scanner, ...readme.securityHub, ...evidence]), member: new Set(memberRoleActions()), callerArn };

  const baseline = `s3://${BUCKET}/msk/baseline.json`;
  const approve = await runCli(['baseline', 'approve', '--org', '--output', baseline, '--quiet'], { env: sandbox.env });
  expect(approve.code, approve.stderr).toBe(0);
  approvalCalls = sandbox.calls();
  sandbox.resetCalls();

  const out = join(dir, 'out');
  const run = await runCli(
    [
      'scan',
      '--org',
      '--security-hub',
      '--baseline',
      baseline,
      '--evidence-pack',
      join(dir, 'evidence.zip'),
      '--sign-key',
      SIGNING_KEY_ARN,
      '--save-inventory',
      join(dir, 'inventory.json'),
      '--format',
      'json,html,csv,junit,ocsf,asff',
      '--output-dir',
      out,
      '--fail-on',
      'none',
    ],
    { env: sandbox.env },
  );
  exitCode = run.code;
  stderr = run.stderr;
  scanCalls = sandbox.calls();
  report = JSON.parse(await readFile(join(out, 'msk-audit-report.json'), 'utf8')) as ScanResult;
}, 120_000);

afterAll(async () => {
  await sandbox?.close();
});

describe('least privilege: one scan with every feature on', () => {
  it('ran every feature', () => {
    expect(exitCode, stderr).toBe(0);
    const actions = new Set(scanCalls.map((c) => iamActionOf(`${c.service}:${c.operation}`)));
    for (const action of ['organizations:ListAccounts', 'sts:AssumeRole', 'cloudtrail:LookupEvents', 'securityhub:BatchImportFindings', 'securityhub:GetFindings', 's3:GetObject', 'kms:Sign']) {
      expect(actions, action).toContain(action);
    }
    expect(report.securityHub?.totals.imported).toBeGreaterThan(0);
    expect(report.drift).toBeDefined();
    expect(report.checks.map((c) => c.id)).toContain('msk-drift-from-baseline');
  });

  it('every call of the scan is granted to the principal that made it (README policies; deploy/member-role.yml for member roles)', () => {
    expect(scanCalls.length).toBeGreaterThan(100);
    expect(policyViolations(scanCalls, grants)).toEqual([]);
    // Member roles were used, and only for reads and their own account's Security Hub.
    const memberCalls = scanCalls.filter((c) => c.principalArn.includes(':assumed-role/MskAuditReadOnly/'));
    expect(memberCalls.length).toBeGreaterThan(0);
    for (const call of memberCalls) expect(call.principalArn.split(':')[4]).toBe(call.account);
    // Writes: only Security Hub imports in member accounts; evidence and baseline only by the caller.
    const writes = scanCalls.filter((c) => !/^(List|Describe|Get|Lookup|Head)/.test(c.operation));
    expect([...new Set(writes.map((c) => `${c.service}:${c.operation}`))].sort()).toEqual(['kms:Sign', 'securityhub:BatchImportFindings', 'sts:AssumeRole']);
  });

  it('the baseline approval before it is granted too (s3:PutObject by the caller only)', () => {
    expect(policyViolations(approvalCalls, grants)).toEqual([]);
    expect(approvalCalls.filter((c) => c.operation === 'PutObject').every((c) => c.principalArn === grants.callerArn)).toBe(true);
  });

  it('the member role and the README agree: member-role.yml grants the README member policy plus the Security Hub policy', async () => {
    const readme = await readmePolicies();
    expect([...grants.member].sort()).toEqual([...readme.member, ...readme.securityHub].sort());
    expect([...grants.member].sort()).toEqual([...MEMBER_READ_ACTIONS, ...SECURITY_HUB_ACTIONS].sort());
  });

  it('flags a call no policy lists, and a caller-only action made with a member role (the comparison is not vacuous)', () => {
    const member = `arn:aws:sts::222222222222:assumed-role/MskAuditReadOnly/msk-audit-x`;
    const injected = [
      ...scanCalls,
      { service: 'kafka', operation: 'UpdateSecurity', principalArn: member },
      { service: 'secretsmanager', operation: 'GetSecretValue', principalArn: grants.callerArn },
      { service: 's3', operation: 'GetObject', principalArn: member },
      { service: 'organizations', operation: 'ListAccounts', principalArn: member },
      { service: 's3', operation: 'GetBucketEncryption', principalArn: member },
      { service: 'sts', operation: 'GetCallerIdentity', principalArn: 'arn:aws:iam::999999999999:user/nobody' },
      { service: 'kms', operation: 'Sign', principalArn: 'arn:aws:iam::999999999999:user/nobody' },
    ];
    expect(policyViolations(injected, grants)).toEqual(
      [
        `${member} kafka:UpdateSecurity`,
        `${grants.callerArn} secretsmanager:GetSecretValue`,
        `${member} s3:GetObject`,
        `${member} organizations:ListAccounts`,
        'arn:aws:iam::999999999999:user/nobody kms:Sign',
      ].sort(),
    );
  });
});
