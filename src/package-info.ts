import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root, found from this module whether it runs from src/ (tsx, vitest) or dist/src/ (built). */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

export const TOOL = { name: manifest.name, version: manifest.version } as const;

export const TEMPLATES_DIR = join(PACKAGE_ROOT, 'templates');

function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    try {
      const candidate = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (candidate.name === 'msk-audit') return dir;
    } catch {
      // not here; keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`msk-audit's package.json was not found above ${start}`);
    dir = parent;
  }
}
