/** The evidence pack's manifest.json and signature.json: their shapes, canonical bytes and validation. */
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';
export const SIGNATURE_INFO_FILE = 'signature.json';
/** Names the pack itself writes; a caller's file may not use them. */
export const RESERVED_FILES: readonly string[] = [MANIFEST_FILE, SIGNATURE_FILE, SIGNATURE_INFO_FILE];

export const MANIFEST_KIND = 'msk-audit-evidence-manifest';
export const MANIFEST_SCHEMA_VERSION = 1;
export const SIGNATURE_INFO_KIND = 'msk-audit-evidence-signature';

/** Signature algorithms, named as AWS KMS names them. */
export const SIGNATURE_ALGORITHMS = ['RSASSA_PSS_SHA_256', 'ECDSA_SHA_256'] as const;
export type SignatureAlgorithm = (typeof SIGNATURE_ALGORITHMS)[number];

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface ManifestFile {
  name: string;
  size: number;
  /** Lower-case hex SHA-256 of the file's bytes. */
  sha256: string;
}

/** The scan parameters a pack records, so an auditor can see (and re-perform) what was evaluated. */
export interface EvidenceParameters {
  scope: {
    accounts: string[];
    regions: string[];
    regionSelection?: string;
    tagFilters?: Record<string, string>;
    checkIds?: string[];
  };
  /** Ids of the checks that ran. */
  checks: string[];
  thresholds: Record<string, unknown>;
  /** When the scan ran and when its facts were collected (ISO-8601). */
  timeWindow: { start: string; end: string; collectedAt?: string };
  [more: string]: unknown;
}

export interface EvidenceManifest {
  kind: typeof MANIFEST_KIND;
  schemaVersion: typeof MANIFEST_SCHEMA_VERSION;
  /** The msk-audit that built the pack. */
  tool: { name: string; version: string };
  scanId: string;
  hashAlgorithm: 'SHA-256';
  parameters: EvidenceParameters;
  /** Every file of the pack but manifest.json, manifest.sig and signature.json, sorted by name. */
  files: ManifestFile[];
}

export interface SignatureInfo {
  kind: typeof SIGNATURE_INFO_KIND;
  schemaVersion: 1;
  algorithm: SignatureAlgorithm;
  /** `aws-kms`: keyId is the KMS key ARN; `pem`: keyId is `sha256:<hex>` of the public key (SPKI DER). */
  keySource: 'aws-kms' | 'pem';
  keyId: string;
  /** The signed file and the signature file. */
  signedFile: typeof MANIFEST_FILE;
  signatureFile: typeof SIGNATURE_FILE;
  /** Lower-case hex SHA-256 of manifest.json: the digest that was signed. */
  manifestSha256: string;
}

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case hex SHA-256');

export const manifestSchema = z.strictObject({
  kind: z.literal(MANIFEST_KIND),
  schemaVersion: z.literal(MANIFEST_SCHEMA_VERSION),
  tool: z.strictObject({ name: z.string(), version: z.string() }),
  scanId: z.string().min(1),
  hashAlgorithm: z.literal('SHA-256'),
  parameters: z.looseObject({
    scope: z.looseObject({ accounts: z.array(z.string()), regions: z.array(z.string()) }),
    checks: z.array(z.string()),
    thresholds: z.record(z.string(), z.unknown()),
    timeWindow: z.looseObject({ start: z.string(), end: z.string(), collectedAt: z.string().optional() }),
  }),
  files: z.array(z.strictObject({ name: z.string().min(1), size: z.number().int().min(0), sha256: sha256Hex })),
});

export const signatureInfoSchema = z.strictObject({
  kind: z.literal(SIGNATURE_INFO_KIND),
  schemaVersion: z.literal(1),
  algorithm: z.enum(SIGNATURE_ALGORITHMS),
  keySource: z.enum(['aws-kms', 'pem']),
  keyId: z.string().min(1),
  signedFile: z.literal(MANIFEST_FILE),
  signatureFile: z.literal(SIGNATURE_FILE),
  manifestSha256: sha256Hex,
});

export function sha256(data: Uint8Array | string): Buffer {
  return createHash('sha256').update(data).digest();
}

export function sha256Of(data: Uint8Array | string): string {
  return sha256(data).toString('hex');
}

/**
 * JSON with object keys sorted (recursively) and two-space indentation plus a final newline: the same
 * value always gives the same bytes, whatever order its objects were built in. Arrays keep their order.
 */
export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) out[key] = sortKeys(item);
    }
    return out;
  }
  return value;
}

/** Parses manifest.json; a message naming the first invalid field when it is not a valid manifest. */
export function parseManifest(bytes: Uint8Array): { ok: true; manifest: EvidenceManifest } | { ok: false; problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { ok: false, problem: 'is not valid UTF-8 JSON' };
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) return { ok: false, problem: `is not a valid evidence manifest (${issueText(parsed.error)})` };
  return { ok: true, manifest: parsed.data as EvidenceManifest };
}

export function parseSignatureInfo(bytes: Uint8Array): { ok: true; info: SignatureInfo } | { ok: false; problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { ok: false, problem: 'is not valid UTF-8 JSON' };
  }
  const parsed = signatureInfoSchema.safeParse(json);
  if (!parsed.success) return { ok: false, problem: `is not a valid signature description (${issueText(parsed.error)})` };
  return { ok: true, info: parsed.data };
}

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || '(top level)'}: ${issue?.message ?? 'invalid'}`;
}
