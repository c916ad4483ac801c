import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { MEMBER_READ_ACTIONS, SCANNER_ACTIONS, SECURITY_HUB_ACTIONS } from '../src/aws/permissions.js';
import { withCatalogue } from '../src/engine/catalogue.js';
import { builtinChecks } from '../checks/index.js';

const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('opens with the two commands a newcomer needs', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(firstBlock).toContain('npm ci && npm run demo');
    expect(firstBlock).toContain('npm test');
  });

  it('shows the member and scanner IAM policies with exactly the actions the scan performs', () => {
    const section = readme.slice(readme.indexOf('## Read-only IAM policy'), readme.indexOf('## Check catalogue'));
    const policies = [...section.matchAll(/```json\n([\s\S]*?)```/g)].map(
      (match) => JSON.parse(match[1]!) as { Statement: { Effect: string; Action: string[] }[] },
    );
    const actionsOf = (policy: (typeof policies)[number]) =>
      policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => s.Action).sort();
    expect(policies).toHaveLength(3);
    expect(actionsOf(policies[0]!)).toEqual([...MEMBER_READ_ACTIONS].sort());
    expect(actionsOf(policies[1]!)).toEqual([...SCANNER_ACTIONS].sort());
    expect(actionsOf(policies[2]!)).toEqual([...SECURITY_HUB_ACTIONS].sort());
    expect([...MEMBER_READ_ACTIONS, ...SCANNER_ACTIONS].every((action) => !action.includes('*'))).toBe(true);
  });

  it('has an up-to-date check catalogue (run `npm run docs` when this fails)', () => {
    expect(readme).toBe(withCatalogue(readme, builtinChecks.map((check) => check.meta)));
  });
});
