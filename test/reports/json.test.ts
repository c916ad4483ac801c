import { describe, expect, it } from 'vitest';
import { jsonChunks, prettyJsonChunks, renderJson } from '../../reports/json.js';
import type { FindingSet } from '../../src/engine/finding-set.js';
import type { ScanResult } from '../../src/engine/scan-result.js';
import { fullScanResult } from '../browser/report-fixture.js';
import { hostileScanResult } from '../frameworks/hostile-result.js';
import { scanResult } from './fixture.js';

describe('renderJson', () => {
  it('parses back to an object deep-equal to the scan result', () => {
    const result = scanResult();
    expect(JSON.parse(renderJson(result))).toStrictEqual(result);
  });

  it('is pretty-printed with two spaces and ends with a newline', () => {
    const json = renderJson(scanResult());
    expect(json.startsWith('{\n  "kind": "msk-audit-scan",\n')).toBe(true);
    expect(json.endsWith('}\n')).toBe(true);
    expect(json.endsWith('\n\n')).toBe(false);
  });

  it('is deterministic: the same input gives the same bytes, also for an equal copy', () => {
    const result = scanResult();
    const first = renderJson(result);
    expect(renderJson(result)).toBe(first);
    expect(renderJson(structuredClone(result))).toBe(first);
    expect(renderJson(scanResult())).toBe(first);
  });

  it('keeps hostile strings intact (escaping is the HTML renderer\'s job, not the data\'s)', () => {
    const result = scanResult();
    const parsed = JSON.parse(renderJson(result)) as typeof result;
    expect(parsed.findings.map((f) => f.resource.name)).toEqual(result.findings.map((f) => f.resource.name));
  });
});

describe('jsonChunks: the JSON report written piece by piece', () => {
  /** The JSON report as msk-audit rendered it before it was streamed: one JSON.stringify. */
  const oneString = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

  it('gives exactly the bytes of JSON.stringify(result, null, 2) + "\\n"', () => {
    const full = fullScanResult();
    const results: ScanResult[] = [
      scanResult(),
      full,
      hostileScanResult(),
      { ...scanResult(), findings: [] },
      { ...full, findings: full.findings.slice(0, 1), drift: undefined, securityHub: undefined },
    ];
    for (const result of results) {
      expect(renderJson(result)).toBe(oneString(result));
      expect([...jsonChunks(result)].join('')).toBe(oneString(result));
    }
  });

  it('writes one chunk per finding, read as it is written', () => {
    const result = fullScanResult();
    let read = 0;
    const counting: FindingSet = Object.assign(
      {
        *[Symbol.iterator]() {
          for (const finding of result.findings) {
            read += 1;
            yield finding;
          }
        },
      },
      { length: result.findings.length, filter: () => [], map: () => [], find: () => undefined, some: () => false, every: () => true },
    );
    const chunks = jsonChunks({ ...result, findings: counting });
    const seen: number[] = [];
    const text: string[] = [];
    for (const chunk of chunks) {
      seen.push(read);
      text.push(chunk);
    }
    expect(text.join('')).toBe(oneString(result));
    // the findings were read one by one between the chunks, not all first
    expect(new Set(seen).size).toBeGreaterThan(result.findings.length);
  });

  it('handles objects the way JSON.stringify does (undefined left out, empty object, empty and nested arrays)', () => {
    const odd = { a: undefined, b: [], c: {}, d: [[1, { e: 'x\ny' }]], f: () => 1, g: null, h: new Date(0) };
    expect([...prettyJsonChunks(odd, ['b', 'd'])].join('')).toBe(oneString(odd));
    expect([...prettyJsonChunks({}, [])].join('')).toBe(oneString({}));
    expect([...prettyJsonChunks({ a: undefined }, [])].join('')).toBe(oneString({ a: undefined }));
  });
});
