/**
 * Baseline documents on disk or in S3: loaded and validated (zod), saved atomically. Every problem a user can
 * fix (missing, corrupt, foreign or newer file; unreadable S3 object) is a one-line UsageError naming the
 * location.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { createClientFactory, type CommonClientConfig } from '../aws/clients.js';
import { resolveCredentials } from '../aws/credentials.js';
import { defaultRegion } from '../aws/region.js';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { BASELINE_SCHEMA_VERSION, type Baseline } from '../inventory/index.js';

export const BASELINE_KIND = 'msk-audit-baseline';

export interface StorageOptions {
  /** The S3 client for s3:// locations, created on first use. Default: the SDK's default chain (or `profile`). */
  s3Client?: () => S3Client;
  /** The AWS profile for the default S3 client. */
  profile?: string;
}

export interface S3Location {
  bucket: string;
  key: string;
}

/** `s3://bucket/key` → bucket and key; undefined for a file path; a UsageError for a malformed s3:// URI. */
export function parseS3Uri(location: string): S3Location | undefined {
  if (!/^s3:\/\//i.test(location)) return undefined;
  const match = /^s3:\/\/([^/]+)\/(.+)$/i.exec(location);
  if (!match || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(match[1]!)) {
    throw new UsageError(`${location}: not a valid S3 location (expected s3://bucket/key)`);
  }
  return { bucket: match[1]!, key: match[2]! };
}

const accountRegion = z.object({ account: z.string().regex(/^\d{12}$/, 'must be a 12-digit account id'), region: z.string().min(1) });
const stateValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);

const baselineSchema = z
  .object({
    kind: z.literal(BASELINE_KIND),
    schemaVersion: z.literal(BASELINE_SCHEMA_VERSION),
    tool: z.object({ name: z.string(), version: z.string() }),
    approvedAt: z.iso.datetime(),
    source: z.object({ scanId: z.string().optional(), collectedAt: z.iso.datetime(), caller: z.string().optional() }),
    accountRegions: z.array(accountRegion),
    clusters: z.record(
      z.string().regex(/^arn:[\w-]+:kafka:[a-z0-9-]+:\d{12}:cluster\/.+/, 'must be an MSK cluster ARN'),
      accountRegion.extend({ name: z.string().optional(), state: z.record(z.string(), stateValue) }),
    ),
  })
  .superRefine((baseline, context) => {
    const covered = new Set(baseline.accountRegions.map((entry) => `${entry.account}/${entry.region}`));
    for (const [arn, cluster] of Object.entries(baseline.clusters)) {
      if (!covered.has(`${cluster.account}/${cluster.region}`)) {
        context.addIssue({
          code: 'custom',
          path: ['clusters', arn],
          message: `its account-region ${cluster.account}/${cluster.region} is not listed in accountRegions`,
        });
      }
    }
  });

/** Validates a parsed document; `source` names it in errors. */
export function parseBaseline(json: unknown, source: string): Baseline {
  const kind = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as { kind?: unknown }).kind : undefined;
  if (kind !== BASELINE_KIND) {
    if (kind === 'msk-audit-inventory') {
      throw new UsageError(`baseline ${source}: is an msk-audit inventory, not a baseline (approve one with \`msk-audit baseline approve --from-inventory ${source} --output FILE\`)`);
    }
    const found = kind === undefined ? 'has no "kind"' : `has kind ${JSON.stringify(kind)}`;
    throw new UsageError(`baseline ${source}: not an msk-audit baseline (it ${found}; expected "${BASELINE_KIND}")`);
  }
  const version = (json as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version === 'number' && version > BASELINE_SCHEMA_VERSION) {
    throw new UsageError(
      `baseline ${source}: written by a newer msk-audit (baseline schema version ${version}; this version reads ${BASELINE_SCHEMA_VERSION}) — upgrade msk-audit`,
    );
  }
  if (version !== BASELINE_SCHEMA_VERSION) {
    throw new UsageError(`baseline ${source}: schema version ${JSON.stringify(version ?? null)} is not supported (this msk-audit reads version ${BASELINE_SCHEMA_VERSION})`);
  }
  const result = baselineSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new UsageError(`baseline ${source}: ${issue?.path.join('.') || '(top level)'}: ${issue?.message ?? 'invalid'}`);
  }
  const baseline = result.data as Baseline;
  // Keyed by cluster ARN: an ARN such as "constructor" read from an inventory must not find Object.prototype.
  baseline.clusters = Object.assign(Object.create(null) as object, baseline.clusters);
  return baseline;
}

/** Parses JSON text, naming the document and the problem on failure. */
export function parseJsonText(text: string, label: string): unknown {
  if (text.trim() === '') throw new UsageError(`${label}: is empty`);
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${label}: not valid JSON (the file is corrupt or truncated)`);
  }
}

/** The text of a local file or an S3 object; `label` (e.g. "baseline") prefixes every error. */
export async function readLocation(location: string, label: string, options: StorageOptions = {}): Promise<string> {
  const s3 = parseS3Uri(location);
  if (s3) return withS3(options, (client) => readS3(client, s3, `${label} ${location}`));
  const info = await stat(location).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) {
    throw new UsageError(info.code === 'ENOENT' ? `${label} ${location}: no such file` : `${label} ${location}: cannot be read (${info.code ?? info.message})`);
  }
  if (info.isDirectory()) throw new UsageError(`${label} ${location}: is a directory, not a file`);
  if (!info.isFile()) throw new UsageError(`${label} ${location}: not a regular file`);
  try {
    return await readFile(location, 'utf8');
  } catch (error) {
    throw new UsageError(`${label} ${location}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/** Reads and validates a baseline from a file or `s3://bucket/key`. */
export async function loadBaseline(location: string, options: StorageOptions = {}): Promise<Baseline> {
  const text = await readLocation(location, 'baseline', options);
  return parseBaseline(parseJsonText(text, `baseline ${location}`), location);
}

/**
 * Fails before any work starts when the baseline cannot be written there: a malformed S3 URI, a directory, a
 * missing-parent-that-is-a-file, or an existing file that is not a baseline (never overwritten).
 */
export async function assertBaselineOutput(location: string): Promise<void> {
  if (parseS3Uri(location)) return;
  const info = await stat(location).catch(() => undefined);
  if (info?.isDirectory()) throw new UsageError(`--output ${location}: is a directory, expected a file path`);
  const parent = await stat(dirname(location)).catch(() => undefined);
  if (parent && !parent.isDirectory()) throw new UsageError(`--output ${location}: ${dirname(location)} is not a directory`);
  if (!info) return;
  let kind: unknown;
  try {
    const json: unknown = JSON.parse(await readFile(location, 'utf8'));
    kind = typeof json === 'object' && json !== null ? (json as { kind?: unknown }).kind : undefined;
  } catch {
    throw new UsageError(`--output ${location}: exists and is not an msk-audit baseline (not JSON); refusing to overwrite it`);
  }
  if (kind !== BASELINE_KIND) {
    throw new UsageError(`--output ${location}: exists and is not an msk-audit baseline (kind ${JSON.stringify(kind ?? null)}); refusing to overwrite it`);
  }
}

/**
 * Writes the baseline whole or not at all: validated first, then a local file is written atomically (temporary
 * file, fsync, rename) and an S3 object with one PutObject (encrypted as the bucket's default encryption says).
 */
export async function saveBaseline(baseline: Baseline, location: string, options: StorageOptions = {}): Promise<void> {
  let text: string;
  try {
    text = `${JSON.stringify(baseline, null, 2)}\n`;
  } catch (error) {
    throw new Error(`internal: the baseline cannot be serialised: ${error instanceof Error ? error.message : String(error)}`);
  }
  // Never write a document that would not load back.
  parseBaseline(JSON.parse(text), location);
  const s3 = parseS3Uri(location);
  if (s3) {
    await withS3(options, (client) => writeS3(client, s3, text, location));
    return;
  }
  await assertBaselineOutput(location);
  await writeFileAtomic(location, text);
}

async function readS3(client: S3Client, { bucket, key }: S3Location, label: string): Promise<string> {
  try {
    const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!response.Body) throw new UsageError(`${label}: the object has no body`);
    return await response.Body.transformToString('utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${label}: ${describeS3Error(error, 'GetObject')}`);
  }
}

async function writeS3(client: S3Client, { bucket, key }: S3Location, text: string, location: string): Promise<void> {
  try {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: text, ContentType: 'application/json' }));
  } catch (error) {
    throw new UsageError(`--output ${location}: ${describeS3Error(error, 'PutObject')}`);
  }
}

function describeS3Error(error: unknown, operation: string): string {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  switch (name) {
    case 'NoSuchKey':
    case 'NotFound':
      return 'no such object';
    case 'NoSuchBucket':
      return 'no such bucket';
    case 'AccessDenied':
    case 'Forbidden':
      return `access denied (s3:${operation}): ${message}`;
    default:
      return `s3:${operation} failed with ${name}: ${message}`;
  }
}

/** S3Client that follows a bucket's region redirect, built by the shared client factory. */
class RedirectingS3Client extends S3Client {
  constructor(config: CommonClientConfig) {
    super({ ...config, followRegionRedirects: true } satisfies S3ClientConfig);
  }
}

async function withS3<T>(options: StorageOptions, use: (client: S3Client) => Promise<T>): Promise<T> {
  if (options.s3Client) return use(options.s3Client());
  const factory = createClientFactory({ credentials: resolveCredentials(options.profile === undefined ? {} : { profile: options.profile }) });
  try {
    // Any region will do: the client follows the bucket's region redirect.
    const region = await defaultRegion(options.profile).catch(() => 'us-east-1');
    return await use(factory.client(RedirectingS3Client, region));
  } finally {
    factory.destroy();
  }
}
