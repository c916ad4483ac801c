import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';

/** A file written piece by piece that appears at its path whole (commit) or not at all (abort). */
export interface AtomicFileStream {
  write(chunk: string | Uint8Array): Promise<void>;
  /**
   * Closes the temporary file and flushes it to disk, without renaming it yet (so several files can be made
   * durable first and then all renamed, e.g. every report of a scan). Optional before commit; idempotent.
   */
  flush(): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * Like writeFileAtomic, for content too large to hold at once: chunks go to a temporary file in the target's
 * directory, which is flushed and renamed over the target on commit and removed on abort.
 */
export async function openAtomicFileStream(path: string): Promise<AtomicFileStream> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temporary = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const stream: WriteStream = createWriteStream(temporary, { flags: 'wx', mode: 0o644 });
  let failure: Error | undefined;
  stream.on('error', (error) => {
    failure = error;
  });
  await Promise.race([once(stream, 'open'), once(stream, 'error').then(([error]) => Promise.reject(error as Error))]);
  let closed = false;
  let flushed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    stream.end();
    await once(stream, 'close');
  };
  const flush = async (): Promise<void> => {
    if (flushed) return;
    await close();
    if (failure) {
      await rm(temporary, { force: true });
      throw failure;
    }
    const handle = await open(temporary, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    flushed = true;
  };
  return {
    write(chunk) {
      if (failure) return Promise.reject(failure);
      // Not an async function, and the text encoded at once: a large string kept alive across the wait for
      // 'drain' (as an async function's frame keeps its arguments) is promoted to the old generation, which made
      // the heap grow by ~150 MiB writing a 380 MiB report. Respect back-pressure so a huge inventory or report
      // never piles up in memory.
      if (stream.write(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk)) return Promise.resolve();
      return once(stream, 'drain').then(() => undefined);
    },
    flush,
    async commit() {
      await flush();
      await rename(temporary, path);
    },
    async abort() {
      await close().catch(() => undefined);
      await rm(temporary, { force: true });
    },
  };
}
