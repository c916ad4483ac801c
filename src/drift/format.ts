/** The drift report as text for the terminal (`msk-audit diff`). */
import { forTerminal } from '../cli/terminal.js';
import type { StateValue } from '../inventory/index.js';
import { describeAttribution } from './attribute.js';
import { hasDrift, type ChangedCluster, type ClusterRef, type DriftReport } from './types.js';

/** Values come from AWS (names, properties, principals): no escape sequence reaches the terminal. */
const safe = forTerminal;

export function formatValue(value: StateValue): string {
  return safe(JSON.stringify(value));
}

function cluster(ref: ClusterRef): string {
  return safe(`${ref.name ? `${ref.name} ` : ''}${ref.clusterArn} (${ref.account} ${ref.region})`);
}

export function formatDriftReport(report: DriftReport): string {
  const { summary } = report;
  const lines: string[] = [
    `baseline  approved ${report.baseline.approvedAt}: ${report.baseline.clusters} cluster(s) in ${report.baseline.accountRegions} account-region(s)`,
    `compared  with the state collected ${report.comparedAt}`,
    `drift     ${summary.added} added, ${summary.removed} removed, ${summary.changed} changed, ${summary.unverified} unverified, ${summary.unchanged} unchanged; ${summary.unexplained} unexplained`,
  ];
  for (const entry of report.added) {
    const scope = entry.accountRegionInBaseline ? '' : ' [account-region not covered by the baseline]';
    lines.push(`added     ${cluster(entry)}${scope} — ${safe(describeAttribution(entry.attribution))}`);
  }
  for (const entry of report.removed) lines.push(`removed   ${cluster(entry)} — ${safe(describeAttribution(entry.attribution))}`);
  for (const entry of report.changed) {
    lines.push(`changed   ${cluster(entry)}`);
    lines.push(...changeLines(entry));
  }
  for (const entry of report.unverified) {
    lines.push(`unverified ${cluster(entry)}`);
    lines.push(...changeLines(entry));
  }
  for (const entry of report.notCompared) lines.push(`not compared ${entry.account} ${entry.region}: ${safe(entry.reason)}`);
  lines.push(hasDrift(report) ? (summary.added + summary.removed + summary.changed > 0 ? 'result    DRIFT' : 'result    UNVERIFIED (some fields could not be compared)') : 'result    no drift');
  return lines.join('\n');
}

function changeLines(entry: ChangedCluster): string[] {
  const lines = entry.changes.map(
    (change) => `  ${safe(change.field)}: ${formatValue(change.before)} → ${formatValue(change.after)} — ${safe(describeAttribution(change.attribution))}`,
  );
  for (const unknown of entry.unknown) {
    const why = entry.unavailable?.[unknown.field];
    lines.push(`  ${safe(unknown.field)}: ${formatValue(unknown.before)} → ${formatValue(unknown.after)} — not compared (unavailable${why ? `: ${safe(why)}` : ''})`);
  }
  return lines;
}
