import type { Finding } from './finding.js';

/** An accepted risk: one check on the resources matching a pattern, accepted by an owner until a date. */
export interface RiskException {
  /** Stable id for reports (default: the position in the file, `exception-<n>`). */
  id: string;
  checkId: string;
  /** Resource ARN pattern: `*` matches any run of characters, everything else literally. */
  resource: string;
  reason: string;
  owner: string;
  /** Last day (UTC, YYYY-MM-DD) the acceptance holds. */
  expires: string;
}

/** What a finding carries when an exception covers it. */
export interface AcceptedRisk {
  exceptionId: string;
  reason: string;
  owner: string;
  expires: string;
}

export interface ExceptionsOutcome {
  /** Exceptions in force, with the findings each covered. */
  applied: { exception: RiskException; findingIds: string[] }[];
  /** Exceptions past their date: they no longer apply, and say so. */
  expired: { exception: RiskException; findingIds: string[] }[];
}

export function resourcePattern(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/**
 * Marks each FAILED finding an unexpired exception covers as accepted (its status stays FAILED: the evidence
 * is unchanged, the risk is owned). Expired exceptions apply to nothing and are listed with what they would
 * have covered. Only FAILED findings can be accepted: a missing verdict (NOT_AVAILABLE) is never waved away.
 */
export function applyExceptions(findings: readonly Finding[], exceptions: readonly RiskException[], today: string): ExceptionsOutcome {
  const outcome: ExceptionsOutcome = { applied: [], expired: [] };
  for (const exception of exceptions) {
    const pattern = resourcePattern(exception.resource);
    const covered = findings.filter((finding) => finding.status === 'FAILED' && finding.checkId === exception.checkId && pattern.test(finding.resource.arn));
    const findingIds = covered.map((finding) => finding.id);
    if (exception.expires < today) {
      outcome.expired.push({ exception, findingIds });
      continue;
    }
    outcome.applied.push({ exception, findingIds });
    for (const finding of covered) {
      // The first exception in the file that covers a finding is the one reported.
      finding.accepted ??= { exceptionId: exception.id, reason: exception.reason, owner: exception.owner, expires: exception.expires };
    }
  }
  return outcome;
}

/**
 * applyExceptions for findings that are not all held at once: `matches` is asked about each finding as it is
 * evaluated (which exceptions would cover it), and once the scan's date is known `outcome` and `accept` give what
 * applyExceptions would have recorded and marked — the same outcome, the same marks.
 */
export class ExceptionMatcher {
  private readonly patterns: RegExp[];

  constructor(readonly exceptions: readonly RiskException[]) {
    this.patterns = exceptions.map((exception) => resourcePattern(exception.resource));
  }

  /** The indices (in file order) of the exceptions that cover this finding, were they all in force. */
  matches(finding: Finding): number[] {
    if (finding.status !== 'FAILED') return [];
    const indices: number[] = [];
    this.exceptions.forEach((exception, index) => {
      if (finding.checkId === exception.checkId && this.patterns[index]!.test(finding.resource.arn)) indices.push(index);
    });
    return indices;
  }

  inForce(index: number, today: string): boolean {
    return !(this.exceptions[index]!.expires < today);
  }

  /** The mark applyExceptions puts on a finding covered by these exceptions: the first in force. */
  acceptance(indices: readonly number[], today: string): AcceptedRisk | undefined {
    const index = indices.find((candidate) => this.inForce(candidate, today));
    if (index === undefined) return undefined;
    const exception = this.exceptions[index]!;
    return { exceptionId: exception.id, reason: exception.reason, owner: exception.owner, expires: exception.expires };
  }

  /** The outcome from every (exception index, finding id) hit, the hits in the findings' order. */
  outcome(hits: Iterable<readonly [number, string]>, today: string): ExceptionsOutcome {
    const ids = this.exceptions.map((): string[] => []);
    for (const [index, findingId] of hits) ids[index]!.push(findingId);
    const outcome: ExceptionsOutcome = { applied: [], expired: [] };
    this.exceptions.forEach((exception, index) => {
      (this.inForce(index, today) ? outcome.applied : outcome.expired).push({ exception, findingIds: ids[index]! });
    });
    return outcome;
  }
}
