import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { EXAMPLE_ESTATE, startSandbox, type EstateInput, type RunningSandbox } from '../../src/sandbox/index.js';

export const SEC = '111111111111';
export const PROD = '222222222222';
export const DEV = '333333333333';
export const LEGACY = '444444444444';
export const BUCKET = 'msk-audit-evidence-test';
/** The deployment's region: the sandbox's AWS_REGION, where the bucket is. */
export const REGION = 'us-east-1';
export const SIGNING_KEY_ARN = `arn:aws:kms:${REGION}:${SEC}:key/evidence-signing`;

/** The example organization plus the evidence bucket (SSE-KMS, versioned, Object Lock) and a signing key in the scanner account. */
export function lambdaEstate(): EstateInput {
  const estate = structuredClone(EXAMPLE_ESTATE) as EstateInput;
  const security = (estate.accounts as Record<string, unknown>[]).find((account) => account.id === SEC)! as {
    s3?: unknown;
    regions: Record<string, { kms?: { keys: unknown[] } }>;
  };
  security.s3 = {
    buckets: [{ name: BUCKET, region: REGION, versioning: true, encryption: { kmsKeyId: `arn:aws:kms:${REGION}:${SEC}:key/evidence-bucket` }, objectLock: { mode: 'GOVERNANCE', days: 365 } }],
  };
  const region = (security.regions[REGION] ??= {});
  region.kms ??= { keys: [] };
  region.kms.keys.push({
    metadata: { KeyId: 'evidence-signing', Arn: SIGNING_KEY_ARN, KeyUsage: 'SIGN_VERIFY', KeySpec: 'RSA_2048', CustomerMasterKeySpec: 'RSA_2048' },
  });
  return estate;
}

export interface LambdaSandbox {
  sb: RunningSandbox;
  s3: S3Client;
  /** Sets the sandbox's env plus the deployment's MSK_AUDIT_* variables (replacing earlier ones). */
  configure(vars: Record<string, string>): void;
  keys(prefix?: string): Promise<string[]>;
  text(key: string): Promise<string>;
  bytes(key: string): Promise<Uint8Array>;
  json<T = Record<string, unknown>>(key: string): Promise<T>;
  close(): Promise<void>;
}

export async function startLambdaSandbox(estate: EstateInput = lambdaEstate()): Promise<LambdaSandbox> {
  const saved = { ...process.env };
  const sb = await startSandbox({ estate, seed: 'lambda' });
  const s3 = new S3Client({ endpoint: sb.url, region: REGION, credentials: sb.credentials, forcePathStyle: true });
  const get = (key: string) => s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return {
    sb,
    s3,
    configure(vars) {
      for (const name of Object.keys(process.env)) if (name.startsWith('MSK_AUDIT_')) delete process.env[name];
      Object.assign(process.env, sb.env, { MSK_AUDIT_BUCKET: BUCKET, MSK_AUDIT_S3_FORCE_PATH_STYLE: 'true', MSK_AUDIT_DEPLOYMENT: 'msk-audit-test' }, vars);
    },
    async keys(prefix = '') {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, ContinuationToken: token }));
        keys.push(...(page.Contents ?? []).map((object) => object.Key!));
        token = page.NextContinuationToken;
      } while (token);
      return keys;
    },
    text: async (key) => (await get(key)).Body!.transformToString(),
    bytes: async (key) => (await get(key)).Body!.transformToByteArray(),
    json: async <T>(key: string) => JSON.parse(await (await get(key)).Body!.transformToString()) as T,
    async close() {
      s3.destroy();
      await sb.close();
      process.env = saved;
    },
  };
}

/** A Lambda context with this much time left. */
export function contextWith(remainingMs: number): { getRemainingTimeInMillis(): number } {
  const deadline = Date.now() + remainingMs;
  return { getRemainingTimeInMillis: () => deadline - Date.now() };
}

/** The lines a handler logged (console.log), parsed; EMF lines are those with `_aws`. */
export function parseLines(lines: string[]): Record<string, unknown>[] {
  return lines.flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}
