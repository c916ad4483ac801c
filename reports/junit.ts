/**
 * JUnit XML, for CI systems that show test results: one <testsuite> per check (in the order the checks ran),
 * one <testcase> per check × resource (in the scan result's order).
 *
 *   PASSED         → a plain <testcase> (reason and evidence in <system-out>)
 *   FAILED         → <failure message="reason" type="SEVERITY"> with the reason, evidence and remediation
 *   NOT_AVAILABLE  → <error message="reason" type="NOT_AVAILABLE"> (no verdict: never shown as a pass)
 *   NOT_APPLICABLE → <skipped message="reason"/>
 *
 * Counts (tests, failures, errors, skipped) are computed from the findings on every <testsuite> and on
 * <testsuites>. All text is untrusted: characters XML 1.0 does not allow (e.g. the ESC of ANSI escape
 * sequences, other C0 controls, lone surrogates, U+FFFE/U+FFFF) are removed, and the five markup characters
 * are escaped — in attributes also tab, CR and LF, so they survive attribute-value normalisation. The
 * timestamp is the scan's start in UTC (the JUnit schema's timestamp has no zone). Deterministic.
 */
import { appendFileSync, closeSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { CheckMeta } from '../src/check/index.js';
import type { Finding } from '../src/engine/finding.js';
import type { ScanResult } from '../src/engine/scan-result.js';
import { frameworksInScope, qualifiedRequirements } from '../src/frameworks/index.js';
import type { ReportRenderer } from './renderer.js';

// Everything outside XML 1.0's Char production: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
const XML_ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Removes the characters XML 1.0 does not allow. */
export function stripXmlIllegal(text: string): string {
  return text.replace(XML_ILLEGAL, '');
}

/** Text content: legal characters only, markup escaped (CR as a character reference so it is not normalised away). */
export function xmlText(text: string): string {
  return stripXmlIllegal(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('\r', '&#13;');
}

/** An attribute value (to be written inside double quotes). */
export function xmlAttribute(text: string): string {
  return xmlText(text).replaceAll('"', '&quot;').replaceAll("'", '&apos;').replaceAll('\t', '&#9;').replaceAll('\n', '&#10;');
}

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([name, value]) => ` ${name}="${xmlAttribute(String(value))}"`)
    .join('');
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function countsOf(findings: Iterable<Finding>): Counts {
  const counts: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const finding of findings) count(counts, finding);
  return counts;
}

function count(counts: Counts, finding: Finding): void {
  counts.tests += 1;
  if (finding.status === 'FAILED') counts.failures += 1;
  else if (finding.status === 'NOT_APPLICABLE') counts.skipped += 1;
  else if (finding.status !== 'PASSED') counts.errors += 1;
}

function junitTimestamp(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? '' : new Date(time).toISOString().slice(0, 19);
}

function durationSeconds(result: ScanResult): string {
  const ms = Date.parse(result.finishedAt) - Date.parse(result.startedAt);
  return Number.isFinite(ms) && ms >= 0 ? (ms / 1000).toFixed(3) : '0.000';
}

function testcaseName(finding: Finding): string {
  return finding.resource.name ? `${finding.resource.name} (${finding.resource.arn})` : finding.resource.arn;
}

function details(finding: Finding): string {
  const lines = [
    finding.reason,
    '',
    `Resource: ${finding.resource.arn}`,
    `Account: ${finding.resource.account}  Region: ${finding.resource.region}`,
    `Evidence: ${JSON.stringify(finding.evidence, null, 2)}`,
  ];
  if (finding.status === 'FAILED') lines.push(`Remediation: ${finding.remediation.text}`, `See: ${finding.remediation.url}`);
  return lines.join('\n');
}

function testcase(finding: Finding): string {
  const open = `    <testcase${attributes({ name: testcaseName(finding), classname: finding.checkId })}`;
  switch (finding.status) {
    case 'PASSED':
      return `${open}>\n      <system-out>${xmlText(details(finding))}</system-out>\n    </testcase>\n`;
    case 'FAILED':
      return `${open}>\n      <failure${attributes({ message: finding.reason, type: finding.severity })}>${xmlText(details(finding))}</failure>\n    </testcase>\n`;
    case 'NOT_APPLICABLE':
      return `${open}>\n      <skipped${attributes({ message: finding.reason })}/>\n    </testcase>\n`;
    default:
      return `${open}>\n      <error${attributes({ message: finding.reason, type: String(finding.status) })}>${xmlText(details(finding))}</error>\n    </testcase>\n`;
  }
}

function property(name: string, value: string): string {
  return `      <property${attributes({ name, value })}/>\n`;
}

type SuiteCheck = Pick<CheckMeta, 'id' | 'title' | 'severity' | 'frameworks' | 'securityHubControl'>;

function testsuiteOpen(check: SuiteCheck, counts: Counts, result: ScanResult, frameworks: ReturnType<typeof frameworksInScope>): string {
  const properties = [
    property('title', check.title),
    property('severity', check.severity),
    property('requirements', qualifiedRequirements(check, frameworks).join('; ')),
  ];
  if (check.securityHubControl) properties.push(property('securityHubControl', check.securityHubControl));
  return `  <testsuite${attributes({ name: check.id, ...counts, timestamp: junitTimestamp(result.startedAt) })}>\n` + `    <properties>\n${properties.join('')}    </properties>\n`;
}

const SUITE_CLOSE = '  </testsuite>\n';

/** The check a suite is named after: its metadata, or (a check the result does not describe) its first finding's. */
function suiteCheck(checkId: string, metas: ReadonlyMap<string, CheckMeta>, first: Finding | undefined): SuiteCheck {
  return (
    metas.get(checkId) ?? {
      id: checkId,
      title: first?.title ?? checkId,
      severity: first?.severity ?? 'INFORMATIONAL',
      frameworks: first?.frameworks ?? {},
      ...(first?.securityHubControl ? { securityHubControl: first.securityHubControl } : {}),
    }
  );
}

function testsuitesOpen(result: ScanResult, total: Counts): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites${attributes({ name: `${result.tool.name} ${result.scanId}`, ...total, time: durationSeconds(result), timestamp: junitTimestamp(result.startedAt) })}>\n`
  );
}

export function renderJunit(result: ScanResult): string {
  return [...junitChunks(result)].join('');
}

/**
 * renderJunit piece by piece. Findings held in memory are grouped by check in memory; a spooled set is read
 * once, each test case written to its check's file in a private temporary directory, and the suites are then
 * copied out of those files in order (the suite headers carry counts, known only at the end).
 */
export function* junitChunks(result: ScanResult): Generator<string> {
  const frameworks = frameworksInScope(result);
  const metas = new Map(result.checks.map((check) => [check.id, check]));
  if (Array.isArray(result.findings)) {
    const byCheck = new Map<string, Finding[]>();
    for (const check of result.checks) byCheck.set(check.id, []);
    for (const finding of result.findings as readonly Finding[]) {
      const list = byCheck.get(finding.checkId) ?? [];
      list.push(finding);
      byCheck.set(finding.checkId, list);
    }
    yield testsuitesOpen(result, countsOf(result.findings));
    for (const [checkId, findings] of byCheck) {
      yield testsuiteOpen(suiteCheck(checkId, metas, findings[0]), countsOf(findings), result, frameworks);
      for (const finding of findings) yield testcase(finding);
      yield SUITE_CLOSE;
    }
    yield '</testsuites>\n';
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'msk-audit-junit-'));
  try {
    interface Suite {
      check: string;
      counts: Counts;
      first?: Finding;
      file: string;
      pending: string[];
      pendingChars: number;
    }
    const suites = new Map<string, Suite>();
    const suiteOf = (checkId: string): Suite => {
      let suite = suites.get(checkId);
      if (!suite) {
        suite = { check: checkId, counts: { tests: 0, failures: 0, errors: 0, skipped: 0 }, file: join(dir, `${suites.size}.xml`), pending: [], pendingChars: 0 };
        writeFileSync(suite.file, '', { mode: 0o600 });
        suites.set(checkId, suite);
      }
      return suite;
    };
    const flush = (suite: Suite) => {
      if (suite.pending.length === 0) return;
      appendFileSync(suite.file, suite.pending.join(''));
      suite.pending = [];
      suite.pendingChars = 0;
    };
    for (const check of result.checks) suiteOf(check.id);
    const total: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
    for (const finding of result.findings) {
      const suite = suiteOf(finding.checkId);
      suite.first ??= finding;
      count(suite.counts, finding);
      count(total, finding);
      const text = testcase(finding);
      suite.pending.push(text);
      suite.pendingChars += text.length;
      if (suite.pendingChars >= 1 << 16) flush(suite);
    }
    for (const suite of suites.values()) flush(suite);
    yield testsuitesOpen(result, total);
    for (const suite of suites.values()) {
      yield testsuiteOpen(suiteCheck(suite.check, metas, suite.first), suite.counts, result, frameworks);
      yield* fileChunks(suite.file);
      yield SUITE_CLOSE;
    }
    yield '</testsuites>\n';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A UTF-8 file's text in chunks of about 1 MiB (never splitting a character). */
function* fileChunks(path: string): Generator<string> {
  const fd = openSync(path, 'r');
  try {
    const decoder = new StringDecoder('utf8');
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (let n = readSync(fd, buffer, 0, buffer.length, null); n > 0; n = readSync(fd, buffer, 0, buffer.length, null)) {
      const text = decoder.write(buffer.subarray(0, n));
      if (text) yield text;
    }
    const rest = decoder.end();
    if (rest) yield rest;
  } finally {
    closeSync(fd);
  }
}

export const junitReport: ReportRenderer = {
  fileName: 'msk-audit-junit.xml',
  render: renderJunit,
  chunks: junitChunks,
};
