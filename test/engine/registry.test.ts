import { describe, expect, it } from 'vitest';
import { CheckRegistry } from '../../src/engine/registry.js';
import { UsageError } from '../../src/errors.js';
import { builtinChecks } from '../../checks/index.js';

describe('CheckRegistry', () => {
  const registry = new CheckRegistry(builtinChecks);

  it('rejects two checks with one id', () => {
    expect(() => new CheckRegistry([...builtinChecks, builtinChecks[0]!])).toThrow(/defined twice/);
  });

  it('selects all, an include list, or all minus an exclude list, in catalogue order', () => {
    const ids = registry.ids();
    expect(registry.select({}).map((c) => c.meta.id)).toEqual(ids);
    expect(registry.select({ include: [ids[1]!, ids[0]!] }).map((c) => c.meta.id)).toEqual([ids[0], ids[1]]);
    expect(registry.select({ exclude: [ids[0]!] }).map((c) => c.meta.id)).toEqual(ids.slice(1));
  });

  it('names unknown ids instead of ignoring them', () => {
    expect(() => registry.select({ include: ['msk-no-such-check'] }, '--checks')).toThrow(UsageError);
    expect(() => registry.select({ exclude: ['nope'] }, '--exclude-checks')).toThrow(/--exclude-checks: unknown check id nope/);
  });

  it('refuses a selection that leaves nothing to run', () => {
    expect(() => registry.select({ exclude: registry.ids() }, 'config x')).toThrow(/config x leaves no check to run/);
  });
});
