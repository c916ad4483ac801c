import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  buildEvidencePack,
  buildManifest,
  buildSignedEvidencePack,
  evidenceFilesFor,
  packParamsFromResult,
  pemSigner,
  type EvidenceFile,
  type EvidenceManifest,
  type EvidencePackParams,
} from '../../src/evidence/index.js';
import { readZip } from '../../src/evidence/zip.js';
import { renderHtml, renderJson } from '../../reports/index.js';
import { TOOL } from '../../src/package-info.js';
import { entriesOf, text } from './craft.js';
import { REPORT_HTML, rsaKeys, SCAN_ID, scanFixture } from './fixtures.js';

const { result, inventory } = scanFixture();
const params = packParamsFromResult(result);
const files = (): EvidenceFile[] => evidenceFilesFor(result, { inventory, reportHtml: REPORT_HTML, matrices: { 'pci-dss-v4': 'requirement,check\n3.5.1,msk-at-rest-cmk\n' } });
const sha = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('buildEvidencePack', () => {
  it('is deterministic: the same inputs give the same bytes', () => {
    const a = buildEvidencePack(files(), params);
    const b = buildEvidencePack(files(), params);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(sha(a)).toBe(sha(b));
  });

  it('does not depend on the order of the files or of the parameters\' keys', () => {
    const a = buildEvidencePack(files(), params);
    const shuffled: EvidencePackParams = {
      timeWindow: { ...params.timeWindow },
      thresholds: Object.fromEntries(Object.entries(result.thresholds).reverse()),
      checks: params.checks,
      scope: Object.fromEntries(Object.entries(params.scope).reverse()) as EvidencePackParams['scope'],
      scanId: params.scanId,
      extra: params.extra!,
    };
    const b = buildEvidencePack([...files()].reverse(), shuffled);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('changes when any input changes', () => {
    const a = sha(buildEvidencePack(files(), params));
    const edited = files().map((f) => (f.name === 'coverage.json' ? { ...f, content: `${String(f.content)} ` } : f));
    expect(sha(buildEvidencePack(edited, params))).not.toBe(a);
    expect(sha(buildEvidencePack(files(), { ...params, scanId: 'other' }))).not.toBe(a);
  });

  it('contains the files plus a manifest listing every file with size and SHA-256, the tool, scan id and parameters', () => {
    const entries = entriesOf(buildEvidencePack(files(), params));
    expect([...entries.keys()]).toEqual([
      'coverage.json',
      'findings.json',
      'inventory.json',
      'manifest.json',
      'matrix-pci-dss-v4.csv',
      'report.html',
    ]);
    const manifest = JSON.parse(text(entries.get('manifest.json'))) as EvidenceManifest;
    expect(manifest).toMatchObject({
      kind: 'msk-audit-evidence-manifest',
      schemaVersion: 1,
      tool: { name: TOOL.name, version: TOOL.version },
      scanId: SCAN_ID,
      hashAlgorithm: 'SHA-256',
      parameters: {
        scope: result.scope,
        checks: result.checks.map((c) => c.id),
        thresholds: result.thresholds,
        timeWindow: { start: result.startedAt, end: result.finishedAt, collectedAt: result.collectedAt },
        scanTool: result.tool,
      },
    });
    expect(manifest.files.map((f) => f.name)).toEqual(['coverage.json', 'findings.json', 'inventory.json', 'matrix-pci-dss-v4.csv', 'report.html']);
    for (const file of manifest.files) {
      const data = entries.get(file.name)!;
      expect(file.size).toBe(data.length);
      expect(file.sha256).toBe(sha(data));
    }
  });

  it('returns the manifest it stores from buildManifest', () => {
    const { manifest, bytes } = buildManifest(files(), params);
    expect(text(entriesOf(buildEvidencePack(files(), params)).get('manifest.json'))).toBe(text(bytes));
    expect(manifest.files).toHaveLength(5);
  });

  it('refuses reserved, unsafe and duplicate names and core parameters passed as extras', () => {
    expect(() => buildEvidencePack([{ name: 'manifest.json', content: '{}' }], params)).toThrow(/reserved/);
    expect(() => buildEvidencePack([{ name: '../x', content: '' }], params)).toThrow(/'\.\.'/);
    expect(() => buildEvidencePack([{ name: 'a', content: '' }, { name: 'a', content: '' }], params)).toThrow(/twice/);
    expect(() => buildEvidencePack([], { ...params, extra: { scope: 'x' } })).toThrow(/scope/);
  });

  it('a signed pack is the unsigned one plus manifest.sig and signature.json', async () => {
    const unsigned = entriesOf(buildEvidencePack(files(), params));
    const signed = entriesOf(await buildSignedEvidencePack(files(), params, pemSigner(rsaKeys().privatePem)));
    expect([...signed.keys()].filter((name) => !unsigned.has(name))).toEqual(['manifest.sig', 'signature.json']);
    for (const [name, data] of unsigned) expect(Buffer.from(signed.get(name)!).equals(Buffer.from(data)), name).toBe(true);
    const info = JSON.parse(text(signed.get('signature.json'))) as Record<string, unknown>;
    expect(info).toMatchObject({ algorithm: 'RSASSA_PSS_SHA_256', keySource: 'pem', manifestSha256: sha(unsigned.get('manifest.json')!) });
    expect(info.keyId).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe('evidenceFilesFor', () => {
  it('assembles the standard files, rendering the reports when not given', () => {
    const standard = evidenceFilesFor(result);
    expect(standard.map((f) => f.name)).toEqual(['coverage.json', 'findings.json', 'report.html']);
    expect(standard.find((f) => f.name === 'findings.json')?.content).toBe(renderJson(result));
    expect(standard.find((f) => f.name === 'report.html')?.content).toBe(renderHtml(result));
    expect(JSON.parse(String(standard.find((f) => f.name === 'coverage.json')?.content))).toEqual(result.coverage);
  });

  it('adds the optional extras under their standard names, keeping given text verbatim', () => {
    const all = evidenceFilesFor(result, {
      reportHtml: '<html>given</html>',
      findingsJson: '{"as":"saved"}',
      inventory: '{ "raw": true }',
      cloudtrailEvents: [{ EventName: 'UpdateSecurity' }],
      drift: '{"drift":[]}',
      matrices: { soc2: 'a,b\n', 'iso-27001-2022': 'c,d\n' },
      files: [{ name: 'notes/readme.txt', content: 'hi' }],
    });
    expect(all.map((f) => f.name)).toEqual([
      'cloudtrail-events.json',
      'coverage.json',
      'drift.json',
      'findings.json',
      'inventory.json',
      'matrix-iso-27001-2022.csv',
      'matrix-soc2.csv',
      'notes/readme.txt',
      'report.html',
    ]);
    const get = (name: string) => all.find((f) => f.name === name)?.content;
    expect(get('report.html')).toBe('<html>given</html>');
    expect(get('findings.json')).toBe('{"as":"saved"}');
    expect(get('inventory.json')).toBe('{ "raw": true }');
    expect(JSON.parse(String(get('cloudtrail-events.json')))).toEqual([{ EventName: 'UpdateSecurity' }]);
  });

  it('refuses a framework id that is not a plain name', () => {
    expect(() => evidenceFilesFor(result, { reportHtml: REPORT_HTML, matrices: { '../pci': 'x' } })).toThrow(/framework id/);
  });

  it('reads back with the hostile-archive reader without a warning', () => {
    const archive = readZip(buildEvidencePack(files(), params));
    expect(archive.warnings).toEqual([]);
    expect(archive.entries.every((e) => e.problem === undefined)).toBe(true);
  });
});
