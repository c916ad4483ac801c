/**
 * CSV (RFC 4180): one row per finding, for spreadsheets and GRC tools; plus, for the evidence pack, one
 * controls-matrix CSV per framework (`frameworkMatrixCsv`).
 *
 * Every cell is untrusted text (cluster names, tags, evidence and error messages come from AWS or from an
 * inventory file someone else wrote), so each cell is:
 *  - made printable: C0/C1 control characters other than tab, CR and LF (e.g. the ESC of an ANSI escape
 *    sequence) become visible stand-ins (U+2400…, U+FFFD), and lone surrogates become U+FFFD;
 *  - defused against formula injection (OWASP "CSV Injection"): a cell starting with `=`, `+`, `-`, `@`, tab
 *    or CR gets a leading `'`, so spreadsheet software shows it as text instead of evaluating it;
 *  - quoted: every cell is enclosed in double quotes, embedded quotes doubled; records end with CRLF.
 * No byte-order mark. The same scan result always gives the same bytes.
 */
import type { Finding } from '../src/engine/finding.js';
import type { ScanResult } from '../src/engine/scan-result.js';
import {
  controlsMatrix,
  frameworksInScope,
  requirementsByFramework,
  type SupportedFrameworkId,
} from '../src/frameworks/index.js';
import type { ReportRenderer } from './renderer.js';

const FORMULA_START = /^[=+\-@\t\r]/;
// C0 controls but tab, LF and CR; DEL; C1 controls; lone surrogates.
const UNPRINTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|\p{Surrogate}/gu;

function printable(text: string): string {
  return text.replace(UNPRINTABLE, (character) => {
    const code = character.codePointAt(0) ?? 0xfffd;
    if (code < 0x20) return String.fromCodePoint(0x2400 + code); // ␀ … ␟ (ESC → ␛)
    if (code === 0x7f) return '\u2421'; // ␡
    return '\ufffd';
  });
}

/** One CSV cell: printable, defused against formula injection, quoted. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  let text = printable(value === null || value === undefined ? '' : String(value));
  if (FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

/** Rows → RFC 4180 text (CRLF after every record, including the last). */
export function csvDocument(rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  return rows.map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}

export const FINDING_COLUMNS = [
  'Finding id',
  'Check id',
  'Title',
  'Status',
  'Severity',
  'Accepted risk',
  'Account',
  'Region',
  'Resource type',
  'Resource ARN',
  'Resource name',
  'Reason',
  'Framework requirements',
  'Security Hub control',
  'Remediation',
  'Remediation URL',
  'Tags',
  'Evidence',
  'Scan id',
  'Collected at',
] as const;

/** "PCI DSS v4.0.1: 3.5.1, 3.6.1; SOC 2: CC6.1" for the frameworks the report shows. */
function requirementsCell(finding: Finding, frameworks: readonly SupportedFrameworkId[]): string {
  return requirementsByFramework(finding, frameworks)
    .map(({ framework, ids }) => `${framework.label}: ${ids.join(', ')}`)
    .join('; ');
}

function tagsCell(tags: Record<string, string>): string {
  return Object.keys(tags)
    .sort()
    .map((key) => `${key}=${tags[key]}`)
    .join('; ');
}

/** One row per finding, in the scan result's order; framework requirements limited to `scope.framework` if set. */
export function renderCsv(result: ScanResult): string {
  return [...csvChunks(result)].join('');
}

/** renderCsv one record per chunk, reading the findings as it goes. */
export function* csvChunks(result: ScanResult): Generator<string> {
  const frameworks = frameworksInScope(result);
  yield csvDocument([FINDING_COLUMNS]);
  for (const finding of result.findings) {
    yield csvDocument([
      [
        finding.id,
        finding.checkId,
        finding.title,
        finding.status,
        finding.severity,
        finding.accepted ? `${finding.accepted.exceptionId} (owner ${finding.accepted.owner}, until ${finding.accepted.expires}): ${finding.accepted.reason}` : '',
        finding.resource.account,
        finding.resource.region,
        finding.resource.type,
        finding.resource.arn,
        finding.resource.name ?? '',
        finding.reason,
        requirementsCell(finding, frameworks),
        finding.securityHubControl ?? '',
        finding.remediation.text,
        finding.remediation.url,
        tagsCell(finding.resource.tags),
        JSON.stringify(finding.evidence),
        result.scanId,
        result.collectedAt,
      ],
    ]);
  }
}

export const csvReport: ReportRenderer = {
  fileName: 'msk-audit-report.csv',
  render: renderCsv,
  chunks: csvChunks,
};

export const MATRIX_COLUMNS = [
  'Framework',
  'Version',
  'Requirement id',
  'Requirement title',
  'Status',
  'Check ids',
  'Findings',
  'Passed',
  'Failed',
  'Not available',
  'Not applicable',
  'Note',
] as const;

/**
 * The controls matrix of one framework as CSV, for the evidence pack: one row per requirement (status, the
 * checks that give evidence, finding counts per status). Requirements with no automated evidence are listed
 * too, flagged, so the gap is visible.
 */
export function frameworkMatrixCsv(result: Pick<ScanResult, 'checks' | 'findings'>, frameworkId: SupportedFrameworkId): string {
  const matrix = controlsMatrix(result, frameworkId);
  const rows = matrix.rows.map((row) => [
    matrix.framework.name,
    matrix.framework.version,
    row.requirementId,
    row.title,
    row.status,
    row.checkIds.join(' '),
    row.findingIds.length,
    row.counts.PASSED,
    row.counts.FAILED,
    row.counts.NOT_AVAILABLE,
    row.counts.NOT_APPLICABLE,
    !row.defined
      ? 'Mapped by a check but not in msk-audit\'s definition of this framework'
      : row.status === 'NO_AUTOMATED_EVIDENCE'
        ? 'No automated evidence: provide evidence from other sources'
        : row.checkIds.length > 0 && row.findingIds.length === 0
          ? 'Mapped checks produced no finding'
          : '',
  ]);
  return csvDocument([MATRIX_COLUMNS, ...rows]);
}
