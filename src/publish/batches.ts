/**
 * Splits findings into BatchImportFindings requests within Security Hub's limits: at most 100 findings and
 * 6 MB per request, 240 KB per finding. Sizes are measured on the serialized JSON, as the request body is.
 */

export const MAX_FINDINGS_PER_BATCH = 100;
export const MAX_BATCH_BYTES = 6 * 1024 * 1024;
export const MAX_FINDING_BYTES = 240 * 1024;

/** `{"Findings":[` + `]}`: the request body around the findings. */
const ENVELOPE_BYTES = Buffer.byteLength(JSON.stringify({ Findings: [] }), 'utf8');

export interface BatchLimits {
  maxFindings?: number;
  maxBytes?: number;
  maxFindingBytes?: number;
}

export interface OversizedFinding<T> {
  finding: T;
  bytes: number;
}

export interface Batching<T> {
  /** Each one a request's `Findings`, in input order. */
  batches: T[][];
  /** Findings too large for Security Hub on their own: never sent, to be reported. */
  oversized: OversizedFinding<T>[];
}

/** UTF-8 bytes of the value's JSON. */
export function serializedSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** Greedy, order-preserving: a batch closes when the next finding would break the count or the byte limit. */
export function batchFindings<T>(findings: readonly T[], limits: BatchLimits = {}): Batching<T> {
  const maxFindings = limits.maxFindings ?? MAX_FINDINGS_PER_BATCH;
  const maxBytes = limits.maxBytes ?? MAX_BATCH_BYTES;
  const maxFindingBytes = Math.min(limits.maxFindingBytes ?? MAX_FINDING_BYTES, maxBytes - ENVELOPE_BYTES);
  if (!Number.isInteger(maxFindings) || maxFindings < 1) throw new RangeError(`maxFindings must be a positive integer, got ${maxFindings}`);
  const batches: T[][] = [];
  const oversized: OversizedFinding<T>[] = [];
  let current: T[] = [];
  let currentBytes = ENVELOPE_BYTES;
  for (const finding of findings) {
    const bytes = serializedSize(finding);
    if (bytes > maxFindingBytes) {
      oversized.push({ finding, bytes });
      continue;
    }
    const added = bytes + (current.length > 0 ? 1 : 0); // the comma between findings
    if (current.length > 0 && (current.length >= maxFindings || currentBytes + added > maxBytes)) {
      batches.push(current);
      current = [];
      currentBytes = ENVELOPE_BYTES;
    }
    currentBytes += bytes + (current.length > 0 ? 1 : 0);
    current.push(finding);
  }
  if (current.length > 0) batches.push(current);
  return { batches, oversized };
}
