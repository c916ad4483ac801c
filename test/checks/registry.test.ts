import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import { FRAMEWORK_IDS, SEVERITIES, type Check } from '../../src/check/index.js';

const CHECKS_DIR = fileURLToPath(new URL('../../checks/', import.meta.url));
const TESTS_DIR = fileURLToPath(new URL('./', import.meta.url));

/** The check modules: every .ts file directly in checks/ except the index (support/ is a folder, not listed). */
const checkFiles = readdirSync(CHECKS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && entry.name !== 'index.ts')
  .map((entry) => entry.name.slice(0, -'.ts'.length))
  .sort();

const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

describe('built-in check registry', () => {
  it('finds check files', () => {
    expect(checkFiles.length).toBeGreaterThan(0);
  });

  it('registers every check file in builtinChecks, and nothing else', () => {
    const ids = builtinChecks.map((check) => check.meta.id).sort();
    expect(ids).toEqual(checkFiles);
  });

  it('has unique ids', () => {
    const ids = builtinChecks.map((check) => check.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  describe.each(checkFiles)('%s', (file) => {
    it('exports, as default, the registered check whose id is the file name', async () => {
      const module = (await import(pathToFileURL(join(CHECKS_DIR, `${file}.ts`)).href)) as { default: Check };
      expect(module.default.meta.id).toBe(file);
      expect(builtinChecks).toContain(module.default);
    });

    it('has a table test', () => {
      expect(existsSync(join(TESTS_DIR, `${file}.test.ts`)), `test/checks/${file}.test.ts is missing`).toBe(true);
    });
  });

  describe.each(builtinChecks.map((check) => [check.meta.id, check] as const))('%s meta', (_id, check) => {
    const { meta } = check;

    it('has a kebab-case id', () => {
      expect(meta.id).toMatch(KEBAB_CASE);
    });

    it('fills every field', () => {
      expect(meta.title.trim()).not.toBe('');
      expect(SEVERITIES).toContain(meta.severity);
      expect(meta.resourceType).toBe(check.scope === 'account-region' ? 'AwsAccountRegion' : 'AwsMskCluster');
      expect(meta.rationale.trim()).not.toBe('');
      expect(meta.remediation.text.trim()).not.toBe('');
      expect(meta.remediation.url.trim()).not.toBe('');
      for (const [key, value] of Object.entries(meta)) {
        expect(value, `meta.${key}`).not.toBeUndefined();
        expect(value, `meta.${key}`).not.toBeNull();
        if (typeof value === 'string') expect(value.trim(), `meta.${key}`).not.toBe('');
      }
    });

    it('maps to every framework with at least one requirement id', () => {
      for (const framework of FRAMEWORK_IDS) {
        const requirements = meta.frameworks[framework];
        expect(requirements, `${meta.id} has no ${framework} mapping`).toBeDefined();
        expect(requirements!.length, `${meta.id} maps to no ${framework} requirement`).toBeGreaterThan(0);
        for (const requirement of requirements!) expect(requirement.trim()).not.toBe('');
      }
    });

    it('links an https remediation page', () => {
      expect(meta.remediation.url).toMatch(/^https:\/\//);
    });

    it('names a real MSK Security Hub control when it names one', () => {
      if (meta.securityHubControl !== undefined) expect(meta.securityHubControl).toMatch(/^MSK\.[1-6]$/);
    });
  });
});
