/** Reading an evidence pack from disk into memory (it is never extracted). */
import { readFile, stat } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { DEFAULT_ZIP_LIMITS, MiB } from './zip.js';

/** The pack's bytes; a one-line UsageError (exit 2) when it is missing, not a file, too large or unreadable. */
export async function readPackFile(path: string, maxBytes = DEFAULT_ZIP_LIMITS.maxArchiveBytes): Promise<Uint8Array> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new UsageError(`${path}: no such file`);
  if (!info.isFile()) throw new UsageError(`${path}: not a regular file`);
  if (info.size > maxBytes) throw new UsageError(`${path}: larger than ${Math.floor(maxBytes / MiB)} MiB, too large for an evidence pack`);
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    throw new UsageError(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
