import type { ScanResult } from '../engine/scan-result.js';
import { writeReports, type ReportFormat } from '../../reports/index.js';
import { exitCodeFor, formatSummary, forTerminal } from './terminal.js';
import type { FailOn } from './options.js';

export interface OutputFlags {
  outputDir: string;
  format: ReportFormat[];
  failOn: FailOn;
  quiet?: boolean;
}

/** Writes the reports, prints the summary, and returns the exit code the scan deserves. */
export async function emitResult(result: ScanResult, flags: OutputFlags): Promise<0 | 1> {
  const written = await writeReports(result, flags.outputDir, flags.format);
  if (!flags.quiet) {
    process.stdout.write(`${formatSummary(result)}\n`);
    for (const path of written) process.stdout.write(`report    ${forTerminal(path)}\n`);
  }
  return exitCodeFor(result, flags.failOn);
}
