import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { builtinChecks } from '../checks/index.js';
import { checksDocument, CHECKS_DOCUMENT } from '../src/engine/checks-document.js';

describe('CHECKS.md', () => {
  it('is up to date with the checks’ metadata (run `npm run docs` when this fails)', async () => {
    const document = await readFile(new URL(`../${CHECKS_DOCUMENT}`, import.meta.url), 'utf8').catch(() => '');
    expect(document).toBe(checksDocument(builtinChecks));
  });

  it('has a section per check with its metadata, requirement titles and Security Hub control', () => {
    const document = checksDocument(builtinChecks);
    for (const { meta } of builtinChecks) {
      const section = document.slice(document.indexOf(`\n## ${meta.id}\n`));
      expect(section).toContain(meta.rationale);
      expect(section).toContain(meta.remediation.url);
      expect(section).toContain(`Severity: ${meta.severity}`);
    }
    expect(document).toContain('| PCI DSS v4.0.1 | 1.2.5 — Allowed ports, protocols and services are approved;');
    expect(document).toMatch(/## msk-tls-in-cluster[\s\S]*?AWS Security Hub control: MSK\.1[\s\S]*?\| AWS FSBP \| MSK\.1 — /);
  });
});
