/*
 * The executive summary: headline numbers, the status donut and failed-by-severity bars, breakdowns by
 * account, region and severity, and the failed findings in priority order. Counted from the findings themselves,
 * so the numbers always match the detail below them.
 */
import { SEVERITIES, type Status } from '../../src/check/index.js';
import type { Finding } from '../../src/engine/finding.js';
import type { HeldScanResult } from '../../src/engine/scan-result.js';
import { barChart, donutChart, type BarChart, type DonutChart } from './charts.js';
import {
  compareFindings,
  countStatus,
  ordinal,
  plural,
  severityBadge,
  severityCounts,
  statusCounts,
  text,
  zeroCounts,
  type Badge,
  type CountView,
} from './format.js';

export interface BreakdownRow {
  label: string;
  badge: Badge | null;
  counts: CountView[];
  total: number;
  /** FAILED findings covered by an accepted-risk exception (also counted under FAILED). */
  accepted: number;
}

export interface PriorityFinding {
  anchor: string;
  severity: Badge;
  title: string;
  checkId: string;
  resourceName: string;
  account: string;
  region: string;
}

export interface ExecutiveSummaryView {
  headline: string;
  verdict: Badge;
  findings: number;
  clusters: number;
  accounts: number;
  regions: number;
  byStatus: CountView[];
  /** FAILED findings per severity, accepted risks excluded. */
  failedBySeverity: CountView[];
  failedOpen: number;
  accepted: number;
  statusChart: DonutChart;
  severityChart: BarChart;
  byAccount: BreakdownRow[];
  byRegion: BreakdownRow[];
  bySeverity: BreakdownRow[];
  priority: PriorityFinding[];
  /** FAILED findings not listed in `priority` (the list is capped). */
  priorityMore: number;
}

/** The most failed findings listed in the summary; the rest are in the per-cluster detail. */
export const PRIORITY_LIMIT = 25;

export function buildSummary(result: HeldScanResult, anchors: ReadonlyMap<string, string>): ExecutiveSummaryView {
  const findings = result.findings;
  const byStatus = zeroCounts();
  const failedBySeverity: Record<string, number> = {};
  let accepted = 0;
  const clusters = new Set<string>();
  for (const finding of findings) {
    countStatus(byStatus, finding.status);
    if (finding.status === 'FAILED' && finding.accepted) accepted += 1;
    else if (finding.status === 'FAILED') failedBySeverity[finding.severity] = (failedBySeverity[finding.severity] ?? 0) + 1;
    if (finding.resource.type === 'AwsMskCluster') clusters.add(finding.resource.arn);
  }
  const statusParts = statusCounts(byStatus);
  const severityParts = severityCounts(failedBySeverity);
  const failedOpen = byStatus.FAILED - accepted;
  const accounts = new Set([...result.scope.accounts, ...findings.map((finding) => finding.resource.account)]);
  const regions = new Set([...result.scope.regions, ...findings.map((finding) => finding.resource.region)]);

  const failed = findings.filter((finding) => finding.status === 'FAILED' && !finding.accepted).sort(compareFindings);
  return {
    headline: headline(failedOpen, failedBySeverity, byStatus.NOT_AVAILABLE, accepted, result.coverage.complete),
    verdict: verdict(failedOpen, byStatus.NOT_AVAILABLE, result.coverage.complete),
    findings: findings.length,
    clusters: clusters.size,
    accounts: accounts.size,
    regions: regions.size,
    byStatus: statusParts,
    failedBySeverity: severityParts,
    failedOpen,
    accepted,
    statusChart: donutChart(statusParts, 'findings'),
    severityChart: barChart(severityParts, 'Open FAILED findings by severity'),
    byAccount: breakdown(findings, (finding) => finding.resource.account),
    byRegion: breakdown(findings, (finding) => finding.resource.region),
    bySeverity: SEVERITIES.map((severity) => row(severity, severityBadge(severity), findings.filter((finding) => finding.severity === severity))).concat(
      otherSeverities(findings),
    ),
    priority: failed.slice(0, PRIORITY_LIMIT).map((finding) => ({
      anchor: anchors.get(finding.id) ?? '',
      severity: severityBadge(finding.severity),
      title: finding.title,
      checkId: finding.checkId,
      resourceName: finding.resource.type === 'AwsAccountRegion' ? 'Whole account-region' : text(finding.resource.name),
      account: finding.resource.account,
      region: finding.resource.region,
    })),
    priorityMore: Math.max(0, failed.length - PRIORITY_LIMIT),
  };
}

function headline(failed: number, bySeverity: Record<string, number>, notAvailable: number, accepted: number, complete: boolean): string {
  const severe = SEVERITIES.filter((severity) => (bySeverity[severity] ?? 0) > 0).map((severity) => `${bySeverity[severity]} ${severity.toLowerCase()}`);
  const parts = [
    failed === 0 ? 'No open FAILED finding' : `${plural(failed, 'open FAILED finding')} (${severe.join(', ')})`,
    `${plural(notAvailable, 'finding')} without a verdict (NOT_AVAILABLE)`,
  ];
  if (accepted > 0) parts.push(`${plural(accepted, 'accepted risk')}`);
  return `${parts.join('; ')}. Coverage is ${complete ? 'complete' : 'INCOMPLETE'}.`;
}

function verdict(failed: number, notAvailable: number, complete: boolean): Badge {
  if (failed > 0) return { label: 'Non-compliant findings', cssClass: 'status-failed' };
  if (notAvailable > 0 || !complete) return { label: 'Not fully verified', cssClass: 'status-not-available' };
  return { label: 'No failed findings', cssClass: 'status-passed' };
}

function breakdown(findings: readonly Finding[], keyOf: (finding: Finding) => string): BreakdownRow[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = keyOf(finding);
    const list = groups.get(key) ?? [];
    list.push(finding);
    groups.set(key, list);
  }
  return [...groups.keys()].sort(ordinal).map((key) => row(key, null, groups.get(key)!));
}

function row(label: string, badge: Badge | null, findings: readonly Finding[]): BreakdownRow {
  const counts: Record<Status, number> = zeroCounts();
  let accepted = 0;
  for (const finding of findings) {
    countStatus(counts, finding.status);
    if (finding.status === 'FAILED' && finding.accepted) accepted += 1;
  }
  return { label, badge, counts: statusCounts(counts), total: findings.length, accepted };
}

/** A severity no table knows (a damaged or newer file) still gets a row, so no finding goes uncounted. */
function otherSeverities(findings: readonly Finding[]): BreakdownRow[] {
  const known = new Set<string>(SEVERITIES);
  const others = findings.filter((finding) => !known.has(finding.severity));
  return others.length === 0 ? [] : breakdown(others, (finding) => String(finding.severity)).map((r) => ({ ...r, badge: severityBadge(r.label) }));
}
