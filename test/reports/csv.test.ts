import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument, FINDING_COLUMNS, frameworkMatrixCsv, MATRIX_COLUMNS, renderCsv } from '../../reports/csv.js';
import { SUPPORTED_FRAMEWORK_IDS, type SupportedFrameworkId } from '../../src/frameworks/index.js';
import { ANSI_NAME, AT_FORMULA, FORMULA_NAME, FORMULA_TAG, hostileScanResult, MINUS_FORMULA, TAB_FORMULA } from '../frameworks/hostile-result.js';
import { scanResult, XSS_CLUSTER_NAME, XSS_TAG_VALUE } from './fixture.js';

/** A strict RFC 4180 parser (every field quoted, CRLF after every record), as a spreadsheet would read it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let i = 0;
  while (i < text.length) {
    const row: string[] = [];
    for (;;) {
      if (text[i] !== '"') throw new Error(`unquoted field at ${i}`);
      i += 1;
      let field = '';
      for (;;) {
        const next = text.indexOf('"', i);
        if (next < 0) throw new Error('unterminated field');
        field += text.slice(i, next);
        i = next + 1;
        if (text[i] === '"') {
          field += '"';
          i += 1;
        } else break;
      }
      row.push(field);
      if (text[i] === ',') {
        i += 1;
        continue;
      }
      if (text.startsWith('\r\n', i)) {
        i += 2;
        break;
      }
      throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i}`);
    }
    rows.push(row);
  }
  return rows;
}

const DANGEROUS_START = /^[=+\-@\t\r]/;

describe('csvCell', () => {
  it.each<[string, string | number | null | undefined, string]>([
    ['plain text', 'payments', '"payments"'],
    ['empty', '', '""'],
    ['null', null, '""'],
    ['undefined', undefined, '""'],
    ['a number', 3, '"3"'],
    ['embedded quotes doubled', 'a "b" c', '"a ""b"" c"'],
    ['comma', 'a,b', '"a,b"'],
    ['line break kept inside quotes', 'a\nb\r\nc', '"a\nb\r\nc"'],
    ['= formula', '=1+1', `"'=1+1"`],
    ['+ formula', '+1', `"'+1"`],
    ['- formula', '-1+2', `"'-1+2"`],
    ['@ formula', '@SUM(A1)', `"'@SUM(A1)"`],
    ['leading tab', '\t=1', `"'\t=1"`],
    ['leading CR', '\r=1', `"'\r=1"`],
    ['formula with quotes', FORMULA_NAME, `"'${FORMULA_NAME.replaceAll('"', '""')}"`],
    ['= later in the text is fine', 'a=b', '"a=b"'],
    ['ANSI escape made visible', '\u001b[31mred', '"\u241b[31mred"'],
    ['an escape before = stays neutral', '\u001b=1', '"\u241b=1"'],
    ['NUL, DEL, C1 CSI', 'a\u0000b\u007fc\u009bd', '"a\u2400b\u2421c\ufffdd"'],
    ['lone surrogate', 'x\ud800y', '"x\ufffdy"'],
    ['astral characters kept', 'ok \u{1F600}', '"ok \u{1F600}"'],
    ['HTML is data in CSV', XSS_CLUSTER_NAME, `"${XSS_CLUSTER_NAME}"`],
  ])('%s', (_name, value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('csvDocument ends every record with CRLF', () => {
    expect(csvDocument([['a', 'b'], ['c', '']])).toBe('"a","b"\r\n"c",""\r\n');
  });
});

describe('renderCsv', () => {
  it('has a header and one row per finding, in order', () => {
    const result = scanResult();
    const rows = parseCsv(renderCsv(result));
    expect(rows[0]).toEqual([...FINDING_COLUMNS]);
    expect(rows).toHaveLength(result.findings.length + 1);
    expect(rows.slice(1).map((r) => r[0])).toEqual(result.findings.map((f) => f.id));
    for (const r of rows) expect(r).toHaveLength(FINDING_COLUMNS.length);
  });

  it('fills each column from the finding', () => {
    const result = scanResult();
    const rows = parseCsv(renderCsv(result));
    const column = (name: (typeof FINDING_COLUMNS)[number]) => FINDING_COLUMNS.indexOf(name);
    const finding = result.findings[1]!; // payments, msk-at-rest-cmk, FAILED
    const r = rows[2]!;
    expect(r[column('Check id')]).toBe(finding.checkId);
    expect(r[column('Status')]).toBe('FAILED');
    expect(r[column('Severity')]).toBe('HIGH');
    expect(r[column('Account')]).toBe(finding.resource.account);
    expect(r[column('Region')]).toBe('eu-west-1');
    expect(r[column('Resource type')]).toBe('AwsMskCluster');
    expect(r[column('Resource ARN')]).toBe(finding.resource.arn);
    expect(r[column('Resource name')]).toBe('payments');
    expect(r[column('Reason')]).toBe(finding.reason);
    expect(r[column('Framework requirements')]).toBe('PCI DSS v4.0.1: 3.5.1, 3.6.1; SOC 2: CC6.1');
    expect(r[column('Remediation URL')]).toBe(finding.remediation.url);
    expect(r[column('Tags')]).toBe(`env=prod; owner=${XSS_TAG_VALUE}; pci-scope=cde`);
    expect(JSON.parse(r[column('Evidence')]!)).toEqual(finding.evidence);
    const monitoring = rows[4]!;
    expect(monitoring[column('Framework requirements')]).toBe('SOC 2: CC7.2; AWS FSBP: MSK.2');
    expect(monitoring[column('Security Hub control')]).toBe('MSK.2');
  });

  it('shows only the scoped framework\'s requirements with --framework', () => {
    const result = scanResult();
    result.scope.framework = 'pci-dss-4.0.1';
    const rows = parseCsv(renderCsv(result));
    const i = FINDING_COLUMNS.indexOf('Framework requirements');
    expect(rows[2]![i]).toBe('PCI DSS v4.0.1: 3.5.1, 3.6.1');
    expect(rows[4]![i]).toBe('');
  });

  it('defuses formula and terminal payloads in every cell of the hostile fixture', () => {
    const result = hostileScanResult();
    const text = renderCsv(result);
    expect(text).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/);
    const rows = parseCsv(text);
    expect(rows).toHaveLength(result.findings.length + 1);
    for (const r of rows) for (const cell of r) expect(cell, cell).not.toMatch(DANGEROUS_START);
    const name = FINDING_COLUMNS.indexOf('Resource name');
    const reason = FINDING_COLUMNS.indexOf('Reason');
    const tags = FINDING_COLUMNS.indexOf('Tags');
    const [formulaRow, ansiRow] = rows.slice(-2);
    expect(formulaRow![name]).toBe(`'${FORMULA_NAME}`);
    expect(formulaRow![reason]!.startsWith(`'${MINUS_FORMULA} \u241b[31mred`)).toBe(true);
    expect(formulaRow![tags]).toContain(`${FORMULA_TAG}=${AT_FORMULA}`);
    expect(formulaRow![tags]!.startsWith("'")).toBe(true); // "+cmd…" sorts first
    expect(ansiRow![name]).toBe(ANSI_NAME.replaceAll('\u001b', '\u241b').replaceAll('\u0007', '\u2407'));
    expect(ansiRow![reason]).toBe(`'${TAB_FORMULA}`);
    // HTML payloads are plain data in a CSV: kept exactly.
    expect(rows.some((r) => r[name] === XSS_CLUSTER_NAME)).toBe(true);
  });

  it('is deterministic', () => {
    const first = renderCsv(hostileScanResult());
    expect(renderCsv(hostileScanResult())).toBe(first);
    expect(renderCsv(structuredClone(hostileScanResult()))).toBe(first);
  });
});

describe('frameworkMatrixCsv', () => {
  it.each(SUPPORTED_FRAMEWORK_IDS.map((id) => [id] as const))('%s: one row per requirement, parseable', (id: SupportedFrameworkId) => {
    const rows = parseCsv(frameworkMatrixCsv(scanResult(), id));
    expect(rows[0]).toEqual([...MATRIX_COLUMNS]);
    for (const r of rows) expect(r).toHaveLength(MATRIX_COLUMNS.length);
    expect(rows.length).toBeGreaterThan(1);
  });

  it('gives status, checks and finding counts per requirement', () => {
    const rows = parseCsv(frameworkMatrixCsv(scanResult(), 'pci-dss-4.0.1'));
    const byId = new Map(rows.slice(1).map((r) => [r[2], r]));
    expect(byId.get('3.5.1')).toEqual(['PCI DSS', '4.0.1', '3.5.1', 'Stored PAN is unreadable', 'FAILED', 'msk-at-rest-cmk', '3', '0', '1', '2', '0', '']);
    expect(byId.get('1.4.1')!.slice(4, 11)).toEqual(['PASSED', 'msk-public-access-disabled', '2', '2', '0', '0', '0']);
    expect(byId.get('10.5.1')!.slice(4)).toEqual(['NO_AUTOMATED_EVIDENCE', '', '0', '0', '0', '0', '0', 'No automated evidence: provide evidence from other sources']);
  });

  it('flags a requirement whose checks produced no finding, and one a custom check names', () => {
    const result = scanResult();
    result.findings = result.findings.filter((f) => f.checkId !== 'msk-public-access-disabled');
    result.checks.push({ ...result.checks[0]!, id: 'custom', frameworks: { 'pci-dss-4.0.1': ['12.1.1'] } });
    const rows = parseCsv(frameworkMatrixCsv(result, 'pci-dss-4.0.1'));
    const byId = new Map(rows.slice(1).map((r) => [r[2], r]));
    expect(byId.get('1.4.1')!.slice(4)).toEqual(['NOT_AVAILABLE', 'msk-public-access-disabled', '0', '0', '0', '0', '0', 'Mapped checks produced no finding']);
    expect(rows.at(-1)!.slice(2, 6)).toEqual(['12.1.1', '', 'NOT_AVAILABLE', 'custom']);
    expect(rows.at(-1)!.at(-1)).toMatch(/not in msk-audit's definition/);
  });

  it('refuses an unknown framework', () => {
    expect(() => frameworkMatrixCsv(scanResult(), 'hipaa' as SupportedFrameworkId)).toThrow(/Unknown framework "hipaa"/);
  });
});
