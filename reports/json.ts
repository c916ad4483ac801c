import type { ScanResult } from '../src/engine/scan-result.js';
import type { ReportRenderer } from './renderer.js';

/**
 * The whole scan result as pretty-printed JSON (two-space indent) with a trailing newline. Keys keep the
 * order the engine built them in (e.g. statuses and severities in their canonical order), so the same
 * result always gives the same bytes.
 */
export function renderJson(result: ScanResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

export const jsonReport: ReportRenderer = {
  fileName: 'msk-audit-report.json',
  render: renderJson,
};
