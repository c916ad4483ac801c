import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { available } from '../../src/inventory/index.js';
import { saveBaseline } from '../../src/drift/baseline-file.js';
import { accountRegion, provisionedCluster } from '../support/fixtures.js';
import { approve } from './support/fixtures.js';

/** Set to make the next rename (the commit of an atomic write) fail, as a full disk or a crash would. */
const failure: { next?: NodeJS.ErrnoException } = {};

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    rename: async (from: string, to: string) => {
      const error = failure.next;
      if (error) {
        failure.next = undefined;
        throw error;
      }
      return actual.rename(from, to);
    },
  };
});

const baseline = approve(accountRegion((r) => (r.clusters = available([provisionedCluster()]))));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'msk-audit-atomic-'));
});

describe('saveBaseline to a file is atomic', () => {
  it('leaves no file at all when the write fails before it is committed', async () => {
    const path = join(dir, 'new.json');
    failure.next = Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    await expect(saveBaseline(baseline, path)).rejects.toThrow(/ENOSPC/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps the previous baseline whole when replacing it fails', async () => {
    const path = join(dir, 'existing.json');
    await saveBaseline({ ...baseline, approvedAt: '2026-01-01T00:00:00.000Z' }, path);
    const before = await readFile(path, 'utf8');
    failure.next = Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
    await expect(saveBaseline(baseline, path)).rejects.toThrow(/EIO/);
    expect(await readFile(path, 'utf8')).toBe(before);
    expect(await readdir(dir)).toEqual(['existing.json']);
  });
});
