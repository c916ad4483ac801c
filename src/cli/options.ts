import { InvalidArgumentError } from 'commander';
import { SEVERITIES, type Severity } from '../check/index.js';
import { isKnownRegion } from '../aws/regions.js';

export function parseList(value: string, previous: string[] = []): string[] {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  if (items.length === 0) throw new InvalidArgumentError('expected a comma-separated list');
  return [...previous, ...items];
}

/** `all` (each account's enabled regions) or a list of known region names. */
export function parseRegions(value: string, previous: string[] = []): string[] {
  if (value.trim() === 'all') {
    if (previous.length > 0 && !previous.includes('all')) throw new InvalidArgumentError('"all" cannot be combined with named regions');
    return ['all'];
  }
  const regions = parseList(value, []);
  if (previous.includes('all') || regions.includes('all')) {
    throw new InvalidArgumentError('"all" cannot be combined with named regions');
  }
  const unknown = regions.filter((region) => !isKnownRegion(region));
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown AWS region ${unknown.join(', ')}`);
  return [...new Set([...previous, ...regions])];
}

export function parseTag(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const separator = value.indexOf('=');
  if (separator <= 0) throw new InvalidArgumentError(`expected KEY=VALUE, got ${JSON.stringify(value)}`);
  const key = value.slice(0, separator);
  if (key in previous) throw new InvalidArgumentError(`tag key ${key} given twice`);
  return { ...previous, [key]: value.slice(separator + 1) };
}

export type FailOn = Severity | 'NONE';

export function parseFailOn(value: string): FailOn {
  const upper = value.toUpperCase();
  if (upper === 'NONE' || (SEVERITIES as readonly string[]).includes(upper)) return upper as FailOn;
  throw new InvalidArgumentError(`expected one of ${[...SEVERITIES, 'NONE'].map((s) => s.toLowerCase()).join(', ')}`);
}

export function parsePositiveInt(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return number;
}

export function parseSessionDuration(value: string): number {
  const seconds = Number(value);
  // STS accepts 900 s to the role's maximum session duration (at most 12 hours).
  if (!Number.isInteger(seconds) || seconds < 900 || seconds > 43_200) {
    throw new InvalidArgumentError('expected whole seconds from 900 to 43200');
  }
  return seconds;
}

export function parseRoleName(value: string): string {
  // IAM role names (with an optional path): letters, digits and +=,.@_- ; at most 64 characters for the name.
  if (!/^(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/.test(value)) throw new InvalidArgumentError('not a valid IAM role name');
  return value;
}

export function parseExternalId(value: string): string {
  if (!/^[\w+=,.@:/-]{2,1224}$/.test(value)) throw new InvalidArgumentError('an external id has 2 to 1224 characters of [\\w+=,.@:/-]');
  return value;
}

const LOOKUP_DAYS = 90;

/** `--since`: `7d`, `36h`, `90m`, or an ISO-8601 time; within CloudTrail's 90-day event history and not in the future. */
export function parseSince(value: string, now: () => number = Date.now): Date {
  const relative = /^(\d+)([dhm])$/.exec(value.trim());
  let since: Date;
  if (relative) {
    const unit = relative[2] === 'd' ? 86_400_000 : relative[2] === 'h' ? 3_600_000 : 60_000;
    since = new Date(now() - Number(relative[1]) * unit);
  } else if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value.trim())) {
    since = new Date(value.trim());
    if (Number.isNaN(since.getTime())) throw new InvalidArgumentError(`not a valid time: ${value}`);
  } else {
    throw new InvalidArgumentError(`expected a duration such as 7d, 36h or 90m, or an ISO-8601 time, got ${JSON.stringify(value)}`);
  }
  if (since.getTime() > now()) throw new InvalidArgumentError(`${value} is in the future`);
  if (now() - since.getTime() > LOOKUP_DAYS * 86_400_000) {
    throw new InvalidArgumentError(`${value} is more than ${LOOKUP_DAYS} days ago; CloudTrail's event history keeps ${LOOKUP_DAYS} days`);
  }
  return since;
}
