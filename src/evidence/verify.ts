/**
 * Verifying an evidence pack in memory: manifest.json, the signature (when a key is given), every listed
 * file's size and SHA-256, and that nothing is missing or extra. Nothing is extracted to disk.
 *
 * Problems come in a fixed order so the first one names the right file: manifest.json itself, then the
 * signature (a manifest changed after signing is named before the files it lists), then the listed files in
 * manifest order, then files the manifest does not list, then irregularities of the archive.
 */
import { UsageError } from '../errors.js';
import {
  MANIFEST_FILE,
  parseManifest,
  parseSignatureInfo,
  RESERVED_FILES,
  sha256Of,
  SIGNATURE_FILE,
  SIGNATURE_INFO_FILE,
  type EvidenceManifest,
  type SignatureInfo,
} from './manifest.js';
import type { PackVerifier } from './signing.js';
import { DEFAULT_ZIP_LIMITS, MiB, nameCollisionKey, readZip, unsafeNameReason, ZipFormatError, type ZipArchive, type ZipEntry, type ZipLimits } from './zip.js';

/** The pack cannot be read as a ZIP at all (not a ZIP, truncated, ZIP64, multi-disk): exit 2. */
export class PackFormatError extends UsageError {
  override name = 'PackFormatError';
}

export interface PackProblem {
  /** The pack file at fault (`(archive)` for the archive as a whole). */
  file: string;
  problem: string;
}

export type SignatureCheck =
  | { status: 'valid'; algorithm: string; keyId: string; verifiedWith: string }
  | { status: 'invalid'; algorithm?: string; keyId?: string; verifiedWith?: string; detail: string }
  | { status: 'not-checked'; algorithm: string; keyId: string }
  | { status: 'unsigned' };

export interface FileCheck {
  name: string;
  size: number;
  sha256: string;
  ok: boolean;
}

export interface VerificationReport {
  /** No problem at all (when a key was given, this includes a valid signature). */
  ok: boolean;
  /** Every problem; the first names the first file that does not match. */
  problems: PackProblem[];
  manifest?: EvidenceManifest;
  /** SHA-256 of manifest.json as found in the pack. */
  manifestSha256?: string;
  /** Each file the manifest lists, in manifest order. */
  files: FileCheck[];
  signature: SignatureCheck;
}

export interface VerifyOptions {
  /** Checks manifest.sig; without one the signature is reported as not checked. */
  verifier?: PackVerifier;
  limits?: ZipLimits;
}

/** manifest.json, signature.json and manifest.sig are small: a tighter cap than for evidence files. */
const MANIFEST_CAP = 64 * MiB;
const SIGNATURE_INFO_CAP = 64 * 1024;
const SIGNATURE_CAP = 16 * 1024;

export const ARCHIVE = '(archive)';

/** What inspectPack found, before any signature is checked. */
export interface PackInspection {
  report: VerificationReport;
  /** Files whose content was asked for with `keep` and that verified. */
  kept: Map<string, Uint8Array>;
  manifestBytes?: Uint8Array;
  signed?: { info: SignatureInfo; signature: Uint8Array };
}

function openArchive(zipBytes: Uint8Array, limits: ZipLimits): ZipArchive {
  try {
    return readZip(zipBytes, limits);
  } catch (error) {
    if (error instanceof ZipFormatError) throw new PackFormatError(`not a readable evidence pack: ${error.message}`);
    throw error;
  }
}

/**
 * Checks everything but the signature's cryptography, synchronously: the archive, manifest.json, every
 * file's size and SHA-256, missing and extra files, signature.json against manifest.json. Throws
 * PackFormatError when the bytes are not a readable ZIP.
 */
export function inspectPack(zipBytes: Uint8Array, options: { limits?: ZipLimits; keep?: readonly string[] } = {}): PackInspection {
  const limits = options.limits ?? DEFAULT_ZIP_LIMITS;
  const archive = openArchive(zipBytes, limits);
  const keep = new Set(options.keep ?? []);
  const kept = new Map<string, Uint8Array>();
  const entriesByName = new Map<string, ZipEntry[]>();
  for (const entry of archive.entries) {
    const list = entriesByName.get(entry.name) ?? [];
    list.push(entry);
    entriesByName.set(entry.name, list);
  }
  const report: VerificationReport = { ok: false, problems: [], files: [], signature: { status: 'unsigned' } };
  const inspection: PackInspection = { report, kept };

  // 1. manifest.json
  const manifestRead = readSingle(archive, entriesByName, MANIFEST_FILE, MANIFEST_CAP);
  if (!manifestRead.ok) {
    report.problems.push({ file: MANIFEST_FILE, problem: manifestRead.problem });
    return finish(inspection);
  }
  const parsed = parseManifest(manifestRead.data);
  if (!parsed.ok) {
    report.problems.push({ file: MANIFEST_FILE, problem: parsed.problem });
    return finish(inspection);
  }
  const manifest = parsed.manifest;
  report.manifest = manifest;
  report.manifestSha256 = sha256Of(manifestRead.data);
  inspection.manifestBytes = manifestRead.data;
  const manifestProblem = manifestNameProblem(manifest, limits);
  if (manifestProblem) {
    report.problems.push({ file: MANIFEST_FILE, problem: manifestProblem });
    return finish(inspection);
  }

  // 2. signature.json + manifest.sig (their consistency; the cryptography is verifyEvidencePack's)
  const signatureProblems: PackProblem[] = [];
  const hasInfo = entriesByName.has(SIGNATURE_INFO_FILE);
  const hasSignature = entriesByName.has(SIGNATURE_FILE);
  if (hasInfo || hasSignature) {
    if (!hasSignature) signatureProblems.push({ file: SIGNATURE_FILE, problem: 'is missing, but signature.json says the pack is signed' });
    if (!hasInfo) signatureProblems.push({ file: SIGNATURE_INFO_FILE, problem: 'is missing, but the pack has a manifest.sig' });
    let info: SignatureInfo | undefined;
    if (hasInfo) {
      const read = readSingle(archive, entriesByName, SIGNATURE_INFO_FILE, SIGNATURE_INFO_CAP);
      const infoParsed = read.ok ? parseSignatureInfo(read.data) : read;
      if (!infoParsed.ok) signatureProblems.push({ file: SIGNATURE_INFO_FILE, problem: infoParsed.problem });
      else info = infoParsed.info;
    }
    if (info && info.manifestSha256 !== report.manifestSha256) {
      // The manifest was changed after signing (or signature.json was): either way manifest.json is not what was signed.
      signatureProblems.unshift({ file: MANIFEST_FILE, problem: `does not match the digest signature.json records (${info.manifestSha256}): it was changed after signing` });
    }
    let signature: Uint8Array | undefined;
    if (hasSignature) {
      const read = readSingle(archive, entriesByName, SIGNATURE_FILE, SIGNATURE_CAP);
      if (!read.ok) signatureProblems.push({ file: SIGNATURE_FILE, problem: read.problem });
      else if (read.data.length === 0) signatureProblems.push({ file: SIGNATURE_FILE, problem: 'is empty' });
      else signature = read.data;
    }
    if (info && signature) {
      inspection.signed = { info, signature };
      report.signature = { status: 'not-checked', algorithm: info.algorithm, keyId: info.keyId };
    } else {
      const known = info ? { algorithm: info.algorithm, keyId: info.keyId } : {};
      report.signature = { status: 'invalid', ...known, detail: 'the signature files are incomplete or unreadable' };
    }
  }
  report.problems.push(...signatureProblems);

  // 3. every listed file, in manifest order
  for (const listed of manifest.files) {
    const read = readSingle(archive, entriesByName, listed.name, limits.maxEntryBytes);
    let problem: string | undefined;
    if (!read.ok) problem = read.problem;
    else if (read.data.length !== listed.size) problem = `is ${read.data.length} bytes, but manifest.json says ${listed.size}`;
    else if (sha256Of(read.data) !== listed.sha256) problem = 'does not match its SHA-256 in manifest.json (the content was changed)';
    report.files.push({ ...listed, ok: problem === undefined });
    if (problem) report.problems.push({ file: listed.name, problem });
    else if (read.ok && keep.has(listed.name)) kept.set(listed.name, read.data);
  }

  // 4. files the manifest does not list (each name once, in archive order)
  const listed = new Set([...manifest.files.map((file) => file.name), ...RESERVED_FILES]);
  const reported = new Set<string>();
  for (const entry of archive.entries) {
    if (listed.has(entry.name) || reported.has(entry.name)) continue;
    reported.add(entry.name);
    report.problems.push({ file: entry.name, problem: `is not listed in manifest.json${entry.problem ? ` (and ${entry.problem})` : ''}` });
  }

  // 5. the archive itself
  for (const warning of archive.warnings) report.problems.push({ file: ARCHIVE, problem: warning });
  return finish(inspection);
}

/** Reads the one entry of this name: missing, duplicated or unreadable entries are a problem. */
function readSingle(archive: ZipArchive, byName: Map<string, ZipEntry[]>, name: string, cap: number): { ok: true; data: Uint8Array } | { ok: false; problem: string } {
  const entries = byName.get(name) ?? [];
  const [entry] = entries;
  if (!entry) return { ok: false, problem: name === MANIFEST_FILE ? 'is missing: this is not an evidence pack, or it was stripped' : 'is missing from the pack' };
  if (entries.length > 1) return { ok: false, problem: `appears ${entries.length} times in the archive` };
  const read = archive.read(entry, cap);
  return read.ok ? read : { ok: false, problem: read.problem };
}

function manifestNameProblem(manifest: EvidenceManifest, limits: ZipLimits): string | undefined {
  const seen = new Set<string>();
  for (const file of manifest.files) {
    const unsafe = unsafeNameReason(file.name, limits.maxNameBytes);
    if (unsafe) return `lists a file that ${unsafe} (${JSON.stringify(file.name)})`;
    if (RESERVED_FILES.includes(file.name)) return `lists ${file.name}, a name reserved for the pack itself`;
    const key = nameCollisionKey(file.name);
    if (seen.has(key)) return `lists ${JSON.stringify(file.name)} more than once`;
    seen.add(key);
  }
  return undefined;
}

function finish(inspection: PackInspection): PackInspection {
  inspection.report.ok = inspection.report.problems.length === 0;
  return inspection;
}

/**
 * Verifies an evidence pack: every hash, missing and extra files, and — with a verifier — the signature.
 * Without a verifier the signature is reported as `not-checked` (it does not fail the pack). With one, an
 * unsigned pack fails. Throws PackFormatError (a UsageError: exit 2) when the bytes are not a readable ZIP.
 */
export async function verifyEvidencePack(zipBytes: Uint8Array, options: VerifyOptions = {}): Promise<VerificationReport> {
  const inspection = inspectPack(zipBytes, options.limits ? { limits: options.limits } : {});
  const { report } = inspection;
  const { verifier } = options;
  if (!verifier || !report.manifest) return report;
  if (report.signature.status === 'unsigned') {
    report.signature = { status: 'invalid', verifiedWith: verifier.description, detail: 'the pack is not signed' };
    report.problems.unshift({ file: SIGNATURE_FILE, problem: `is missing: the pack is not signed, but ${verifier.description} was given to check it` });
  } else if (inspection.signed && inspection.manifestBytes) {
    const { info, signature } = inspection.signed;
    const outcome = await verifier.verify(info, inspection.manifestBytes, signature);
    if (outcome.valid) {
      report.signature = { status: 'valid', algorithm: info.algorithm, keyId: info.keyId, verifiedWith: verifier.description };
    } else {
      const detail = outcome.detail ?? `it does not verify manifest.json with ${verifier.description}`;
      report.signature = { status: 'invalid', algorithm: info.algorithm, keyId: info.keyId, verifiedWith: verifier.description, detail };
      // After a changed manifest.json (already named first) a bad signature is expected; otherwise it leads.
      const at = report.problems[0]?.file === MANIFEST_FILE ? 1 : 0;
      report.problems.splice(at, 0, {
        file: SIGNATURE_FILE,
        problem: `is not a valid signature: ${detail} (signed by ${info.keyId} according to signature.json)`,
      });
    }
  }
  report.ok = report.problems.length === 0;
  return report;
}
