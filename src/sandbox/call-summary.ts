/**
 * A compact digest of the call log, so a benchmark can read 100,000 calls' worth of counts without
 * transferring every record: calls by `service:Operation` (with successes, throttles and other errors),
 * by HTTP status, by error code, and optionally each account's call count and first/last arrival time.
 */
import type { CallRecord } from './dispatch.js';

/** The error codes the sandbox's services throttle with (see each service's `errors.throttle`). */
export const THROTTLING_ERROR_CODES: ReadonlySet<string> = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
]);

export interface OperationCounts {
  calls: number;
  /** 2xx answers. */
  ok: number;
  /** Rejected by a rate limit (or an injected throttle fault). */
  throttled: number;
  /** Every other failed call (4xx / 5xx / connection reset). */
  errors: number;
  /** Sandbox-clock arrival time of the operation's first and last call (ISO-8601). */
  firstAt: string;
  lastAt: string;
}

export interface AccountSpan {
  calls: number;
  /** Sandbox-clock arrival time of the account's first and last call (ISO-8601). */
  firstAt: string;
  lastAt: string;
}

export interface CallSummary {
  total: number;
  /** Keyed `service:Operation` (e.g. `kafka:ListClustersV2`). */
  byOperation: Record<string, OperationCounts>;
  /** Keyed by HTTP status (`0` for a connection reset). */
  byStatus: Record<string, number>;
  byErrorCode: Record<string, number>;
  /** Keyed by the calling principal's account; only when asked for. */
  byAccount?: Record<string, AccountSpan>;
  /** Sandbox-clock arrival time of the first and last call (ISO-8601); absent when there is none. */
  firstAt?: string;
  lastAt?: string;
}

export function isThrottled(call: CallRecord): boolean {
  return call.fault === 'throttle' || (call.errorCode !== undefined && THROTTLING_ERROR_CODES.has(call.errorCode));
}

export function summarizeCalls(calls: readonly CallRecord[], options: { byAccount?: boolean } = {}): CallSummary {
  const byOperation: Record<string, OperationCounts> = {};
  const byStatus: Record<string, number> = {};
  const byErrorCode: Record<string, number> = {};
  const byAccount: Record<string, AccountSpan> = {};
  let firstAt: string | undefined;
  let lastAt: string | undefined;
  for (const call of calls) {
    const key = `${call.service}:${call.operation}`;
    const counts = (byOperation[key] ??= { calls: 0, ok: 0, throttled: 0, errors: 0, firstAt: call.at, lastAt: call.at });
    counts.calls += 1;
    if (call.at < counts.firstAt) counts.firstAt = call.at;
    if (call.at > counts.lastAt) counts.lastAt = call.at;
    if (call.status >= 200 && call.status < 300) counts.ok += 1;
    else if (isThrottled(call)) counts.throttled += 1;
    else counts.errors += 1;
    byStatus[String(call.status)] = (byStatus[String(call.status)] ?? 0) + 1;
    if (call.errorCode !== undefined) byErrorCode[call.errorCode] = (byErrorCode[call.errorCode] ?? 0) + 1;
    // ISO-8601 UTC strings of one clock compare correctly as strings.
    if (firstAt === undefined || call.at < firstAt) firstAt = call.at;
    if (lastAt === undefined || call.at > lastAt) lastAt = call.at;
    if (options.byAccount && call.account) {
      const span = byAccount[call.account];
      if (!span) byAccount[call.account] = { calls: 1, firstAt: call.at, lastAt: call.at };
      else {
        span.calls += 1;
        if (call.at < span.firstAt) span.firstAt = call.at;
        if (call.at > span.lastAt) span.lastAt = call.at;
      }
    }
  }
  return {
    total: calls.length,
    byOperation,
    byStatus,
    byErrorCode,
    ...(options.byAccount ? { byAccount } : {}),
    ...(firstAt !== undefined && lastAt !== undefined ? { firstAt, lastAt } : {}),
  };
}
