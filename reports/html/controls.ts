/*
 * One controls matrix per framework in scope (src/frameworks): requirement, status, the checks that give
 * evidence and the findings, linked to their detail. Requirements no check covers are shown as having no
 * automated evidence, never as passed.
 */
import type { Finding } from '../../src/engine/finding.js';
import type { HeldScanResult } from '../../src/engine/scan-result.js';
import { CONTROL_STATUSES, controlsMatrices, type ControlRow, type ControlStatus } from '../../src/frameworks/index.js';
import { stackedBar, type StackedSegment } from './charts.js';
import { plural, statusBadge, statusCounts, type Badge, type CountView } from './format.js';

const CONTROL_BADGES: Record<ControlStatus, Badge> = {
  FAILED: { label: 'FAILED', cssClass: 'status-failed' },
  NOT_AVAILABLE: { label: 'NOT_AVAILABLE', cssClass: 'status-not-available' },
  PASSED: { label: 'PASSED', cssClass: 'status-passed' },
  NOT_APPLICABLE: { label: 'NOT_APPLICABLE', cssClass: 'status-not-applicable' },
  NO_AUTOMATED_EVIDENCE: { label: 'NO AUTOMATED EVIDENCE', cssClass: 'status-no-evidence' },
};

/**
 * The findings that need attention (FAILED, NOT_AVAILABLE) are linked per requirement, at most this many; the
 * rest, and every PASSED / NOT_APPLICABLE one, are counted (all are in the per-cluster detail).
 */
export const LINKED_FINDINGS_LIMIT = 10;

export interface LinkedGroup {
  status: Badge;
  links: { anchor: string; label: string; checkId: string }[];
}

export interface ControlRowView {
  requirementId: string;
  title: string;
  description: string;
  defined: boolean;
  statusKey: string;
  status: Badge;
  noEvidence: boolean;
  checkIds: string[];
  counts: CountView[];
  findingCount: number;
  findingCountLabel: string;
  /** FAILED, then NOT_AVAILABLE findings, linked to their detail. */
  attention: LinkedGroup[];
  /** Findings needing attention that are not linked (over the limit). */
  attentionMore: number;
}

export interface MatrixView {
  anchor: string;
  id: string;
  label: string;
  name: string;
  version: string;
  counts: CountView[];
  bar: { segments: StackedSegment[]; total: number; description: string };
  rows: ControlRowView[];
}

export function buildControls(result: HeldScanResult, anchors: ReadonlyMap<string, string>): MatrixView[] {
  const findingsById = new Map<string, Finding>();
  for (const finding of result.findings) if (!findingsById.has(finding.id)) findingsById.set(finding.id, finding);
  return controlsMatrices(result).map((matrix) => {
    const counts = CONTROL_STATUSES.map((status) => ({ key: status, ...CONTROL_BADGES[status], count: matrix.counts[status] }));
    return {
      anchor: `controls-${matrix.framework.id.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
      id: matrix.framework.id,
      label: matrix.framework.label,
      name: matrix.framework.name,
      version: matrix.framework.version,
      counts,
      bar: stackedBar(counts),
      rows: matrix.rows.map((row) => rowView(row, findingsById, anchors)),
    };
  });
}

function rowView(row: ControlRow, findingsById: ReadonlyMap<string, Finding>, anchors: ReadonlyMap<string, string>): ControlRowView {
  const findings = row.findingIds.map((id) => findingsById.get(id)).filter((finding): finding is Finding => finding !== undefined);
  const several = row.checkIds.length > 1;
  let budget = LINKED_FINDINGS_LIMIT;
  let needing = 0;
  const attention: LinkedGroup[] = [];
  for (const status of ['FAILED', 'NOT_AVAILABLE'] as const) {
    const matching = findings.filter((finding) => finding.status === status);
    needing += matching.length;
    const links = matching.slice(0, budget).map((finding) => {
      const resource = finding.resource.type === 'AwsAccountRegion' ? `${finding.resource.account} ${finding.resource.region}` : (finding.resource.name ?? finding.resource.arn);
      return { anchor: anchors.get(finding.id) ?? '', label: several ? `${resource} (${finding.checkId})` : resource, checkId: finding.checkId };
    });
    budget -= links.length;
    if (links.length > 0) attention.push({ status: statusBadge(status), links });
  }
  const linked = attention.reduce((sum, group) => sum + group.links.length, 0);
  return {
    requirementId: row.requirementId,
    title: row.title,
    description: row.description,
    defined: row.defined,
    statusKey: row.status,
    status: CONTROL_BADGES[row.status],
    noEvidence: row.status === 'NO_AUTOMATED_EVIDENCE',
    checkIds: row.checkIds,
    counts: statusCounts(row.counts),
    findingCount: row.findingIds.length,
    findingCountLabel: plural(row.findingIds.length, 'finding'),
    attention,
    attentionMore: needing - linked,
  };
}
