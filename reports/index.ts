import { join } from 'node:path';
import type { ScanResult } from '../src/engine/scan-result.js';
import { writeFileAtomic } from '../src/fs/atomic-write.js';
import { asffReport } from './asff.js';
import { csvReport } from './csv.js';
import { htmlReport } from './html.js';
import { jsonReport } from './json.js';
import { junitReport } from './junit.js';
import { ocsfReport } from './ocsf.js';
import type { ReportRenderer } from './renderer.js';

export type { ReportRenderer } from './renderer.js';
export { renderHtml } from './html.js';
export { renderJson } from './json.js';
export { frameworkMatrixCsv, renderCsv } from './csv.js';
export { renderJunit } from './junit.js';
export { renderOcsf } from './ocsf.js';
export { renderAsff } from './asff.js';

export type ReportFormat = 'json' | 'html' | 'csv' | 'junit' | 'ocsf' | 'asff';

/** Every report format. A new format is one module exporting a ReportRenderer and one entry here. */
export const renderers: Record<ReportFormat, ReportRenderer> = {
  json: jsonReport,
  html: htmlReport,
  csv: csvReport,
  junit: junitReport,
  ocsf: ocsfReport,
  asff: asffReport,
};

/** The known formats, in registry order (for CLI help and validation). */
export const REPORT_FORMATS = Object.freeze(Object.keys(renderers)) as readonly ReportFormat[];

export function isReportFormat(value: string): value is ReportFormat {
  return Object.hasOwn(renderers, value);
}

/**
 * Renders the result in each requested format and writes `<outputDir>/<fileName>` atomically (creating the
 * directory if needed). Every format is rendered before anything is written, so a rendering error leaves
 * the directory untouched. Duplicate formats are written once. Returns the written paths in request order.
 */
export async function writeReports(
  result: ScanResult,
  outputDir: string,
  formats: readonly ReportFormat[],
): Promise<string[]> {
  const unique = [...new Set(formats)];
  for (const format of unique) {
    // Formats often come from the command line, where the type system cannot vouch for them.
    if (!isReportFormat(format)) {
      throw new Error(`Unknown report format ${JSON.stringify(format)}; expected one of ${REPORT_FORMATS.join(', ')}.`);
    }
  }
  const rendered = unique.map((format) => {
    const renderer = renderers[format];
    return { path: join(outputDir, renderer.fileName), content: renderer.render(result) };
  });
  const written: string[] = [];
  for (const { path, content } of rendered) {
    await writeFileAtomic(path, content);
    written.push(path);
  }
  return written;
}
