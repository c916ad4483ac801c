import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, NoSuchBucket, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { available } from '../../src/inventory/index.js';
import { assertBaselineOutput, loadBaseline, parseBaseline, parseS3Uri, saveBaseline } from '../../src/drift/baseline-file.js';
import { UsageError } from '../../src/errors.js';
import { accountRegion, provisionedCluster, serverlessCluster } from '../support/fixtures.js';
import { inventoryOf } from '../support/inventory.js';
import { approve } from './support/fixtures.js';

const baseline = approve(accountRegion((r) => (r.clusters = available([provisionedCluster(), serverlessCluster()]))));
const text = `${JSON.stringify(baseline, null, 2)}\n`;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'msk-audit-baseline-'));
});

async function file(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function usageError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  const message = (error as Error).message;
  expect(message).not.toContain('\n');
  return message;
}

describe('loadBaseline from a file', () => {
  it('loads what saveBaseline wrote, unchanged', async () => {
    const path = join(dir, 'round-trip.json');
    await saveBaseline(baseline, path);
    expect(await loadBaseline(path)).toEqual(baseline);
    expect(await readFile(path, 'utf8')).toBe(text);
  });

  it('names the file and the problem: missing file', async () => {
    const path = join(dir, 'missing.json');
    expect(await usageError(loadBaseline(path))).toBe(`baseline ${path}: no such file`);
  });

  it('a directory instead of a file', async () => {
    const path = join(dir, 'a-directory');
    await mkdir(path);
    expect(await usageError(loadBaseline(path))).toBe(`baseline ${path}: is a directory, not a file`);
  });

  it('corrupt JSON', async () => {
    const path = await file('corrupt.json', '{"kind": "msk-audit-baseline", oops}');
    expect(await usageError(loadBaseline(path))).toBe(`baseline ${path}: not valid JSON (the file is corrupt or truncated)`);
  });

  it('a truncated file', async () => {
    const path = await file('truncated.json', text.slice(0, Math.floor(text.length / 2)));
    expect(await usageError(loadBaseline(path))).toMatch(/not valid JSON \(the file is corrupt or truncated\)$/);
  });

  it('an empty file', async () => {
    expect(await usageError(loadBaseline(await file('empty.json', '')))).toMatch(/: is empty$/);
  });

  it('a foreign document (another kind)', async () => {
    const path = await file('report.json', JSON.stringify({ kind: 'msk-audit-scan', schemaVersion: 1 }));
    expect(await usageError(loadBaseline(path))).toBe(`baseline ${path}: not an msk-audit baseline (it has kind "msk-audit-scan"; expected "msk-audit-baseline")`);
    expect(await usageError(loadBaseline(await file('array.json', '[1, 2]')))).toMatch(/not an msk-audit baseline \(it has no "kind"/);
  });

  it('an inventory, with the command that turns it into a baseline', async () => {
    const path = await file('inventory.json', JSON.stringify(inventoryOf([accountRegion()])));
    expect(await usageError(loadBaseline(path))).toMatch(/is an msk-audit inventory, not a baseline \(approve one with `msk-audit baseline approve --from-inventory/);
  });

  it('a baseline from a newer msk-audit (future schema version)', async () => {
    const path = await file('future.json', JSON.stringify({ ...baseline, schemaVersion: 2 }));
    expect(await usageError(loadBaseline(path))).toBe(
      `baseline ${path}: written by a newer msk-audit (baseline schema version 2; this version reads 1) — upgrade msk-audit`,
    );
  });

  it('an unsupported schema version', async () => {
    const path = await file('zero.json', JSON.stringify({ ...baseline, schemaVersion: 0 }));
    expect(await usageError(loadBaseline(path))).toMatch(/schema version 0 is not supported/);
  });

  it('an invalid field, by its path', async () => {
    const arn = Object.keys(baseline.clusters)[0]!;
    const broken = structuredClone(baseline) as unknown as { clusters: Record<string, { state: Record<string, unknown> }> };
    broken.clusters[arn]!.state['encryption.inTransit.clientBroker'] = { nested: true };
    const path = await file('invalid.json', JSON.stringify(broken));
    expect(await usageError(loadBaseline(path))).toMatch(new RegExp(`: clusters\\.${arn.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\.state\\.encryption\\.inTransit\\.clientBroker: `));
    expect(await usageError(loadBaseline(await file('no-time.json', JSON.stringify({ ...baseline, approvedAt: 'yesterday' }))))).toMatch(/: approvedAt: /);
  });

  it('a cluster of an account-region the baseline does not list', async () => {
    const path = await file('uncovered.json', JSON.stringify({ ...baseline, accountRegions: [] }));
    expect(await usageError(loadBaseline(path))).toMatch(/its account-region 111122223333\/eu-west-1 is not listed in accountRegions/);
  });

  it('parseBaseline validates a document in memory', () => {
    expect(parseBaseline(JSON.parse(text), 'memory')).toEqual(baseline);
  });
});

describe('S3 locations', () => {
  const s3 = mockClient(S3Client);
  const options = { s3Client: () => new S3Client({ region: 'eu-west-1' }) };
  afterEach(() => s3.reset());

  it('parses s3://bucket/key and rejects malformed URIs', () => {
    expect(parseS3Uri('s3://audit-bucket/baselines/prod.json')).toEqual({ bucket: 'audit-bucket', key: 'baselines/prod.json' });
    expect(parseS3Uri('baselines/prod.json')).toBeUndefined();
    expect(() => parseS3Uri('s3://bucket-only')).toThrow(UsageError);
    expect(() => parseS3Uri('s3:///key')).toThrow(/not a valid S3 location \(expected s3:\/\/bucket\/key\)/);
  });

  it('loads a baseline with GetObject', async () => {
    s3.on(GetObjectCommand, { Bucket: 'audit-bucket', Key: 'prod.json' }).resolves({
      Body: { transformToString: async () => text } as never,
    });
    expect(await loadBaseline('s3://audit-bucket/prod.json', options)).toEqual(baseline);
  });

  it('names a missing object, a missing bucket and a denied read', async () => {
    s3.on(GetObjectCommand, { Key: 'missing.json' }).rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }));
    s3.on(GetObjectCommand, { Bucket: 'no-bucket' }).rejects(new NoSuchBucket({ message: 'The specified bucket does not exist', $metadata: {} }));
    s3.on(GetObjectCommand, { Key: 'secret.json' }).rejects(
      new S3ServiceException({ name: 'AccessDenied', $fault: 'client', message: 'Access Denied', $metadata: {} }),
    );
    expect(await usageError(loadBaseline('s3://audit-bucket/missing.json', options))).toBe('baseline s3://audit-bucket/missing.json: no such object');
    expect(await usageError(loadBaseline('s3://no-bucket/prod.json', options))).toBe('baseline s3://no-bucket/prod.json: no such bucket');
    expect(await usageError(loadBaseline('s3://audit-bucket/secret.json', options))).toBe(
      'baseline s3://audit-bucket/secret.json: access denied (s3:GetObject): Access Denied',
    );
  });

  it('rejects a corrupt or foreign S3 object like a file', async () => {
    s3.on(GetObjectCommand, { Key: 'truncated.json' }).resolves({ Body: { transformToString: async () => text.slice(0, 100) } as never });
    s3.on(GetObjectCommand, { Key: 'future.json' }).resolves({
      Body: { transformToString: async () => JSON.stringify({ ...baseline, schemaVersion: 9 }) } as never,
    });
    expect(await usageError(loadBaseline('s3://audit-bucket/truncated.json', options))).toMatch(/^baseline s3:\/\/audit-bucket\/truncated.json: not valid JSON/);
    expect(await usageError(loadBaseline('s3://audit-bucket/future.json', options))).toMatch(/written by a newer msk-audit \(baseline schema version 9/);
  });

  it('saves with one PutObject, as JSON, leaving encryption to the bucket default', async () => {
    s3.on(PutObjectCommand).resolves({});
    await saveBaseline(baseline, 's3://audit-bucket/baselines/prod.json', options);
    const calls = s3.commandCalls(PutObjectCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input).toEqual({ Bucket: 'audit-bucket', Key: 'baselines/prod.json', Body: text, ContentType: 'application/json' });
    expect(input).not.toHaveProperty('ServerSideEncryption');
  });

  it('reports a failed PutObject as a usage error naming the location', async () => {
    s3.on(PutObjectCommand).rejects(new NoSuchBucket({ message: 'The specified bucket does not exist', $metadata: {} }));
    expect(await usageError(saveBaseline(baseline, 's3://gone-bucket/prod.json', options))).toBe('--output s3://gone-bucket/prod.json: no such bucket');
  });
});

describe('saving to a file never leaves a partial or foreign file behind', () => {
  it('refuses a directory, and an existing file that is not a baseline, leaving it as it was', async () => {
    const folder = join(dir, 'out-dir');
    await mkdir(folder);
    expect(await usageError(saveBaseline(baseline, folder))).toMatch(/is a directory, expected a file path/);
    const inventory = await file('keep-inventory.json', JSON.stringify(inventoryOf([accountRegion()])));
    const before = await readFile(inventory, 'utf8');
    expect(await usageError(saveBaseline(baseline, inventory))).toMatch(/exists and is not an msk-audit baseline \(kind "msk-audit-inventory"\); refusing to overwrite it/);
    expect(await readFile(inventory, 'utf8')).toBe(before);
    const notes = await file('notes.txt', 'my notes');
    expect(await usageError(assertBaselineOutput(notes))).toMatch(/not JSON\); refusing to overwrite it/);
  });

  it('writes nothing when the document is invalid, keeping the old baseline', async () => {
    const path = join(dir, 'keep.json');
    await saveBaseline(baseline, path);
    const broken = { ...baseline, approvedAt: 'not a time' };
    await expect(saveBaseline(broken, path)).rejects.toThrow(/approvedAt/);
    expect(await readFile(path, 'utf8')).toBe(text);
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('overwrites an older baseline', async () => {
    const path = join(dir, 'replace.json');
    await saveBaseline({ ...baseline, approvedAt: '2026-01-01T00:00:00.000Z' }, path);
    await saveBaseline(baseline, path);
    expect((await loadBaseline(path)).approvedAt).toBe(baseline.approvedAt);
  });
});
