import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SCAN_IAM_ACTIONS } from '../src/aws/permissions.js';
import { withCatalogue } from '../src/engine/catalogue.js';
import { builtinChecks } from '../checks/index.js';

const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('opens with the two commands a newcomer needs', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(firstBlock).toContain('npm ci && npm run demo');
    expect(firstBlock).toContain('npm test');
  });

  it('shows an IAM policy with exactly the actions the scan performs', () => {
    const section = readme.slice(readme.indexOf('## Read-only IAM policy'));
    const policy = JSON.parse(/```json\n([\s\S]*?)```/.exec(section)?.[1] ?? '{}') as {
      Statement: { Effect: string; Action: string[] }[];
    };
    const actions = policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => s.Action);
    expect([...actions].sort()).toEqual([...SCAN_IAM_ACTIONS].sort());
    expect(actions.every((action) => !action.includes('*'))).toBe(true);
  });

  it('has an up-to-date check catalogue (run `npm run docs` when this fails)', () => {
    expect(readme).toBe(withCatalogue(readme, builtinChecks.map((check) => check.meta)));
  });
});
