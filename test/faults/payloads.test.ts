/**
 * Issue 10, "Hostile and malformed data" — payload neutralisation. An inventory whose cluster names, tags, ARNs,
 * state messages, cluster policies, CloudTrail event fields (principal, source IP, user agent, error code and
 * message), collection errors, caller, account name, trail and connector names carry HTML/JS, CSV-formula and
 * ANSI/C0/C1 payloads is evaluated (buildScanResult) and rendered in every format. Each payload is put at the
 * start of every slot once (a formula only fires at the start of a cell). Checked: the HTML report has no
 * injected element, attribute, script or URL (a tag-level parse, compared with a benign rendering); every CSV cell
 * is defused; the JUnit XML is well-formed with no illegal character or injected element; the JSON formats parse;
 * and nothing printed on a terminal (summary, progress lines, drift report) carries ESC or a C0/C1 control.
 * (The browser-level check of the HTML report is test/browser/html-report.test.ts.)
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import { buildScanResult } from '../../src/audit.js';
import { DEFAULT_THRESHOLDS } from '../../src/check/index.js';
import { formatSummary } from '../../src/cli/terminal.js';
import { ScanProgress } from '../../src/cli/progress.js';
import { formatDriftReport } from '../../src/drift/format.js';
import type { ScanResult } from '../../src/engine/scan-result.js';
import { available, unavailable, type Inventory } from '../../src/inventory/index.js';
import { renderCsv, renderHtml, renderJson, renderJunit, renderOcsf, renderAsff } from '../../reports/index.js';
import { ACCOUNT, REGION } from '../support/fixtures.js';
import { inventoryOf } from '../support/inventory.js';
import { event } from '../support/trail-fixtures.js';
import { compliantCluster } from '../support/exposure-fixtures.js';
import { baselineFor, richRegion } from './hostile-data-support.js';
import { runInProcess } from './cli-in-process.js';
import { normaliseEvent } from '../../src/collect/cloudtrail-events.js';
import { baselineFromInventory } from '../../src/drift/baseline.js';

export const HTML_PAYLOADS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg/onload=alert(1)>",
  'javascript:alert(document.cookie)',
  '</style><script>alert(1)</script>',
  '</title></textarea><script>alert(1)</script>',
  '<!--<script>alert(1)//-->',
  '<a href="javascript:alert(1)">x</a>',
  '<iframe srcdoc="<script>alert(1)</script>">',
  '{{constructor.constructor("alert(1)")()}}',
  '<![CDATA[x]]><x>',
];
export const CSV_PAYLOADS = ['=HYPERLINK("http://evil.example","x")', '+cmd|\' /C calc\'!A0', '-2+3+cmd|\' /C calc\'!A0', '@SUM(1+1)*cmd|\' /C calc\'!A0', '\t=1+1', '\r=1+1'];
export const ANSI_PAYLOADS = [
  '\u001b[31mRED\u001b[0m',
  '\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007',
  '\u001b]0;pwned title\u001b\\',
  '\u009b31mC1-CSI',
  '\u009d0;osc\u009c',
  '\u0090dcs\u009c',
  '\u001b[2J\u001b[H',
  'bell\u0007back\u0008space\u000bvt\u000cff\u0000nul\u007fdel',
  '\u001bPq#0;2;0;0;0#1~~@@vv@@~~$-\u001b\\',
];
export const PAYLOADS = [...HTML_PAYLOADS, ...CSV_PAYLOADS, ...ANSI_PAYLOADS];

/** An inventory (and baseline, for the drift checks) whose every untrusted text slot is `slot(k)`. */
function hostile(slot: (k: number) => string): { inventory: Inventory; result: ScanResult; baseline: ReturnType<typeof baselineFor> } {
  let k = 0;
  const p = () => slot(k++);
  const region = richRegion();
  const baseline = baselineFor(region);
  if (!region.clusters.ok) throw new Error('fixture');
  const [provisioned, serverless] = region.clusters.value as [ReturnType<typeof compliantCluster>, ReturnType<typeof compliantCluster>];
  provisioned.ClusterName = p();
  provisioned.Tags = { [p()]: p(), env: p() };
  serverless.ClusterArn = `arn:aws:kafka:${REGION}:${ACCOUNT}:cluster/${p()}/0b6e`;
  serverless.ClusterName = p();
  const failedCluster = compliantCluster();
  failedCluster.ClusterArn = failedCluster.ClusterArn.replace('payments', 'broken');
  failedCluster.ClusterName = p();
  failedCluster.State = 'FAILED';
  failedCluster.StateInfo = { Code: p(), Message: p() };
  region.clusters.value.push(failedCluster);
  region.clusterPolicies![provisioned.ClusterArn] = available({
    policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: p(), Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'kafka:*', Resource: '*' }] }),
    currentVersion: p(),
  });
  region.kafkaEvents = available({
    start: '2026-10-25T00:00:00.000Z',
    end: '2026-11-01T00:00:00.000Z',
    events: [
      event('UpdateSecurity', (e) => {
        e.clusterArn = provisioned.ClusterArn;
        e.time = '2026-10-30T00:00:00.000Z';
        e.principal = { arn: p(), type: p(), accountId: p() };
        e.sourceIp = p();
        e.userAgent = p();
        e.errorCode = p();
        e.errorMessage = p();
      }),
      event('UpdateConnectivity', (e) => {
        e.clusterArn = provisioned.ClusterArn;
        e.time = '2026-10-31T00:00:00.000Z';
        e.principal = { arn: p() };
        e.userAgent = p();
        e.publicAccessType = p();
      }),
    ],
  });
  if (region.trails?.ok) region.trails.value[0]!.name = p();
  // IAM: a principal (named by the payload) allowed every kafka-cluster action, and an SCP whose name is a payload.
  if (region.accountWide?.iam?.ok) {
    region.accountWide.iam.value.principals.push({
      kind: 'user',
      name: p(),
      arn: `arn:aws:iam::${ACCOUNT}:user/${p()}`,
      groups: [p()],
      statements: [{ policy: p(), sid: p(), effect: 'Allow', action: ['kafka-cluster:*'], resource: ['*'] }],
      unreadablePolicies: [p()],
      accessKeys: available([{ accessKeyId: p(), status: 'Active', createDate: '2020-01-01T00:00:00.000Z' }]),
    });
  }
  if (region.accountWide?.guardrails?.ok) {
    const target = region.accountWide.guardrails.value.path[1]!;
    if (target.policies.ok) target.policies.value[0]!.name = p();
  }
  if (region.connectors?.ok) region.connectors.value[0]!.name = p();
  const error = { service: 'kafka', operation: 'GetBootstrapBrokers', code: p(), message: p(), account: ACCOUNT, region: REGION, resource: p() };
  region.errors.push(error);
  region.privateCas = { ...region.privateCas, [p()]: unavailable({ ...error }) };
  const inventory = inventoryOf([region]);
  inventory.caller.arn = `arn:aws:iam::${ACCOUNT}:user/${p()}`;
  inventory.accounts[0]!.name = p();
  inventory.errors.push({ service: 'sts', operation: 'GetCallerIdentity', code: p(), message: p() });
  const result = buildScanResult(
    inventory,
    { checks: builtinChecks, thresholds: DEFAULT_THRESHOLDS, severityOverrides: {}, tagFilters: {}, baseline },
    { startedAt: new Date('2026-11-23T10:00:00Z'), finishedAt: new Date('2026-11-23T10:01:00Z'), scanId: 'scan-payloads' },
  );
  SLOTS = k;
  return { inventory, result, baseline };
}

/** How many untrusted text slots hostile() fills (each rotation puts every payload at the start of every slot once). */
let SLOTS = 0;
const rotations = PAYLOADS.map((_, r) => hostile((k) => `${PAYLOADS[(k + r) % PAYLOADS.length]} ${PAYLOADS[(k + r + 7) % PAYLOADS.length]}`));
const benign = hostile((k) => `benign-${k}`);

// ---------------------------------------------------------------------------------------------------------
// A small HTML tokenizer: tags with their attributes, raw text of script/style, and stray '<'.

interface Tag {
  name: string;
  closing: boolean;
  attributes: [string, string][];
}
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/y;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title']);

function tokenize(html: string): { tags: Tag[]; raw: string[]; stray: string[] } {
  const tags: Tag[] = [];
  const raw: string[] = [];
  const stray: string[] = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    if (/^<!doctype/i.test(html.slice(lt, lt + 9))) {
      i = html.indexOf('>', lt) + 1;
      continue;
    }
    TAG.lastIndex = lt;
    const match = TAG.exec(html);
    if (!match) {
      stray.push(html.slice(lt, lt + 60));
      i = lt + 1;
      continue;
    }
    const name = match[2]!.toLowerCase();
    const attributes: [string, string][] = [...(match[3] ?? '').matchAll(ATTRIBUTE)].map((a) => [a[1]!.toLowerCase(), decode(a[2] ?? a[3] ?? a[4] ?? '')]);
    tags.push({ name, closing: match[1] === '/', attributes });
    i = lt + match[0].length;
    if (match[1] !== '/' && RAW_TEXT.has(name)) {
      const end = html.toLowerCase().indexOf(`</${name}`, i);
      raw.push(`${name}:${html.slice(i, end)}`);
      i = end;
    }
  }
  return { tags, raw, stray };
}

function decode(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

const shape = (tag: Tag) => `${tag.closing ? '/' : ''}${tag.name}[${tag.attributes.map(([n]) => n).sort().join(',')}]`;

describe('HTML report: no payload becomes markup', () => {
  const reference = tokenize(renderHtml(benign.result));
  const allowedShapes = new Set(reference.tags.map(shape));
  const count = (tokens: ReturnType<typeof tokenize>, name: string) => tokens.tags.filter((t) => t.name === name && !t.closing).length;

  it(`${rotations.length} renderings × ${PAYLOADS.length} payloads: no new element, attribute, script, handler or javascript: URL`, () => {
    let escapedScripts = 0;
    for (const { result } of rotations) {
      const html = renderHtml(result);
      const tokens = tokenize(html);
      expect(tokens.stray.filter((s) => /^<[a-zA-Z/!?]/.test(s))).toEqual([]);
      expect([...new Set(tokens.tags.map(shape))].filter((s) => !allowedShapes.has(s))).toEqual([]);
      // The static script and styles are the same bytes as in the benign report: no data is ever inside them.
      expect(tokens.raw.filter((r) => !r.startsWith('title:'))).toEqual(reference.raw.filter((r) => !r.startsWith('title:')));
      for (const name of ['script', 'img', 'svg', 'iframe', 'a', 'link', 'meta', 'base', 'form', 'object', 'embed']) {
        expect([name, count(tokens, name)]).toEqual([name, count(reference, name)]);
      }
      for (const tag of tokens.tags) {
        for (const [attribute, value] of tag.attributes) {
          expect(attribute.startsWith('on'), `${tag.name} ${attribute}`).toBe(false);
          if (['href', 'src', 'action', 'formaction', 'xlink:href', 'srcdoc'].includes(attribute)) {
            expect(value.trim().toLowerCase(), `${tag.name} ${attribute}`).not.toMatch(/^(javascript|data|vbscript):/);
          }
        }
      }
      // The payloads did reach the report, escaped.
      if (html.includes('&lt;script&gt;alert(1)&lt;/script&gt;')) escapedScripts++;
      expect(html).not.toContain('<script>alert');
      expect(html).not.toMatch(/<img[^>]*onerror/i);
    }
    expect(escapedScripts).toBe(rotations.length);
  });
});

// ---------------------------------------------------------------------------------------------------------

/** RFC 4180 with every cell quoted (as reports/csv.ts writes it). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '"') throw new Error(`unquoted cell at ${i}: ${JSON.stringify(text.slice(i, i + 40))}`);
    let cell = '';
    i++;
    for (;;) {
      if (i >= text.length) throw new Error('unterminated cell');
      if (text[i] === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        i++;
        break;
      }
      cell += text[i++];
    }
    row.push(cell);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else throw new Error(`bad separator at ${i}: ${JSON.stringify(text.slice(i, i + 10))}`);
  }
  return rows;
}

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const TERMINAL_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('CSV report: every cell is defused and printable', () => {
  it(`${rotations.length} renderings: no cell starts a formula, none carries a control character`, () => {
    let cells = 0;
    for (const { result } of rotations) {
      const rows = parseCsv(renderCsv(result));
      expect(rows.length).toBe([...result.findings].length + 1);
      for (const row of rows) {
        expect(row.length).toBe(rows[0]!.length);
        for (const cell of row) {
          cells++;
          expect(cell, JSON.stringify(cell.slice(0, 80))).not.toMatch(/^[=+\-@\t\r]/);
          expect(CONTROL.test(cell), JSON.stringify(cell.slice(0, 80))).toBe(false);
        }
      }
    }
    expect(cells).toBeGreaterThan(1000);
    // The formula payloads did reach cells, defused with a leading quote.
    expect(rotations.some(({ result }) => renderCsv(result).includes(`"'=HYPERLINK(""http://evil.example""`))).toBe(true);
  });
});

describe('JUnit XML: well-formed, no illegal character, no injected element', () => {
  it(`${rotations.length} renderings`, () => {
    const reference = new Set(tokenize(renderJunit(benign.result).replace(/^<\?xml[^>]*>/, '')).tags.map(shape));
    for (const { result } of rotations) {
      const xml = renderJunit(result);
      expect(XMLValidator.validate(xml)).toBe(true);
      expect(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(xml)).toBe(false);
      const tokens = tokenize(xml.replace(/^<\?xml[^>]*>/, ''));
      expect([...new Set(tokens.tags.map(shape))].filter((s) => !reference.has(s))).toEqual([]);
    }
  });
});

describe('JSON, OCSF and ASFF: well-formed', () => {
  it(`${rotations.length} renderings parse, and carry the payloads intact`, () => {
    for (const { result } of rotations) {
      const json = JSON.parse(renderJson(result)) as { findings: unknown[] };
      expect(json.findings.length).toBe([...result.findings].length);
      for (const line of renderOcsf(result).split('\n').filter(Boolean)) JSON.parse(line);
      JSON.parse(renderAsff(result));
    }
    expect(renderJson(rotations[0]!.result)).toContain('\\u001b[31mRED');
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('terminal output carries no ESC and no C0/C1 control', () => {
  it('the summary (formatSummary), also for an inventory whose region name is a payload', () => {
    for (const { result } of rotations) {
      const summary = formatSummary(result);
      expect(TERMINAL_UNSAFE.test(summary), JSON.stringify(summary)).toBe(false);
    }
    for (const payload of PAYLOADS) {
      const region = richRegion();
      region.region = payload;
      const result = buildScanResult(inventoryOf([region]), { checks: builtinChecks, thresholds: DEFAULT_THRESHOLDS, severityOverrides: {}, tagFilters: {} }, { startedAt: new Date(), scanId: payload });
      const summary = formatSummary(result);
      expect(summary).toContain('regions ');
      expect(TERMINAL_UNSAFE.test(summary), JSON.stringify(summary)).toBe(false);
    }
  });

  it('the --verbose progress lines and the live line (ScanProgress)', () => {
    for (const payload of PAYLOADS) {
      let written = '';
      const stream = { isTTY: false, write: (text: string) => ((written += text), true) };
      const progress = new ScanProgress(stream as never, { live: false, verbose: true });
      const access = (ok: boolean) => ({
        account: ACCOUNT,
        name: payload,
        via: 'assumed-role' as const,
        access: ok ? available({ principalArn: payload }) : unavailable({ service: 'sts', operation: 'AssumeRole', code: payload, message: payload }),
        regions: available({ enabled: [REGION], notEnabled: [] }),
        skippedRegions: [],
      });
      progress.onStart({ caller: { account: ACCOUNT, arn: payload, userId: payload }, accounts: [ACCOUNT, ACCOUNT], partition: 'aws', collectedAt: '2026-11-23T10:00:00Z' } as never);
      progress.onAccount({ access: access(true), accountRegions: [] } as never);
      progress.onAccount({ access: access(false), accountRegions: [] } as never);
      progress.finish();
      expect(written.length).toBeGreaterThan(0);
      expect(TERMINAL_UNSAFE.test(written.replaceAll('\n', '')), JSON.stringify(written)).toBe(false);
    }
  });

  it('the drift report (msk-audit diff, --baseline)', () => {
    for (const { result } of rotations) {
      if (!result.drift) throw new Error('no drift');
      const text = formatDriftReport(result.drift);
      expect(TERMINAL_UNSAFE.test(text.replaceAll('\n', '')), JSON.stringify(text.slice(0, 300))).toBe(false);
    }
  });
});

describe('CloudTrail event fields reach the reports through the collector unchanged (so the rendering is what neutralises them)', () => {
  it('normaliseEvent keeps userIdentity, sourceIPAddress, userAgent, errorCode and errorMessage payloads as text', () => {
    for (const payload of PAYLOADS) {
      const normalised = normaliseEvent({
        EventId: 'evt-x',
        EventName: 'UpdateSecurity',
        EventTime: new Date('2026-11-20T00:00:00Z'),
        EventSource: 'kafka.amazonaws.com',
        CloudTrailEvent: JSON.stringify({
          userIdentity: { arn: payload, type: payload, accountId: payload },
          sourceIPAddress: payload,
          userAgent: payload,
          errorCode: payload,
          errorMessage: payload,
          requestParameters: { clusterArn: encodeURIComponent(`arn:aws:kafka:${REGION}:${ACCOUNT}:cluster/x/y`) },
        }),
      });
      expect(normalised).toMatchObject({ principal: { arn: payload, type: payload, accountId: payload }, sourceIp: payload, userAgent: payload, errorCode: payload, errorMessage: payload });
    }
  });
});

describe('every slot reaches the reports', () => {
  it('the benign markers of the slots show in the HTML, CSV and JUnit reports', () => {
    const slots = new Set<number>();
    const { result } = benign;
    const texts = { html: renderHtml(result), csv: renderCsv(result), junit: renderJunit(result) };
    const reached = Object.fromEntries(
      Object.entries(texts).map(([format, text]) => {
        const found = new Set([...text.matchAll(/benign-(\d+)/g)].map((m) => Number(m[1])));
        found.forEach((k) => slots.add(k));
        return [format, found.size];
      }),
    );
    console.info(`slots reached: ${JSON.stringify(reached)}; ${slots.size} distinct of ${SLOTS}`);
    expect(slots.size).toBeGreaterThan(25);
  });
});

export const PAYLOAD_COUNTS = { html: HTML_PAYLOADS.length, csv: CSV_PAYLOADS.length, ansi: ANSI_PAYLOADS.length, rotations: rotations.length, slots: SLOTS };

describe('the CLI end to end (in-process) on a hostile inventory', () => {
  it('evaluate: every report format written and clean, nothing unsafe on stdout or stderr', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'msk-audit-payload-cli-'));
    try {
      const { inventory, baseline } = rotations[0]!;
      const file = join(dir, 'inventory.json');
      await writeFile(file, JSON.stringify(inventory));
      const baselineFile = join(dir, 'baseline.json');
      await writeFile(baselineFile, JSON.stringify(baseline));
      const out = join(dir, 'out');
      const run = await runInProcess(['evaluate', file, '--baseline', baselineFile, '--output-dir', out, '--format', 'json,html,csv,junit,ocsf,asff', '--fail-on', 'none']);
      expect(run.code, run.stderr).toBe(0);
      expect(TERMINAL_UNSAFE.test(run.stdout.replaceAll('\n', '')), JSON.stringify(run.stdout)).toBe(false);
      expect(TERMINAL_UNSAFE.test(run.stderr.replaceAll('\n', ''))).toBe(false);
      const written = (await readdir(out)).sort();
      expect(written.length).toBe(6);
      for (const name of written) {
        const text = await readFile(join(out, name), 'utf8');
        if (name.endsWith('.html')) {
          const tokens = tokenize(text);
          expect(tokens.tags.filter((t) => t.name === 'script' && !t.closing).length).toBe(1);
          expect(tokens.tags.flatMap((t) => t.attributes.map(([a]) => a)).filter((a) => a.startsWith('on'))).toEqual([]);
        }
        if (name.endsWith('.csv')) for (const row of parseCsv(text)) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
        if (name.endsWith('.xml')) expect(XMLValidator.validate(text)).toBe(true);
        if (name.endsWith('.json')) JSON.parse(text);
      }
      // diff prints the drift between the baseline and the hostile inventory: names and events, made safe.
      const renamed = JSON.parse(JSON.stringify(inventory)) as Inventory;
      const approved = baselineFromInventory(renamed).baseline;
      for (const cluster of Object.values(approved.clusters)) cluster.state['encryption.inTransit.clientBroker'] = 'TLS_PLAINTEXT';
      await writeFile(baselineFile, JSON.stringify(approved));
      const diff = await runInProcess(['diff', baselineFile, file]);
      expect([0, 1]).toContain(diff.code);
      expect(diff.stdout.length).toBeGreaterThan(0);
      expect(TERMINAL_UNSAFE.test(diff.stdout.replaceAll('\n', '')), JSON.stringify(diff.stdout.slice(0, 400))).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

