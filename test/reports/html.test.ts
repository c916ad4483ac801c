import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { MEMBER_READ_ACTIONS, SCANNER_ACTIONS, SECURITY_HUB_ACTIONS } from '../../src/aws/permissions.js';
import { SEVERITIES, STATUSES } from '../../src/check/index.js';
import type { HeldScanResult, ScanResult } from '../../src/engine/scan-result.js';
import { controlsMatrices, controlsMatrix } from '../../src/frameworks/index.js';
import { renderHtml } from '../../reports/html.js';
import { CLOUDTRAIL_WINDOW, fullScanResult, PAYMENTS_ARN, PWN_OWNER, PWN_PRINCIPAL } from '../browser/report-fixture.js';
import { LIST_CLUSTERS_ERROR, scanResult, XSS_CLUSTER_NAME, XSS_TAG_VALUE } from './fixture.js';

/** What `{{ }}` turns a string into (Handlebars escapes & < > " ' ` =). */
const escape = (value: string): string => Handlebars.escapeExpression(value);

/** The HTML from `<section … id="…">` to its matching `</section>` (sections nest). */
function section(html: string, id: string): string {
  const start = html.search(new RegExp(`<section [^>]*id="${id}"`));
  if (start === -1) throw new Error(`no section ${id}`);
  let depth = 0;
  const tag = /<(\/?)section\b[^>]*>/g;
  tag.lastIndex = start;
  for (let match = tag.exec(html); match; match = tag.exec(html)) {
    depth += match[1] ? -1 : 1;
    if (depth === 0) return html.slice(start, match.index + match[0].length);
  }
  throw new Error(`section ${id} is not closed`);
}

function summaryCount(html: string, attribute: string, key: string): number {
  const match = new RegExp(`data-${attribute}="${key}">(\\d+)<`).exec(html);
  if (!match?.[1]) throw new Error(`no ${attribute} count for ${key}`);
  return Number(match[1]);
}

/** The <article> of every finding, by id attribute. */
function articles(html: string): string[] {
  return [...html.matchAll(/<article class="finding [^"]*" id="finding-\d+"[\s\S]*?<\/article>/g)].map((m) => m[0]);
}

describe('renderHtml: document and sections', () => {
  const result = scanResult();
  const html = renderHtml(result);

  it('is a complete HTML document with the sections in order, and no optional section the result lacks', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    const ids = ['summary', 'controls', 'clusters', 'cloudtrail', 'methodology'];
    const positions = ids.map((id) => html.indexOf(`<section id="${id}"`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const absent of ['drift', 'accepted-risks', 'security-hub']) {
      expect(html).not.toContain(`<section id="${absent}"`);
      expect(html).not.toContain(`href="#${absent}"`);
    }
  });

  it('shows every optional section, in order, when the result has drift, accepted risks and a publication', () => {
    const full = renderHtml(fullScanResult());
    const ids = ['summary', 'controls', 'clusters', 'cloudtrail', 'drift', 'accepted-risks', 'security-hub', 'methodology'];
    const positions = ids.map((id) => full.indexOf(`<section id="${id}"`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const id of ids) expect(full).toContain(`<a href="#${id}">`);
  });

  it('shows the header: tool, scan id, caller and times', () => {
    expect(html).toContain('msk-audit <span class="muted">0.1.0</span>');
    expect(html).toContain(result.scanId);
    expect(html).toContain(result.caller.arn);
    for (const time of [result.startedAt, result.finishedAt, result.collectedAt]) expect(html).toContain(`<time datetime="${time}">${time}</time>`);
  });

  it('every internal link points at an element of the page', () => {
    for (const out of [html, renderHtml(fullScanResult())]) {
      const ids = new Set([...out.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
      const targets = [...out.matchAll(/<a href="#([^"]*)"/g)].map((m) => m[1]!);
      expect(targets.length).toBeGreaterThan(10);
      for (const target of targets) expect(ids.has(target), target).toBe(true);
    }
  });

  it('is deterministic and survives renders of other results (cached template)', () => {
    expect(renderHtml(scanResult())).toBe(html);
    expect(renderHtml(structuredClone(result))).toBe(html);
    expect(renderHtml(JSON.parse(JSON.stringify(result)) as ScanResult)).toBe(html);
    const full = renderHtml(fullScanResult());
    expect(renderHtml(fullScanResult())).toBe(full);
    const empty: ScanResult = { ...structuredClone(result), findings: [], errors: [], checks: [], clusters: [] };
    const out = renderHtml(empty);
    expect(out).toContain('No open FAILED finding.');
    expect(out).toContain('No errors while collecting.');
    expect(out).toContain('No clusters were evaluated.');
    expect(out).toContain('No checks ran.');
    expect(renderHtml(result)).toBe(html);
  });

  it('does not change the scan result it renders', () => {
    for (const input of [scanResult(), fullScanResult()]) {
      const before = structuredClone(input);
      renderHtml(input);
      expect(input).toStrictEqual(before);
    }
  });

  it('renders a result from an older msk-audit (no clusters, no accepted count) and tolerates unknown values', () => {
    const old = JSON.parse(JSON.stringify(result)) as Record<string, unknown> & HeldScanResult;
    delete (old as Partial<ScanResult>).clusters;
    delete (old.summary as Partial<ScanResult['summary']>).accepted;
    old.findings[0]!.status = 'SOMETHING_NEW' as never;
    old.findings[1]!.severity = 'SEVERE' as never;
    const out = renderHtml(old);
    expect(out).toContain('<span class="badge status-unknown">SOMETHING_NEW</span>');
    expect(out).toContain('<span class="badge sev-unknown">SEVERE</span>');
    expect(out).toContain('data-breakdown-severity="SEVERE"');
  });
});

describe('renderHtml: executive summary', () => {
  const result = scanResult();
  const html = renderHtml(result);
  const summary = section(html, 'summary');

  it('counts findings by status and FAILED findings by severity, matching the findings', () => {
    for (const status of STATUSES) {
      expect(summaryCount(summary, 'summary-status', status), status).toBe(result.findings.filter((f) => f.status === status).length);
    }
    for (const severity of SEVERITIES) {
      const expected = result.findings.filter((f) => f.status === 'FAILED' && f.severity === severity).length;
      expect(summaryCount(summary, 'summary-severity', severity), severity).toBe(expected);
    }
    expect(summaryCount(summary, 'summary-status', 'FAILED')).toBe(4);
    expect(summary).toContain('11 findings over 2 clusters, in 2 accounts and 3 regions.');
    expect(summary).toContain('4 open FAILED findings (1 critical, 1 high, 1 medium, 1 low); 2 findings without a verdict (NOT_AVAILABLE). Coverage is INCOMPLETE.');
    expect(summary).toContain('Coverage is incomplete:');
  });

  it('draws a status donut and failed-by-severity bars as inline SVG with text alternatives', () => {
    const donut = summary.slice(summary.indexOf('<svg class="donut"'), summary.indexOf('</svg>', summary.indexOf('<svg class="donut"')));
    expect(donut).toContain('role="img"');
    expect(donut).toContain('<title id="chart-status-title">11 findings: PASSED 3, FAILED 4, NOT_APPLICABLE 2, NOT_AVAILABLE 2.</title>');
    // One arc per status present; the arcs add up to the whole circle.
    const arcs = [...donut.matchAll(/stroke-dasharray="([\d.]+) ([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(arcs).toHaveLength(4);
    expect(arcs.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 2);
    expect(donut).toContain('<circle class="donut-segment status-failed"');
    const bars = summary.slice(summary.indexOf('<svg class="bars"'), summary.indexOf('</svg>', summary.indexOf('<svg class="bars"')));
    expect([...bars.matchAll(/<rect class="bar (sev-[a-z]+)"/g)].map((m) => m[1])).toEqual(['sev-critical', 'sev-high', 'sev-medium', 'sev-low', 'sev-informational']);
    expect(bars).toContain('<title id="chart-severity-title">Open FAILED findings by severity: CRITICAL 1, HIGH 1, MEDIUM 1, LOW 1, INFORMATIONAL 0.</title>');
  });

  it('breaks findings down by account, by region and by severity', () => {
    const row = (attribute: string, key: string): string => {
      const match = new RegExp(`<tr data-breakdown-${attribute}="${key}">[\\s\\S]*?</tr>`).exec(summary);
      if (!match) throw new Error(`no ${attribute} row ${key}`);
      return match[0];
    };
    const counts = (tr: string): Record<string, number> =>
      Object.fromEntries([...tr.matchAll(/data-status="([A-Z_]+)">(\d+)</g)].map((m) => [m[1], Number(m[2])]));
    const expected = (predicate: (f: (typeof result.findings)[number]) => boolean): Record<string, number> =>
      Object.fromEntries(STATUSES.map((status) => [status, result.findings.filter((f) => predicate(f) && f.status === status).length]));

    for (const account of ['111122223333', '444455556666']) {
      expect(counts(row('account', account)), account).toEqual(expected((f) => f.resource.account === account));
    }
    for (const region of ['eu-central-1', 'eu-west-1', 'us-east-1']) {
      expect(counts(row('region', region)), region).toEqual(expected((f) => f.resource.region === region));
    }
    for (const severity of SEVERITIES) {
      expect(counts(row('severity', severity)), severity).toEqual(expected((f) => f.severity === severity));
    }
  });

  it('lists the open failed findings by priority, linked to their detail', () => {
    const priority = summary.slice(summary.indexOf('<table class="data priority">'));
    const severities = [...priority.matchAll(/<tr><td><span class="badge sev-([a-z]+)">/g)].map((m) => m[1]);
    expect(severities).toEqual(['critical', 'high', 'medium', 'low']);
    expect(priority).toContain(`>${escape(XSS_CLUSTER_NAME)}<`);
  });

  it('counts accepted risks apart from the open failures', () => {
    const full = fullScanResult();
    const out = section(renderHtml(full), 'summary');
    const accepted = full.findings.filter((f) => f.status === 'FAILED' && f.accepted).length;
    expect(accepted).toBe(2);
    expect(out).toContain(`<td class="num" data-summary-accepted>${accepted}</td>`);
    const open = full.findings.filter((f) => f.status === 'FAILED' && !f.accepted);
    for (const severity of SEVERITIES) {
      expect(summaryCount(out, 'summary-severity', severity)).toBe(open.filter((f) => f.severity === severity).length);
    }
    expect(out).toContain('2 accepted risks');
  });
});

describe('renderHtml: controls matrices', () => {
  it('has one matrix per framework in scope, one row per requirement, with status and linked findings', () => {
    const result = fullScanResult();
    const html = renderHtml(result);
    const controls = section(html, 'controls');
    const matrices = controlsMatrices(result);
    expect(matrices).toHaveLength(5);
    for (const matrix of matrices) {
      const block = section(controls, `controls-${matrix.framework.id.replace(/[^a-z0-9]+/g, '-')}`);
      expect(block).toContain(`<h3>${escape(matrix.framework.label)}</h3>`);
      const rows = [...block.matchAll(/<tr data-control-status="([A-Z_]+)">([\s\S]*?)<\/tr>/g)];
      expect(rows.map((m) => m[1])).toEqual(matrix.rows.map((r) => r.status));
      for (const [index, requirement] of matrix.rows.entries()) {
        const row = rows[index]![2]!;
        expect(row).toContain(`<code>${escape(requirement.requirementId)}</code>`);
        if (requirement.status === 'NO_AUTOMATED_EVIDENCE') {
          expect(row).toContain('NO AUTOMATED EVIDENCE');
          expect(row).toContain('No automated evidence.');
        } else {
          expect(row).toContain(`${requirement.findingIds.length} finding`);
        }
        const failed = requirement.findingIds.filter((id) => result.findings.find((f) => f.id === id)?.status === 'FAILED');
        expect([...row.matchAll(/<a href="#finding-\d+"/g)].length).toBeGreaterThanOrEqual(Math.min(failed.length, 10));
      }
      for (const [status, count] of Object.entries(matrix.counts)) expect(block).toContain(`<span data-control-count="${status}">${count}</span>`);
    }
  });

  it('shows only the framework the scan was limited to', () => {
    const result = scanResult();
    result.scope.framework = 'soc2';
    const controls = section(renderHtml(result), 'controls');
    expect(controls.match(/<section class="matrix"/g)).toHaveLength(1);
    expect(controls).toContain('<h3>SOC 2');
    expect(controls.match(/<tr data-control-status=/g)).toHaveLength(controlsMatrix(result, 'soc2').rows.length);
  });
});

describe('renderHtml: clusters and findings', () => {
  const result = fullScanResult();
  const html = renderHtml(result);
  const clusters = section(html, 'clusters');

  it('lists every finding once, with its status, severity, reason and evidence, grouped by resource', () => {
    const all = articles(clusters);
    expect(all).toHaveLength(result.findings.length);
    for (const finding of result.findings) {
      const article = all.find((a) => a.includes(`Finding id <code class="arn">${escape(finding.id)}</code>`));
      expect(article, finding.id).toBeDefined();
      expect(article).toContain(`data-status="${finding.status}" data-severity="${finding.severity}"`);
      expect(article).toContain(`data-account="${finding.resource.account}" data-region="${finding.resource.region}" data-check="${finding.checkId}"`);
      expect(article).toContain(escape(finding.reason));
      expect(article).toContain(`<pre class="evidence"><code>${escape(JSON.stringify(finding.evidence, null, 2))}</code></pre>`);
    }
    const groups = [...clusters.matchAll(/<details class="resource-group" id="(resource-\d+)" data-group open>/g)];
    const resources = new Set([...result.findings.map((f) => f.resource.arn), ...result.clusters.map((c) => c.arn)]);
    expect(groups).toHaveLength(resources.size);
  });

  it('orders findings within a resource: FAILED, NOT_AVAILABLE, PASSED, NOT_APPLICABLE', () => {
    const payments = clusters.slice(clusters.indexOf('<strong class="group-name">payments</strong>'));
    const group = payments.slice(0, payments.indexOf('</details>'));
    expect([...group.matchAll(/data-finding data-status="([A-Z_]+)"/g)].map((m) => m[1])).toEqual(['FAILED', 'FAILED', 'FAILED', 'PASSED', 'PASSED']);
  });

  it('shows the cluster facts and tags, and a listed cluster a tag filter left out', () => {
    expect(clusters).toContain('<div><dt>Kafka version</dt><dd>3.6.0</dd></div>');
    expect(clusters).toContain('<div><dt>Broker nodes</dt><dd>3</dd></div>');
    expect(clusters).toContain(`<code class="item tag">owner=${escape(XSS_TAG_VALUE)}</code>`);
    const leftOut = clusters.slice(clusters.indexOf('<strong class="group-name">left-out</strong>'));
    expect(leftOut.slice(0, leftOut.indexOf('</details>'))).toContain('Listed but not evaluated: a tag filter left this cluster out of the scan.');
    expect(clusters).toContain('(MSK cluster, not evaluated)');
  });

  it('shows remediation for FAILED and NOT_AVAILABLE findings only, linking https documentation', () => {
    for (const finding of result.findings) {
      const article = articles(clusters).find((a) => a.includes(`Finding id <code class="arn">${escape(finding.id)}</code>`))!;
      const needsAction = finding.status === 'FAILED' || finding.status === 'NOT_AVAILABLE';
      expect(article.includes('<dt>Remediation</dt>'), finding.id).toBe(needsAction);
      if (needsAction && finding.remediation.url.startsWith('https:')) {
        expect(article).toContain(`<a href="${escape(finding.remediation.url)}" rel="noopener noreferrer" target="_blank">AWS documentation</a>`);
      }
    }
  });

  it('marks accepted findings with the exception, owner and expiry', () => {
    const accepted = result.findings.filter((f) => f.accepted);
    for (const finding of accepted) {
      const article = articles(clusters).find((a) => a.includes(`Finding id <code class="arn">${escape(finding.id)}</code>`))!;
      expect(article).toContain('<span class="badge accepted">ACCEPTED RISK</span>');
      expect(article).toContain(`Exception <code>${escape(finding.accepted!.exceptionId)}</code>, owner ${escape(finding.accepted!.owner)}, expires ${finding.accepted!.expires}`);
    }
  });

  it('has a filter panel, hidden until the script shows it, with every status, severity, account, region and check', () => {
    expect(clusters).toContain('<div id="finding-filters" class="filters" role="search" aria-label="Filter findings" hidden>');
    expect(clusters).toContain('<noscript>');
    for (const status of STATUSES) expect(clusters).toContain(`<input type="checkbox" name="status" value="${status}"`);
    for (const severity of SEVERITIES) expect(clusters).toContain(`<input type="checkbox" name="severity" value="${severity}"`);
    for (const account of new Set(result.findings.map((f) => f.resource.account))) expect(clusters).toContain(`<option value="${account}">`);
    for (const region of new Set(result.findings.map((f) => f.resource.region))) expect(clusters).toContain(`<option value="${region}">`);
    for (const check of new Set(result.findings.map((f) => f.checkId))) expect(clusters).toContain(`<option value="${check}">`);
    expect(clusters).toContain(`<output id="filter-count" role="status" aria-live="polite">Showing all ${result.findings.length} findings</output>`);
  });
});

describe('renderHtml: CloudTrail', () => {
  it('lists each security-relevant change: when, what, who, from where, with its verdict', () => {
    const result = fullScanResult();
    const cloudtrail = section(renderHtml(result), 'cloudtrail');
    const rows = [...cloudtrail.matchAll(/<tr data-change-status="([A-Z_]+)">([\s\S]*?)<\/tr>/g)];
    expect(rows).toHaveLength(2);
    // Chronological.
    expect(rows[0]![2]).toContain('<time datetime="2026-02-25T08:00:00Z">');
    expect(rows[0]![2]).toContain('refused: <code>AccessDenied</code>');
    expect(rows[0]![2]).toContain('<span class="badge accepted">ACCEPTED RISK</span>');
    expect(rows[0]![2]).toContain('<code>payments-in</code>');
    const connectivity = rows[1]![2]!;
    expect(connectivity).toContain('<code class="nowrap">UpdateConnectivity</code>');
    expect(connectivity).toContain(`<code class="arn">${escape(PWN_PRINCIPAL)}</code>`);
    expect(connectivity).toContain('<code>203.0.113.7</code>');
    expect(connectivity).toContain(`<code class="arn">${escape(PAYMENTS_ARN)}</code>`);
    expect(connectivity).toContain('succeeded');
    expect(connectivity).toContain('<span class="badge sev-critical">CRITICAL</span>');
  });

  it('states the CloudTrail window from the msk-risky-change evidence, and the trail verdicts per account-region', () => {
    const html = renderHtml(fullScanResult());
    const cloudtrail = section(html, 'cloudtrail');
    const window = `${CLOUDTRAIL_WINDOW.start} → ${CLOUDTRAIL_WINDOW.end}`;
    expect(cloudtrail).toContain(`<span data-cloudtrail-window>${window}</span>`);
    expect(section(html, 'methodology')).toContain(`<dt>CloudTrail window</dt><dd>${window}</dd>`);
    expect(cloudtrail).toContain('<code>cloudtrail-region-covered</code>');
    expect(cloudtrail).toContain('No trail records MSK management write events in us-east-1.');
    expect(cloudtrail).toContain('<a href="#cloudtrail-changes"><strong>2</strong> reported</a>');
  });

  it('says when the window is not known, and when no CloudTrail check ran', () => {
    const html = renderHtml(scanResult());
    const cloudtrail = section(html, 'cloudtrail');
    expect(cloudtrail).toContain('Not known: MSK CloudTrail events were not looked up in this scan');
    expect(cloudtrail).toContain('No CloudTrail check ran in this scan');

    const noWindow = fullScanResult();
    noWindow.findings = noWindow.findings.filter((f) => !(f.checkId === 'msk-risky-change' && f.status === 'PASSED'));
    expect(section(renderHtml(noWindow), 'cloudtrail')).toContain('Not known: no account-region reported the window');
  });
});

describe('renderHtml: drift, accepted risks and Security Hub', () => {
  const result = fullScanResult();
  const html = renderHtml(result);

  it('shows added, removed and changed clusters with each field before → after and its explanation', () => {
    const drift = section(html, 'drift');
    expect(drift).toContain('<span class="badge big status-failed">Drift</span>');
    expect(drift).toContain('<span class="tag item" data-drift-count="unexplained">unexplained: 3</span>');
    const changes = [...drift.matchAll(/<tr data-drift-field>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!);
    expect(changes).toHaveLength(3);
    expect(changes[0]).toContain('<code>connectivity.publicAccess</code></td><td><code class="arn">&quot;DISABLED&quot;</code></td><td aria-hidden="true">→</td><td><code class="arn">&quot;SERVICE_PROVIDED_EIPS&quot;</code>');
    expect(changes[0]).toContain('data-attribution="explained"');
    expect(changes[0]).toContain('<code>UpdateConnectivity</code> at <time datetime="2026-02-27T14:03:00Z">');
    expect(changes[1]).toContain('<code>kms.rotationEnabled</code></td><td><code class="arn">true</code></td><td aria-hidden="true">→</td><td><code class="arn">false</code>');
    expect(changes[1]).toContain('data-attribution="unexplained">unexplained</span> KMS key rotation changes through no MSK API call');
    expect(changes[2]).toContain('data-attribution="unknown">unknown</span> the CloudTrail window starts after the approval');
    expect(drift).toContain('<code>brokers.securityGroups</code></td><td><code class="arn">[&quot;sg-1&quot;]</code></td><td aria-hidden="true">→</td><td><code class="arn">unavailable (not collected)</code>');
    expect(drift).toContain('<code>DeleteCluster</code> at');
    expect(drift).toContain('Account-regions not compared');
  });

  it('shows no drift as such', () => {
    const clean = fullScanResult();
    clean.drift = { ...clean.drift!, summary: { added: 0, removed: 0, changed: 0, unverified: 0, unchanged: 3, unexplained: 0 }, added: [], removed: [], changed: [], unverified: [], notCompared: [] };
    const drift = section(renderHtml(clean), 'drift');
    expect(drift).toContain('<span class="badge big status-passed">No drift</span>');
    expect(drift).toContain('No cluster changed.');
  });

  it('lists exceptions in force, expired ones and the accepted findings', () => {
    const accepted = section(html, 'accepted-risks');
    expect(accepted).toContain('Exceptions in force <span class="muted">(2)</span>');
    expect(accepted).toContain('Expired exceptions <span class="muted">(1)</span>');
    expect(accepted).toContain('<code>exception-3</code>');
    expect(accepted).toContain(escape(PWN_OWNER));
    expect(accepted.match(/<tr data-accepted-finding>/g)).toHaveLength(2);
  });

  it('shows accepted findings even without the exceptions outcome, and no section without either', () => {
    const partial = fullScanResult();
    delete partial.exceptions;
    expect(section(renderHtml(partial), 'accepted-risks').match(/<tr data-accepted-finding>/g)).toHaveLength(2);
    const none = scanResult();
    none.exceptions = { applied: [], expired: [] };
    expect(section(renderHtml(none), 'accepted-risks')).toContain('No exception is in force.');
  });

  it('shows the Security Hub outcome per account-region and every finding it did not accept', () => {
    const hub = section(html, 'security-hub');
    expect(hub).toContain('<span class="badge big status-failed">Incomplete</span>');
    expect(hub).toContain('<span class="badge status-passed">published</span>');
    expect(hub).toContain('<span class="badge status-not-available">hub-not-enabled</span>');
    expect(hub).toContain('InvalidAccessException: Account is not subscribed to AWS Security Hub');
    expect(hub).toContain('<code>InvalidInput</code>');
    expect(hub).toContain('coverage here is not-evaluated');
    expect(hub).toContain('data-publication-total="imported">imported: 8<');
  });
});

describe('renderHtml: coverage and methodology', () => {
  const result = scanResult();
  const html = renderHtml(result);
  const methodology = section(html, 'methodology');

  it('states what was scanned, by whom, with which checks and thresholds', () => {
    expect(methodology).toContain(`<code class="arn">${escape(result.caller.arn)}</code>`);
    expect(methodology).toContain(result.caller.userId);
    for (const account of result.scope.accounts) expect(methodology).toContain(`<code class="item">${account}</code>`);
    for (const region of result.scope.regions) expect(methodology).toContain(`<code class="item">${region}</code>`);
    expect(methodology).toContain('the regions listed with --regions');
    const item = (key: string, value: string) => `<code class="item">${escape(key)}=${escape(value)}</code>`;
    expect(methodology).toContain(item('owner', XSS_TAG_VALUE));
    expect(methodology).toContain(item('keyRotationMaxDays', String(result.thresholds.keyRotationMaxDays)));
    expect(methodology).toContain(item('enhancedMonitoringMinimum', result.thresholds.enhancedMonitoringMinimum));
    expect(methodology).toContain(item('expectedChangePrincipals', '[]'));
    expect(methodology).toContain('msk-audit 0.1.0');
    expect(methodology).toContain(`<code>${result.scanId}</code>`);
    expect(methodology).toContain('msk-audit-scan v1');
    for (const check of result.checks) {
      expect(methodology).toContain(`<code>${escape(check.id)}</code>`);
      expect(methodology).toContain(escape(check.rationale));
    }
    expect(methodology).toContain('<td>MSK.2</td>');
  });

  it('lists every account-region with its coverage status and escaped reasons, and the incomplete ones apart', () => {
    const coverage = section(methodology, 'coverage');
    expect(coverage).toContain('Coverage is incomplete');
    expect(coverage.match(/<tr data-coverage="/g)).toHaveLength(3);
    expect(coverage).toContain('data-coverage="not-evaluated"');
    expect(coverage).toContain('data-coverage="skipped"');
    expect(coverage.match(/<li data-incomplete>/g)).toHaveLength(1);
    expect(coverage).toContain('&lt;b&gt;denied&lt;/b&gt;');
    expect(coverage).not.toContain('<b>denied</b>');
  });

  it('says so when every account-region was fully evaluated', () => {
    const complete = scanResult();
    complete.coverage = { entries: [complete.coverage.entries[0]!], counts: { complete: 1, partial: 0, 'not-evaluated': 0, skipped: 0 }, complete: true };
    const out = renderHtml(complete);
    expect(out).toContain('Every account-region in scope was fully evaluated.');
    expect(section(out, 'summary')).not.toContain('Coverage is incomplete');
  });

  it('lists the collection errors', () => {
    const errors = section(methodology, 'errors');
    for (const value of [LIST_CLUSTERS_ERROR.service, LIST_CLUSTERS_ERROR.operation, LIST_CLUSTERS_ERROR.code, LIST_CLUSTERS_ERROR.message]) {
      expect(errors).toContain(escape(value));
    }
  });

  it('lists the IAM actions the scan uses', () => {
    const permissions = section(methodology, 'permissions');
    for (const action of [...MEMBER_READ_ACTIONS, ...SCANNER_ACTIONS, ...SECURITY_HUB_ACTIONS]) expect(permissions).toContain(`<code class="item">${action}</code>`);
    expect(permissions).toContain('needed by this scan (accounts other than the caller');
    expect(permissions).toContain('not used by this scan');
    expect(section(renderHtml(fullScanResult()), 'permissions')).toContain('used by this scan: the only writes');
  });
});
