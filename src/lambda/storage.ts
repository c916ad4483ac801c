/**
 * The evidence bucket: where each run's reports, inventory and evidence pack land (`runs/YYYY/MM/DD/<scan id>/`,
 * copied to `latest/`), the drift baseline, and the run state (the last successful run, which starts the next
 * run's CloudTrail window).
 */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { createClientFactory, type ClientFactory, type CommonClientConfig } from '../aws/clients.js';

/** S3 clients for the evidence bucket: path-style addressing only for an endpoint override (a local S3). */
export function evidenceS3Client(factory: ClientFactory, region: string, forcePathStyle: boolean): S3Client {
  return factory.client(forcePathStyle ? PathStyleS3Client : EvidenceS3Client, region);
}

class EvidenceS3Client extends S3Client {
  constructor(config: CommonClientConfig) {
    super({ ...config, followRegionRedirects: true } satisfies S3ClientConfig);
  }
}

class PathStyleS3Client extends S3Client {
  constructor(config: CommonClientConfig) {
    super({ ...config, followRegionRedirects: true, forcePathStyle: true } satisfies S3ClientConfig);
  }
}

/** Where one run's objects go: `<prefix>runs/YYYY/MM/DD/<scanId>/` (UTC date of the run's start). */
export function runPrefix(prefix: string, startedAt: Date, scanId: string): string {
  const iso = startedAt.toISOString();
  return `${prefix}runs/${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/${scanId}/`;
}

export const latestPrefix = (prefix: string) => `${prefix}latest/`;
export const stateKey = (prefix: string) => `${prefix}state/last-success.json`;

export class EvidenceStore {
  readonly written: string[] = [];

  constructor(
    readonly bucket: string,
    readonly client: S3Client,
  ) {}

  /** Creates the store with its own client factory (destroy() closes it). */
  static create(bucket: string, region: string, forcePathStyle: boolean): EvidenceStore & { destroy(): void } {
    const factory = createClientFactory();
    const store = new EvidenceStore(bucket, evidenceS3Client(factory, region, forcePathStyle)) as EvidenceStore & { destroy(): void };
    store.destroy = () => factory.destroy();
    return store;
  }

  uri(key: string): string {
    return `s3://${this.bucket}/${key}`;
  }

  /** One PutObject (the SDK adds a CRC32 checksum, which an Object Lock bucket requires); encrypted as the bucket's default says. */
  async put(key: string, body: string | Uint8Array, contentType: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
    this.written.push(key);
  }

  async putJson(key: string, value: unknown): Promise<void> {
    await this.put(key, `${JSON.stringify(value, null, 2)}\n`, 'application/json');
  }

  /** The object's text, or undefined when there is no such object. */
  async getText(key: string): Promise<string | undefined> {
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return (await response.Body?.transformToString('utf8')) ?? '';
    } catch (error) {
      if (error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound')) return undefined;
      throw error;
    }
  }

  async getJson<T>(key: string): Promise<T | undefined> {
    const text = await this.getText(key);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new Error(`${this.uri(key)}: not valid JSON`);
    }
  }

  /** Every key under the prefix (all pages). */
  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }
}
