import { describe, expect, it } from 'vitest';
import { renderJson } from '../../reports/json.js';
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
