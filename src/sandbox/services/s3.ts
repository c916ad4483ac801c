/**
 * Amazon S3 (REST-XML), the minimum the Lambda deployment needs: PutObject, GetObject, HeadObject,
 * ListObjectsV2, plus HeadBucket and GetBucketLocation (what the SDK's region-redirect handling may ask); and, for the
 * broker-log check, GetBucketLifecycleConfiguration and GetBucketEncryption (their XML derived from the SDK schemas).
 *
 * Addressing: path style (`/bucket/key`, what the SDK sends to an IP endpoint such as the sandbox's
 * http://127.0.0.1:PORT, and with `forcePathStyle`) and virtual-host style (`bucket.localhost:PORT/key`,
 * `bucket.s3.eu-west-1.amazonaws.com/key`). The SDK's `?x-id=Operation` marker is ignored.
 *
 * Buckets come from the estate (`accounts[].s3.buckets`): each belongs to its account and lives in one region.
 * Only principals of the owner account (or of `allowAccounts`) get in; anyone else gets AccessDenied. A request
 * signed for another region gets 301 PermanentRedirect with `x-amz-bucket-region`, as path-style S3 answers.
 * Bodies: plain, or `aws-chunked` (the SDK's streaming uploads, trailing checksum included). Content-MD5 and
 * x-amz-checksum-crc32 / -sha1 / -sha256 are verified (BadDigest); a bucket with Object Lock default retention
 * requires one of them, as S3 does. Responses carry ETag (MD5), Last-Modified, the encryption S3 applied
 * (SSE-KMS with the bucket's key, else SSE-S3), a version id on a versioned bucket, the Object Lock mode and
 * retain-until date, and the stored checksum when the caller sends `x-amz-checksum-mode: ENABLED`.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as zlib from 'node:zlib';
import { AwsError } from '../errors.js';
import type { IncomingCall, ModelObject, Protocol, WireResponse } from '../protocols/types.js';
import { BucketLifecycleConfiguration$, ServerSideEncryptionConfiguration$ } from '@aws-sdk/client-s3';
import { shapeOf } from '../wire/shapes.js';
import { escapeXml, structToXml } from '../wire/xml.js';
import type { World } from '../world.js';
import type { ServiceContext, ServiceDefinition } from './types.js';

const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const MAX_KEYS = 1000;

export interface S3StoredObject {
  key: string;
  body: Buffer;
  etag: string;
  lastModified: Date;
  contentType: string;
  metadata: Record<string, string>;
  /** Checksums the uploader sent (header name without `x-amz-checksum-` → base64 value). */
  checksums: Record<string, string>;
  versionId?: string;
  retainUntil?: Date;
}

export interface S3Bucket {
  name: string;
  owner: string;
  region: string;
  versioning: boolean;
  kmsKeyId?: string;
  objectLock?: { mode: 'GOVERNANCE' | 'COMPLIANCE'; days: number };
  allowAccounts: string[];
  objects: Map<string, S3StoredObject>;
  /** Every version written, oldest first (versioned buckets keep them all). */
  versions: S3StoredObject[];
  /** Lifecycle rules (SDK LifecycleRule shape); absent: no lifecycle configuration. */
  lifecycleRules?: Record<string, unknown>[];
}

/** The S3 state of one sandbox: its buckets by name, built from the estate on first use. */
const states = new WeakMap<World, Map<string, S3Bucket>>();

export function s3Buckets(world: World): Map<string, S3Bucket> {
  let buckets = states.get(world);
  if (buckets) return buckets;
  buckets = new Map();
  for (const account of world.estate.accounts) {
    for (const spec of account.s3?.buckets ?? []) {
      const bucket: S3Bucket = {
        name: spec.name,
        owner: account.id,
        region: spec.region,
        versioning: spec.versioning || spec.objectLock !== undefined,
        ...(spec.encryption?.kmsKeyId ? { kmsKeyId: spec.encryption.kmsKeyId } : {}),
        ...(spec.objectLock ? { objectLock: spec.objectLock } : {}),
        allowAccounts: spec.allowAccounts,
        ...(spec.lifecycleRules ? { lifecycleRules: spec.lifecycleRules } : {}),
        objects: new Map(),
        versions: [],
      };
      for (const seed of spec.objects) {
        const body = Buffer.from(seed.body, 'utf8');
        store(bucket, {
          key: seed.key,
          body,
          etag: md5Hex(body),
          lastModified: seed.lastModified ? new Date(seed.lastModified) : world.clock.now(),
          contentType: seed.contentType ?? 'binary/octet-stream',
          metadata: {},
          checksums: {},
        });
      }
      buckets.set(bucket.name, bucket);
    }
  }
  states.set(world, buckets);
  return buckets;
}

function store(bucket: S3Bucket, object: S3StoredObject): S3StoredObject {
  const stored: S3StoredObject = {
    ...object,
    ...(bucket.versioning ? { versionId: randomBytes(24).toString('base64url') } : {}),
    ...(bucket.objectLock ? { retainUntil: new Date(object.lastModified.getTime() + bucket.objectLock.days * 86_400_000) } : {}),
  };
  bucket.objects.set(object.key, stored);
  bucket.versions.push(stored);
  return stored;
}

const md5Hex = (body: Buffer) => createHash('md5').update(body).digest('hex');

// ---------------------------------------------------------------------------------------------------------
// Protocol: REST-XML routing by method, bucket, key and sub-resource.

type Operation = 'PutObject' | 'GetObject' | 'HeadObject' | 'ListObjectsV2' | 'HeadBucket' | 'GetBucketLocation' | 'GetBucketLifecycleConfiguration' | 'GetBucketEncryption';

/** The raw HTTP answer a handler builds; the protocol sends it as is. */
interface HttpAnswer {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

const answer = (output: ModelObject): HttpAnswer => (output.$http ?? {}) as HttpAnswer;

/** `bucket.localhost:4566`, `bucket.127.0.0.1`, `bucket.s3.eu-west-1.amazonaws.com` → bucket; undefined = path style. */
export function virtualHostBucket(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const hostname = host.replace(/:\d+$/, '').toLowerCase();
  const aws = /^(.+)\.s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?$/.exec(hostname);
  if (aws) return aws[1];
  const dot = hostname.indexOf('.');
  if (dot <= 0) return undefined;
  const rest = hostname.slice(dot + 1);
  return rest === 'localhost' || /^\d{1,3}(\.\d{1,3}){3}$/.test(rest) ? hostname.slice(0, dot) : undefined;
}

/** Splits the raw request path into bucket and key (percent-decoded), honouring virtual-host addressing. */
export function addressOf(call: IncomingCall): { bucket?: string; key?: string } {
  const host = call.headers.host;
  const fromHost = virtualHostBucket(typeof host === 'string' ? host : undefined);
  const path = call.path.startsWith('/') ? call.path.slice(1) : call.path;
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text);
    } catch {
      throw new AwsError('InvalidURI', "Couldn't parse the specified URI.", 400);
    }
  };
  if (fromHost !== undefined) return { bucket: fromHost, ...(path ? { key: decode(path) } : {}) };
  if (!path) return {};
  const slash = path.indexOf('/');
  if (slash < 0) return { bucket: decode(path) };
  const key = path.slice(slash + 1);
  return { bucket: decode(path.slice(0, slash)), ...(key ? { key: decode(key) } : {}) };
}

/** Sub-resources this sandbox does not serve (multipart uploads, tagging, ACLs, …). */
const UNSUPPORTED_SUBRESOURCES = ['uploads', 'uploadId', 'partNumber', 'tagging', 'acl', 'retention', 'legal-hold', 'versions', 'versioning', 'policy', 'object-lock', 'delete', 'restore', 'select', 'torrent', 'attributes', 'cors', 'website', 'logging', 'notification', 'replication', 'requestPayment', 'accelerate', 'analytics', 'inventory', 'metrics', 'ownershipControls', 'publicAccessBlock', 'policyStatus', 'intelligent-tiering'];

class RestXmlS3Protocol implements Protocol {
  readonly kind = 'rest-xml' as const;

  resolve(call: IncomingCall): { operation: string; input: ModelObject } {
    const { bucket, key } = addressOf(call);
    const unsupported = UNSUPPORTED_SUBRESOURCES.find((name) => call.query.has(name));
    const notImplemented = (what: string) => new AwsError('NotImplemented', `A header or query you provided implies functionality that is not implemented (${what}).`, 501);
    if (unsupported) throw notImplemented(`?${unsupported}`);
    if (bucket === undefined) throw notImplemented('ListBuckets');
    const input: ModelObject = { Bucket: bucket, call };
    let operation: Operation;
    if (key === undefined) {
      if (call.method === 'GET' && call.query.get('list-type') === '2') operation = 'ListObjectsV2';
      else if (call.method === 'GET' && call.query.has('location')) operation = 'GetBucketLocation';
      else if (call.method === 'HEAD') operation = 'HeadBucket';
      else if (call.method === 'GET' && call.query.has('lifecycle')) operation = 'GetBucketLifecycleConfiguration';
      else if (call.method === 'GET' && call.query.has('encryption')) operation = 'GetBucketEncryption';
      else throw notImplemented(`${call.method} on a bucket`);
    } else {
      input.Key = key;
      if (call.method === 'PUT') {
        if (call.headers['x-amz-copy-source'] !== undefined) throw notImplemented('CopyObject');
        operation = 'PutObject';
      } else if (call.method === 'GET') operation = 'GetObject';
      else if (call.method === 'HEAD') operation = 'HeadObject';
      else throw notImplemented(`${call.method} on an object`);
    }
    return { operation, input };
  }

  success(_operation: string, output: ModelObject, requestId: string): WireResponse {
    const http = answer(output);
    return {
      status: http.status ?? 200,
      headers: { 'x-amz-request-id': requestId, 'x-amz-id-2': hostId(requestId), ...(http.headers ?? {}) },
      body: http.body ?? '',
    };
  }

  error(err: AwsError, requestId: string): WireResponse {
    const extra = Object.entries(err.extra)
      .filter(([name]) => !name.startsWith('header:'))
      .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
      .join('');
    const headers: Record<string, string> = { 'content-type': 'application/xml', 'x-amz-request-id': requestId, 'x-amz-id-2': hostId(requestId) };
    for (const [name, value] of Object.entries(err.extra)) if (name.startsWith('header:')) headers[name.slice('header:'.length)] = value;
    return {
      status: err.status,
      headers,
      body:
        `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(err.code)}</Code><Message>${escapeXml(err.message)}</Message>` +
        `${extra}<RequestId>${escapeXml(requestId)}</RequestId><HostId>${hostId(requestId)}</HostId></Error>`,
    };
  }

  malformedBody(): string {
    return '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>';
  }
}

const hostId = (requestId: string) => createHash('sha256').update(requestId).digest('base64');

// ---------------------------------------------------------------------------------------------------------
// Handlers.

const noSuchBucket = (bucket: string) => new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket });
const noSuchKey = (key: string) => new AwsError('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });
const invalidArgument = (message: string, name: string, value: string) => new AwsError('InvalidArgument', message, 400, { ArgumentName: name, ArgumentValue: value });

function header(call: IncomingCall, name: string): string | undefined {
  const value = call.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** The bucket, checked for existence, access and region (in S3's order: existence, region, access). */
function bucketFor(ctx: ServiceContext, input: ModelObject): S3Bucket {
  const name = String(input.Bucket);
  const bucket = s3Buckets(ctx.world).get(name);
  if (!bucket) throw noSuchBucket(name);
  if (bucket.region !== ctx.region) {
    throw new AwsError('PermanentRedirect', 'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.', 301, {
      Bucket: name,
      Endpoint: `${name}.s3.${bucket.region}.amazonaws.com`,
      'header:x-amz-bucket-region': bucket.region,
    });
  }
  if (ctx.account !== bucket.owner && !bucket.allowAccounts.includes(ctx.account)) throw new AwsError('AccessDenied', 'Access Denied', 403);
  return bucket;
}

/** Decodes an `aws-chunked` body: `<hex size>[;chunk-signature=…]\r\n<data>\r\n` … `0…\r\n<trailers>\r\n`. */
export function decodeAwsChunked(body: Buffer): { data: Buffer; trailers: Record<string, string> } {
  const chunks: Buffer[] = [];
  const trailers: Record<string, string> = {};
  let offset = 0;
  const malformed = () => new AwsError('IncompleteBody', 'The request body terminated unexpectedly', 400);
  for (;;) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd < 0) throw malformed();
    const size = Number.parseInt(body.subarray(offset, lineEnd).toString('latin1').split(';')[0] ?? '', 16);
    if (!Number.isFinite(size) || size < 0) throw malformed();
    offset = lineEnd + 2;
    if (size === 0) break;
    if (offset + size > body.length) throw malformed();
    chunks.push(body.subarray(offset, offset + size));
    offset += size;
    if (body.subarray(offset, offset + 2).toString('latin1') === '\r\n') offset += 2;
  }
  for (const line of body.subarray(offset).toString('latin1').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { data: Buffer.concat(chunks), trailers };
}

const CHECKSUMS: Record<string, (data: Buffer) => string | undefined> = {
  crc32: (data) => {
    const crc32 = (zlib as unknown as { crc32?: (data: Buffer) => number }).crc32;
    if (!crc32) return undefined; // Node < 20.15: accepted unverified
    const out = Buffer.alloc(4);
    out.writeUInt32BE(crc32(data) >>> 0);
    return out.toString('base64');
  },
  sha1: (data) => createHash('sha1').update(data).digest('base64'),
  sha256: (data) => createHash('sha256').update(data).digest('base64'),
};

function putObject(ctx: ServiceContext, input: ModelObject): ModelObject {
  const bucket = bucketFor(ctx, input);
  const key = String(input.Key);
  const call = input.call as IncomingCall;
  if (Buffer.byteLength(key, 'utf8') > 1024) throw new AwsError('KeyTooLongError', 'Your key is too long', 400);
  let data = call.body;
  const given: Record<string, string> = {};
  for (const [name, value] of Object.entries(call.headers)) {
    if (name.startsWith('x-amz-checksum-') && name !== 'x-amz-checksum-type' && typeof value === 'string') given[name.slice('x-amz-checksum-'.length)] = value;
  }
  const contentSha = header(call, 'x-amz-content-sha256') ?? '';
  if (contentSha.startsWith('STREAMING-') || (header(call, 'content-encoding') ?? '').includes('aws-chunked')) {
    const decoded = decodeAwsChunked(call.body);
    data = decoded.data;
    for (const [name, value] of Object.entries(decoded.trailers)) if (name.startsWith('x-amz-checksum-')) given[name.slice('x-amz-checksum-'.length)] = value;
    const declared = header(call, 'x-amz-decoded-content-length');
    if (declared !== undefined && Number(declared) !== data.length) throw new AwsError('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header', 400);
  } else if (/^[0-9a-f]{64}$/.test(contentSha) && createHash('sha256').update(data).digest('hex') !== contentSha) {
    throw new AwsError('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", 400);
  }
  const md5 = header(call, 'content-md5');
  if (md5 !== undefined) {
    if (!/^[A-Za-z0-9+/]{22}==$/.test(md5)) throw new AwsError('InvalidDigest', 'The Content-MD5 you specified was invalid.', 400);
    if (createHash('md5').update(data).digest('base64') !== md5) throw new AwsError('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400);
  }
  for (const [algorithm, value] of Object.entries(given)) {
    const expected = CHECKSUMS[algorithm]?.(data);
    if (expected !== undefined && expected !== value) {
      throw new AwsError('BadDigest', `The ${algorithm.toUpperCase()} you specified did not match the calculated checksum.`, 400);
    }
  }
  if (bucket.objectLock && md5 === undefined && Object.keys(given).length === 0) {
    throw new AwsError('InvalidRequest', 'Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters', 400);
  }
  const sse = header(call, 'x-amz-server-side-encryption');
  if (sse !== undefined && sse !== 'AES256' && sse !== 'aws:kms' && sse !== 'aws:kms:dsse') {
    throw invalidArgument('The encryption method specified is not supported', 'x-amz-server-side-encryption', sse);
  }
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(call.headers)) if (name.startsWith('x-amz-meta-') && typeof value === 'string') metadata[name] = value;
  const stored = store(bucket, {
    key,
    body: Buffer.from(data),
    etag: md5Hex(data),
    lastModified: ctx.now,
    contentType: header(call, 'content-type') ?? 'binary/octet-stream',
    metadata,
    checksums: given,
  });
  const headers: Record<string, string> = { etag: `"${stored.etag}"`, ...encryptionHeaders(bucket, sse) };
  if (stored.versionId) headers['x-amz-version-id'] = stored.versionId;
  for (const [algorithm, value] of Object.entries(given)) headers[`x-amz-checksum-${algorithm}`] = value;
  return { $http: { headers } };
}

function encryptionHeaders(bucket: S3Bucket, requested?: string): Record<string, string> {
  if (requested === 'AES256' || (!bucket.kmsKeyId && requested === undefined)) return { 'x-amz-server-side-encryption': 'AES256' };
  return {
    'x-amz-server-side-encryption': 'aws:kms',
    ...(bucket.kmsKeyId ? { 'x-amz-server-side-encryption-aws-kms-key-id': bucket.kmsKeyId, 'x-amz-server-side-encryption-bucket-key-enabled': 'true' } : {}),
  };
}

function objectHeaders(bucket: S3Bucket, object: S3StoredObject, call: IncomingCall): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': object.contentType,
    'content-length': String(object.body.length),
    etag: `"${object.etag}"`,
    'last-modified': object.lastModified.toUTCString(),
    'accept-ranges': 'bytes',
    ...encryptionHeaders(bucket),
    ...object.metadata,
  };
  if (object.versionId) headers['x-amz-version-id'] = object.versionId;
  if (bucket.objectLock && object.retainUntil) {
    headers['x-amz-object-lock-mode'] = bucket.objectLock.mode;
    headers['x-amz-object-lock-retain-until-date'] = object.retainUntil.toISOString();
  }
  if ((header(call, 'x-amz-checksum-mode') ?? '').toUpperCase() === 'ENABLED') {
    for (const [algorithm, value] of Object.entries(object.checksums)) headers[`x-amz-checksum-${algorithm}`] = value;
    if (Object.keys(object.checksums).length > 0) headers['x-amz-checksum-type'] = 'FULL_OBJECT';
  }
  return headers;
}

/** The object, honouring If-Match / If-None-Match (412 / 304) as GetObject and HeadObject do. */
function readObject(ctx: ServiceContext, input: ModelObject, head: boolean): { bucket: S3Bucket; object: S3StoredObject; call: IncomingCall } {
  const bucket = bucketFor(ctx, input);
  const call = input.call as IncomingCall;
  const key = String(input.Key);
  const versionId = call.query.get('versionId');
  const object = versionId ? bucket.versions.find((v) => v.key === key && v.versionId === versionId) : bucket.objects.get(key);
  if (!object) {
    if (versionId) throw new AwsError('NoSuchVersion', 'The specified version does not exist.', head ? 404 : 400, { Key: key, VersionId: versionId });
    throw noSuchKey(key);
  }
  const ifMatch = header(call, 'if-match');
  if (ifMatch !== undefined && ifMatch !== '*' && ifMatch.replace(/"/g, '') !== object.etag) throw new AwsError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, { Condition: 'If-Match' });
  const ifNoneMatch = header(call, 'if-none-match');
  if (ifNoneMatch !== undefined && (ifNoneMatch === '*' || ifNoneMatch.replace(/"/g, '') === object.etag)) throw new AwsError('NotModified', 'Not Modified', 304);
  return { bucket, object, call };
}

function getObject(ctx: ServiceContext, input: ModelObject): ModelObject {
  const { bucket, object, call } = readObject(ctx, input, false);
  return { $http: { headers: objectHeaders(bucket, object, call), body: object.body } };
}

function headObject(ctx: ServiceContext, input: ModelObject): ModelObject {
  const { bucket, object, call } = readObject(ctx, input, true);
  return { $http: { headers: objectHeaders(bucket, object, call), body: '' } };
}

function listObjectsV2(ctx: ServiceContext, input: ModelObject): ModelObject {
  const bucket = bucketFor(ctx, input);
  const call = input.call as IncomingCall;
  const q = call.query;
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const encodingType = q.get('encoding-type') ?? undefined;
  if (encodingType !== undefined && encodingType !== 'url') throw invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', encodingType);
  const maxKeysText = q.get('max-keys');
  const maxKeys = maxKeysText === null ? MAX_KEYS : Number(maxKeysText);
  if (!Number.isInteger(maxKeys) || maxKeys < 0) throw invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', maxKeysText ?? '');
  const pageSize = Math.min(maxKeys, MAX_KEYS);
  const token = q.get('continuation-token');
  let after = q.get('start-after') ?? '';
  if (token !== null) {
    const decoded = Buffer.from(token, 'base64url').toString('utf8');
    if (!decoded.startsWith(`${bucket.name}\n`)) throw invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
    after = decoded.slice(bucket.name.length + 1);
  }
  const enc = (text: string) => escapeXml(encodingType === 'url' ? encodeURIComponent(text).replace(/%2F/g, '/') : text);
  const keys = [...bucket.objects.keys()].filter((key) => key.startsWith(prefix) && compareKeys(key, after) > 0).sort(compareKeys);
  const contents: S3StoredObject[] = [];
  const prefixes: string[] = [];
  let last: string | undefined;
  let truncated = false;
  for (const key of keys) {
    if (delimiter) {
      const at = key.indexOf(delimiter, prefix.length);
      if (at >= 0) {
        const common = key.slice(0, at + delimiter.length);
        if (prefixes.includes(common)) continue;
        if (contents.length + prefixes.length >= pageSize) {
          truncated = true;
          break;
        }
        prefixes.push(common);
        // Every key under this common prefix is covered by it: continue after the last of them.
        last = `${common}\u{10FFFF}`;
        continue;
      }
    }
    if (contents.length + prefixes.length >= pageSize) {
      truncated = true;
      break;
    }
    contents.push(bucket.objects.get(key)!);
    last = key;
  }
  const xml = [
    `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="${XMLNS}">`,
    `<Name>${escapeXml(bucket.name)}</Name><Prefix>${enc(prefix)}</Prefix>`,
    token !== null ? `<ContinuationToken>${escapeXml(token)}</ContinuationToken>` : '',
    q.has('start-after') ? `<StartAfter>${enc(q.get('start-after') ?? '')}</StartAfter>` : '',
    `<KeyCount>${contents.length + prefixes.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys>`,
    delimiter ? `<Delimiter>${enc(delimiter)}</Delimiter>` : '',
    encodingType ? `<EncodingType>${encodingType}</EncodingType>` : '',
    `<IsTruncated>${truncated}</IsTruncated>`,
    truncated && last !== undefined ? `<NextContinuationToken>${Buffer.from(`${bucket.name}\n${last}`, 'utf8').toString('base64url')}</NextContinuationToken>` : '',
    ...contents.map(
      (object) =>
        `<Contents><Key>${enc(object.key)}</Key><LastModified>${object.lastModified.toISOString()}</LastModified><ETag>&quot;${object.etag}&quot;</ETag>` +
        `${Object.keys(object.checksums).map((algorithm) => `<ChecksumAlgorithm>${algorithm.toUpperCase()}</ChecksumAlgorithm>`).join('')}` +
        `<Size>${object.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
    ),
    ...prefixes.map((common) => `<CommonPrefixes><Prefix>${enc(common)}</Prefix></CommonPrefixes>`),
    '</ListBucketResult>',
  ].join('');
  return { $http: { headers: { 'content-type': 'application/xml' }, body: xml } };
}

/** S3 lists keys in UTF-8 binary order. */
function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function headBucket(ctx: ServiceContext, input: ModelObject): ModelObject {
  const bucket = bucketFor(ctx, input);
  return { $http: { headers: { 'x-amz-bucket-region': bucket.region, 'x-amz-access-point-alias': 'false' }, body: '' } };
}

/** GET /bucket?lifecycle: the rules, or NoSuchLifecycleConfiguration when the bucket has none. */
function getBucketLifecycleConfiguration(ctx: ServiceContext, input: ModelObject): ModelObject {
  const bucket = bucketFor(ctx, input);
  if (!bucket.lifecycleRules) {
    throw new AwsError('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist', 404, { BucketName: bucket.name });
  }
  const body = structToXml(shapeOf(BucketLifecycleConfiguration$), { Rules: bucket.lifecycleRules }, 'query');
  return {
    $http: {
      headers: { 'content-type': 'application/xml', 'x-amz-transition-default-minimum-object-size': 'all_storage_classes_128K' },
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<LifecycleConfiguration xmlns="${XMLNS}">${body}</LifecycleConfiguration>`,
    },
  };
}

/** GET /bucket?encryption: SSE-KMS with the bucket's key, else SSE-S3 (every bucket has default encryption since 2023). */
function getBucketEncryption(ctx: ServiceContext, input: ModelObject): ModelObject {
  const bucket = bucketFor(ctx, input);
  const rule = bucket.kmsKeyId
    ? { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: bucket.kmsKeyId }, BucketKeyEnabled: true }
    : { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false };
  const body = structToXml(shapeOf(ServerSideEncryptionConfiguration$), { Rules: [rule] }, 'query');
  return {
    $http: {
      headers: { 'content-type': 'application/xml' },
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<ServerSideEncryptionConfiguration xmlns="${XMLNS}">${body}</ServerSideEncryptionConfiguration>`,
    },
  };
}

function getBucketLocation(ctx: ServiceContext, input: ModelObject): ModelObject {
  const name = String(input.Bucket);
  const bucket = s3Buckets(ctx.world).get(name);
  if (!bucket) throw noSuchBucket(name);
  if (ctx.account !== bucket.owner && !bucket.allowAccounts.includes(ctx.account)) throw new AwsError('AccessDenied', 'Access Denied', 403);
  // us-east-1 is the empty LocationConstraint; any region may ask.
  const location = bucket.region === 'us-east-1' ? '' : bucket.region;
  return { $http: { headers: { 'content-type': 'application/xml' }, body: `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="${XMLNS}">${location}</LocationConstraint>` } };
}

export function s3Service(): ServiceDefinition {
  return {
    signingName: 's3',
    iamPrefix: 's3',
    protocol: new RestXmlS3Protocol(),
    handlers: {
      PutObject: putObject,
      GetObject: getObject,
      HeadObject: headObject,
      ListObjectsV2: listObjectsV2,
      HeadBucket: headBucket,
      GetBucketLocation: getBucketLocation,
      GetBucketLifecycleConfiguration: getBucketLifecycleConfiguration,
      GetBucketEncryption: getBucketEncryption,
    },
    errors: {
      throttle: (message) => new AwsError('SlowDown', message ?? 'Please reduce your request rate.', 503),
      internal: () => new AwsError('InternalError', 'We encountered an internal error. Please try again.', 500),
      unavailable: () => new AwsError('ServiceUnavailable', 'Service is unable to handle request.', 503),
      accessDenied: (message) => new AwsError('AccessDenied', message, 403),
    },
  };
}
