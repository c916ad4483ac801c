import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { SEVERITIES, STATUSES, type CheckMeta, type Severity, type Status } from '../src/check/index.js';
import type { Finding } from '../src/engine/finding.js';
import type { ScanResult } from '../src/engine/scan-result.js';
import type { CollectionError } from '../src/inventory/index.js';
import { TEMPLATES_DIR } from '../src/package-info.js';
import type { ReportRenderer } from './renderer.js';

/*
 * Everything in a scan result is untrusted text: cluster names, tags, evidence and error messages come from
 * AWS APIs or from an inventory file someone else produced. So:
 *  - the template only ever uses `{{ }}` (HTML-escaped, safe inside quoted attributes too), never `{{{ }}}`;
 *  - the template gets a flat, precomputed view model and no custom helpers, compiled with
 *    `knownHelpersOnly` so a data field can never resolve to a helper, and `strict` so a typo fails loudly;
 *  - a remediation link is emitted only for an absolute https: URL (escaping does not stop `javascript:`);
 *  - the document carries a CSP that forbids every script and every fetch.
 */

const TEMPLATE_FILE = 'report.html.hbs';
/** Partials live in templates/partials/<name>.hbs and are used as `{{> name}}`. */
const PARTIALS = ['html-styles', 'html-finding'] as const;

const COMPILE_OPTIONS = {
  strict: true,
  knownHelpersOnly: true,
  // Handlebars re-indents every output line of an indented partial at run time, which would shift the
  // lines of the evidence <pre> blocks; the templates are written so that indentation is not needed.
  preventIndent: true,
} as const;

let cachedTemplate: Handlebars.TemplateDelegate<ReportView> | undefined;

/** Renders the scan result as one self-contained HTML page (no scripts, no external resources). */
export function renderHtml(result: ScanResult): string {
  return template()(buildView(result));
}

export const htmlReport: ReportRenderer = {
  fileName: 'msk-audit-report.html',
  render: renderHtml,
};

function template(): Handlebars.TemplateDelegate<ReportView> {
  if (cachedTemplate) return cachedTemplate;
  // An isolated environment: nothing registered on the global Handlebars instance by other code applies.
  const hbs = Handlebars.create();
  for (const name of PARTIALS) {
    const source = readFileSync(join(TEMPLATES_DIR, 'partials', `${name}.hbs`), 'utf8');
    hbs.registerPartial(name, hbs.compile(source, COMPILE_OPTIONS));
  }
  const source = readFileSync(join(TEMPLATES_DIR, TEMPLATE_FILE), 'utf8');
  cachedTemplate = hbs.compile<ReportView>(source, COMPILE_OPTIONS);
  return cachedTemplate;
}

// ---------------------------------------------------------------------------------------------------------
// View model: every field the template reads is always present (strict mode), absent values become '—'.

const DASH = '—';

interface KeyValue {
  key: string;
  value: string;
}

interface Badge {
  label: string;
  cssClass: string;
}

interface CountView extends Badge {
  key: string;
  count: number;
}

interface ResourceView {
  typeLabel: string;
  name: string;
  arn: string;
  account: string;
  region: string;
  tags: KeyValue[];
}

interface FindingView {
  id: string;
  title: string;
  checkId: string;
  status: Badge;
  severity: Badge;
  resource: ResourceView;
  reason: string;
  evidenceJson: string;
  remediationText: string;
  /** Only an absolute https: URL; otherwise null and the raw value is shown as text in `remediationUrlRejected`. */
  remediationHref: string | null;
  remediationUrlRejected: string | null;
  securityHubControl: string | null;
}

interface ResourceRowView {
  name: string;
  arn: string;
  typeLabel: string;
  account: string;
  region: string;
  counts: CountView[];
  total: number;
  worstFailed: Badge | null;
}

interface ErrorView {
  service: string;
  operation: string;
  code: string;
  message: string;
  account: string;
  region: string;
  resource: string;
}

interface CheckView {
  id: string;
  title: string;
  severity: Badge;
  securityHubControl: string;
  frameworks: KeyValue[];
}

interface CoverageView {
  complete: boolean;
  counts: KeyValue[];
  entries: { account: string; region: string; status: string; statusClass: string; reasons: string }[];
}

const COVERAGE_CLASS: Record<string, string> = {
  complete: 'status-passed',
  partial: 'status-not-available',
  'not-evaluated': 'status-failed',
  skipped: 'status-not-applicable',
};

interface ReportView {
  title: string;
  tool: { name: string; version: string };
  scanId: string;
  schemaVersion: string;
  caller: { arn: string; account: string; userId: string };
  startedAt: string;
  finishedAt: string;
  collectedAt: string;
  scope: { accounts: string[]; regions: string[]; tagFilters: KeyValue[]; checkIds: string[] };
  thresholds: KeyValue[];
  summary: { findings: number; clusters: number; byStatus: CountView[]; failedBySeverity: CountView[] };
  resources: ResourceRowView[];
  failed: FindingView[];
  notAvailable: FindingView[];
  coverage: CoverageView;
  errors: ErrorView[];
  checks: CheckView[];
}

function buildView(result: ScanResult): ReportView {
  const findings = result.findings;
  const byPriority = [...findings].sort(compareFindings);
  return {
    title: `${result.tool.name} report ${result.scanId}`,
    tool: { name: result.tool.name, version: result.tool.version },
    scanId: result.scanId,
    schemaVersion: String(result.schemaVersion),
    caller: { arn: text(result.caller.arn), account: text(result.caller.account), userId: text(result.caller.userId) },
    startedAt: text(result.startedAt),
    finishedAt: text(result.finishedAt),
    collectedAt: text(result.collectedAt),
    scope: {
      accounts: [...result.scope.accounts],
      regions: [...result.scope.regions],
      tagFilters: keyValues(result.scope.tagFilters),
      checkIds: [...result.scope.checkIds],
    },
    thresholds: Object.entries(result.thresholds).map(([key, value]) => ({ key, value: scalar(value) })),
    summary: {
      findings: result.summary.findings,
      clusters: result.summary.clusters,
      byStatus: STATUSES.map((status) => ({ key: status, ...statusBadge(status), count: result.summary.byStatus[status] ?? 0 })),
      failedBySeverity: SEVERITIES.map((severity) => ({
        key: severity,
        ...severityBadge(severity),
        count: result.summary.failedBySeverity[severity] ?? 0,
      })),
    },
    resources: resourceRows(findings),
    failed: byPriority.filter((f) => f.status === 'FAILED').map(findingView),
    notAvailable: byPriority.filter((f) => f.status === 'NOT_AVAILABLE').map(findingView),
    coverage: {
      complete: result.coverage.complete,
      counts: Object.entries(result.coverage.counts).map(([key, value]) => ({ key, value: String(value) })),
      entries: result.coverage.entries.map((entry) => ({
        account: text(entry.account),
        region: text(entry.region),
        status: text(entry.status),
        statusClass: COVERAGE_CLASS[entry.status] ?? 'status-unknown',
        reasons: entry.reasons.map(text).join('; '),
      })),
    },
    errors: result.errors.map(errorView),
    checks: result.checks.map(checkView),
  };
}

function findingView(finding: Finding): FindingView {
  const href = httpsUrl(finding.remediation?.url);
  return {
    id: finding.id,
    title: finding.title,
    checkId: finding.checkId,
    status: statusBadge(finding.status),
    severity: severityBadge(finding.severity),
    resource: {
      typeLabel: resourceTypeLabel(finding.resource.type),
      name: text(finding.resource.name),
      arn: finding.resource.arn,
      account: finding.resource.account,
      region: finding.resource.region,
      tags: keyValues(finding.resource.tags),
    },
    reason: finding.reason,
    evidenceJson: JSON.stringify(finding.evidence ?? null, null, 2),
    remediationText: text(finding.remediation?.text),
    remediationHref: href,
    remediationUrlRejected: href === null && finding.remediation?.url ? finding.remediation.url : null,
    securityHubControl: finding.securityHubControl || null,
  };
}

function resourceRows(findings: readonly Finding[]): ResourceRowView[] {
  const rows = new Map<string, { finding: Finding; counts: Record<Status, number>; worst: Severity | null }>();
  for (const finding of findings) {
    let row = rows.get(finding.resource.arn);
    if (!row) {
      row = { finding, counts: zeroCounts(), worst: null };
      rows.set(finding.resource.arn, row);
    }
    if (finding.status in row.counts) row.counts[finding.status] += 1;
    if (finding.status === 'FAILED' && (row.worst === null || severityOrder(finding.severity) < severityOrder(row.worst))) {
      row.worst = finding.severity;
    }
  }
  return [...rows.values()]
    .sort(
      (a, b) =>
        ordinal(a.finding.resource.account, b.finding.resource.account) ||
        ordinal(a.finding.resource.region, b.finding.resource.region) ||
        ordinal(displayName(a.finding), displayName(b.finding)) ||
        ordinal(a.finding.resource.arn, b.finding.resource.arn),
    )
    .map(({ finding, counts, worst }) => ({
      name: finding.resource.type === 'AwsAccountRegion' ? 'Whole account-region' : text(finding.resource.name),
      arn: finding.resource.arn,
      typeLabel: resourceTypeLabel(finding.resource.type),
      account: finding.resource.account,
      region: finding.resource.region,
      counts: STATUSES.map((status) => ({ key: status, ...statusBadge(status), count: counts[status] })),
      total: STATUSES.reduce((sum, status) => sum + counts[status], 0),
      worstFailed: worst === null ? null : severityBadge(worst),
    }));
}

function errorView(error: CollectionError): ErrorView {
  return {
    service: text(error.service),
    operation: text(error.operation),
    code: text(error.code),
    message: text(error.message),
    account: text(error.account),
    region: text(error.region),
    resource: text(error.resource),
  };
}

function checkView(check: CheckMeta): CheckView {
  return {
    id: check.id,
    title: check.title,
    severity: severityBadge(check.severity),
    securityHubControl: text(check.securityHubControl),
    frameworks: Object.entries(check.frameworks ?? {})
      .filter((entry): entry is [string, string[]] => Array.isArray(entry[1]) && entry[1].length > 0)
      .map(([framework, requirements]) => ({ key: framework, value: requirements.join(', ') })),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Ordering and formatting helpers.

/** Severity (worst first), then cluster (name, then ARN), then check id; code-unit order, not locale order. */
function compareFindings(a: Finding, b: Finding): number {
  return (
    severityOrder(a.severity) - severityOrder(b.severity) ||
    ordinal(displayName(a), displayName(b)) ||
    ordinal(a.resource.arn, b.resource.arn) ||
    ordinal(a.checkId, b.checkId) ||
    ordinal(a.id, b.id)
  );
}

/** 0 for CRITICAL … 4 for INFORMATIONAL; anything unrecognised sorts last. */
function severityOrder(severity: Severity): number {
  const index = SEVERITIES.indexOf(severity);
  return index === -1 ? SEVERITIES.length : index;
}

function displayName(finding: Finding): string {
  return finding.resource.name ?? finding.resource.arn;
}

function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function zeroCounts(): Record<Status, number> {
  return Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<Status, number>;
}

// Class names come from fixed tables, never from the data, so odd input cannot invent CSS classes.
const STATUS_CLASS: Record<Status, string> = {
  PASSED: 'status-passed',
  FAILED: 'status-failed',
  NOT_APPLICABLE: 'status-not-applicable',
  NOT_AVAILABLE: 'status-not-available',
};

const SEVERITY_CLASS: Record<Severity, string> = {
  CRITICAL: 'sev-critical',
  HIGH: 'sev-high',
  MEDIUM: 'sev-medium',
  LOW: 'sev-low',
  INFORMATIONAL: 'sev-informational',
};

function statusBadge(status: Status): Badge {
  return { label: String(status), cssClass: Object.hasOwn(STATUS_CLASS, status) ? STATUS_CLASS[status] : 'status-unknown' };
}

function severityBadge(severity: Severity): Badge {
  return { label: String(severity), cssClass: Object.hasOwn(SEVERITY_CLASS, severity) ? SEVERITY_CLASS[severity] : 'sev-unknown' };
}

function resourceTypeLabel(type: Finding['resource']['type']): string {
  return type === 'AwsAccountRegion' ? 'Account-region' : type === 'AwsMskCluster' ? 'MSK cluster' : String(type);
}

function keyValues(record: Record<string, string> | undefined): KeyValue[] {
  return Object.entries(record ?? {})
    .sort(([a], [b]) => ordinal(a, b))
    .map(([key, value]) => ({ key, value: scalar(value) }));
}

function text(value: string | undefined | null): string {
  return value === undefined || value === null || value === '' ? DASH : value;
}

function scalar(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

/** The URL, normalised, if it is an absolute https: URL; otherwise null. */
function httpsUrl(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
