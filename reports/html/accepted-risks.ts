/*
 * Accepted risks (`--exceptions`): the exceptions in force with the FAILED findings they cover, the expired ones
 * (which cover nothing any more, and say so), and every finding marked accepted. Shown only when the result has
 * exceptions or accepted findings; an older result without them renders without the section.
 */
import type { Finding } from '../../src/engine/finding.js';
import type { HeldScanResult } from '../../src/engine/scan-result.js';
import { isRecord, ordinal, plural, severityBadge, text, type Badge } from './format.js';

export interface CoveredFinding {
  anchor: string;
  label: string;
}

export interface ExceptionView {
  id: string;
  checkId: string;
  resource: string;
  reason: string;
  owner: string;
  expires: string;
  findings: CoveredFinding[];
  findingCountLabel: string;
}

export interface AcceptedFindingView {
  anchor: string;
  severity: Badge;
  title: string;
  checkId: string;
  resourceName: string;
  arn: string;
  exceptionId: string;
  reason: string;
  owner: string;
  expires: string;
}

export interface AcceptedRisksView {
  applied: ExceptionView[];
  expired: ExceptionView[];
  findings: AcceptedFindingView[];
}

interface ExceptionEntry {
  exception?: Record<string, unknown>;
  findingIds?: unknown;
}

export function buildAcceptedRisks(result: HeldScanResult, anchors: ReadonlyMap<string, string>): AcceptedRisksView | null {
  const accepted = result.findings.filter((finding) => isRecord(finding.accepted));
  const outcome: unknown = result.exceptions;
  if (!isRecord(outcome) && accepted.length === 0) return null;
  const findingsById = new Map<string, Finding>();
  for (const finding of result.findings) if (!findingsById.has(finding.id)) findingsById.set(finding.id, finding);
  const entries = (value: unknown): ExceptionView[] =>
    (Array.isArray(value) ? value : []).filter(isRecord).map((entry) => exceptionView(entry as ExceptionEntry, findingsById, anchors));
  return {
    applied: isRecord(outcome) ? entries(outcome.applied) : [],
    expired: isRecord(outcome) ? entries(outcome.expired) : [],
    findings: accepted
      .map((finding): AcceptedFindingView => {
        const risk = finding.accepted as unknown as Record<string, unknown>;
        return {
          anchor: anchors.get(finding.id) ?? '',
          severity: severityBadge(finding.severity),
          title: finding.title,
          checkId: finding.checkId,
          resourceName: finding.resource.type === 'AwsAccountRegion' ? 'Whole account-region' : text(finding.resource.name),
          arn: finding.resource.arn,
          exceptionId: field(risk.exceptionId),
          reason: field(risk.reason),
          owner: field(risk.owner),
          expires: field(risk.expires),
        };
      })
      .sort((a, b) => ordinal(a.exceptionId, b.exceptionId) || ordinal(a.checkId, b.checkId) || ordinal(a.arn, b.arn) || ordinal(a.anchor, b.anchor)),
  };
}

function exceptionView(entry: ExceptionEntry, findingsById: ReadonlyMap<string, Finding>, anchors: ReadonlyMap<string, string>): ExceptionView {
  const exception = isRecord(entry.exception) ? entry.exception : {};
  const ids = Array.isArray(entry.findingIds) ? entry.findingIds.filter((id): id is string => typeof id === 'string') : [];
  return {
    id: field(exception.id),
    checkId: field(exception.checkId),
    resource: field(exception.resource),
    reason: field(exception.reason),
    owner: field(exception.owner),
    expires: field(exception.expires),
    findings: ids.map((id) => {
      const finding = findingsById.get(id);
      const label = finding ? (finding.resource.type === 'AwsAccountRegion' ? `${finding.resource.account} ${finding.resource.region}` : (finding.resource.name ?? finding.resource.arn)) : id;
      return { anchor: anchors.get(id) ?? '', label };
    }),
    findingCountLabel: plural(ids.length, 'finding'),
  };
}

function field(value: unknown): string {
  return typeof value === 'string' ? text(value) : value === undefined || value === null ? text(undefined) : JSON.stringify(value);
}
