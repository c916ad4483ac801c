import type { ScanResult } from '../src/engine/scan-result.js';

/**
 * One report format: the file it is written to and a pure function from a scan result to the file's text.
 * A new format (csv, junit, ocsf, asff …) is one module exporting one of these, plus one line in `./index.ts`.
 */
export interface ReportRenderer {
  /** The file name inside the output directory, e.g. `msk-audit-report.json`. */
  readonly fileName: string;
  /** Must be deterministic: the same scan result always renders to the same text. */
  render(result: ScanResult): string;
  /**
   * The same text as `render`, piece by piece, so a scan too large to hold as one string can still be written
   * (writeReports uses it when present). The concatenation of the chunks must equal `render(result)`.
   */
  chunks?(result: ScanResult): Iterable<string>;
}
