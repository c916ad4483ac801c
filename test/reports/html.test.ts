import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { SEVERITIES, STATUSES } from '../../src/check/index.js';
import type { ScanResult } from '../../src/engine/scan-result.js';
import { renderHtml } from '../../reports/html.js';
import { scanResult, XSS_CLUSTER_NAME, XSS_EVIDENCE, XSS_TAG_VALUE, LIST_CLUSTERS_ERROR } from './fixture.js';

/** What `{{ }}` turns a string into (Handlebars escapes & < > " ' ` =). */
const escape = (value: string): string => Handlebars.escapeExpression(value);

const CSP = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">`;

function occurrences(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

function summaryCount(html: string, attribute: string, key: string): number {
  const match = new RegExp(`data-${attribute}="${key}">(\\d+)<`).exec(html);
  if (!match?.[1]) throw new Error(`no ${attribute} count for ${key}`);
  return Number(match[1]);
}

describe('renderHtml', () => {
  const result = scanResult();
  const html = renderHtml(result);

  it('is a complete HTML document with the CSP meta tag before any style', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain(CSP);
    expect(html.indexOf(CSP)).toBeLessThan(html.indexOf('<style>'));
    expect(html).toContain('@media print');
  });

  it('shows the header: tool, scan id, caller, times, scope and thresholds', () => {
    expect(html).toContain('msk-audit <span class="muted">0.1.0</span>');
    expect(html).toContain(result.scanId);
    expect(html).toContain(result.caller.arn);
    for (const time of [result.startedAt, result.finishedAt, result.collectedAt]) expect(html).toContain(time);
    for (const account of result.scope.accounts) expect(html).toContain(account);
    for (const region of result.scope.regions) expect(html).toContain(region);
    const item = (key: string, value: string) => `<code class="item">${escape(key)}=${escape(value)}</code>`;
    expect(html).toContain(item('owner', XSS_TAG_VALUE));
    expect(html).toContain(item('keyRotationMaxDays', String(result.thresholds.keyRotationMaxDays)));
    expect(html).toContain(item('enhancedMonitoringMinimum', result.thresholds.enhancedMonitoringMinimum));
  });

  it('shows summary counts that match the findings', () => {
    for (const status of STATUSES) {
      const expected = result.findings.filter((f) => f.status === status).length;
      expect(summaryCount(html, 'summary-status', status), status).toBe(expected);
    }
    for (const severity of SEVERITIES) {
      const expected = result.findings.filter((f) => f.status === 'FAILED' && f.severity === severity).length;
      expect(summaryCount(html, 'summary-severity', severity), severity).toBe(expected);
    }
    expect(summaryCount(html, 'summary-status', 'FAILED')).toBe(4);
    expect(html).toContain('11 findings over 2 clusters.');
  });

  it('has one cluster-table row per cluster and per unlisted account-region, with the worst failed severity', () => {
    const table = html.slice(html.indexOf('<table class="data resources">'), html.indexOf('</table>', html.indexOf('<table class="data resources">')));
    const rows = table.split('<tr>').slice(2); // header row, then body rows
    expect(rows).toHaveLength(3);
    const hostileRow = rows.find((row) => row.includes(escape(XSS_CLUSTER_NAME)));
    expect(hostileRow).toContain('<span class="badge sev-critical">CRITICAL</span>');
    expect(hostileRow).toContain('data-status="FAILED">1<');
    expect(hostileRow).toContain('data-status="NOT_APPLICABLE">2<');
    const paymentsRow = rows.find((row) => row.includes('<strong>payments</strong>'));
    expect(paymentsRow).toContain('<span class="badge sev-high">HIGH</span>');
    expect(paymentsRow).toContain('data-status="PASSED">2<');
    const accountRegionRow = rows.find((row) => row.includes('Whole account-region'));
    expect(accountRegionRow).toContain('data-status="NOT_AVAILABLE">1<');
    expect(accountRegionRow).toContain('>none<');
  });

  it("contains every FAILED finding's reason, remediation text and link", () => {
    const failed = result.findings.filter((f) => f.status === 'FAILED');
    expect(failed).toHaveLength(4);
    for (const finding of failed) {
      expect(html).toContain(escape(finding.reason));
      expect(html).toContain(escape(finding.remediation.text));
      expect(html).toContain(`<a href="${escape(finding.remediation.url)}" rel="noopener noreferrer"`);
      expect(html).toContain(escape(finding.id));
    }
  });

  it('lists FAILED then NOT_AVAILABLE findings, by severity then cluster then check, and nothing else', () => {
    const articles = [...html.matchAll(/<article class="finding [^"]*">[\s\S]*?<\/article>/g)].map((m) => m[0]);
    const expected = [
      ...result.findings.filter((f) => f.status === 'FAILED').sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity)),
      ...result.findings.filter((f) => f.status === 'NOT_AVAILABLE'),
    ];
    expect(articles).toHaveLength(expected.length);
    // FAILED: CRITICAL (hostile tls), HIGH (payments cmk), MEDIUM (payments rotation), LOW (payments monitoring).
    // NOT_AVAILABLE, both HIGH: the hostile cluster's name starts with '<' so it sorts before the account-region ARN.
    expect(articles.map((article) => /Finding id <code class="arn">([^<]*)<\/code>/.exec(article)?.[1])).toEqual([
      escape(expected[0]!.id),
      escape(expected[1]!.id),
      escape(expected[2]!.id),
      escape(expected[3]!.id),
      escape(expected[4]!.id),
      escape(expected[5]!.id),
    ]);
    expect(expected.map((f) => f.severity)).toEqual(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'HIGH', 'HIGH']);
    expect(expected[4]!.resource.name).toBe(XSS_CLUSTER_NAME);
    expect(expected[5]!.resource.type).toBe('AwsAccountRegion');
    expect(articles[3]).toContain('Security Hub control <code>MSK.2</code>');
    expect(articles[0]).not.toContain('Security Hub control');
  });

  it('shows the account-region NOT_AVAILABLE finding and the collection error', () => {
    expect(html).toContain('(Account-region, account <code>444455556666</code>, eu-central-1)');
    expect(html).toContain('arn:aws:kafka:eu-central-1:444455556666:*');
    const errors = html.slice(html.indexOf('<section id="errors">'), html.indexOf('<section id="checks">'));
    for (const value of [LIST_CLUSTERS_ERROR.service, LIST_CLUSTERS_ERROR.operation, LIST_CLUSTERS_ERROR.code, LIST_CLUSTERS_ERROR.message]) {
      expect(errors).toContain(escape(value));
    }
  });

  it('lists the check catalogue', () => {
    const catalogue = html.slice(html.indexOf('<section id="checks">'));
    for (const check of result.checks) {
      expect(catalogue).toContain(`<code>${escape(check.id)}</code>`);
      expect(catalogue).toContain(escape(check.title));
      expect(catalogue).toContain(`>${check.severity}</span>`);
    }
    expect(catalogue).toContain('<td>MSK.2</td>');
    expect(catalogue).toContain('<td>MSK.4</td>');
  });

  it('renders evidence as pretty JSON inside <pre>, escaped and not re-indented', () => {
    for (const finding of result.findings.filter((f) => f.status === 'FAILED' || f.status === 'NOT_AVAILABLE')) {
      expect(html).toContain(`<pre class="evidence"><code>${escape(JSON.stringify(finding.evidence, null, 2))}</code></pre>`);
    }
  });

  it.each([
    ['cluster name', XSS_CLUSTER_NAME, '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['tag value', XSS_TAG_VALUE, '&quot;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;'],
    ['evidence', XSS_EVIDENCE, '&lt;/pre&gt;&lt;script&gt;alert(2)&lt;/script&gt;'],
  ])('shows the hostile %s only escaped', (_what, payload, escaped) => {
    expect(html).not.toContain(payload);
    expect(html).toContain(escaped);
  });

  it('has no script, no external resource and no URL outside <a href> remediation links', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link/i);
    expect(html).not.toMatch(/<(iframe|object|embed|img|base|form)\b/i);
    expect(html).not.toMatch(/<[a-z][^>]*\s(src|srcset|action|formaction|background|poster)\s*=/i);
    expect(html).not.toMatch(/url\s*\(/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);

    const anchors = [...html.matchAll(/<a\s[^>]*>/g)].map((m) => m[0]);
    const external = anchors.filter((tag) => /href="https?:/i.test(tag));
    expect(external.length).toBeGreaterThan(0);
    for (const tag of external) {
      expect(tag).toMatch(/^<a href="https:\/\/docs\.aws\.amazon\.com\/[^"]*" rel="noopener noreferrer"/);
    }
    for (const tag of anchors.filter((t) => !external.includes(t))) expect(tag).toMatch(/^<a href="#[a-z-]+">$/);
    const withoutAnchors = html.replace(/<a\s[^>]*>/g, '');
    expect(withoutAnchors).not.toMatch(/https?:\/\//i);
  });

  it('does not link a remediation URL that is not https, and still shows it as text', () => {
    const tampered: ScanResult = structuredClone(result);
    const failed = tampered.findings.find((f) => f.status === 'FAILED')!;
    failed.remediation = { text: 'Do the thing.', url: 'javascript:alert(document.domain)' };
    const out = renderHtml(tampered);
    expect(out).not.toContain('href="javascript:');
    expect(out).not.toMatch(/href="\s*javascript/i);
    expect(out).toContain('link not shown: not an https URL: <code>javascript:alert(document.domain)</code>');
  });

  it('is deterministic and survives renders of other results (cached template)', () => {
    expect(renderHtml(scanResult())).toBe(html);
    const empty: ScanResult = { ...structuredClone(result), findings: [], errors: [], checks: [] };
    const out = renderHtml(empty);
    expect(out).toContain('No check failed.');
    expect(out).toContain('No errors while collecting.');
    expect(out).toContain('No clusters were evaluated.');
    expect(renderHtml(result)).toBe(html);
  });

  it('does not change the scan result it renders', () => {
    const input = scanResult();
    const before = structuredClone(input);
    renderHtml(input);
    expect(input).toStrictEqual(before);
  });

  it('escapes every occurrence of the hostile cluster name', () => {
    const count = result.findings.filter((f) => f.resource.name === XSS_CLUSTER_NAME && (f.status === 'FAILED' || f.status === 'NOT_AVAILABLE')).length;
    // once per listed finding, once in the cluster table
    expect(occurrences(html, escape(XSS_CLUSTER_NAME))).toBe(count + 1);
  });
});

describe('renderHtml coverage section', () => {
  it('lists every account-region with its coverage status and escaped reasons, and warns when incomplete', () => {
    const html = renderHtml(scanResult());
    const section = html.slice(html.indexOf('<section id="coverage">'), html.indexOf('<section id="errors">'));
    expect(section).toContain('Coverage is incomplete');
    expect(section.match(/<tr data-coverage="/g)).toHaveLength(3);
    expect(section).toContain('data-coverage="not-evaluated"');
    expect(section).toContain('data-coverage="skipped"');
    expect(section).toContain('&lt;b&gt;denied&lt;/b&gt;');
    expect(section).not.toContain('<b>denied</b>');
  });

  it('says so when every account-region was fully evaluated', () => {
    const result = scanResult();
    result.coverage = { entries: [result.coverage.entries[0]!], counts: { complete: 1, partial: 0, 'not-evaluated': 0, skipped: 0 }, complete: true };
    expect(renderHtml(result)).toContain('Every account-region in scope was fully evaluated.');
  });
});
