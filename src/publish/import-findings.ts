/**
 * BatchImportFindings for one account-region: batches within Security Hub's limits, re-sends FailedFindings and
 * failed calls for a few rounds with backoff, and accounts for every finding — accepted, or failed with a reason.
 */
import { BatchImportFindingsCommand, type AwsSecurityFinding, type SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { PublicationFailure } from '../engine/publication.js';
import { batchFindings, MAX_FINDING_BYTES } from './batches.js';
import { errorInfo, isHubNotEnabled, isPermanentFindingError, isRetryableError, type Backoff, type ErrorInfo } from './retry.js';

export interface ImportOutcome {
  /** Ids Security Hub accepted. */
  accepted: Set<string>;
  /** Every finding not accepted, with the last reason (one entry per Id). */
  failed: PublicationFailure[];
  /** The first error that failed a whole call, when one did and was not overcome. */
  callError?: ErrorInfo;
  /** A call answered that Security Hub is not enabled here: nothing more was sent. */
  hubNotEnabled: boolean;
}

export async function importFindings(client: SecurityHubClient, findings: readonly AwsSecurityFinding[], retry: Backoff): Promise<ImportOutcome> {
  const accepted = new Set<string>();
  const failures = new Map<string, PublicationFailure>();
  /** Ids whose last failure was a failed call (not a FailedFindings entry). */
  const failedByCall = new Map<string, ErrorInfo>();
  let hubNotEnabled = false;

  const { batches: first, oversized } = batchFindings(findings);
  for (const { finding, bytes } of oversized) {
    const id = finding.Id ?? '';
    failures.set(id, { id, code: 'FindingTooLarge', message: `The finding is ${bytes} bytes; Security Hub accepts at most ${MAX_FINDING_BYTES}.` });
  }

  let pending: AwsSecurityFinding[] = first.flat();
  for (let round = 1; round <= retry.rounds && pending.length > 0 && !hubNotEnabled; round += 1) {
    if (round > 1) await retry.wait(round);
    const again: AwsSecurityFinding[] = [];
    const { batches } = batchFindings(pending);
    for (const [index, batch] of batches.entries()) {
      let response;
      try {
        response = await client.send(new BatchImportFindingsCommand({ Findings: batch }));
      } catch (error) {
        const info = errorInfo(error, 'BatchImportFindings');
        for (const finding of batch) fail(finding, info, true);
        if (isHubNotEnabled(info)) {
          hubNotEnabled = true;
          for (const later of batches.slice(index + 1).flat()) fail(later, info, true);
          break;
        }
        if (isRetryableError(error)) again.push(...batch);
        continue;
      }
      const rejected = new Map<string, { code: string; message: string }>();
      for (const failure of response.FailedFindings ?? []) {
        if (failure.Id === undefined) continue;
        rejected.set(failure.Id, { code: failure.ErrorCode || 'UnknownError', message: failure.ErrorMessage || failure.ErrorCode || 'Security Hub did not accept the finding.' });
      }
      for (const finding of batch) {
        const id = finding.Id ?? '';
        const rejection = rejected.get(id);
        if (!rejection) {
          accepted.add(id);
          failures.delete(id);
          failedByCall.delete(id);
          continue;
        }
        fail(finding, rejection, false);
        if (!isPermanentFindingError(rejection.code)) again.push(finding);
      }
    }
    pending = again;
  }
  const outcome: ImportOutcome = { accepted, failed: [...failures.values()], hubNotEnabled };
  const callError = failedByCall.values().next();
  if (!callError.done) outcome.callError = callError.value;
  return outcome;

  function fail(finding: AwsSecurityFinding, info: ErrorInfo, byCall: boolean): void {
    const id = finding.Id ?? '';
    failures.set(id, { id, code: info.code, message: info.message });
    if (byCall) failedByCall.set(id, info);
    else failedByCall.delete(id);
  }
}
