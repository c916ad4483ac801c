import { join } from 'node:path';
import type { ScanResult } from '../src/engine/scan-result.js';
import { openAtomicFileStream, type AtomicFileStream } from '../src/fs/atomic-stream.js';
import { asffReport } from './asff.js';
import { csvReport } from './csv.js';
import { htmlReport } from './html.js';
import { jsonReport } from './json.js';
import { junitReport } from './junit.js';
import { ocsfReport } from './ocsf.js';
import type { ReportRenderer } from './renderer.js';

export type { ReportRenderer } from './renderer.js';
export { renderHtml } from './html.js';
export { jsonChunks, renderJson } from './json.js';
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

/** Chunks are gathered up to this size before each write (fewer, larger writes). */
const WRITE_BUFFER_CHARS = 1 << 20;

async function writeChunks(file: AtomicFileStream, chunks: Iterable<string>): Promise<void> {
  let buffered: string[] = [];
  let size = 0;
  for (const chunk of chunks) {
    buffered.push(chunk);
    size += chunk.length;
    if (size >= WRITE_BUFFER_CHARS) {
      // Encoded and released before the wait: text held across it would be promoted to the old generation.
      const bytes = Buffer.from(buffered.join(''), 'utf8');
      buffered = [];
      size = 0;
      await file.write(bytes);
    }
  }
  if (size > 0) await file.write(Buffer.from(buffered.join(''), 'utf8'));
}

/**
 * Renders the result in each requested format and writes `<outputDir>/<fileName>` (creating the directory if
 * needed). Each format is streamed (renderer.chunks) to a temporary file beside its target, so no report is
 * ever held whole as one string (HTML excepted: it is rendered in memory); only once every format is written
 * and flushed are they renamed into place, so a rendering or write error leaves the reports already in the
 * directory untouched and no partial file behind. Duplicate formats are written once. Returns the written
 * paths in request order.
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
  const files: { path: string; file: AtomicFileStream }[] = [];
  try {
    for (const format of unique) {
      const renderer = renderers[format];
      const path = join(outputDir, renderer.fileName);
      const file = await openAtomicFileStream(path);
      files.push({ path, file });
      await writeChunks(file, renderer.chunks ? renderer.chunks(result) : [renderer.render(result)]);
      await file.flush();
    }
  } catch (error) {
    await Promise.all(files.map(({ file }) => file.abort()));
    throw error;
  }
  const written: string[] = [];
  for (const { path, file } of files) {
    await file.commit();
    written.push(path);
  }
  return written;
}
