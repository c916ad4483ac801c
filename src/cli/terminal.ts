import { SEVERITIES, severityRank } from '../check/index.js';
import type { ScanResult } from '../engine/scan-result.js';
import type { FailOn } from './options.js';

// CSI/OSC escape sequences and the remaining C0/C1 control characters (tab and newline are kept).
const TERMINAL_ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-_]|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Values from AWS (cluster names, tags) may carry escape sequences; none reaches the terminal. */
export function forTerminal(text: string): string {
  return text.replace(TERMINAL_ESCAPES, '');
}

export function exitCodeFor(result: ScanResult, failOn: FailOn): 0 | 1 {
  if (failOn === 'NONE') return 0;
  const threshold = severityRank(failOn);
  // An accepted risk is owned and dated: it does not fail the run until its exception expires.
  const gating = result.findings.some((f) => f.status === 'FAILED' && !f.accepted && severityRank(f.severity) >= threshold);
  return gating ? 1 : 0;
}

export function formatSummary(result: ScanResult): string {
  const { summary } = result;
  const lines = [
    `msk-audit ${forTerminal(result.tool.version)} — scan ${forTerminal(result.scanId)}`,
    `identity  ${forTerminal(result.caller.arn)}`,
    `scope     ${result.scope.accounts.length} account(s), regions ${forTerminal(result.scope.regions.join(', ')) || '(none)'}`,
    `clusters  ${summary.clusters}   findings ${summary.findings}`,
    `status    PASSED ${summary.byStatus.PASSED}  FAILED ${summary.byStatus.FAILED}  NOT_APPLICABLE ${summary.byStatus.NOT_APPLICABLE}  NOT_AVAILABLE ${summary.byStatus.NOT_AVAILABLE}`,
    `failed    ${SEVERITIES.map((s) => `${s} ${summary.failedBySeverity[s]}`).join('  ')}${summary.accepted > 0 ? `   (+${summary.accepted} accepted risk(s))` : ''}`,
    `coverage  ${Object.entries(result.coverage.counts).map(([status, count]) => `${status} ${count}`).join('  ')} (account-regions)`,
  ];
  for (const { exception, findingIds } of result.exceptions?.expired ?? []) {
    lines.push(`EXPIRED   exception ${forTerminal(exception.id)} (${forTerminal(exception.checkId)}, owner ${forTerminal(exception.owner)}) expired ${exception.expires}; ${findingIds.length} finding(s) it covered count as failures again`);
  }
  if (!result.coverage.complete || summary.byStatus.NOT_AVAILABLE > 0 || result.errors.length > 0) {
    lines.push(
      `WARNING   ${summary.byStatus.NOT_AVAILABLE} verdict(s) NOT_AVAILABLE and ${result.errors.length} collection error(s): coverage is incomplete, see the report`,
    );
  }
  return lines.join('\n');
}
