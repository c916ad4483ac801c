import { randomBytes, createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { HttpRequest } from '@smithy/protocol-http';
import { startSandbox, validateEstate, EstateValidationError, type RunningSandbox, type EstateInput } from '../../src/sandbox/index.js';
import { addressOf, decodeAwsChunked, virtualHostBucket } from '../../src/sandbox/services/s3.js';
import { assume, cfg, errorOf, exampleEstate, PROD, SEC } from './helpers.js';

const BUCKET = 'msk-audit-evidence-111111111111';
const LOCKED = 'msk-audit-locked-111111111111';

function estateWithBuckets(): EstateInput {
  const estate = exampleEstate();
  const security = (estate.accounts as Record<string, unknown>[]).find((a) => a.id === SEC)!;
  security.s3 = {
    buckets: [
      { name: BUCKET, region: 'eu-west-1', versioning: true, encryption: { kmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/evidence' }, objects: [{ key: 'config/seed.txt', body: 'seeded', contentType: 'text/plain' }] },
      { name: LOCKED, region: 'us-east-1', objectLock: { mode: 'COMPLIANCE', days: 365 } },
    ],
  };
  return estate;
}

describe('sandbox S3 (REST-XML)', () => {
  let sb: RunningSandbox;
  const s3 = (extra: Partial<S3ClientConfig> = {}, region = 'eu-west-1') => new S3Client({ ...cfg(sb, region), ...extra });

  beforeAll(async () => {
    sb = await startSandbox({ estate: estateWithBuckets(), seed: 's3' });
  });
  afterAll(async () => {
    await sb.close();
  });

  it('round-trips objects through the real SDK (path style, as the SDK addresses an IP endpoint)', async () => {
    const client = s3();
    const key = 'runs/2026/11/23/scan id/report (1)+ü.json';
    const put = await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: '{"ok":true}', ContentType: 'application/json', Metadata: { scan: 'abc' } }));
    expect(put.ETag).toBe(`"${createHash('md5').update('{"ok":true}').digest('hex')}"`);
    expect(put.VersionId).toBeTruthy();
    expect(put.ServerSideEncryption).toBe('aws:kms');
    expect(put.SSEKMSKeyId).toBe('arn:aws:kms:eu-west-1:111111111111:key/evidence');

    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(await got.Body!.transformToString()).toBe('{"ok":true}');
    expect(got.ContentType).toBe('application/json');
    expect(got.Metadata).toEqual({ scan: 'abc' });
    expect(got.ETag).toBe(put.ETag);
    expect(got.LastModified).toBeInstanceOf(Date);

    const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(head.ContentLength).toBe(11);
    expect(head.VersionId).toBe(put.VersionId);
    const calls = sb.calls({ service: 's3' }).map((c) => `${c.operation}:${c.status}`);
    expect(calls).toEqual(['PutObject:200', 'GetObject:200', 'HeadObject:200']);
  });

  it('keeps binary bodies byte for byte, with forcePathStyle too', async () => {
    const client = s3({ forcePathStyle: true });
    const bytes = randomBytes(200_000);
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'packs/evidence.zip', Body: bytes, ContentType: 'application/zip' }));
    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'packs/evidence.zip' }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(bytes)).toBe(true);
    expect(got.ContentLength).toBe(bytes.length);
  });

  it('answers virtual-host addressing (bucket.localhost:PORT)', async () => {
    // The SDK addresses bucket.localhost when the endpoint is http://localhost:PORT; connect to 127.0.0.1 with that Host.
    const inner = new NodeHttpHandler();
    const client = s3({
      endpoint: `http://localhost:${sb.port}`,
      requestHandler: {
        handle: (request: HttpRequest, options?: Record<string, unknown>) => {
          expect(request.headers.host ?? request.hostname).toMatch(new RegExp(`^${BUCKET}\\.localhost`));
          request.hostname = '127.0.0.1';
          return inner.handle(request, options);
        },
        updateHttpClientConfig: () => undefined,
        httpHandlerConfigs: () => ({}),
      } as unknown as NodeHttpHandler,
    });
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'vhost/a.txt', Body: 'virtual' }));
    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'vhost/a.txt' }));
    expect(await got.Body!.transformToString()).toBe('virtual');
    client.destroy();
  });

  it('lists with ListObjectsV2: prefix, delimiter, pages', async () => {
    const client = s3();
    for (const key of ['list/a/1', 'list/a/2', 'list/b/1', 'list/c', 'list/d', 'list/e']) {
      await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: key }));
    }
    const all = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'list/' }));
    expect(all.Contents?.map((o) => o.Key)).toEqual(['list/a/1', 'list/a/2', 'list/b/1', 'list/c', 'list/d', 'list/e']);
    expect(all.KeyCount).toBe(6);
    expect(all.IsTruncated).toBe(false);
    expect(all.Contents?.[0]?.Size).toBe(8);

    const folders = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'list/', Delimiter: '/' }));
    expect(folders.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['list/a/', 'list/b/']);
    expect(folders.Contents?.map((o) => o.Key)).toEqual(['list/c', 'list/d', 'list/e']);

    const pages: string[][] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'list/', Delimiter: '/', MaxKeys: 2, ContinuationToken: token }));
      pages.push([...(page.CommonPrefixes ?? []).map((p) => p.Prefix!), ...(page.Contents ?? []).map((o) => o.Key!)]);
      token = page.NextContinuationToken;
      expect(page.IsTruncated).toBe(token !== undefined);
    } while (token);
    expect(pages).toEqual([['list/a/', 'list/b/'], ['list/c', 'list/d'], ['list/e']]);
    expect((await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'config/' }))).Contents?.map((o) => o.Key)).toEqual(['config/seed.txt']);
    const forged = await errorOf(() => client.send(new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: 'bm90LW1pbmU' })));
    expect(forged.name).toBe('InvalidArgument');
  });

  it('answers errors in S3 XML: NoSuchKey, NotFound on HEAD, NoSuchBucket, AccessDenied, PermanentRedirect', async () => {
    const client = s3();
    expect((await errorOf(() => client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'missing' })))).name).toBe('NoSuchKey');
    const head = await errorOf(() => client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'missing' })));
    expect(head.name).toBe('NotFound');
    expect(head.$metadata?.httpStatusCode).toBe(404);
    expect((await errorOf(() => client.send(new GetObjectCommand({ Bucket: 'no-such-bucket-here', Key: 'k' })))).name).toBe('NoSuchBucket');

    // Another account's principal is not let in.
    const prod = new S3Client(cfg(sb, 'eu-west-1', await assume(sb, PROD)));
    const denied = await errorOf(() => prod.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'x', Body: 'x' })));
    expect(denied.name).toBe('AccessDenied');
    expect(denied.$metadata?.httpStatusCode).toBe(403);

    // The wrong region: a 301 naming the bucket's region, which the SDK follows when asked to.
    const wrong = s3({}, 'us-east-1');
    const redirect = await errorOf(() => wrong.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'config/seed.txt' })));
    expect(redirect.$metadata?.httpStatusCode).toBe(301);
    const following = s3({ followRegionRedirects: true }, 'us-east-1');
    const got = await following.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'config/seed.txt' }));
    expect(await got.Body!.transformToString()).toBe('seeded');
    expect((await client.send(new HeadBucketCommand({ Bucket: BUCKET }))).BucketRegion).toBe('eu-west-1');
    expect((await client.send(new GetBucketLocationCommand({ Bucket: LOCKED }))).LocationConstraint).toBeUndefined();
  });

  it('verifies Content-MD5 and checksums, and requires one with Object Lock', async () => {
    const client = s3();
    const bad = await errorOf(() => client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'bad', Body: 'abc', ContentMD5: createHash('md5').update('xyz').digest('base64') })));
    expect(bad.name).toBe('BadDigest');

    const locked = s3({}, 'us-east-1');
    const put = await locked.send(new PutObjectCommand({ Bucket: LOCKED, Key: 'evidence.json', Body: '{}' })); // the SDK sends CRC32 by default
    expect(put.ChecksumCRC32).toBeTruthy();
    const head = await locked.send(new HeadObjectCommand({ Bucket: LOCKED, Key: 'evidence.json', ChecksumMode: 'ENABLED' }));
    expect(head.ObjectLockMode).toBe('COMPLIANCE');
    expect(head.ObjectLockRetainUntilDate!.getTime()).toBeGreaterThan(Date.now() + 364 * 86_400_000);
    expect(head.ChecksumCRC32).toBe(put.ChecksumCRC32);
    expect(head.ServerSideEncryption).toBe('AES256');

    const noChecksum = s3({ requestChecksumCalculation: 'WHEN_REQUIRED' }, 'us-east-1');
    const refused = await errorOf(() => noChecksum.send(new PutObjectCommand({ Bucket: LOCKED, Key: 'plain.json', Body: '{}' })));
    expect(refused.name).toBe('InvalidRequest');
    expect(refused.message).toMatch(/Object Lock/);
  });

  it('decodes aws-chunked streaming uploads (trailing checksum)', async () => {
    const client = s3();
    const body = Buffer.from('x'.repeat(100_000));
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'stream.txt', Body: Readable.from([body.subarray(0, 40_000), body.subarray(40_000)]), ContentLength: body.length }));
    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'stream.txt' }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(body)).toBe(true);
    const decoded = decodeAwsChunked(Buffer.from('5;chunk-signature=ab\r\nhello\r\n0\r\nx-amz-checksum-crc32:AAAA\r\n\r\n'));
    expect(decoded.data.toString()).toBe('hello');
    expect(decoded.trailers).toEqual({ 'x-amz-checksum-crc32': 'AAAA' });
  });

  it('rejects a bad signature the S3 way', async () => {
    const client = new S3Client({ ...cfg(sb), credentials: { ...sb.credentials, secretAccessKey: 'wrong' } });
    const error = await errorOf(() => client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'config/seed.txt' })));
    expect(error.name).toBe('SignatureDoesNotMatch');
    const unknown = new S3Client({ ...cfg(sb), credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' } });
    expect((await errorOf(() => unknown.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'config/seed.txt' })))).name).toBe('InvalidAccessKeyId');
  });

  it('addresses buckets from the Host header or the path', () => {
    const call = (host: string, path: string) => ({ method: 'GET', path, query: new URLSearchParams(), headers: { host }, body: Buffer.alloc(0) });
    expect(virtualHostBucket('127.0.0.1:4566')).toBeUndefined();
    expect(virtualHostBucket('localhost:4566')).toBeUndefined();
    expect(virtualHostBucket('my-bucket.localhost:4566')).toBe('my-bucket');
    expect(virtualHostBucket('my.dotted.bucket.s3.eu-west-1.amazonaws.com')).toBe('my.dotted.bucket');
    expect(addressOf(call('127.0.0.1:1', '/b/k%20x/y'))).toEqual({ bucket: 'b', key: 'k x/y' });
    expect(addressOf(call('b.localhost:1', '/k'))).toEqual({ bucket: 'b', key: 'k' });
    expect(addressOf(call('127.0.0.1:1', '/b'))).toEqual({ bucket: 'b' });
  });

  it('validates the estate: global bucket names, catalogue regions', () => {
    const estate = estateWithBuckets();
    const prod = (estate.accounts as Record<string, unknown>[]).find((a) => a.id === PROD)!;
    prod.s3 = { buckets: [{ name: BUCKET, region: 'eu-central-1' }] };
    let error: unknown;
    try {
      validateEstate(estate);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EstateValidationError);
    const paths = (error as EstateValidationError).issues.map((i) => `${i.path}: ${i.message}`).join('\n');
    expect(paths).toMatch(/accounts\[1\]\.s3\.buckets\[0\]\.name: bucket .* already exists/);
    expect(paths).toMatch(/accounts\[1\]\.s3\.buckets\[0\]\.region: region eu-central-1 is not in/);
    // Estates without s3 still validate (backward compatible).
    expect(() => validateEstate(exampleEstate())).not.toThrow();
  });
});
