import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isReportFormat, REPORT_FORMATS, renderers, writeReports, type ReportFormat } from '../../reports/index.js';
import { renderHtml } from '../../reports/html.js';
import { renderJson } from '../../reports/json.js';
import { scanResult } from './fixture.js';

describe('writeReports', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'msk-audit-reports-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes both reports, returns their paths and leaves no temporary files', async () => {
    const result = scanResult();
    const paths = await writeReports(result, dir, ['json', 'html']);
    expect(paths).toEqual([join(dir, 'msk-audit-report.json'), join(dir, 'msk-audit-report.html')]);
    expect((await readdir(dir)).sort()).toEqual(['msk-audit-report.html', 'msk-audit-report.json']);
    expect(await readFile(join(dir, 'msk-audit-report.json'), 'utf8')).toBe(renderJson(result));
    expect(await readFile(join(dir, 'msk-audit-report.html'), 'utf8')).toBe(renderHtml(result));
  });

  it('writes only the requested formats, once each, and replaces earlier reports', async () => {
    const first = await writeReports(scanResult(), dir, ['html', 'html']);
    expect(first).toEqual([join(dir, 'msk-audit-report.html')]);
    const changed = { ...scanResult(), scanId: 'second-run' };
    await writeReports(changed, dir, ['html']);
    expect(await readdir(dir)).toEqual(['msk-audit-report.html']);
    expect(await readFile(join(dir, 'msk-audit-report.html'), 'utf8')).toContain('second-run');
  });

  it('creates a missing output directory', async () => {
    const nested = join(dir, 'a', 'b');
    const paths = await writeReports(scanResult(), nested, ['json']);
    expect(paths).toEqual([join(nested, 'msk-audit-report.json')]);
    expect(await readdir(nested)).toEqual(['msk-audit-report.json']);
  });

  it('writes nothing for no formats, and rejects an unknown format before writing anything', async () => {
    expect(await writeReports(scanResult(), dir, [])).toEqual([]);
    await expect(writeReports(scanResult(), dir, ['json', 'pdf' as ReportFormat])).rejects.toThrow(/Unknown report format "pdf"/);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('renderers registry', () => {
  it('has a distinct file name per format and validates format names', () => {
    expect(REPORT_FORMATS).toEqual(['json', 'html', 'csv', 'junit', 'ocsf', 'asff']);
    const names = REPORT_FORMATS.map((format) => renderers[format].fileName);
    expect(new Set(names).size).toBe(names.length);
    expect(isReportFormat('json')).toBe(true);
    expect(isReportFormat('toString')).toBe(false);
    expect(isReportFormat('csv')).toBe(true);
    expect(isReportFormat('pdf')).toBe(false);
  });

  it('streams every format; a failure part-way leaves the reports already there untouched and no temporary file', async () => {
    const result = scanResult();
    const formats = [...REPORT_FORMATS];
    const dir = await mkdtemp(join(tmpdir(), 'msk-audit-reports-'));
    await writeReports(result, dir, formats);
    const before = await Promise.all(formats.map((format) => readFile(join(dir, renderers[format].fileName), 'utf8')));
    formats.forEach((format, index) => expect(before[index], format).toBe(renderers[format].render(result)));

    // Findings that fail on the second read (the JSON report reads them; html, csv … come after it).
    let reads = 0;
    const failing = {
      ...result,
      summary: { ...result.summary, findings: 999 },
      findings: Object.assign(
        {
          *[Symbol.iterator]() {
            reads += 1;
            if (reads > 1) throw new Error('disk gone');
            yield* result.findings;
          },
        },
        { length: result.findings.length, filter: () => [], map: () => [], find: () => undefined, some: () => false, every: () => true },
      ),
    };
    await expect(writeReports(failing, dir, formats)).rejects.toThrow('disk gone');
    expect((await readdir(dir)).sort()).toEqual(formats.map((format) => renderers[format].fileName).sort());
    const after = await Promise.all(formats.map((format) => readFile(join(dir, renderers[format].fileName), 'utf8')));
    expect(after).toEqual(before);
    await rm(dir, { recursive: true, force: true });
  });

  it.each(REPORT_FORMATS.map((format) => [format] as const))('%s renders the fixture deterministically', (format) => {
    const renderer = renderers[format];
    expect(renderer.render(scanResult())).toBe(renderer.render(structuredClone(scanResult())));
  });
});
