import { describe, expect, it } from 'vitest';
import { batchFindings, MAX_BATCH_BYTES, MAX_FINDING_BYTES, serializedSize } from '../../src/publish/batches.js';

const finding = (id: number, bytes = 200) => ({ Id: `f-${id}`, Pad: 'x'.repeat(Math.max(0, bytes - 20)) });
const requestBytes = (batch: unknown[]) => serializedSize({ Findings: batch });

describe('batchFindings', () => {
  it('splits by count: at most 100 findings per request, order kept', () => {
    const findings = Array.from({ length: 250 }, (_, i) => finding(i));
    const { batches, oversized } = batchFindings(findings);
    expect(batches.map((b) => b.length)).toEqual([100, 100, 50]);
    expect(batches.flat()).toEqual(findings);
    expect(oversized).toEqual([]);
  });

  it('splits by serialized bytes: every request body is at most 6 MB', () => {
    const findings = Array.from({ length: 100 }, (_, i) => finding(i, 200 * 1024)); // 100 × 200 KB = 20 MB
    const { batches } = batchFindings(findings);
    expect(batches.length).toBe(4);
    for (const batch of batches) expect(requestBytes(batch)).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    expect(batches[0]!.length).toBe(Math.floor((MAX_BATCH_BYTES - 15) / (requestBytes([findings[0]]) - 15 + 1)));
    expect(batches.flat()).toEqual(findings);
  });

  it('fills a batch up to the exact byte limit and not one byte more', () => {
    const one = requestBytes([finding(0, 1000)]);
    const limit = requestBytes([finding(0, 1000), finding(1, 1000), finding(2, 1000)]);
    expect(batchFindings([finding(0, 1000), finding(1, 1000), finding(2, 1000)], { maxBytes: limit }).batches).toHaveLength(1);
    expect(batchFindings([finding(0, 1000), finding(1, 1000), finding(2, 1000)], { maxBytes: limit - 1 }).batches.map((b) => b.length)).toEqual([2, 1]);
    expect(one).toBeLessThan(limit);
  });

  it('multi-byte characters count as their UTF-8 bytes', () => {
    const wide = (i: number) => ({ Id: `w-${i}`, Text: '€'.repeat(1000) }); // 3 000 bytes, 1 000 characters
    const limit = requestBytes([wide(0), wide(1)]);
    expect(batchFindings([wide(0), wide(1), wide(2)], { maxBytes: limit }).batches.map((b) => b.length)).toEqual([2, 1]);
  });

  it('reports a finding over 240 KB instead of sending it', () => {
    const big = finding(1, MAX_FINDING_BYTES + 10);
    const { batches, oversized } = batchFindings([finding(0), big, finding(2)]);
    expect(batches).toEqual([[finding(0), finding(2)]]);
    expect(oversized).toEqual([{ finding: big, bytes: serializedSize(big) }]);
  });

  it('no findings, no batches', () => {
    expect(batchFindings([])).toEqual({ batches: [], oversized: [] });
  });
});
