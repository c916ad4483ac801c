import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Check } from '../check/index.js';
import { UsageError } from '../errors.js';
import { parseCheck } from './check-shape.js';

const MODULE_FILE = /\.(?:m?js|m?ts)$/;
const TYPESCRIPT_FILE = /\.m?ts$/;

/**
 * Loads user checks from a directory: every .js/.mjs/.ts/.mts file (not .d.ts) must default-export a check
 * or an array of checks with the built-in interface. Anything else is rejected naming the file.
 */
export async function loadPluginChecks(directory: string): Promise<Check[]> {
  const dir = resolve(directory);
  const info = await stat(dir).catch(() => undefined);
  if (!info) throw new UsageError(`--checks-dir ${directory}: no such directory`);
  if (!info.isDirectory()) throw new UsageError(`--checks-dir ${directory}: not a directory`);

  const files = (await readdir(dir)).filter((name) => MODULE_FILE.test(name) && !name.endsWith('.d.ts')).sort();
  const checks: Check[] = [];
  for (const name of files) {
    const file = join(dir, name);
    const exported = await importModule(file);
    const candidates = Array.isArray(exported) ? exported : [exported];
    if (candidates.length === 0) throw new UsageError(`check plugin ${file}: exports no check`);
    for (const candidate of candidates) {
      const parsed = parseCheck(candidate);
      if (!parsed.ok) throw new UsageError(`check plugin ${file}: ${parsed.problem}`);
      checks.push(parsed.check);
    }
  }
  return checks;
}

async function importModule(file: string): Promise<unknown> {
  let module: { default?: unknown };
  try {
    if (TYPESCRIPT_FILE.test(file)) {
      const { tsImport } = await import('tsx/esm/api');
      module = (await tsImport(pathToFileURL(file).href, import.meta.url)) as { default?: unknown };
    } else {
      module = (await import(pathToFileURL(file).href)) as { default?: unknown };
    }
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`check plugin ${file}: cannot be loaded: ${message}`);
  }
  if (!('default' in module) || module.default === undefined) {
    throw new UsageError(`check plugin ${file}: has no default export (export default a check or an array of checks)`);
  }
  // tsx wraps CommonJS-style interop in a second `default` layer.
  const value = module.default as { default?: unknown };
  return typeof value === 'object' && value !== null && 'default' in value && !('meta' in value) ? value.default : value;
}
