import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import type { RiskException } from '../engine/exceptions.js';

const exceptionSchema = z
  .object({
    id: z.string().min(1).optional(),
    checkId: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a check id'),
    resource: z.string().min(1),
    reason: z.string().trim().min(10, 'must say why the risk is accepted (at least 10 characters)'),
    owner: z.string().trim().min(1),
    expires: z.iso.date('must be a date YYYY-MM-DD'),
  })
  .strict();

const fileSchema = z.object({ exceptions: z.array(exceptionSchema) }).strict();

/** Reads the accepted-risks file (`--exceptions`): `{ "exceptions": [{ checkId, resource, reason, owner, expires }] }`. */
export async function loadExceptions(path: string, knownCheckIds: ReadonlySet<string>): Promise<RiskException[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new UsageError(`--exceptions ${path}: no such file`);
  if (!info.isFile()) throw new UsageError(`--exceptions ${path}: not a regular file`);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const detail = error instanceof SyntaxError ? 'not valid JSON' : `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
    throw new UsageError(`--exceptions ${path}: ${detail}`);
  }
  return parseExceptions(json, path, knownCheckIds);
}

export function parseExceptions(json: unknown, source: string, knownCheckIds: ReadonlySet<string>): RiskException[] {
  const result = fileSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    throw new UsageError(`--exceptions ${source}: ${field}: ${issue?.message ?? 'invalid'}`);
  }
  const ids = new Set<string>();
  return result.data.exceptions.map((entry, index) => {
    if (!knownCheckIds.has(entry.checkId)) throw new UsageError(`--exceptions ${source}: exceptions.${index}.checkId: unknown check id ${entry.checkId}`);
    const id = entry.id ?? `exception-${index + 1}`;
    if (ids.has(id)) throw new UsageError(`--exceptions ${source}: exceptions.${index}.id: duplicate id ${id}`);
    ids.add(id);
    return { id, checkId: entry.checkId, resource: entry.resource, reason: entry.reason, owner: entry.owner, expires: entry.expires };
  });
}
