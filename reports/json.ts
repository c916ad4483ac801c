import type { ScanResult } from '../src/engine/scan-result.js';
import type { ReportRenderer } from './renderer.js';

/**
 * The whole scan result as pretty-printed JSON (two-space indent) with a trailing newline. Keys keep the
 * order the engine built them in (e.g. statuses and severities in their canonical order), so the same
 * result always gives the same bytes.
 */
export function renderJson(result: ScanResult): string {
  return [...jsonChunks(result)].join('');
}

/** `value` as JSON.stringify(…, null, 2) writes it nested `depth` levels deep (undefined where it omits it). */
function nested(value: unknown, depth: number): string | undefined {
  const text = JSON.stringify(value, null, 2) as string | undefined;
  // Newlines inside strings are escaped, so every raw newline is indentation.
  return text === undefined ? undefined : text.replaceAll('\n', `\n${'  '.repeat(depth)}`);
}

/**
 * An element of a top-level array, as JSON.stringify(…, null, 2) writes it there (two levels deep): stringified
 * inside two arrays, which indents it right, then cut out (cheaper than re-indenting it with a replace).
 */
function element(value: unknown): string {
  return JSON.stringify([[value]], null, 2).slice('[\n  [\n    '.length, -'\n  ]\n]'.length);
}

/**
 * renderJson piece by piece: the top-level fields one chunk each, and the findings one chunk per finding, read
 * from the result's finding set as they are written (a spooled set is never all in memory). The bytes are
 * exactly `JSON.stringify(result, null, 2) + "\n"`.
 */
export function jsonChunks(result: ScanResult): Generator<string> {
  return prettyJsonChunks(result as unknown as Record<string, unknown>, ['findings']);
}

/**
 * `JSON.stringify(object, null, 2) + "\n"` piece by piece, for a plain object whose `streamed` fields are
 * iterables (arrays, finding sets, generators): those are written one element per chunk, as they are iterated,
 * and serialised as arrays; every other field is one chunk.
 */
export function* prettyJsonChunks(object: Record<string, unknown>, streamed: readonly string[]): Generator<string> {
  let fields = 0;
  for (const [key, value] of Object.entries(object)) {
    const prefix = `${fields === 0 ? '{' : ','}\n  ${JSON.stringify(key)}: `;
    if (streamed.includes(key) && value !== null && typeof value === 'object' && Symbol.iterator in value) {
      fields += 1;
      let count = 0;
      for (const item of value as Iterable<unknown>) {
        yield `${count === 0 ? `${prefix}[` : ','}\n    ${element(item)}`;
        count += 1;
      }
      yield count === 0 ? `${prefix}[]` : '\n  ]';
      continue;
    }
    const text = nested(value, 1);
    if (text === undefined) continue; // JSON.stringify leaves out undefined (and function) values
    fields += 1;
    yield `${prefix}${text}`;
  }
  yield fields === 0 ? '{}\n' : '\n}\n';
}

export const jsonReport: ReportRenderer = {
  fileName: 'msk-audit-report.json',
  render: renderJson,
  chunks: jsonChunks,
};
