import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPluginChecks } from '../../src/engine/plugins.js';
import { evaluateInventory } from '../../src/engine/evaluate.js';
import { DEFAULT_THRESHOLDS } from '../../src/check/index.js';
import { available } from '../../src/inventory/index.js';
import { accountRegion, provisionedCluster } from '../support/fixtures.js';
import { inventoryOf } from '../support/inventory.js';
import { temporaryDirectories } from '../support/temp-dirs.js';

const newDir = temporaryDirectories('msk-audit-plugins-');

const SRC_INDEX = new URL('../../src/index.ts', import.meta.url).pathname;

async function pluginDir(files: Record<string, string>): Promise<string> {
  const dir = await newDir();
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

/** The README's custom-check example, pointed at this checkout instead of the installed package. */
async function readmeExample(): Promise<string> {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const match = /```ts\n\/\/ my-checks\/msk-owner-tag\.ts\n([\s\S]*?)```/.exec(readme);
  if (!match?.[1]) throw new Error('README example not found');
  return match[1].replace("from 'msk-audit'", `from ${JSON.stringify(SRC_INDEX)}`);
}

describe('loadPluginChecks', () => {
  it('loads the README example (TypeScript) and it evaluates like a built-in check', async () => {
    const dir = await pluginDir({ 'msk-owner-tag.ts': await readmeExample() });
    const checks = await loadPluginChecks(dir);
    expect(checks.map((c) => c.meta.id)).toEqual(['msk-owner-tag']);
    const inventory = inventoryOf([
      accountRegion((r) => {
        r.clusters = available([provisionedCluster(), provisionedCluster((c) => {
          c.ClusterArn += '-owned';
          c.Tags = { owner: 'payments-team' };
        })]);
      }),
    ]);
    const findings = evaluateInventory(inventory, { checks, thresholds: DEFAULT_THRESHOLDS });
    expect(findings.map((f) => f.status)).toEqual(['FAILED', 'PASSED']);
  });

  it('loads JavaScript modules exporting an array of checks, ignoring other files', async () => {
    const check = (id: string) => `{ meta: { id: '${id}', title: 'T', severity: 'LOW', resourceType: 'AwsMskCluster',
      rationale: 'R', remediation: { text: 'X', url: 'https://example.com/x' }, frameworks: { soc2: ['CC6.1'] } },
      evaluate: () => ({ status: 'PASSED', reason: 'Ok.', evidence: { a: 1 } }) }`;
    const dir = await pluginDir({
      'pair.mjs': `export default [${check('custom-a')}, ${check('custom-b')}];`,
      'notes.md': 'not a module',
      'types.d.ts': 'export {};',
    });
    expect((await loadPluginChecks(dir)).map((c) => c.meta.id)).toEqual(['custom-a', 'custom-b']);
  });

  it.each([
    ['no default export', 'export const x = 1;', /bad\.mjs: has no default export/],
    ['missing evaluate', "export default { meta: {} };", /bad\.mjs: meta\.id/],
    ['a bad severity', `export default { meta: { id: 'x', title: 'T', severity: 'SCARY', resourceType: 'AwsMskCluster', rationale: 'R', remediation: { text: 'X', url: 'https://e.com' }, frameworks: {} }, evaluate() {} };`, /bad\.mjs: meta\.severity/],
    ['an http remediation url', `export default { meta: { id: 'x', title: 'T', severity: 'LOW', resourceType: 'AwsMskCluster', rationale: 'R', remediation: { text: 'X', url: 'http://e.com' }, frameworks: {} }, evaluate() {} };`, /bad\.mjs: meta\.remediation\.url/],
    ['a syntax error', 'export default {', /bad\.mjs: cannot be loaded/],
  ])('rejects a module with %s, naming the file', async (_name, text, message) => {
    const dir = await pluginDir({ 'bad.mjs': text });
    await expect(loadPluginChecks(dir)).rejects.toThrow(message);
  });

  it('rejects a missing directory and a file given as the directory', async () => {
    await expect(loadPluginChecks('/nonexistent/checks')).rejects.toThrow(/no such directory/);
    const dir = await pluginDir({ 'a.txt': '' });
    await expect(loadPluginChecks(join(dir, 'a.txt'))).rejects.toThrow(/not a directory/);
    await mkdir(join(dir, 'empty'));
    await expect(loadPluginChecks(join(dir, 'empty'))).resolves.toEqual([]);
  });
});
