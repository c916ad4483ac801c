/**
 * Retrying on top of the SDK's own (adaptive) retries: a few more rounds with exponential backoff and jitter
 * for whatever is still failing — whole calls after a throttling storm or an outage, and FailedFindings.
 */
import { toCollectionError } from '../aws/errors.js';
import type { RetryOptions } from '../aws/clients.js';

export interface PublishRetryOptions extends RetryOptions {
  /** Rounds per request, the first included, before a finding is reported as failed. Default 4. */
  rounds?: number;
  /** Backoff before the second round; doubles each round. Default 1000 ms. */
  baseDelayMs?: number;
  /** Cap of one backoff. Default 20 000 ms. */
  maxDelayMs?: number;
}

export const DEFAULT_ROUNDS = 4;
const DEFAULT_BASE_DELAY_MS = 1000;
const DEFAULT_MAX_DELAY_MS = 20_000;

export interface Backoff {
  rounds: number;
  /** Waits before round `round` (2, 3 …). */
  wait(round: number): Promise<void>;
}

export interface BackoffDeps {
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Equal jitter: half the exponential delay, plus a random part of the other half. */
export function backoff(options: PublishRetryOptions = {}, deps: BackoffDeps = {}): Backoff {
  const rounds = options.rounds ?? DEFAULT_ROUNDS;
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`retry.rounds must be a positive integer, got ${String(rounds)}`);
  const base = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
  const cap = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const sleep = deps.sleep ?? realSleep;
  const random = deps.random ?? Math.random;
  return {
    rounds,
    wait(round) {
      const delay = Math.min(cap, base * 2 ** Math.max(0, round - 2));
      return delay > 0 ? sleep(delay / 2 + random() * (delay / 2)) : Promise.resolve();
    },
  };
}

export interface ErrorInfo {
  code: string;
  message: string;
}

export function errorInfo(error: unknown, operation: string): ErrorInfo {
  const { code, message } = toCollectionError(error, { service: 'securityhub', operation });
  return { code, message };
}

const THROTTLING = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'ThrottledException', 'RequestLimitExceeded', 'LimitExceededException']);
const NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);

/** Throttling, a server-side error or a network failure: worth another round. */
export function isRetryableError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code, $fault, $metadata, $retryable } = error as {
    name?: unknown;
    code?: unknown;
    $fault?: unknown;
    $metadata?: { httpStatusCode?: unknown };
    $retryable?: unknown;
  };
  if ($retryable) return true;
  if (typeof name === 'string' && (THROTTLING.has(name) || NETWORK.has(name))) return true;
  if (typeof code === 'string' && NETWORK.has(code)) return true;
  if ($fault === 'server') return true;
  const status = $metadata?.httpStatusCode;
  return typeof status === 'number' && (status === 429 || status >= 500);
}

/** Security Hub is not enabled in the account-region (or the account is not subscribed). */
export function isHubNotEnabled(info: ErrorInfo): boolean {
  return info.code === 'InvalidAccessException' || info.code === 'InvalidAccess' || /not subscribed to AWS Security Hub/i.test(info.message);
}

/** FailedFindings codes that another round cannot fix. */
const PERMANENT_FINDING_ERRORS = new Set([
  'InvalidInput',
  'InvalidInputException',
  'AccessDenied',
  'AccessDeniedException',
  'InvalidAccess',
  'InvalidAccessException',
  'FindingTooLarge',
]);

export function isPermanentFindingError(code: string): boolean {
  return PERMANENT_FINDING_ERRORS.has(code);
}
