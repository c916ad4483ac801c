/** Publishing scan results to AWS Security Hub (ASFF mapping: reports/asff.ts). */
export { publishToSecurityHub, summarizePublication, DEFAULT_PUBLISH_CONCURRENCY, type PublishOptions } from './security-hub.js';
export { planArchive, archivedFinding, type ArchivePlan, type ArchiveDecision, type ArchivePlanInput } from './archive-plan.js';
export { readExistingFindings, asOwnedFinding, type OwnedFinding } from './existing-findings.js';
export { importFindings, type ImportOutcome } from './import-findings.js';
export { batchFindings, serializedSize, MAX_BATCH_BYTES, MAX_FINDINGS_PER_BATCH, MAX_FINDING_BYTES, type Batching, type BatchLimits } from './batches.js';
export { backoff, type PublishRetryOptions, type BackoffDeps } from './retry.js';
export type {
  AccountRegionPublication,
  PublicationFailure,
  PublicationStatus,
  PublicationTotals,
  SecurityHubPublication,
} from '../engine/publication.js';
