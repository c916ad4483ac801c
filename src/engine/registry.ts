import type { Check } from '../check/index.js';
import { UsageError } from '../errors.js';

export interface CheckSelection {
  include?: readonly string[];
  exclude?: readonly string[];
}

/** The one place checks are known by id: built-in ones and plugins, unique, in catalogue order. */
export class CheckRegistry {
  readonly #checks = new Map<string, Check>();

  constructor(checks: Iterable<Check>) {
    for (const check of checks) {
      const existing = this.#checks.get(check.meta.id);
      if (existing) throw new UsageError(`check id ${check.meta.id} is defined twice`);
      this.#checks.set(check.meta.id, check);
    }
  }

  all(): Check[] {
    return [...this.#checks.values()];
  }

  ids(): string[] {
    return [...this.#checks.keys()];
  }

  has(id: string): boolean {
    return this.#checks.has(id);
  }

  /** The checks to run: all, or only `include`, minus `exclude`. Unknown ids are an error, not ignored. */
  select(selection: CheckSelection, source = 'check selection'): Check[] {
    this.assertKnown(selection.include ?? [], source);
    this.assertKnown(selection.exclude ?? [], source);
    const include = selection.include && selection.include.length > 0 ? new Set(selection.include) : undefined;
    const exclude = new Set(selection.exclude ?? []);
    const selected = this.all().filter((check) => (!include || include.has(check.meta.id)) && !exclude.has(check.meta.id));
    if (selected.length === 0) throw new UsageError(`${source} leaves no check to run`);
    return selected;
  }

  assertKnown(ids: readonly string[], source: string): void {
    const unknown = ids.filter((id) => !this.#checks.has(id));
    if (unknown.length > 0) {
      throw new UsageError(`${source}: unknown check id ${unknown.join(', ')} (see 'msk-audit checks')`);
    }
  }
}
