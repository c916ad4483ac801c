import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { DEFAULT_THRESHOLDS } from '../src/check/index.js';
import { temporaryDirectories } from './support/temp-dirs.js';

const newDir = temporaryDirectories('msk-audit-config-');

async function dirWith(config?: unknown): Promise<string> {
  const dir = await newDir();
  if (config !== undefined) {
    await writeFile(join(dir, 'msk-audit.config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  }
  return dir;
}

describe('loadConfig', () => {
  it('uses defaults when there is no config file', async () => {
    const config = await loadConfig(undefined, await dirWith());
    expect(config).toEqual({ source: undefined, include: [], exclude: [], thresholds: DEFAULT_THRESHOLDS, severityOverrides: {} });
  });

  it('finds ./msk-audit.config.json and merges thresholds over the defaults', async () => {
    const dir = await dirWith({ thresholds: { keyRotationMaxDays: 180 }, checks: { exclude: ['msk-enhanced-monitoring'] } });
    const config = await loadConfig(undefined, dir);
    expect(config.thresholds).toEqual({ ...DEFAULT_THRESHOLDS, keyRotationMaxDays: 180 });
    expect(config.exclude).toEqual(['msk-enhanced-monitoring']);
  });

  it.each([
    [{ thresholds: { keyRotationMaxDays: 30 } }, /thresholds\.keyRotationMaxDays: .*90/],
    [{ thresholds: { enhancedMonitoringMinimum: 'LOTS' } }, /thresholds\.enhancedMonitoringMinimum/],
    [{ severityOverrides: { 'msk-at-rest-cmk': 'URGENT' } }, /severityOverrides\.msk-at-rest-cmk/],
    [{ thresholds: { keyRotationDays: 100 } }, /thresholds: Unrecognized key/],
    [{ check: {} }, /\(top level\): Unrecognized key.*check/],
    [[], /\(top level\)/],
    ['{ not json', /not valid JSON/],
  ])('rejects %j naming the field', async (content, message) => {
    const dir = await dirWith(content);
    await expect(loadConfig(undefined, dir)).rejects.toThrow(message);
  });

  it('names a missing file, a directory and an unreadable file', async () => {
    const dir = await dirWith();
    await expect(loadConfig(join(dir, 'missing.json'))).rejects.toThrow(/missing\.json: no such file/);
    await mkdir(join(dir, 'sub'));
    await expect(loadConfig(join(dir, 'sub'))).rejects.toThrow(/sub: not a regular file/);
  });
});
