/** Building evidence packs: files + manifest.json (+ manifest.sig and signature.json when signed) → a deterministic ZIP. */
import type { ScanResult } from '../engine/scan-result.js';
import type { Inventory } from '../inventory/index.js';
import { TOOL } from '../package-info.js';
import { UsageError } from '../errors.js';
import { renderHtml, renderJson } from '../../reports/index.js';
import {
  canonicalJson,
  MANIFEST_FILE,
  MANIFEST_KIND,
  MANIFEST_SCHEMA_VERSION,
  RESERVED_FILES,
  sha256Of,
  SIGNATURE_FILE,
  SIGNATURE_INFO_FILE,
  SIGNATURE_INFO_KIND,
  type EvidenceManifest,
  type EvidenceParameters,
  type JsonValue,
  type SignatureInfo,
} from './manifest.js';
import type { PackSigner } from './signing.js';
import { compareNames, DEFAULT_ZIP_LIMITS, nameCollisionKey, quoteName, unsafeNameReason, writeZip, type ZipLimits } from './zip.js';

export interface EvidenceFile {
  /** A relative path inside the pack (`report.html`, `matrix-pci-dss-v4.csv`); `/` separates folders. */
  name: string;
  /** Text is stored as UTF-8. */
  content: string | Uint8Array;
}

export interface EvidencePackParams {
  scanId: string;
  scope: EvidenceParameters['scope'];
  /** Ids of the checks that ran. */
  checks: string[];
  thresholds: object;
  /** The scan's start and end, and when its facts were collected (ISO-8601). */
  timeWindow: { start: string; end: string; collectedAt?: string };
  /** More parameters to record under manifest.parameters (e.g. a CloudTrail look-back window). */
  extra?: Record<string, JsonValue>;
  /** The msk-audit that builds the pack; default this one. */
  tool?: { name: string; version: string };
}

export interface BuiltManifest {
  manifest: EvidenceManifest;
  /** manifest.json exactly as stored in the pack. */
  bytes: Uint8Array;
}

const CORE_PARAMETERS = ['scope', 'checks', 'thresholds', 'timeWindow'];
const encoder = new TextEncoder();

function bytesOf(content: string | Uint8Array): Uint8Array {
  return typeof content === 'string' ? encoder.encode(content) : content;
}

function checkedFiles(files: readonly EvidenceFile[], limits: ZipLimits): { name: string; data: Uint8Array }[] {
  const seen = new Map<string, string>();
  const out = files.map((file) => {
    const unsafe = unsafeNameReason(file.name, limits.maxNameBytes);
    if (unsafe) throw new UsageError(`evidence file ${quoteName(file.name)} ${unsafe}`);
    if (RESERVED_FILES.includes(file.name)) throw new UsageError(`evidence file ${quoteName(file.name)}: the name is reserved for the pack itself`);
    const key = nameCollisionKey(file.name);
    const twin = seen.get(key);
    if (twin !== undefined) throw new UsageError(`evidence file ${quoteName(file.name)} is given twice${twin === file.name ? '' : ` (as ${quoteName(twin)})`}`);
    seen.set(key, file.name);
    return { name: file.name, data: bytesOf(file.content) };
  });
  return out.sort((a, b) => compareNames(a.name, b.name));
}

/** manifest.json for these files: every file's name, size and SHA-256, the tool, the scan id and parameters. */
export function buildManifest(files: readonly EvidenceFile[], params: EvidencePackParams, limits: ZipLimits = DEFAULT_ZIP_LIMITS): BuiltManifest {
  return manifestOf(checkedFiles(files, limits), params);
}

function manifestOf(files: { name: string; data: Uint8Array }[], params: EvidencePackParams): BuiltManifest {
  const clash = Object.keys(params.extra ?? {}).find((key) => CORE_PARAMETERS.includes(key));
  if (clash) throw new UsageError(`evidence parameter ${clash} cannot be given as an extra parameter`);
  const manifest: EvidenceManifest = {
    kind: MANIFEST_KIND,
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    tool: { name: (params.tool ?? TOOL).name, version: (params.tool ?? TOOL).version },
    scanId: params.scanId,
    hashAlgorithm: 'SHA-256',
    parameters: {
      ...(params.extra ?? {}),
      scope: params.scope,
      checks: params.checks,
      thresholds: params.thresholds as Record<string, unknown>,
      timeWindow: params.timeWindow,
    },
    files: files.map((file) => ({ name: file.name, size: file.data.length, sha256: sha256Of(file.data) })),
  };
  // Canonical JSON: sorted keys, so the bytes depend on the values only. Reparse to return what was stored.
  const text = canonicalJson(manifest);
  return { manifest: JSON.parse(text) as EvidenceManifest, bytes: encoder.encode(text) };
}

/**
 * The evidence pack as ZIP bytes: the files plus manifest.json. Deterministic — the same files and
 * parameters give the same bytes (sorted entries, fixed timestamps and attributes, deflate level 9).
 */
export function buildEvidencePack(files: readonly EvidenceFile[], params: EvidencePackParams, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Uint8Array {
  const checked = checkedFiles(files, limits);
  const { bytes } = manifestOf(checked, params);
  return zipOf([...checked, { name: MANIFEST_FILE, data: bytes }], limits);
}

/** writeZip, its size limits reported as a UsageError (the evidence is too big to pack). */
function zipOf(entries: { name: string; data: Uint8Array }[], limits: ZipLimits): Uint8Array {
  try {
    return writeZip(entries, limits);
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(`cannot build the evidence pack: ${error.message}`);
    throw error;
  }
}

/**
 * The evidence pack signed: manifest.sig (the raw signature over manifest.json) and signature.json
 * (algorithm, key, manifest digest) are added. Everything but manifest.sig is deterministic (RSA-PSS and
 * ECDSA signatures are randomised).
 */
export async function buildSignedEvidencePack(
  files: readonly EvidenceFile[],
  params: EvidencePackParams,
  signer: PackSigner,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<Uint8Array> {
  const checked = checkedFiles(files, limits);
  const { bytes } = manifestOf(checked, params);
  const { signature, keyId } = await signer.sign(bytes);
  const info: SignatureInfo = {
    kind: SIGNATURE_INFO_KIND,
    schemaVersion: 1,
    algorithm: signer.algorithm,
    keySource: signer.keySource,
    keyId,
    signedFile: MANIFEST_FILE,
    signatureFile: SIGNATURE_FILE,
    manifestSha256: sha256Of(bytes),
  };
  return zipOf(
    [
      ...checked,
      { name: MANIFEST_FILE, data: bytes },
      { name: SIGNATURE_FILE, data: signature },
      { name: SIGNATURE_INFO_FILE, data: encoder.encode(canonicalJson(info)) },
    ],
    limits,
  );
}

/** The pack parameters of a scan result: its id, scope, checks, thresholds and time window. */
export function packParamsFromResult(result: ScanResult, extra: Record<string, JsonValue> = {}): EvidencePackParams {
  return {
    scanId: result.scanId,
    scope: result.scope,
    checks: result.checks.map((check) => check.id),
    thresholds: result.thresholds,
    timeWindow: { start: result.startedAt, end: result.finishedAt, collectedAt: result.collectedAt },
    extra: { scanTool: { name: result.tool.name, version: result.tool.version }, ...extra },
  };
}

export interface EvidenceExtras {
  /** report.html; rendered from the result with the HTML report renderer when absent. */
  reportHtml?: string;
  /** findings.json exactly as saved; the result rendered as the JSON report when absent. */
  findingsJson?: string;
  /** inventory.json: the raw facts (text as saved, or the inventory document). */
  inventory?: string | Inventory;
  /** cloudtrail-events.json (text, or a JSON value). */
  cloudtrailEvents?: string | JsonValue;
  /** drift.json (text, or a JSON value). */
  drift?: string | JsonValue;
  /** One CSV per framework matrix: framework id → CSV text, stored as `matrix-<framework>.csv`. */
  matrices?: Record<string, string>;
  /** Anything else to include. */
  files?: EvidenceFile[];
}

export const FRAMEWORK_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function jsonText(value: unknown): string {
  return typeof value === 'string' ? value : `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * The standard files of a scan's evidence pack, sorted by name: report.html, findings.json (the ScanResult),
 * coverage.json, and when given inventory.json, cloudtrail-events.json, drift.json and matrix-<framework>.csv.
 * manifest.json is added by buildEvidencePack.
 */
export function evidenceFilesFor(result: ScanResult, extras: EvidenceExtras = {}): EvidenceFile[] {
  const files: EvidenceFile[] = [
    { name: 'report.html', content: extras.reportHtml ?? renderHtml(result) },
    { name: 'findings.json', content: extras.findingsJson ?? renderJson(result) },
    { name: 'coverage.json', content: `${JSON.stringify(result.coverage, null, 2)}\n` },
  ];
  if (extras.inventory !== undefined) files.push({ name: 'inventory.json', content: jsonText(extras.inventory) });
  if (extras.cloudtrailEvents !== undefined) files.push({ name: 'cloudtrail-events.json', content: jsonText(extras.cloudtrailEvents) });
  if (extras.drift !== undefined) files.push({ name: 'drift.json', content: jsonText(extras.drift) });
  for (const [framework, csv] of Object.entries(extras.matrices ?? {})) {
    if (!FRAMEWORK_ID.test(framework)) throw new UsageError(`framework id ${quoteName(framework)}: use letters, digits, '.', '_' and '-' (at most 64)`);
    files.push({ name: `matrix-${framework}.csv`, content: csv });
  }
  files.push(...(extras.files ?? []));
  return files.sort((a, b) => compareNames(a.name, b.name));
}
