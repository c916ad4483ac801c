/** Tamper-evident evidence packs: build, sign, verify, re-perform. */
export {
  buildEvidencePack,
  buildManifest,
  buildSignedEvidencePack,
  evidenceFilesFor,
  packParamsFromResult,
  FRAMEWORK_ID,
  type BuiltManifest,
  type EvidenceExtras,
  type EvidenceFile,
  type EvidencePackParams,
} from './pack.js';
export {
  canonicalJson,
  MANIFEST_FILE,
  SIGNATURE_FILE,
  SIGNATURE_INFO_FILE,
  SIGNATURE_ALGORITHMS,
  type EvidenceManifest,
  type EvidenceParameters,
  type JsonValue,
  type ManifestFile,
  type SignatureAlgorithm,
  type SignatureInfo,
} from './manifest.js';
export {
  kmsPublicKey,
  kmsSigner,
  kmsVerifier,
  keyFingerprint,
  pemSigner,
  pemVerifier,
  type KmsOptions,
  type PackSigner,
  type PackVerifier,
  type VerifyOutcome,
} from './signing.js';
export {
  ARCHIVE,
  inspectPack,
  PackFormatError,
  verifyEvidencePack,
  type FileCheck,
  type PackProblem,
  type SignatureCheck,
  type VerificationReport,
  type VerifyOptions,
} from './verify.js';
export { describeReperformance, planFromPack, reperformPack, type ReperformanceResult, type ReperformOptions, type VerdictMismatch } from './reperform.js';
export { parseScanResult } from './scan-file.js';
export { readPackFile } from './pack-file.js';
export { DEFAULT_ZIP_LIMITS, readZip, writeZip, ZipFormatError, type ZipLimits } from './zip.js';
