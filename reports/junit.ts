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

function countsOf(findings: readonly Finding[]): Counts {
  return {
    tests: findings.length,
    failures: findings.filter((finding) => finding.status === 'FAILED').length,
    // Anything that is not a known verdict is reported as an error too: it is not evidence of a pass.
    errors: findings.filter((finding) => !['PASSED', 'FAILED', 'NOT_APPLICABLE'].includes(finding.status)).length,
    skipped: findings.filter((finding) => finding.status === 'NOT_APPLICABLE').length,
  };
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

function testsuite(check: Pick<CheckMeta, 'id' | 'title' | 'severity' | 'frameworks' | 'securityHubControl'>, findings: readonly Finding[], result: ScanResult, frameworks: ReturnType<typeof frameworksInScope>): string {
  const counts = countsOf(findings);
  const properties = [
    property('title', check.title),
    property('severity', check.severity),
    property('requirements', qualifiedRequirements(check, frameworks).join('; ')),
  ];
  if (check.securityHubControl) properties.push(property('securityHubControl', check.securityHubControl));
  return (
    `  <testsuite${attributes({ name: check.id, ...counts, timestamp: junitTimestamp(result.startedAt) })}>\n` +
    `    <properties>\n${properties.join('')}    </properties>\n` +
    findings.map(testcase).join('') +
    '  </testsuite>\n'
  );
}

export function renderJunit(result: ScanResult): string {
  const frameworks = frameworksInScope(result);
  const byCheck = new Map<string, Finding[]>();
  for (const check of result.checks) byCheck.set(check.id, []);
  for (const finding of result.findings) {
    const list = byCheck.get(finding.checkId) ?? [];
    list.push(finding);
    byCheck.set(finding.checkId, list);
  }
  const metas = new Map(result.checks.map((check) => [check.id, check]));
  const suites = [...byCheck].map(([checkId, findings]) => {
    // A finding whose check is not listed in result.checks still gets a suite, described by the finding itself.
    const first = findings[0];
    const meta = metas.get(checkId) ?? {
      id: checkId,
      title: first?.title ?? checkId,
      severity: first?.severity ?? 'INFORMATIONAL',
      frameworks: first?.frameworks ?? {},
      ...(first?.securityHubControl ? { securityHubControl: first.securityHubControl } : {}),
    };
    return testsuite(meta, findings, result, frameworks);
  });
  const total = countsOf(result.findings);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites${attributes({ name: `${result.tool.name} ${result.scanId}`, ...total, time: durationSeconds(result), timestamp: junitTimestamp(result.startedAt) })}>\n` +
    suites.join('') +
    '</testsuites>\n'
  );
}

export const junitReport: ReportRenderer = {
  fileName: 'msk-audit-junit.xml',
  render: renderJunit,
};
