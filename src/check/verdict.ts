export const STATUSES = ['PASSED', 'FAILED', 'NOT_APPLICABLE', 'NOT_AVAILABLE'] as const;
export type Status = (typeof STATUSES)[number];

export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The facts a verdict was based on, as read from the inventory (JSON-serialisable). */
export type Evidence = { [key: string]: JsonValue };

export interface Verdict {
  status: Status;
  /** One sentence a reader can act on. */
  reason: string;
  evidence: Evidence;
  /** Raises or lowers the check's severity for this verdict only (e.g. a key pending deletion is critical). */
  severity?: Severity;
}

export function passed(reason: string, evidence: Evidence): Verdict {
  return { status: 'PASSED', reason, evidence };
}

export function failed(reason: string, evidence: Evidence, severity?: Severity): Verdict {
  return severity ? { status: 'FAILED', reason, evidence, severity } : { status: 'FAILED', reason, evidence };
}

export function notApplicable(reason: string, evidence: Evidence): Verdict {
  return { status: 'NOT_APPLICABLE', reason, evidence };
}

export function notAvailable(reason: string, evidence: Evidence): Verdict {
  return { status: 'NOT_AVAILABLE', reason, evidence };
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(severity);
}
