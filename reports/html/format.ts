/*
 * Small, pure helpers shared by the HTML report's view-model modules. Everything here returns plain strings and
 * numbers: escaping is the template's job (`{{ }}` only), so nothing here ever produces markup.
 */
import { SEVERITIES, STATUSES, type Severity, type Status } from '../../src/check/index.js';
import type { Finding } from '../../src/engine/finding.js';

/** What the report shows for an absent value. */
export const DASH = '—';

export interface KeyValue {
  key: string;
  value: string;
}

export interface Badge {
  label: string;
  cssClass: string;
}

export interface CountView extends Badge {
  key: string;
  count: number;
}

// Class names come from fixed tables, never from the data, so odd input cannot invent CSS classes.
const STATUS_CLASS: Record<Status, string> = {
  PASSED: 'status-passed',
  FAILED: 'status-failed',
  NOT_APPLICABLE: 'status-not-applicable',
  NOT_AVAILABLE: 'status-not-available',
};

const SEVERITY_CLASS: Record<Severity, string> = {
  CRITICAL: 'sev-critical',
  HIGH: 'sev-high',
  MEDIUM: 'sev-medium',
  LOW: 'sev-low',
  INFORMATIONAL: 'sev-informational',
};

export function statusBadge(status: string): Badge {
  return { label: String(status), cssClass: Object.hasOwn(STATUS_CLASS, status) ? STATUS_CLASS[status as Status] : 'status-unknown' };
}

export function severityBadge(severity: string): Badge {
  return { label: String(severity), cssClass: Object.hasOwn(SEVERITY_CLASS, severity) ? SEVERITY_CLASS[severity as Severity] : 'sev-unknown' };
}

/** Per-status counts in STATUSES order, as badges with counts. */
export function statusCounts(counts: Partial<Record<string, number>>): CountView[] {
  return STATUSES.map((status) => ({ key: status, ...statusBadge(status), count: counts[status] ?? 0 }));
}

export function severityCounts(counts: Partial<Record<string, number>>): CountView[] {
  return SEVERITIES.map((severity) => ({ key: severity, ...severityBadge(severity), count: counts[severity] ?? 0 }));
}

export function zeroCounts(): Record<Status, number> {
  return Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<Status, number>;
}

/** Adds one finding's status to per-status counts; an unknown status (a damaged file) is not counted. */
export function countStatus(counts: Record<Status, number>, status: string): void {
  if (Object.hasOwn(counts, status)) counts[status as Status] += 1;
}

/** 0 for CRITICAL … 4 for INFORMATIONAL; anything unrecognised sorts last. */
export function severityOrder(severity: string): number {
  const index = (SEVERITIES as readonly string[]).indexOf(severity);
  return index === -1 ? SEVERITIES.length : index;
}

/** FAILED, NOT_AVAILABLE (unverified), PASSED, NOT_APPLICABLE, then anything unrecognised. */
const STATUS_PRIORITY = ['FAILED', 'NOT_AVAILABLE', 'PASSED', 'NOT_APPLICABLE'];

export function statusOrder(status: string): number {
  const index = STATUS_PRIORITY.indexOf(status);
  return index === -1 ? STATUS_PRIORITY.length : index;
}

/** Code-unit order, not locale order: the same on every machine. */
export function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function displayName(finding: Finding): string {
  return finding.resource.name ?? finding.resource.arn;
}

/** Severity (worst first), then resource (name, then ARN), then check id, then finding id. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityOrder(a.severity) - severityOrder(b.severity) ||
    ordinal(displayName(a), displayName(b)) ||
    ordinal(a.resource.arn, b.resource.arn) ||
    ordinal(a.checkId, b.checkId) ||
    ordinal(a.id, b.id)
  );
}

/** Status (FAILED first), then severity, then check id, then finding id: the order within one resource. */
export function compareWithinResource(a: Finding, b: Finding): number {
  return (
    statusOrder(a.status) - statusOrder(b.status) ||
    severityOrder(a.severity) - severityOrder(b.severity) ||
    ordinal(a.checkId, b.checkId) ||
    ordinal(a.id, b.id)
  );
}

export function uniqueSorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(ordinal);
}

export function resourceTypeLabel(type: string): string {
  return type === 'AwsAccountRegion' ? 'Account-region' : type === 'AwsMskCluster' ? 'MSK cluster' : String(type);
}

export function keyValues(record: Record<string, unknown> | undefined | null): KeyValue[] {
  if (!isRecord(record)) return [];
  return Object.entries(record)
    .sort(([a], [b]) => ordinal(a, b))
    .map(([key, value]) => ({ key, value: scalar(value) }));
}

export function text(value: string | undefined | null): string {
  return value === undefined || value === null || value === '' ? DASH : String(value);
}

/** A string as is; anything else as compact JSON (never `undefined`). */
export function scalar(value: unknown): string {
  if (value === undefined) return DASH;
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

/** Pretty JSON for an evidence <pre>; `null` for an absent value. */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value ?? null, null, 2) ?? 'null';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value if it is a non-empty string, else null: evidence read from a file is untrusted in shape too. */
export function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The URL, normalised, if it is an absolute https: URL; otherwise null (escaping does not stop `javascript:`). */
export function httpsUrl(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** "1 finding", "2 findings". */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}
