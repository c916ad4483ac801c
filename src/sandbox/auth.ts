/**
 * SigV4 on the receiving side: parse the Authorization header's credential scope (which names the
 * service and region), map the access key to the principal it was issued to, and verify the signature
 * by re-signing the request with the secret the sandbox issued (via the SDK's own @smithy/signature-v4).
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { IncomingCall } from './protocols/types.js';
import { Rng, hashString } from './rng.js';

export interface Principal {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  account: string;
  /** IAM user ARN or sts assumed-role ARN. */
  arn: string;
  userId: string;
  expiration?: Date;
  /** For role sessions: the role ARN and whether it came from another role session (role chaining). */
  roleArn?: string;
  chained?: boolean;
}

export interface SigV4Header {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** Parses `AWS4-HMAC-SHA256 Credential=AKID/20240101/eu-west-1/kafka/aws4_request, SignedHeaders=…, Signature=…`. */
export function parseAuthorization(header: string | undefined): SigV4Header | 'missing' | 'malformed' {
  if (!header) return 'missing';
  const m = /^AWS4-HMAC-SHA256\s+(.*)$/.exec(header.trim());
  if (!m?.[1]) return 'malformed';
  const fields = new Map<string, string>();
  for (const part of m[1].split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signedHeaders || !signature) return 'malformed';
  const scope = credential.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request' || !/^\d{8}$/.test(scope[1] ?? '')) return 'malformed';
  const [accessKeyId, date, region, service] = scope as [string, string, string, string];
  if (!accessKeyId || !region || !service) return 'malformed';
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';'), signature };
}

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Unique ids AWS derives from a principal (AIDA… for users, AROA… for roles), stable per ARN. */
export function principalId(prefix: 'AIDA' | 'AROA', arn: string): string {
  return prefix + new Rng(hashString(arn)).chars(17, KEY_ALPHABET);
}

export class CredentialStore {
  private readonly byKey = new Map<string, Principal>();

  constructor(private readonly rng: Rng) {}

  get(accessKeyId: string): Principal | undefined {
    return this.byKey.get(accessKeyId);
  }

  /** Long-term keys (AKIA…) for an IAM user, or session keys (ASIA…) when `arn` is an assumed-role ARN. */
  issueBase(account: string, arn: string): Principal {
    const assumed = /:assumed-role\/([^/]+)\/(.+)$/.exec(arn);
    const principal: Principal = assumed
      ? {
          ...this.keys('ASIA'),
          sessionToken: this.sessionToken(),
          account,
          arn,
          userId: `${principalId('AROA', `arn:aws:iam::${account}:role/${assumed[1]}`)}:${assumed[2]}`,
          roleArn: `arn:aws:iam::${account}:role/${assumed[1]}`,
        }
      : { ...this.keys('AKIA'), account, arn, userId: principalId('AIDA', arn) };
    this.byKey.set(principal.accessKeyId, principal);
    return principal;
  }

  issueSession(input: { account: string; partition: string; roleArn: string; roleName: string; sessionName: string; expiration: Date; chained: boolean }): Principal {
    const principal: Principal = {
      ...this.keys('ASIA'),
      sessionToken: this.sessionToken(),
      account: input.account,
      arn: `arn:${input.partition}:sts::${input.account}:assumed-role/${input.roleName}/${input.sessionName}`,
      userId: `${principalId('AROA', input.roleArn)}:${input.sessionName}`,
      expiration: input.expiration,
      roleArn: input.roleArn,
      chained: input.chained,
    };
    this.byKey.set(principal.accessKeyId, principal);
    return principal;
  }

  private keys(prefix: 'AKIA' | 'ASIA'): { accessKeyId: string; secretAccessKey: string } {
    let accessKeyId: string;
    do accessKeyId = prefix + this.rng.chars(16, KEY_ALPHABET);
    while (this.byKey.has(accessKeyId));
    return { accessKeyId, secretAccessKey: this.rng.chars(40, SECRET_ALPHABET) };
  }

  private sessionToken(): string {
    return 'IQoJb3JpZ2luX2VjE' + this.rng.chars(300, SECRET_ALPHABET);
  }
}

function toBytes(data: string | ArrayBuffer | ArrayBufferView): string | Buffer {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** node:crypto behind the Checksum interface @smithy/signature-v4 expects. */
class NodeSha256 {
  private readonly h: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.h.update(toBytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.h.digest());
  }
  reset(): void {
    /* single use */
  }
}

function parseAmzDate(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

/** Re-signs the request with the principal's secret; true when the signatures match. */
export async function verifySignature(call: IncomingCall, auth: SigV4Header, principal: Principal): Promise<boolean> {
  const amzDate = String(call.headers['x-amz-date'] ?? '');
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate || !amzDate.startsWith(auth.date)) return false;
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const v = call.headers[name];
    if (v === undefined) return false;
    headers[name] = Array.isArray(v) ? v.join(',') : v;
  }
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of call.query) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const signer = new SignatureV4({
    service: auth.service,
    region: auth.region,
    credentials: { accessKeyId: principal.accessKeyId, secretAccessKey: principal.secretAccessKey, ...(principal.sessionToken && headers['x-amz-security-token'] ? { sessionToken: principal.sessionToken } : {}) },
    sha256: NodeSha256,
    uriEscapePath: auth.service !== 's3',
    applyChecksum: false,
  });
  const hostHeader = headers.host ?? '';
  const signed = await signer.sign(
    { method: call.method, protocol: 'http:', hostname: hostHeader.split(':')[0] ?? '', path: call.path, query, headers, body: call.body.length ? call.body : undefined },
    { signingDate, signingRegion: auth.region, signingService: auth.service },
  );
  const authz = String(signed.headers.authorization ?? signed.headers.Authorization ?? '');
  const sig = /Signature=([0-9a-f]+)/.exec(authz)?.[1];
  return sig === auth.signature;
}
