/**
 * Issue 10, "Bad input": every command's flags and every config-file field given a wrong value. Each case must exit
 * 2 with exactly one line on stderr naming the problem (no stack trace, nothing on stdout) and leave nothing
 * half-written: the case's fresh directory (its inputs and the --output-dir under it) has the same files, with the
 * same bytes, before and after. The CLI runs in-process (src/cli/main.ts) so the table stays fast.
 */
import { generateKeyPairSync } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import { buildScanResult } from '../../src/audit.js';
import { DEFAULT_THRESHOLDS } from '../../src/check/index.js';
import { baselineFromInventory } from '../../src/drift/baseline.js';
import { renderJson } from '../../reports/index.js';
import { inventoryOf } from '../support/inventory.js';
import { richRegion } from './hostile-data-support.js';
import { runInProcess } from './cli-in-process.js';

const IS_ROOT = process.getuid?.() === 0;

// No case may reach AWS: no credentials, no instance metadata, a fixed region.
process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
process.env.AWS_SECRET_ACCESS_KEY = 'secret';
process.env.AWS_REGION = 'eu-west-1';
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_CONFIG_FILE = '/nonexistent/msk-audit-test-config';
process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/msk-audit-test-credentials';
process.env.NO_COLOR = '1';

let root: string;
const inventory = inventoryOf([richRegion()]);
const inventoryText = JSON.stringify(inventory);
const baselineText = JSON.stringify(baselineFromInventory(inventory).baseline);
const scanText = renderJson(buildScanResult(inventory, { checks: builtinChecks, thresholds: DEFAULT_THRESHOLDS, severityOverrides: {}, tagFilters: {} }, { startedAt: new Date('2026-11-23T10:00:00Z') }));
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const PUBLIC_PEM = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const PRIVATE_PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** A case's directory: its input files are written before the snapshot; `out` is the --output-dir (not created). */
interface Dir {
  path: string;
  out: string;
  file(name: string, content: string | Buffer): Promise<string>;
  dir(name: string): Promise<string>;
  unreadable(name: string, content?: string): Promise<string>;
}

interface Case {
  name: string;
  args: (d: Dir) => Promise<string[]> | string[];
  /** What the one stderr line must say. */
  error: RegExp;
  /** Runs only when not root (root reads a chmod 000 file). */
  needsNonRoot?: boolean;
}

const config = (d: Dir, content: unknown) => d.file('config.json', typeof content === 'string' ? content : JSON.stringify(content));
const exceptions = (d: Dir, content: unknown) => d.file('exceptions.json', typeof content === 'string' ? content : JSON.stringify(content));
const anException = { checkId: 'msk-at-rest-cmk', resource: '*', reason: 'accepted by the risk board', owner: 'sec', expires: '2027-01-01' };

/** The options of `scan` and `evaluate` (addEvaluationOptions): the same wrong values for both. */
function evaluationCases(head: (d: Dir) => Promise<string[]>): Case[] {
  const c = (name: string, extra: (d: Dir) => Promise<string[]> | string[], error: RegExp, needsNonRoot = false): Case => ({
    name,
    args: async (d) => [...(await head(d)), '--output-dir', d.out, ...(await extra(d))],
    error,
    needsNonRoot,
  });
  return [
    c('--checks unknown id', () => ['--checks', 'msk-no-such-check'], /unknown check id.*msk-no-such-check|msk-no-such-check/),
    c('--checks empty list', () => ['--checks', ' , '], /--checks.*expected a comma-separated list/),
    c('--exclude-checks unknown id', () => ['--exclude-checks', 'nope'], /nope/),
    c('--checks and --exclude-checks leave nothing', () => ['--checks', 'msk-at-rest-cmk', '--exclude-checks', 'msk-at-rest-cmk'], /leaves? no check to run/),
    c('--checks a drift check without --baseline', () => ['--checks', 'msk-drift-from-baseline'], /needs --baseline/),
    c('--framework unknown', () => ['--framework', 'hipaa'], /unknown framework "hipaa"/),
    c('--format unknown', () => ['--format', 'pdf'], /unknown report format pdf/),
    c('--format empty', () => ['--format', ''], /--format.*expected a comma-separated list/),
    c('--fail-on unknown severity', () => ['--fail-on', 'catastrophic'], /--fail-on.*expected one of critical/),
    c('--tag without value', () => ['--tag', 'env'], /--tag.*expected KEY=VALUE/),
    c('--tag without key', () => ['--tag', '=prod'], /--tag.*expected KEY=VALUE/),
    c('--tag key twice', () => ['--tag', 'a=1', '--tag', 'a=2'], /tag key a given twice/),
    c('--checks-dir missing', (d) => ['--checks-dir', join(d.path, 'nope')], /--checks-dir .*: no such directory/),
    c('--checks-dir a file', async (d) => ['--checks-dir', await d.file('plugin.js', 'export default 1;')], /--checks-dir .*: not a directory/),
    c('--output-dir an existing file', async (d) => ['--output-dir', await d.file('report', 'x')], /--output-dir .*: exists and is not a directory/),
    // Config file: missing, a directory, unreadable, not JSON, not an object, and each field wrong.
    c('--config missing', (d) => ['--config', join(d.path, 'nope.json')], /config .*nope\.json/),
    c('--config a directory', async (d) => ['--config', await d.dir('config.d')], /config .*config\.d/),
    c('--config unreadable', async (d) => ['--config', await d.unreadable('config.json', '{}')], /config .*(EACCES|cannot be read|permission)/i, true),
    c('--config not JSON', async (d) => ['--config', await config(d, '{"checks": ')], /config .*: not valid JSON/),
    c('--config empty', async (d) => ['--config', await config(d, '')], /config .*: not valid JSON/),
    c('--config an array', async (d) => ['--config', await config(d, [])], /config .*: \(top level\)/),
    c('config: unknown top-level field', async (d) => ['--config', await config(d, { check: {} })], /config .*: \(top level\): .*check|Unrecognized key.*check/),
    c('config: checks not an object', async (d) => ['--config', await config(d, { checks: ['msk-at-rest-cmk'] })], /config .*: checks: /),
    c('config: checks.include not a list', async (d) => ['--config', await config(d, { checks: { include: 'msk-at-rest-cmk' } })], /config .*: checks\.include: /),
    c('config: checks.include unknown id', async (d) => ['--config', await config(d, { checks: { include: ['msk-nope'] } })], /config .*checks.*msk-nope/),
    c('config: checks.exclude unknown id', async (d) => ['--config', await config(d, { checks: { exclude: ['msk-nope'] } })], /config .*checks.*msk-nope/),
    c('config: checks unknown field', async (d) => ['--config', await config(d, { checks: { only: [] } })], /config .*checks.*only|Unrecognized key/),
    c('config: thresholds.keyRotationMaxDays too small', async (d) => ['--config', await config(d, { thresholds: { keyRotationMaxDays: 10 } })], /config .*: thresholds\.keyRotationMaxDays: /),
    c('config: thresholds.keyRotationMaxDays a string', async (d) => ['--config', await config(d, { thresholds: { keyRotationMaxDays: '365' } })], /config .*: thresholds\.keyRotationMaxDays: /),
    c('config: thresholds.keyRotationMaxDays not whole', async (d) => ['--config', await config(d, { thresholds: { keyRotationMaxDays: 100.5 } })], /config .*: thresholds\.keyRotationMaxDays: /),
    c('config: thresholds.enhancedMonitoringMinimum unknown', async (d) => ['--config', await config(d, { thresholds: { enhancedMonitoringMinimum: 'EVERYTHING' } })], /thresholds\.enhancedMonitoringMinimum: /),
    c('config: thresholds.expectedChangePrincipals not ARNs', async (d) => ['--config', await config(d, { thresholds: { expectedChangePrincipals: ['bob'] } })], /thresholds\.expectedChangePrincipals\.0: must be an IAM or STS principal ARN/),
    c('config: thresholds.trustedAccounts bad id', async (d) => ['--config', await config(d, { thresholds: { trustedAccounts: ['12345'] } })], /thresholds\.trustedAccounts\.0: must be a 12-digit AWS account id/),
    c('config: thresholds.brokerLogRetentionMinDays zero', async (d) => ['--config', await config(d, { thresholds: { brokerLogRetentionMinDays: 0 } })], /thresholds\.brokerLogRetentionMinDays: /),
    c('config: thresholds.minInsyncReplicasMinimum too large', async (d) => ['--config', await config(d, { thresholds: { minInsyncReplicasMinimum: 11 } })], /thresholds\.minInsyncReplicasMinimum: /),
    c('config: thresholds.caExpiryWarningDays negative', async (d) => ['--config', await config(d, { thresholds: { caExpiryWarningDays: -1 } })], /thresholds\.caExpiryWarningDays: /),
    c('config: thresholds.accessKeyMaxAgeDays null', async (d) => ['--config', await config(d, { thresholds: { accessKeyMaxAgeDays: null } })], /thresholds\.accessKeyMaxAgeDays: /),
    c('config: thresholds.guardrailActions not MSK actions', async (d) => ['--config', await config(d, { thresholds: { guardrailActions: ['s3:GetObject'] } })], /thresholds\.guardrailActions\.0: must be an MSK action/),
    c('config: thresholds.guardrailActions empty', async (d) => ['--config', await config(d, { thresholds: { guardrailActions: [] } })], /thresholds\.guardrailActions: /),
    c('config: thresholds unknown field', async (d) => ['--config', await config(d, { thresholds: { keyRotationDays: 90 } })], /thresholds.*keyRotationDays|Unrecognized key/),
    c('config: severityOverrides unknown check', async (d) => ['--config', await config(d, { severityOverrides: { 'msk-nope': 'HIGH' } })], /severityOverrides.*msk-nope/),
    c('config: severityOverrides unknown severity', async (d) => ['--config', await config(d, { severityOverrides: { 'msk-at-rest-cmk': 'SEVERE' } })], /severityOverrides\.msk-at-rest-cmk: /),
    // Exceptions file.
    c('--exceptions missing', (d) => ['--exceptions', join(d.path, 'nope.json')], /--exceptions .*: no such file/),
    c('--exceptions a directory', async (d) => ['--exceptions', await d.dir('exceptions.d')], /--exceptions .*: not a regular file/),
    c('--exceptions unreadable', async (d) => ['--exceptions', await d.unreadable('exceptions.json', '{}')], /--exceptions .*(EACCES|cannot be read)/, true),
    c('--exceptions not JSON', async (d) => ['--exceptions', await exceptions(d, '{"exceptions": [')], /--exceptions .*JSON/),
    c('--exceptions wrong shape', async (d) => ['--exceptions', await exceptions(d, [anException])], /--exceptions .*: \(top level\)|--exceptions .*exceptions/),
    c('--exceptions unknown check', async (d) => ['--exceptions', await exceptions(d, { exceptions: [{ ...anException, checkId: 'msk-nope' }] })], /--exceptions .*checkId: unknown check id msk-nope/),
    c('--exceptions bad expiry date', async (d) => ['--exceptions', await exceptions(d, { exceptions: [{ ...anException, expires: '2027-13-45' }] })], /--exceptions .*expires: must be a date YYYY-MM-DD/),
    c('--exceptions no reason', async (d) => ['--exceptions', await exceptions(d, { exceptions: [{ ...anException, reason: 'ok' }] })], /--exceptions .*reason: must say why/),
    // Baseline.
    c('--baseline missing', (d) => ['--baseline', join(d.path, 'nope.json')], /baseline .*nope\.json/),
    c('--baseline a directory', async (d) => ['--baseline', await d.dir('baseline.d')], /baseline .*baseline\.d/),
    c('--baseline corrupt', async (d) => ['--baseline', await d.file('baseline.json', baselineText.slice(0, 100))], /baseline .*JSON/),
    c('--baseline foreign', async (d) => ['--baseline', await d.file('baseline.json', '{"kind":"something-else"}')], /not an msk-audit baseline/),
    c('--baseline an inventory', async (d) => ['--baseline', await d.file('baseline.json', inventoryText)], /is an msk-audit inventory, not a baseline/),
    c('--baseline future schema', async (d) => ['--baseline', await d.file('baseline.json', baselineText.replace('"schemaVersion":1', '"schemaVersion":9'))], /newer msk-audit.*version 9/),
    c('--baseline bad s3 URI', () => ['--baseline', 's3://'], /s3:\/\//),
  ];
}

const SCAN_HEAD = async () => ['scan', '--regions', 'eu-west-1'];

const CASES: Record<string, Case[]> = {
  scan: [
    ...evaluationCases(SCAN_HEAD),
    ...(
      [
        ['--role-name with spaces', ['--role-name', 'bad role!'], /--role-name.*not a valid IAM role name/],
        ['--role-name an ARN', ['--role-name', 'arn:aws:iam::111122223333:role/MskAudit'], /--role-name.*not a valid IAM role name/],
        ['--role-name too long', ['--role-name', 'r'.repeat(65)], /--role-name.*not a valid IAM role name/],
        ['--accounts short id', ['--accounts', '12345'], /--accounts.*not a 12-digit AWS account id: 12345/],
        ['--accounts long id', ['--accounts', '1111222233334'], /--accounts.*not a 12-digit AWS account id/],
        ['--accounts neither ids nor file', ['--accounts', 'acme-prod'], /--accounts.*neither a list of account ids nor an existing file/],
        ['--exclude-accounts bad id', ['--exclude-accounts', '111122223333,abc'], /--exclude-accounts.*neither a list of account ids nor an existing file|not a 12-digit/],
        ['--regions unknown', ['--regions', 'mars-north-1'], /--regions.*unknown AWS region mars-north-1/],
        ['--regions all with named', ['--regions', 'all,eu-west-1'], /cannot be combined with named regions/],
        ['--region unknown (alias)', ['--region', 'eu-west-9'], /--region.*unknown AWS region eu-west-9/],
        ['--ou malformed', ['--org', '--ou', 'ou-bad'], /--ou.*not an organizational unit or root id: ou-bad/],
        ['--ou without --org', ['--ou', 'ou-ab12-cdef3456'], /--ou needs --org/],
        ['--org with --accounts', ['--org', '--accounts', '111122223333'], /--org and --accounts cannot be combined/],
        ['--external-id too short', ['--external-id', 'x'], /--external-id.*2 to 1224 characters/],
        ['--external-id bad characters', ['--external-id', 'abc def'], /--external-id.*2 to 1224 characters/],
        ['--session-duration too short', ['--session-duration', '100'], /--session-duration.*900 to 43200/],
        ['--session-duration not a number', ['--session-duration', 'an hour'], /--session-duration.*900 to 43200/],
        ['--account-concurrency zero', ['--account-concurrency', '0'], /--account-concurrency.*positive whole number/],
        ['--account-concurrency negative', ['--account-concurrency', '-3'], /--account-concurrency.*positive whole number/],
        ['--account-concurrency fractional', ['--account-concurrency', '1.5'], /--account-concurrency.*positive whole number/],
        ['--region-concurrency not a number', ['--region-concurrency', 'many'], /--region-concurrency.*positive whole number/],
        ['--region-concurrency huge', ['--region-concurrency', '1e400'], /--region-concurrency.*positive whole number/],
        ['--since unparseable', ['--since', '2d3h'], /--since.*expected a duration/],
        ['--since beyond 90 days', ['--since', '120d'], /--since.*more than 90 days ago/],
        ['--since in the future', ['--since', '2999-01-01T00:00:00Z'], /--since.*in the future/],
        ['--since invalid date', ['--since', '2026-13-45'], /--since.*not a valid time/],
        ['--since with --no-cloudtrail', ['--since', '7d', '--no-cloudtrail'], /--since cannot be combined with --no-cloudtrail/],
        ['--quiet with --verbose', ['--quiet', '--verbose'], /--quiet and --verbose cannot be combined/],
        ['--sign-key without --evidence-pack', ['--sign-key', 'key.pem'], /--sign-key needs --evidence-pack/],
        ['unknown option', ['--bogus'], /unknown option '--bogus'/],
        ['option missing its value', ['--fail-on'], /option '--fail-on <severity>' argument missing/],
      ] as [string, string[], RegExp][]
    ).map(([name, extra, error]): Case => ({ name, args: async (d) => [...(await SCAN_HEAD()), '--output-dir', d.out, ...extra], error })),
    { name: '--accounts a directory', args: async (d) => ['scan', '--output-dir', d.out, '--accounts', await d.dir('accounts.d')], error: /--accounts.*not a regular file/ },
    { name: '--accounts file with a bad id', args: async (d) => ['scan', '--output-dir', d.out, '--accounts', await d.file('accounts.txt', '111122223333\n# ok\n12345\n')], error: /--accounts.*not a 12-digit AWS account id: 12345/ },
    { name: '--accounts unreadable file', args: async (d) => ['scan', '--output-dir', d.out, '--accounts', await d.unreadable('accounts.txt', '111122223333')], error: /--accounts.*cannot be read \(EACCES\)/, needsNonRoot: true },
    { name: '--save-inventory a directory', args: async (d) => ['scan', '--regions', 'eu-west-1', '--output-dir', d.out, '--save-inventory', await d.dir('inventory.d')], error: /--save-inventory .*: is a directory/ },
    { name: '--save-inventory under a file', args: async (d) => ['scan', '--regions', 'eu-west-1', '--output-dir', d.out, '--save-inventory', join(await d.file('plain', 'x'), 'inventory.json')], error: /--save-inventory .*is not a directory/ },
    { name: '--evidence-pack a directory', args: async (d) => ['scan', '--regions', 'eu-west-1', '--output-dir', d.out, '--evidence-pack', await d.dir('pack.d')], error: /--evidence-pack .*: is a directory/ },
    { name: '--sign-key missing file', args: (d) => ['scan', '--regions', 'eu-west-1', '--output-dir', d.out, '--evidence-pack', join(d.out, 'e.zip'), '--sign-key', join(d.path, 'nope.pem')], error: /--sign-key .*: no such file/ },
    { name: '--sign-key not a PEM private key', args: async (d) => ['scan', '--regions', 'eu-west-1', '--output-dir', d.out, '--evidence-pack', join(d.out, 'e.zip'), '--sign-key', await d.file('key.pem', PUBLIC_PEM)], error: /--sign-key .*: not a PEM private key/ },
    { name: '--sign-key a malformed KMS ARN', args: (d) => ['scan', '--regions', 'eu-west-1', '--output-dir', d.out, '--evidence-pack', join(d.out, 'e.zip'), '--sign-key', 'arn:aws:kms:nowhere'], error: /--sign-key arn:aws:kms:nowhere/ },
  ],
  evaluate: [
    ...evaluationCases(async (d) => ['evaluate', await d.file('inventory.json', inventoryText)]),
    { name: 'inventory missing', args: (d) => ['evaluate', join(d.path, 'nope.json'), '--output-dir', d.out], error: /inventory .*nope\.json: no such file/ },
    { name: 'inventory a directory', args: async (d) => ['evaluate', await d.dir('inventory.d'), '--output-dir', d.out], error: /inventory .*: not a regular file/ },
    { name: 'inventory unreadable', args: async (d) => ['evaluate', await d.unreadable('inventory.json', inventoryText), '--output-dir', d.out], error: /inventory .*cannot be read \(EACCES\)/, needsNonRoot: true },
    { name: 'inventory truncated', args: async (d) => ['evaluate', await d.file('inventory.json', inventoryText.slice(0, 1000)), '--output-dir', d.out], error: /inventory .*: not valid JSON/ },
    { name: 'inventory foreign', args: async (d) => ['evaluate', await d.file('inventory.json', '{"kind":"msk-audit-scan"}'), '--output-dir', d.out], error: /not an msk-audit inventory/ },
    { name: 'inventory future schema', args: async (d) => ['evaluate', await d.file('inventory.json', inventoryText.replace('"schemaVersion":1', '"schemaVersion":2')), '--output-dir', d.out], error: /schema version 2 is not supported/ },
    { name: 'inventory with a wrong type', args: async (d) => ['evaluate', await d.file('inventory.json', inventoryText.replace('"partition":"aws"', '"partition":7')), '--output-dir', d.out], error: /inventory .*: partition: / },
    { name: 'evidence pack missing', args: (d) => ['evaluate', join(d.path, 'nope.zip')], error: /nope\.zip: no such file/ },
    { name: 'evidence pack corrupt', args: async (d) => ['evaluate', await d.file('pack.zip', Buffer.from('PK\u0003\u0004 this is not a zip'))], error: /pack\.zip/ },
    { name: 'evidence pack not a zip at all', args: async (d) => ['evaluate', await d.file('pack.zip', inventoryText)], error: /pack\.zip/ },
    { name: 'missing argument', args: () => ['evaluate'], error: /missing required argument 'inventory'/ },
  ],
  'baseline approve': [
    { name: '--output missing', args: async (d) => ['baseline', 'approve', '--from-inventory', await d.file('inventory.json', inventoryText)], error: /required option '--output/ },
    { name: '--output an existing non-baseline file', args: async (d) => ['baseline', 'approve', '--from-inventory', await d.file('inventory.json', inventoryText), '--output', await d.file('notes.txt', 'my notes')], error: /notes\.txt/ },
    { name: '--output a directory', args: async (d) => ['baseline', 'approve', '--from-inventory', await d.file('inventory.json', inventoryText), '--output', await d.dir('out.d')], error: /out\.d/ },
    { name: '--output malformed S3 URI', args: async (d) => ['baseline', 'approve', '--from-inventory', await d.file('inventory.json', inventoryText), '--output', 's3://bucket-only'], error: /s3:\/\/bucket-only/ },
    { name: '--from-inventory missing', args: (d) => ['baseline', 'approve', '--from-inventory', join(d.path, 'nope.json'), '--output', join(d.out, 'b.json')], error: /inventory .*nope\.json: no such file/ },
    { name: '--from-inventory corrupt', args: async (d) => ['baseline', 'approve', '--from-inventory', await d.file('inventory.json', '{'), '--output', join(d.out, 'b.json')], error: /inventory .*: not valid JSON/ },
    { name: '--from-inventory a baseline', args: async (d) => ['baseline', 'approve', '--from-inventory', await d.file('inventory.json', baselineText), '--output', join(d.out, 'b.json')], error: /not an msk-audit inventory/ },
    { name: '--from-inventory with --regions', args: async (d) => ['baseline', 'approve', '--from-inventory', await d.file('inventory.json', inventoryText), '--regions', 'eu-west-1', '--output', join(d.out, 'b.json')], error: /--from-inventory cannot be combined with --regions/ },
    { name: '--quiet with --verbose', args: async (d) => ['baseline', 'approve', '--from-inventory', await d.file('inventory.json', inventoryText), '--quiet', '--verbose', '--output', join(d.out, 'b.json')], error: /--quiet and --verbose cannot be combined/ },
    { name: '--role-name invalid', args: (d) => ['baseline', 'approve', '--role-name', 'a b', '--output', join(d.out, 'b.json')], error: /--role-name.*not a valid IAM role name/ },
    { name: '--account-concurrency zero', args: (d) => ['baseline', 'approve', '--account-concurrency', '0', '--output', join(d.out, 'b.json')], error: /--account-concurrency.*positive whole number/ },
    { name: '--accounts bad id', args: (d) => ['baseline', 'approve', '--accounts', '42', '--output', join(d.out, 'b.json')], error: /--accounts.*not a 12-digit/ },
    { name: '--regions unknown', args: (d) => ['baseline', 'approve', '--regions', 'atlantis-1', '--output', join(d.out, 'b.json')], error: /--regions.*unknown AWS region atlantis-1/ },
  ],
  diff: [
    { name: 'OLD missing', args: async (d) => ['diff', join(d.path, 'nope.json'), await d.file('new.json', inventoryText)], error: /OLD .*nope\.json/ },
    { name: 'NEW a directory', args: async (d) => ['diff', await d.file('old.json', baselineText), await d.dir('new.d')], error: /NEW .*new\.d/ },
    { name: 'NEW corrupt', args: async (d) => ['diff', await d.file('old.json', baselineText), await d.file('new.json', '{"kind":')], error: /NEW .*new\.json.*JSON/ },
    { name: 'OLD empty', args: async (d) => ['diff', await d.file('old.json', ''), await d.file('new.json', inventoryText)], error: /OLD .*old\.json.*empty/ },
    { name: 'OLD foreign kind', args: async (d) => ['diff', await d.file('old.json', '{"kind":"msk-audit-scan"}'), await d.file('new.json', inventoryText)], error: /OLD .*neither an msk-audit baseline nor an inventory/ },
    { name: 'OLD future baseline', args: async (d) => ['diff', await d.file('old.json', baselineText.replace('"schemaVersion":1', '"schemaVersion":3')), await d.file('new.json', inventoryText)], error: /newer msk-audit/ },
    { name: 'NEW unreadable', args: async (d) => ['diff', await d.file('old.json', baselineText), await d.unreadable('new.json', inventoryText)], error: /NEW .*(EACCES|cannot be read)/, needsNonRoot: true },
    { name: 'one argument', args: async (d) => ['diff', await d.file('old.json', baselineText)], error: /missing required argument 'new'/ },
  ],
  checks: [
    { name: '--format unknown', args: () => ['checks', '--format', 'yaml'], error: /--format.*yaml.*Allowed choices are text, json/ },
    { name: '--checks-dir missing', args: (d) => ['checks', '--checks-dir', join(d.path, 'nope')], error: /--checks-dir .*: no such directory/ },
  ],
  sandbox: [
    { name: '--estate missing', args: (d) => ['sandbox', '--estate', join(d.path, 'nope.json')], error: /--estate .*nope\.json/ },
    { name: '--estate corrupt', args: async (d) => ['sandbox', '--estate', await d.file('estate.json', '{"accounts": [')], error: /--estate .*estate\.json/ },
    { name: '--estate invalid', args: async (d) => ['sandbox', '--estate', await d.file('estate.json', '{"accounts": 3}')], error: /--estate .*estate\.json/ },
    { name: '--port zero', args: () => ['sandbox', '--port', '0'], error: /--port.*positive whole number/ },
    { name: '--port beyond 65535', args: () => ['sandbox', '--port', '70000'], error: /--port/ },
  ],
  pack: [
    { name: '--scan missing option', args: (d) => ['pack', '--output', join(d.out, 'e.zip')], error: /required option '--scan/ },
    { name: '--scan missing file', args: (d) => ['pack', '--scan', join(d.path, 'nope.json'), '--output', join(d.out, 'e.zip')], error: /--scan .*: no such file/ },
    { name: '--scan corrupt', args: async (d) => ['pack', '--scan', await d.file('scan.json', scanText.slice(0, 50)), '--output', join(d.out, 'e.zip')], error: /--scan .*: not valid JSON/ },
    { name: '--scan an inventory', args: async (d) => ['pack', '--scan', await d.file('scan.json', inventoryText), '--output', join(d.out, 'e.zip')], error: /not an msk-audit scan result/ },
    { name: '--scan future schema', args: async (d) => ['pack', '--scan', await d.file('scan.json', scanText.replace('"schemaVersion": 1', '"schemaVersion": 7')), '--output', join(d.out, 'e.zip')], error: /schema version 7 is not supported/ },
    { name: '--output a directory', args: async (d) => ['pack', '--scan', await d.file('scan.json', scanText), '--output', await d.dir('e.zip')], error: /--output .*: is a directory/ },
    { name: '--output is an input', args: async (d) => ['pack', '--scan', await d.file('scan.json', scanText), '--output', join(d.path, 'scan.json')], error: /--output .*: is also an input/ },
    { name: '--inventory of another scan', args: async (d) => ['pack', '--scan', await d.file('scan.json', scanText), '--inventory', await d.file('inventory.json', inventoryText.replace('"collectedAt":"2026-11-23T10:00:00.000Z"', '"collectedAt":"2026-01-01T00:00:00.000Z"')), '--output', join(d.out, 'e.zip')], error: /--inventory .*: not the inventory this scan evaluated/ },
    { name: '--inventory corrupt', args: async (d) => ['pack', '--scan', await d.file('scan.json', scanText), '--inventory', await d.file('inventory.json', '[1,'), '--output', join(d.out, 'e.zip')], error: /--inventory .*: not valid JSON/ },
    { name: '--matrix malformed', args: async (d) => ['pack', '--scan', await d.file('scan.json', scanText), '--matrix', 'soc2', '--output', join(d.out, 'e.zip')], error: /--matrix.*expected FRAMEWORK=FILE/ },
    { name: '--matrix bad framework name', args: async (d) => ['pack', '--scan', await d.file('scan.json', scanText), '--matrix', '../x=m.csv', '--output', join(d.out, 'e.zip')], error: /--matrix.*framework "\.\.\/x"/ },
    { name: '--matrix missing file', args: async (d) => ['pack', '--scan', await d.file('scan.json', scanText), '--matrix', `soc2=${join(d.path, 'nope.csv')}`, '--output', join(d.out, 'e.zip')], error: /--matrix soc2 .*: no such file/ },
    { name: '--cloudtrail-events corrupt', args: async (d) => ['pack', '--scan', await d.file('scan.json', scanText), '--cloudtrail-events', await d.file('events.json', 'nope'), '--output', join(d.out, 'e.zip')], error: /--cloudtrail-events .*: not valid JSON/ },
    { name: '--drift not UTF-8', args: async (d) => ['pack', '--scan', await d.file('scan.json', scanText), '--drift', await d.file('drift.json', Buffer.from([0xff, 0xfe, 0x00, 0xc3])), '--output', join(d.out, 'e.zip')], error: /--drift .*: not UTF-8 text/ },
    { name: '--sign-key missing', args: async (d) => ['pack', '--scan', await d.file('scan.json', scanText), '--sign-key', join(d.path, 'nope.pem'), '--output', join(d.out, 'e.zip')], error: /--sign-key .*: no such file/ },
    { name: '--sign-key a public key', args: async (d) => ['pack', '--scan', await d.file('scan.json', scanText), '--sign-key', await d.file('key.pem', PUBLIC_PEM), '--output', join(d.out, 'e.zip')], error: /--sign-key .*: not a PEM private key/ },
    { name: '--sign-key garbage', args: async (d) => ['pack', '--scan', await d.file('scan.json', scanText), '--sign-key', await d.file('key.pem', '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n'), '--output', join(d.out, 'e.zip')], error: /--sign-key .*: not a PEM private key/ },
    { name: '--sign-key PEM with --profile', args: async (d) => ['pack', '--scan', await d.file('scan.json', scanText), '--sign-key', await d.file('key.pem', PRIVATE_PEM), '--profile', 'audit', '--output', join(d.out, 'e.zip')], error: /--profile is only used with a KMS key ARN/ },
    { name: '--sign-key malformed KMS ARN', args: async (d) => ['pack', '--scan', await d.file('scan.json', scanText), '--sign-key', 'arn:aws:kms', '--output', join(d.out, 'e.zip')], error: /--sign-key arn:aws:kms/ },
  ],
  verify: [
    { name: 'pack missing', args: (d) => ['verify', join(d.path, 'nope.zip')], error: /nope\.zip: no such file/ },
    { name: 'pack a directory', args: async (d) => ['verify', await d.dir('pack.zip')], error: /pack\.zip: not a regular file/ },
    { name: 'pack not a zip', args: async (d) => ['verify', await d.file('pack.zip', 'hello')], error: /pack\.zip/ },
    { name: 'pack truncated zip', args: async (d) => ['verify', await d.file('pack.zip', Buffer.from('PK\u0003\u0004\u0014\u0000\u0000\u0000'))], error: /pack\.zip/ },
    { name: 'pack unreadable', args: async (d) => ['verify', await d.unreadable('pack.zip', 'PK')], error: /cannot be read \(EACCES\)/, needsNonRoot: true },
    { name: '--public-key missing', args: async (d) => ['verify', await d.file('pack.zip', 'x'), '--public-key', join(d.path, 'nope.pem')], error: /--public-key .*: no such file/ },
    { name: '--public-key garbage', args: async (d) => ['verify', await d.file('pack.zip', 'x'), '--public-key', await d.file('key.pub', 'not a key')], error: /public key .*key\.pub/ },
    { name: '--public-key with --kms-key', args: async (d) => ['verify', await d.file('pack.zip', 'x'), '--public-key', await d.file('key.pub', PUBLIC_PEM), '--kms-key', 'arn:aws:kms:eu-west-1:111122223333:key/x'], error: /--public-key and --kms-key cannot be combined/ },
    { name: '--kms-verify without --kms-key', args: async (d) => ['verify', await d.file('pack.zip', 'x'), '--kms-verify'], error: /--kms-verify needs --kms-key/ },
    { name: '--profile without --kms-key', args: async (d) => ['verify', await d.file('pack.zip', 'x'), '--profile', 'audit'], error: /--profile is only used with --kms-key/ },
    { name: '--kms-key malformed', args: async (d) => ['verify', await d.file('pack.zip', 'x'), '--kms-key', 'not-an-arn'], error: /--kms-key not-an-arn/ },
  ],
  '(program)': [
    { name: 'unknown command', args: () => ['scna'], error: /unknown command 'scna'/ },
    { name: 'unknown option before the command', args: () => ['--frobnicate', 'scan'], error: /unknown option '--frobnicate'/ },
    { name: 'option value with terminal escapes', args: () => ['scan', '--regions', '\u001b[31meu-west-1\u001b]8;;x\u0007'], error: /unknown AWS region/ },
    { name: 'unknown option with terminal escapes', args: () => ['scan', '--\u001b[2Jx'], error: /unknown option/ },
    { name: 'file name with terminal escapes', args: (d) => ['evaluate', join(d.path, '\u001b[31mred\u009b.json'), '--output-dir', d.out], error: /red.*\.json: no such file/ },
    { name: 'file name with a line break', args: (d) => ['evaluate', join(d.path, 'two\nlines.json'), '--output-dir', d.out], error: /two lines\.json: no such file/ },
    { name: 'option value with a line break', args: () => ['scan', '--regions', 'eu-west-1\nmsk-audit: all good'], error: /--regions/ },
  ],
};

// ---------------------------------------------------------------------------------------------------------

async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (path: string, rel: string) => {
    for (const entry of await readdir(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      const name = join(rel, entry.name);
      if (entry.isDirectory()) {
        out.set(`${name}/`, 'dir');
        await walk(full, name);
      } else {
        const info = await stat(full);
        out.set(name, (info.mode & 0o444) === 0 ? `unreadable:${info.size}` : (await readFile(full)).toString('base64'));
      }
    }
  };
  await walk(dir, '');
  return out;
}

/** The unprivileged user (nobody) the unreadable-file cases run as under root. */
const NOBODY = { uid: 65534, gid: 65534 };

/** Lets nobody reach the case directory (mkdtemp makes the root 0700); the unreadable file itself stays 000. */
async function openForNobody(casePath: string): Promise<void> {
  for (const dir of [root, casePath]) await chmod(dir, 0o755);
}

async function runAsNobody(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { runCli } = await import('../support/cli.js');
  const result = await runCli(args, { ...NOBODY, env: { HOME: tmpdir() } });
  return { code: result.code ?? -1, stdout: result.stdout, stderr: result.stderr };
}

let caseNumber = 0;
async function caseDir(): Promise<Dir> {
  const path = join(root, `case-${++caseNumber}`);
  await mkdir(path);
  return {
    path,
    out: join(path, 'out'),
    file: async (name, content) => {
      const file = join(path, name);
      await writeFile(file, content);
      return file;
    },
    dir: async (name) => {
      const dir = join(path, name);
      await mkdir(dir);
      return dir;
    },
    unreadable: async (name, content = '') => {
      const file = join(path, name);
      await writeFile(file, content);
      await chmod(file, 0o000);
      return file;
    },
  };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'msk-audit-bad-input-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

export const BAD_INPUT_COUNTS = Object.fromEntries(Object.entries(CASES).map(([command, cases]) => [command, cases.length]));

describe('bad input: exit 2, one line on stderr naming the problem, nothing written', () => {
  for (const [command, cases] of Object.entries(CASES)) {
    describe(command, () => {
      for (const testCase of cases) {
        it(testCase.name, async () => {
          const d = await caseDir();
          const args = await testCase.args(d);
          const before = await snapshot(d.path);
          // Root reads any file: an unreadable-file case runs the binary as an unprivileged user instead.
          const asNobody = testCase.needsNonRoot === true && IS_ROOT;
          if (asNobody) await openForNobody(d.path);
          const { code, stdout, stderr } = asNobody ? await runAsNobody(args) : await runInProcess(args);
          const lines = stderr.split('\n');
          expect({ code, lines: lines.length, last: lines.at(-1) }, stderr).toEqual({ code: 2, lines: 2, last: '' });
          const [line] = lines as [string];
          expect(line).toMatch(/^msk-audit: (error: )?/);
          expect(line).toMatch(testCase.error);
          expect(line).not.toMatch(/\s+at \S+ \(|internal error|Error: /);
          expect(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(line), JSON.stringify(line)).toBe(false);
          expect(stdout).toBe('');
          expect(await snapshot(d.path)).toEqual(before);
        });
      }
    });
  }
});

describe('the binary agrees with the in-process runs', () => {
  it('two cases through src/cli.ts in a child process: exit 2, the same single line', async () => {
    const { runCli } = await import('../support/cli.js');
    for (const args of [['scan', '--regions', 'mars-north-1', '--output-dir', join(root, 'spawn-out')], ['evaluate', join(root, 'nope.json'), '--output-dir', join(root, 'spawn-out')]]) {
      const [child, inProcess] = await Promise.all([runCli(args), runInProcess(args)]);
      expect({ code: child.code, stderr: child.stderr, stdout: child.stdout }).toEqual({ code: 2, stderr: inProcess.stderr, stdout: '' });
      expect(inProcess.code).toBe(2);
    }
  });
});
