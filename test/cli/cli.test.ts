import { mkdtemp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { available, unavailable } from '../../src/inventory/index.js';
import type { ScanResult } from '../../src/engine/scan-result.js';
import { builtinChecks } from '../../checks/index.js';
import { accessDenied, accountRegion, provisionedCluster, serverlessCluster } from '../support/fixtures.js';
import { inventoryOf } from '../support/inventory.js';
import { runCli } from '../support/cli.js';
import { compliantRegion } from '../support/exposure-fixtures.js';

let dir: string;
let inventoryFile: string;
let compliantFile: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'msk-audit-cli-'));
  inventoryFile = join(dir, 'inventory.json');
  compliantFile = join(dir, 'compliant.json');
  const failing = provisionedCluster((c) => {
    c.ClusterArn = c.ClusterArn.replace('payments', 'legacy');
    c.ClusterName = 'legacy';
    c.Provisioned!.EncryptionInfo!.EncryptionInTransit!.ClientBroker = 'TLS_PLAINTEXT';
  });
  await writeFile(
    inventoryFile,
    JSON.stringify(
      inventoryOf([
        accountRegion((r) => (r.clusters = available([provisionedCluster(), failing, serverlessCluster()]))),
        accountRegion((r) => {
          r.region = 'us-east-1';
          r.clusters = unavailable(accessDenied('kafka', 'ListClustersV2'));
        }),
      ]),
    ),
  );
  // Compliant for the network, broker-log and configuration checks too (broker logs kept, unclean election off).
  await writeFile(compliantFile, JSON.stringify(inventoryOf([compliantRegion()])));
});

async function report(outputDir: string): Promise<ScanResult> {
  return JSON.parse(await readFile(join(outputDir, 'msk-audit-report.json'), 'utf8')) as ScanResult;
}

describe('msk-audit evaluate', () => {
  it('writes both reports and exits 1 when a failure reaches --fail-on', async () => {
    const out = join(dir, 'out-1');
    const result = await runCli(['evaluate', inventoryFile, '--output-dir', out]);
    expect(result.code, result.stderr).toBe(1);
    expect((await readdir(out)).sort()).toEqual(['msk-audit-report.html', 'msk-audit-report.json']);
    const scan = await report(out);
    expect(scan.summary.clusters).toBe(3);
    // An inventory without CloudTrail facts and no baseline: only the checks needing neither run.
    const configurationChecks = builtinChecks.filter((check) => check.requires === undefined);
    // Cluster checks answer per cluster, account-region checks once per account-region; the unlisted region answers once per check.
    const clusterChecks = configurationChecks.filter((check) => check.scope !== 'account-region');
    expect(scan.findings).toHaveLength(3 * clusterChecks.length + (configurationChecks.length - clusterChecks.length) + configurationChecks.length);
    expect(scan.checks.map((meta) => meta.id)).toEqual(configurationChecks.map((check) => check.meta.id));
    expect(scan.findings.find((f) => f.resource.name === 'legacy' && f.checkId === 'msk-tls-client-broker')?.status).toBe('FAILED');
    expect(result.stdout).toMatch(/WARNING .* coverage is incomplete/);
  });

  it('gives identical verdicts on every re-evaluation', async () => {
    const [a, b] = [join(dir, 'same-a'), join(dir, 'same-b')];
    await runCli(['evaluate', inventoryFile, '--output-dir', a, '--quiet']);
    await runCli(['evaluate', inventoryFile, '--output-dir', b, '--quiet']);
    const pick = (s: ScanResult) => s.findings.map(({ id, status, reason, evidence }) => ({ id, status, reason, evidence }));
    expect(pick(await report(b))).toEqual(pick(await report(a)));
  });

  it('exits 0 when no failure reaches --fail-on, and with --fail-on none', async () => {
    expect((await runCli(['evaluate', compliantFile, '--output-dir', join(dir, 'ok'), '--quiet'])).code).toBe(0);
    expect((await runCli(['evaluate', inventoryFile, '--output-dir', join(dir, 'none'), '--fail-on', 'none', '--quiet'])).code).toBe(0);
    expect((await runCli(['evaluate', inventoryFile, '--output-dir', join(dir, 'crit'), '--fail-on', 'critical', '--quiet'])).code).toBe(0);
  });

  it('honours --checks, --exclude-checks and --tag', async () => {
    const out = join(dir, 'narrow');
    await runCli(['evaluate', inventoryFile, '--output-dir', out, '--checks', 'msk-at-rest-cmk,msk-tls-client-broker', '--exclude-checks', 'msk-at-rest-cmk', '--tag', 'pci-scope=cde', '--quiet']);
    const scan = await report(out);
    expect(new Set(scan.findings.map((f) => f.checkId))).toEqual(new Set(['msk-tls-client-broker']));
    expect(scan.scope.tagFilters).toEqual({ 'pci-scope': 'cde' });
    expect(scan.checks.map((c) => c.id)).toEqual(['msk-tls-client-broker']);
  });
});

describe('msk-audit evaluate --framework and the extra formats', () => {
  it('runs only the checks mapped to the framework', async () => {
    const out = join(dir, 'fsbp');
    const result = await runCli(['evaluate', inventoryFile, '--output-dir', out, '--framework', 'aws-fsbp', '--fail-on', 'none', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    const scan = await report(out);
    const fsbp = builtinChecks.filter((c) => c.meta.securityHubControl).map((c) => c.meta.id);
    expect(scan.checks.map((c) => c.id)).toEqual(fsbp);
    expect(new Set(scan.findings.map((f) => f.checkId))).toEqual(new Set(fsbp));
  });

  it('narrows --checks further', async () => {
    const out = join(dir, 'pci-narrow');
    await runCli(['evaluate', inventoryFile, '--output-dir', out, '--framework', 'pci-dss-4.0.1', '--checks', 'msk-at-rest-cmk,msk-tls-in-cluster', '--quiet']);
    expect((await report(out)).checks.map((c) => c.id)).toEqual(['msk-at-rest-cmk', 'msk-tls-in-cluster']);
  });

  it('writes only the formats asked for (an explicit --format replaces the default)', async () => {
    const out = join(dir, 'only-json');
    await runCli(['evaluate', inventoryFile, '--output-dir', out, '--format', 'json', '--quiet']);
    expect(await readdir(out)).toEqual(['msk-audit-report.json']);
  });

  it('writes csv, junit, ocsf and asff reports', async () => {
    const out = join(dir, 'formats');
    const result = await runCli(['evaluate', inventoryFile, '--output-dir', out, '--format', 'json,csv', '--format', 'junit,ocsf,asff', '--fail-on', 'none', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['msk-audit-asff.json', 'msk-audit-junit.xml', 'msk-audit-ocsf.jsonl', 'msk-audit-report.csv', 'msk-audit-report.json']);
    const scan = await report(out);
    const csv = await readFile(join(out, 'msk-audit-report.csv'), 'utf8');
    expect(csv.split('\r\n').filter((line) => line.startsWith('"msk-audit/'))).toHaveLength(scan.findings.length);
    const ocsf = (await readFile(join(out, 'msk-audit-ocsf.jsonl'), 'utf8')).trimEnd().split('\n');
    expect(ocsf.map((line) => (JSON.parse(line) as { finding_info: { uid: string } }).finding_info.uid)).toEqual(scan.findings.map((f) => f.id));
    const junit = await readFile(join(out, 'msk-audit-junit.xml'), 'utf8');
    expect(junit).toContain(`<testsuites name="msk-audit ${scan.scanId}" tests="${scan.findings.length}"`);
  });

  it('lists every report format and the frameworks in --help', async () => {
    const help = (await runCli(['evaluate', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('report formats, comma-separated (json, html, csv, junit, ocsf, asff)');
    expect(help).toContain('--framework <id>');
    expect(help).toContain('pci-dss-4.0.1, soc2, nist-800-53-r5, iso-27001-2022, aws-fsbp');
  });
});

describe('errors exit 2 with one clear line and write nothing', () => {
  it.each([
    [['evaluate', '/nonexistent/inventory.json'], /inventory \/nonexistent\/inventory\.json: no such file/],
    [['evaluate', '.'], /not a regular file/],
    [['evaluate', 'INVENTORY', '--checks', 'msk-bogus'], /--checks\/--exclude-checks: unknown check id msk-bogus/],
    [['evaluate', 'INVENTORY', '--fail-on', 'severe'], /--fail-on.*expected one of/],
    [['evaluate', 'INVENTORY', '--tag', 'novalue'], /--tag.*expected KEY=VALUE/],
    [['evaluate', 'INVENTORY', '--format', 'pdf'], /unknown report format pdf \(expected json, html, csv, junit, ocsf, asff\)/],
    [['evaluate', 'INVENTORY', '--framework', 'hipaa'], /unknown framework "hipaa" \(expected one of pci-dss-4\.0\.1, soc2, nist-800-53-r5, iso-27001-2022, aws-fsbp\)/],
    [['scan', '--framework', 'PCI'], /unknown framework "PCI" \(expected one of /],
    [['evaluate', 'INVENTORY', '--checks', 'msk-at-rest-cmk', '--framework', 'aws-fsbp'], /--framework aws-fsbp: none of the selected checks is mapped to it/],
    [['evaluate', 'INVENTORY', '--config', '/nonexistent.json'], /config \/nonexistent\.json: no such file/],
    [['evaluate', 'INVENTORY', '--checks-dir', '/nonexistent'], /--checks-dir \/nonexistent: no such directory/],
    [['scan', '--regions', 'eu-west-1,moon-base-1'], /unknown AWS region moon-base-1/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['scan', '--accounts', '12345'], /not a 12-digit AWS account id: 12345/],
    [['scan', '--ou', 'ou-1234-abcdefgh'], /--ou needs --org/],
    [['scan', '--regions', 'all,eu-west-1'], /"all" cannot be combined with named regions/],
    [['scan', '--session-duration', '60'], /expected whole seconds from 900 to 43200/],
    [['scan', '--quiet', '--verbose'], /--quiet and --verbose cannot be combined/],
  ])('%j', async (args, message) => {
    const out = join(dir, `err-${Math.random().toString(36).slice(2)}`);
    const result = await runCli([...args.map((a) => (a === 'INVENTORY' ? inventoryFile : a)), '--output-dir', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    await expect(readdir(out)).rejects.toThrow();
  });

  it('names the first problem of an invalid sandbox estate', async () => {
    const estate = join(dir, 'estate.json');
    await writeFile(estate, JSON.stringify({ version: 1 }));
    const result = await runCli(['sandbox', '--estate', estate]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--estate .*estate\.json: caller: .*\(and \d+ more\)/);
    const missing = await runCli(['sandbox', '--estate', '/nonexistent/estate.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^msk-audit: error: --estate \/nonexistent\/estate\.json: ENOENT.*\n$/);
  });

  it('names the config field that is wrong', async () => {
    const config = join(dir, 'bad-config.json');
    await writeFile(config, JSON.stringify({ thresholds: { keyRotationMaxDays: 5000 } }));
    const result = await runCli(['evaluate', inventoryFile, '--config', config, '--output-dir', join(dir, 'x')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad-config\.json: thresholds\.keyRotationMaxDays/);
  });

  it('refuses an output directory that is a file', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    const result = await runCli(['evaluate', inventoryFile, '--output-dir', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--output-dir .*a-file: exists and is not a directory/);
  });

  it('fails scan with exit 2 and one line when there are no credentials', async () => {
    const home = join(dir, 'empty-home');
    await mkdir(home);
    const result = await runCli(['scan', '--regions', 'eu-west-1', '--output-dir', join(dir, 'nocreds')], {
      env: {
        HOME: home,
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
        AWS_PROFILE: '',
        AWS_CONFIG_FILE: join(home, 'none'),
        AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      },
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^msk-audit: error: .*credential/i);
  });
});

describe('msk-audit checks', () => {
  it('lists every check with metadata and mappings as JSON', async () => {
    const result = await runCli(['checks', '--format', 'json']);
    expect(result.code).toBe(0);
    const metas = JSON.parse(result.stdout) as { id: string; frameworks: object }[];
    expect(metas.map((m) => m.id)).toEqual(builtinChecks.map((c) => c.meta.id));
  });
});
