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

export function parseRegions(value: string, previous: string[] = []): string[] {
  const regions = parseList(value, []);
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
