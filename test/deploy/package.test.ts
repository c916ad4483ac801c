/**
 * The deployment: `osls package` run offline (dummy credentials, every AWS endpoint pointed at a closed port, a
 * throw-away HOME), then the generated CloudFormation and deploy/member-role.yml checked — least-privilege IAM
 * (exactly the actions src/aws/permissions.ts lists, plus scoped writes), the evidence bucket's controls, the
 * alarms, the state machine — linted with cfn-lint, and the packaged bundle itself run, outside the repository,
 * against the sandbox.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBER_READ_ACTIONS, SCANNER_ACTIONS, SECURITY_HUB_ACTIONS } from '../../src/aws/permissions.js';
import { readZip } from '../../src/evidence/zip.js';
import type { ScanResult } from '../../src/engine/scan-result.js';
import { TOOL } from '../../src/package-info.js';
import { BUCKET, REGION, SEC, startLambdaSandbox, type LambdaSandbox } from '../lambda/support.js';
import { MEMBER_ROLE_TEMPLATE, syncMemberRole } from '../../deploy/sync-member-role.js';
import { actionsOf, pythonCfnLint, renderWithDefaults, roleStatements, run, stripAnsi, type Json, type JsonObject, type Statement } from './support.js';

const ROOT = resolve(import.meta.dirname, '../..');
const OSLS = join(ROOT, 'node_modules/osls/bin/serverless.js');
const STAGE = 'ci';

let out: string;
let template: JsonObject;
let packaging: { ms: number; stdout: string };
const timings: Record<string, number> = {};

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'msk-audit-package-'));
  const home = join(out, 'home');
  await mkdir(home);
  const result = await run(process.execPath, [OSLS, 'package', '--stage', STAGE, '--region', 'eu-west-1', '--package', join(out, 'artifacts')], {
    cwd: ROOT,
    // Offline: dummy credentials, and any AWS call would go to a closed local port and fail the packaging.
    env: {
      PATH: process.env.PATH,
      HOME: home,
      AWS_ACCESS_KEY_ID: 'AKIAOFFLINEPACKAGE00',
      AWS_SECRET_ACCESS_KEY: 'offline-packaging-only',
      AWS_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_EC2_METADATA_DISABLED: 'true',
      SLS_TELEMETRY_DISABLED: '1',
      CI: 'true',
    },
    timeoutMs: 280_000,
  });
  packaging = { ms: result.ms, stdout: stripAnsi(`${result.stdout}\n${result.stderr}`) };
  timings.package = result.ms;
  if (result.code !== 0) throw new Error(`osls package failed (${result.code}):\n${packaging.stdout}`);
  template = JSON.parse(await readFile(join(out, 'artifacts/cloudformation-template-update-stack.json'), 'utf8')) as JsonObject;
}, 300_000);

afterAll(async () => {
  console.info(`[deploy] timings (ms): ${JSON.stringify(timings)}`);
  if (out) await rm(out, { recursive: true, force: true });
});

const resources = () => template.Resources as Record<string, JsonObject>;
const props = (id: string) => resources()[id]!.Properties as JsonObject;
const ofType = (type: string) => Object.entries(resources()).filter(([, resource]) => resource.Type === type);

describe('osls package (offline)', () => {
  it('packages the four handlers as one ESM bundle, with the package root (package.json, templates/) beside it', async () => {
    expect(packaging.stdout).toMatch(/Service packaged/);
    const zip = readZip(new Uint8Array(await readFile(join(out, 'artifacts/msk-audit.zip'))));
    const names = zip.entries.map((entry) => entry.name);
    expect(names).toContain('src/lambda.mjs');
    expect(names).toContain('src/package.json');
    // The bundle's directory is the package root (deploy/esbuild-plugins.cjs): package.json and templates/ beside it.
    expect(names).toContain('src/templates/report.html.hbs');
    expect(names).toContain('src/templates/partials/html-styles.hbs');
    expect(names.filter((name) => name.startsWith('node_modules/'))).toEqual([]);
    const marker = zip.read(zip.entries.find((entry) => entry.name === 'src/package.json')!);
    expect(marker.ok && JSON.parse(Buffer.from(marker.data).toString())).toMatchObject({ name: TOOL.name, version: TOOL.version });
    const functions = ofType('AWS::Lambda::Function').map(([, fn]) => fn.Properties as JsonObject);
    expect(functions.map((fn) => fn.Handler).sort()).toEqual(['src/lambda.aggregate', 'src/lambda.listAccounts', 'src/lambda.scanAccount', 'src/lambda.scheduledScan']);
    for (const fn of functions) {
      expect(fn.Architectures).toEqual(['arm64']);
      expect(fn.Runtime).toMatch(/^nodejs(2[02468])\.x$/);
      expect(fn.Timeout as number).toBeLessThanOrEqual(900);
    }
  });
});

describe('least-privilege IAM', () => {
  // The scan's reads: MEMBER_READ_ACTIONS and the organization reads of SCANNER_ACTIONS (all List/Describe/Get/Lookup).
  const READS = new Set<string>([...MEMBER_READ_ACTIONS, ...SCANNER_ACTIONS.filter((action) => action !== 'sts:AssumeRole')]);

  it('counts only reads as reads', () => {
    for (const action of READS) expect(action).toMatch(/^[a-z0-9-]+:(List|Describe|Get|Lookup)[A-Za-z0-9]*$/);
  });

  it('gives the scanner role exactly the scan\'s actions (src/aws/permissions.ts) plus scoped writes, and nothing else', () => {
    const statements = roleStatements(template, 'IamRoleLambdaExecution');
    const actions = new Set(statements.flatMap(({ statement }) => actionsOf(statement)));
    const expected = new Set([
      ...MEMBER_READ_ACTIONS,
      ...SCANNER_ACTIONS,
      ...SECURITY_HUB_ACTIONS,
      // The evidence bucket, its KMS key (SSE-KMS, also the dead-letter queue's), the dead-letter queue.
      's3:GetObject',
      's3:PutObject',
      's3:ListBucket',
      'kms:GenerateDataKey',
      'kms:Decrypt',
      'sqs:SendMessage',
      // Signing evidence packs, only with signingKeyArn (a conditional policy).
      'kms:Sign',
      // The functions' own log groups (generated by osls).
      'logs:CreateLogStream',
      'logs:CreateLogGroup',
      'logs:TagResource',
      'logs:PutLogEvents',
    ]);
    expect([...actions].sort()).toEqual([...expected].sort());
    for (const { statement } of statements) {
      expect(statement.Effect).toBe('Allow');
      for (const action of actionsOf(statement)) expect(action).not.toContain('*');
      const writes = actionsOf(statement).filter((action) => !READS.has(action));
      // Every action beyond the read-only scan names its resource: no write on '*'.
      if (writes.length > 0) expect(JSON.stringify(statement.Resource), `${writes.join(', ')} on ${JSON.stringify(statement.Resource)}`).not.toBe('"*"');
    }
  });

  it('scopes each write to its one resource', () => {
    const bySid = new Map(roleStatements(template, 'IamRoleLambdaExecution').map(({ statement, condition, policy }) => [statement.Sid ?? '', { statement, condition, policy }]));
    const resource = (sid: string) => bySid.get(sid)!.statement.Resource;
    expect(resource('MskAuditAssumeMemberRole')).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:iam::*:role/MskAuditReadOnly' });
    expect(resource('MskAuditSecurityHubImport')).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:securityhub:*:${AWS::AccountId}:product/${AWS::AccountId}/default' });
    expect(resource('MskAuditSecurityHubRead')).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:securityhub:*:${AWS::AccountId}:hub/default' });
    expect(resource('EvidenceObjects')).toEqual({ 'Fn::Sub': '${EvidenceBucket.Arn}/*' });
    expect(resource('EvidenceList')).toEqual({ 'Fn::GetAtt': ['EvidenceBucket', 'Arn'] });
    expect(resource('EvidenceKey')).toEqual({ 'Fn::GetAtt': ['EvidenceKey', 'Arn'] });
    expect(resource('DeadLetterQueue')).toEqual({ 'Fn::GetAtt': ['ScanDeadLetterQueue', 'Arn'] });
    const signing = bySid.get('EvidenceSigning')!;
    expect(signing).toMatchObject({ condition: 'HasSigningKey', policy: 'EvidenceSigningPolicy' });
    expect(signing.statement.Resource).toEqual({ Ref: 'SigningKeyArn' });
    expect(actionsOf(bySid.get('MskAuditReadOnly')!.statement)).toEqual([...MEMBER_READ_ACTIONS]);
    expect(actionsOf(bySid.get('MskAuditOrganization')!.statement)).toEqual(SCANNER_ACTIONS.filter((action) => action !== 'sts:AssumeRole'));
    expect(actionsOf(bySid.get('MskAuditAssumeMemberRole')!.statement)).toEqual(['sts:AssumeRole']);
    // osls's log statements name the functions' own log groups.
    for (const { statement } of roleStatements(template, 'IamRoleLambdaExecution')) {
      if (actionsOf(statement).some((action) => ['logs:CreateLogStream', 'logs:CreateLogGroup', 'logs:TagResource', 'logs:PutLogEvents'].includes(action))) expect(JSON.stringify(statement.Resource)).toContain(`log-group:/aws/lambda/msk-audit-${STAGE}`);
    }
  });

  it('gives the state machine only what the Distributed Map needs', () => {
    const statements = roleStatements(template, 'FanOutStateMachineRole');
    const actions = [...new Set(statements.flatMap(({ statement }) => actionsOf(statement)))].sort();
    const logDelivery = ['logs:CreateLogDelivery', 'logs:GetLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery', 'logs:ListLogDeliveries', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups'];
    expect(actions).toEqual(
      [
        'lambda:InvokeFunction',
        'states:StartExecution',
        'states:DescribeExecution',
        'states:StopExecution',
        'events:PutTargets',
        'events:PutRule',
        'events:DescribeRule',
        's3:GetObject',
        'kms:Decrypt',
        ...logDelivery,
      ].sort(),
    );
    for (const { statement } of statements) {
      // CloudWatch Logs' vended-log delivery APIs take no resource: AWS documents '*' for them.
      if (JSON.stringify(statement.Resource) === '"*"') expect(actionsOf(statement).every((action) => logDelivery.includes(action))).toBe(true);
    }
    const s3 = statements.find(({ statement }) => actionsOf(statement).includes('s3:GetObject'))!.statement;
    expect(JSON.stringify(s3.Resource)).toContain('"Ref":"EvidenceBucket"');
  });

  it('lets the member role (deploy/member-role.yml) do exactly MEMBER_READ_ACTIONS + SECURITY_HUB_ACTIONS, for the scanner role with the external id', async () => {
    const text = await readFile(MEMBER_ROLE_TEMPLATE, 'utf8');
    expect(syncMemberRole(text) === text, 'deploy/member-role.yml is stale: run `npx tsx deploy/sync-member-role.ts`').toBe(true);
    const member = memberRole();
    const role = (member.Resources as Record<string, JsonObject>).MskAuditReadOnlyRole!;
    const properties = role.Properties as JsonObject;
    const statements = (properties.Policies as JsonObject[]).flatMap((policy) => (policy.PolicyDocument as JsonObject).Statement as unknown as Statement[]);
    expect(statements.flatMap(actionsOf).sort()).toEqual([...MEMBER_READ_ACTIONS, ...SECURITY_HUB_ACTIONS].sort());
    for (const statement of statements) {
      if (actionsOf(statement).some((action) => action.startsWith('securityhub:'))) expect(statement.Resource).not.toBe('*');
    }
    const trust = (properties.AssumeRolePolicyDocument as JsonObject).Statement as unknown as (Statement & { Principal: Json })[];
    expect(trust).toHaveLength(1);
    expect(trust[0]).toMatchObject({
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${ScannerAccountId}:root' } },
      Condition: {
        StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } },
        ArnEquals: { 'aws:PrincipalArn': { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${ScannerAccountId}:role/${ScannerRoleName}' } },
      },
    });
    const parameters = member.Parameters as Record<string, JsonObject>;
    expect(parameters.RoleName!.Default).toBe('MskAuditReadOnly');
    expect(parameters.ExternalId!.Default).toBeUndefined();
    // The default scanner role name is the scanner stack's for stage prod.
    expect(parameters.ScannerRoleName!.Default).toBe('msk-audit-scanner-prod');
    expect((resources().IamRoleLambdaExecution!.Properties as JsonObject).RoleName).toBe(`msk-audit-scanner-${STAGE}`);
  });
});

function memberRole(): JsonObject {
  // cfn-lint's own YAML loader (it understands CloudFormation's tags); the file uses long-form intrinsics anyway.
  const { openFile } = createRequire(import.meta.url)('cfn-lint/lib/parser.js') as { openFile(path: string): JsonObject };
  return openFile(join(ROOT, 'deploy/member-role.yml'));
}

describe('the evidence bucket, the dead-letter queue, alarms and the state machine', () => {
  it('encrypts with a rotated KMS key, keeps versions, blocks public access, refuses plain HTTP, and can lock objects', () => {
    expect(props('EvidenceKey')).toMatchObject({ EnableKeyRotation: true, KeySpec: 'SYMMETRIC_DEFAULT' });
    const bucket = props('EvidenceBucket');
    expect(bucket.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['EvidenceKey', 'Arn'] } }, BucketKeyEnabled: true }],
    });
    expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(resources().EvidenceBucket!.DeletionPolicy).toBe('Retain');
    expect(bucket.ObjectLockEnabled).toEqual({ 'Fn::If': ['UseObjectLock', true, { Ref: 'AWS::NoValue' }] });
    expect(bucket.ObjectLockConfiguration).toEqual({
      'Fn::If': ['UseObjectLock', { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: { Ref: 'ObjectLockMode' }, Days: { Ref: 'ObjectLockDays' } } } }, { Ref: 'AWS::NoValue' }],
    });
    const parameters = template.Parameters as Record<string, JsonObject>;
    expect(parameters.ObjectLock).toMatchObject({ Default: 'true', AllowedValues: ['true', 'false'] });
    expect(parameters.ObjectLockMode).toMatchObject({ Default: 'GOVERNANCE', AllowedValues: ['GOVERNANCE', 'COMPLIANCE'] });
    expect(parameters.ObjectLockDays).toMatchObject({ Default: 365 });
    const policy = (props('EvidenceBucketPolicy').PolicyDocument as JsonObject).Statement as unknown as (Statement & { Principal: Json })[];
    expect(policy).toContainEqual({
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [{ 'Fn::GetAtt': ['EvidenceBucket', 'Arn'] }, { 'Fn::Sub': '${EvidenceBucket.Arn}/*' }],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  });

  it('sends a failed scheduled invocation to an encrypted dead-letter queue, keeps logs a year, and alarms', () => {
    expect(props('ScanDeadLetterQueue').KmsMasterKeyId).toEqual({ Ref: 'EvidenceKey' });
    expect(props('ScheduledScanLambdaFunction').DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': ['ScanDeadLetterQueue', 'Arn'] } });
    expect(props('ScheduledScanLambdaEvConf')).toMatchObject({ MaximumRetryAttempts: 1 });
    const logGroups = ofType('AWS::Logs::LogGroup');
    expect(logGroups.length).toBe(5);
    for (const [, group] of logGroups) expect((group.Properties as JsonObject).RetentionInDays).toBe(365);
    const alarms = Object.fromEntries(ofType('AWS::CloudWatch::Alarm').map(([id, alarm]) => [id, alarm.Properties as JsonObject]));
    expect(Object.keys(alarms).sort()).toEqual(['DeadLetterQueueAlarm', 'FanOutFailedAlarm', 'IncompleteCoverageAlarm', 'RunFailedAlarm', 'ScheduledScanErrorsAlarm', 'SecurityHubFailuresAlarm']);
    // The coverage alarm reads the metric the handlers emit in the Embedded Metric Format.
    expect(alarms.IncompleteCoverageAlarm).toMatchObject({ Namespace: 'MskAudit', MetricName: 'IncompleteAccountRegions', Dimensions: [{ Name: 'Deployment', Value: `msk-audit-${STAGE}` }] });
    expect(alarms.ScheduledScanErrorsAlarm).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Errors' });
    const env = (props('ScheduledScanLambdaFunction').Environment as JsonObject).Variables as JsonObject;
    expect(env).toMatchObject({ MSK_AUDIT_BUCKET: { Ref: 'EvidenceBucket' }, MSK_AUDIT_DEPLOYMENT: `msk-audit-${STAGE}`, MSK_AUDIT_ACCOUNTS: 'org', MSK_AUDIT_ROLE_NAME: 'MskAuditReadOnly' });
  });

  it('schedules the single function by default, and fans out with a Distributed Map that records failures', () => {
    const rules = Object.fromEntries(ofType('AWS::Events::Rule').map(([id, rule]) => [id, rule.Properties as JsonObject]));
    expect(rules.ScheduledScanEventsRuleSchedule1).toMatchObject({ ScheduleExpression: 'rate(1 day)', State: 'ENABLED' });
    expect(rules.FanOutStepFunctionsEventsRuleSchedule1).toMatchObject({ ScheduleExpression: 'rate(1 day)', State: 'DISABLED' });
    const machine = props('FanOutStateMachine');
    // serverless-step-functions writes the definition as Fn::Sub [ASL text, substitutions].
    const asl = JSON.parse(String(((machine.DefinitionString as JsonObject)['Fn::Sub'] as Json[])[0])) as JsonObject;
    const states = asl.States as Record<string, JsonObject>;
    expect(Object.keys(states)).toEqual(['ListAccounts', 'ScanAccounts', 'Aggregate']);
    const map = states.ScanAccounts!;
    expect(map).toMatchObject({ Type: 'Map', MaxConcurrencyPath: '$.plan.mapConcurrency', ToleratedFailurePercentage: 100, ResultPath: null });
    expect(((props('ScanAccountLambdaFunction').Environment as JsonObject).Variables as JsonObject).MSK_AUDIT_MAP_CONCURRENCY).toBe('20');
    expect((map.ItemReader as JsonObject).Resource).toBe('arn:aws:states:::s3:getObject');
    expect(((map.ItemProcessor as JsonObject).ProcessorConfig as JsonObject).Mode).toBe('DISTRIBUTED');
    const scan = ((map.ItemProcessor as JsonObject).States as Record<string, JsonObject>).ScanAccount!;
    expect((scan.Catch as JsonObject[])[0]).toMatchObject({ ErrorEquals: ['States.ALL'], Next: 'RecordFailure' });
    expect(scan.TimeoutSeconds as number).toBeGreaterThan(900);
    expect((machine.LoggingConfiguration as JsonObject).Level).toBe('ERROR');
  });
});

const ALLOWED_JS_LINT = [
  // npm cfn-lint 1.9.7 (a JavaScript reimplementation, unmaintained) carries a CloudFormation resource
  // specification from before these existed; AWS's cfn-lint (below) checks them.
  /^(Architectures|EphemeralStorage) is not a valid property of AWS::Lambda::Function$/,
  /^Resource \w+ has an invalid Type of AWS::Lambda::EventInvokeConfig\.$/,
  /^KeySpec is not a valid property of AWS::KMS::Key$/,
  /^(OwnershipControls|ObjectLockEnabled|ObjectLockConfiguration) is not a valid property of AWS::S3::Bucket$/,
  /^NoncurrentVersionExpiration is not a valid property of AWS::S3::Bucket\.Rule$/,
  /^BucketKeyEnabled is not a valid property of AWS::S3::Bucket\.ServerSideEncryptionRule$/,
  /^(StateMachineType|LoggingConfiguration) is not a valid property of AWS::StepFunctions::StateMachine$/,
  /^Description is not a valid property of AWS::IAM::Role$/,
];

async function jsCfnLint(file: string): Promise<{ code: number | null; messages: string[]; output: string }> {
  const result = await run(process.execPath, [join(ROOT, 'node_modules/cfn-lint/lib/index.js'), 'validate', file], { timeoutMs: 120_000 });
  const output = stripAnsi(result.stdout + result.stderr);
  const messages = [...output.matchAll(/^Message: (.*)$/gm)].map((match) => match[1]!.trim());
  return { code: result.code, messages, output };
}

describe('cfn-lint', () => {
  it('npm cfn-lint: both templates, every message explained by its outdated resource specification', async () => {
    // It cannot follow conditions (Fn::If yielding a list or an object): lint the template as the default params deploy it.
    const rendered = join(out, 'rendered-defaults.json');
    await writeFile(rendered, JSON.stringify(renderWithDefaults(template), null, 2));
    const started = Date.now();
    for (const file of [rendered, join(ROOT, 'deploy/member-role.yml')]) {
      const { messages, output } = await jsCfnLint(file);
      expect(output).toMatch(/\d+ crit/);
      const unexplained = messages.filter((message) => !ALLOWED_JS_LINT.some((allowed) => allowed.test(message)));
      expect(unexplained, output).toEqual([]);
    }
    timings.npmCfnLint = Date.now() - started;
  });

  it("AWS's cfn-lint (Python, shipped on the machine image): no error or warning in the generated template or the member role", async (context) => {
    const cfnLint = await pythonCfnLint();
    if (!cfnLint) {
      context.skip('AWS cfn-lint (Python) is not installed on this machine, and PyPI is unreachable: only the npm cfn-lint ran');
      return;
    }
    const generated = join(out, 'artifacts/cloudformation-template-update-stack.json');
    // W3005 (a DependsOn that a GetAtt already implies) is in serverless-step-functions' generated resources.
    const result = await run(cfnLint, ['--ignore-checks', 'W3005', '--', generated, join(ROOT, 'deploy/member-role.yml')], { timeoutMs: 280_000 });
    timings.awsCfnLint = result.ms;
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  }, 300_000);
});

describe('the packaged bundle, run outside the repository against the sandbox', () => {
  let env: LambdaSandbox;
  let dir: string;

  beforeAll(async () => {
    env = await startLambdaSandbox();
    dir = await mkdtemp(join(tmpdir(), 'msk-audit-lambda-task-'));
    const zip = readZip(new Uint8Array(await readFile(join(out, 'artifacts/msk-audit.zip'))));
    for (const entry of zip.entries) {
      const data = zip.read(entry);
      if (!data.ok) throw new Error(`${entry.name}: ${data.problem}`);
      await mkdir(join(dir, dirname(entry.name)), { recursive: true });
      await writeFile(join(dir, entry.name), data.data);
    }
  });
  afterAll(async () => {
    await env?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs scheduledScan from the bundle alone (no node_modules), as Lambda would, and writes the reports', async () => {
    env.configure({ MSK_AUDIT_ACCOUNTS: 'org', MSK_AUDIT_PREFIX: 'bundle/' });
    const resultFile = join(dir, 'result.json');
    const script = [
      'const handlers = await import(process.env.BUNDLE);',
      "const fs = await import('node:fs');",
      'const deadline = Date.now() + 600000;',
      'const summary = await handlers.scheduledScan({ source: "aws.events" }, { getRemainingTimeInMillis: () => deadline - Date.now() });',
      'fs.writeFileSync(process.env.RESULT_FILE, JSON.stringify({ summary, exports: Object.keys(handlers).sort() }));',
    ].join('\n');
    const childEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, BUNDLE: pathToFileURL(join(dir, 'src/lambda.mjs')).href, RESULT_FILE: resultFile };
    for (const [name, value] of Object.entries(process.env)) if (name.startsWith('AWS_') || name.startsWith('MSK_AUDIT_')) childEnv[name] = value;
    const result = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, env: childEnv, timeoutMs: 180_000 });
    timings.bundleRun = result.ms;
    expect(result.code, result.stderr).toBe(0);
    const { summary, exports } = JSON.parse(await readFile(resultFile, 'utf8')) as { summary: { run: string; scanId: string }; exports: string[] };
    expect(exports).toEqual(['aggregate', 'listAccounts', 'scanAccount', 'scheduledScan']);
    const run_ = summary.run.replace(`s3://${BUCKET}/`, '');
    expect(run_.startsWith('bundle/runs/')).toBe(true);
    const report = await env.json<ScanResult>(`${run_}msk-audit-report.json`);
    expect(report.tool).toEqual({ name: TOOL.name, version: TOOL.version });
    expect(report.scope.accounts).toContain(SEC);
    expect((await env.text(`${run_}msk-audit-report.html`)).startsWith('<!DOCTYPE html>')).toBe(true);
    expect(env.sb.securityHubFindings(SEC, REGION).length).toBeGreaterThan(0);
    expect(await env.keys(`${run_}evidence-pack.zip`)).toHaveLength(1);
  });
});
