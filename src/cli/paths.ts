import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from '../errors.js';

/** Fails before any work starts when an output location cannot be written, so nothing is half-written. */
export async function assertWritableDirectory(path: string, flag: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (info && !info.isDirectory()) throw new UsageError(`${flag} ${path}: exists and is not a directory`);
}

export async function assertWritableFile(path: string, flag: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) throw new UsageError(`${flag} ${path}: is a directory, expected a file path`);
  const parent = await stat(dirname(path)).catch(() => undefined);
  if (parent && !parent.isDirectory()) throw new UsageError(`${flag} ${path}: ${dirname(path)} is not a directory`);
}
