/*
 * The flat view model the HTML template renders. Every field the template reads is always present (the template
 * is compiled in strict mode); optional sections are `null` when the scan result does not carry them.
 * Each section is built by its own module; this one only assembles them.
 */
import type { HeldScanResult, ScanResult } from '../../src/engine/scan-result.js';
import { buildAcceptedRisks, type AcceptedRisksView } from './accepted-risks.js';
import { buildCloudTrail, type CloudTrailView } from './cloudtrail.js';
import { buildControls, type MatrixView } from './controls.js';
import { buildDrift, type DriftView } from './drift.js';
import { buildFindings, type FilterOptions, type ResourceGroupView } from './findings.js';
import { text } from './format.js';
import { buildMethodology, type MethodologyView } from './methodology.js';
import { buildSecurityHub, type SecurityHubView } from './security-hub.js';
import { buildSummary, type ExecutiveSummaryView } from './summary.js';

export interface ReportView {
  title: string;
  tool: { name: string; version: string };
  scanId: string;
  schemaVersion: string;
  startedAt: string;
  finishedAt: string;
  collectedAt: string;
  caller: { arn: string; account: string };
  summary: ExecutiveSummaryView;
  controls: MatrixView[];
  groups: ResourceGroupView[];
  filters: FilterOptions;
  cloudtrail: CloudTrailView;
  drift: DriftView | null;
  acceptedRisks: AcceptedRisksView | null;
  securityHub: SecurityHubView | null;
  methodology: MethodologyView;
}

/**
 * The HTML report is one self-contained page with every finding in it, so it is built in memory: the findings
 * are read once into an array here (for very large scans, use the JSON or CSV report, which are streamed).
 */
export function buildView(scan: ScanResult): ReportView {
  const result: HeldScanResult = Array.isArray(scan.findings) ? (scan as HeldScanResult) : { ...scan, findings: [...scan.findings] };
  // The per-cluster detail assigns every finding its anchor; the other sections link to those anchors.
  const findings = buildFindings(result);
  const cloudtrail = buildCloudTrail(result, findings.anchors);
  return {
    title: `${result.tool.name} report ${result.scanId}`,
    tool: { name: result.tool.name, version: result.tool.version },
    scanId: result.scanId,
    schemaVersion: String(result.schemaVersion),
    startedAt: text(result.startedAt),
    finishedAt: text(result.finishedAt),
    collectedAt: text(result.collectedAt),
    caller: { arn: text(result.caller.arn), account: text(result.caller.account) },
    summary: buildSummary(result, findings.anchors),
    controls: buildControls(result, findings.anchors),
    groups: findings.groups,
    filters: findings.filters,
    cloudtrail,
    drift: buildDrift(result.drift),
    acceptedRisks: buildAcceptedRisks(result, findings.anchors),
    securityHub: buildSecurityHub(result.securityHub),
    methodology: buildMethodology(result),
  };
}
