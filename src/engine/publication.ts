/**
 * What publishing a scan to AWS Security Hub did, per account-region. Data types only, so a ScanResult can
 * carry a publication without depending on the publisher (src/publish/).
 */

/**
 * published: existing msk-audit findings were read and every finding was sent (some may still have failed; see
 * `failed`); hub-not-enabled: Security Hub is not enabled in the account-region (InvalidAccessException);
 * failed: the account-region could not be published (credentials, access denied, errors after retries);
 * not-attempted: nothing was sent on purpose (an opt-in region the account has not enabled).
 */
export type PublicationStatus = 'published' | 'hub-not-enabled' | 'failed' | 'not-attempted';

export const PUBLICATION_STATUSES: readonly PublicationStatus[] = ['published', 'hub-not-enabled', 'failed', 'not-attempted'];

/** One finding Security Hub did not accept after every retry, or that could not be sent at all. */
export interface PublicationFailure {
  /** The ASFF finding Id. */
  id: string;
  /** Security Hub's error code (InvalidInput, AccessDeniedException …) or the error that failed the call. */
  code: string;
  message: string;
}

export interface AccountRegionPublication {
  account: string;
  region: string;
  status: PublicationStatus;
  /** This scan's findings for the account-region (what was to be imported). */
  findings: number;
  /** Findings of this scan Security Hub accepted (created or updated); NOT_APPLICABLE ones are imported archived. */
  imported: number;
  /** Existing msk-audit findings archived by this run: their cluster is gone, or their check no longer produces them. */
  archived: number;
  /**
   * Existing msk-audit findings left exactly as they were: already archived, of a check that did not run, of a
   * cluster a tag filter left out, or anything at all when coverage here was not complete.
   */
  unchanged?: number;
  /** Findings not accepted after every retry, with Security Hub's reason. Never silently dropped. */
  failed: PublicationFailure[];
  /** Why the account-region was not published (hub-not-enabled, failed, not-attempted). */
  error?: { code: string; message: string };
  /** Why nothing was archived here, when archiving was not allowed (coverage partial, not evaluated …). */
  archivingSkipped?: string;
}

export interface PublicationTotals {
  imported: number;
  archived: number;
  unchanged: number;
  /** Findings (imports and archives) that failed. */
  failed: number;
  /** Account-regions by status. */
  accountRegions: Record<PublicationStatus, number>;
}

/** The outcome of publishing one scan result to Security Hub. */
export interface SecurityHubPublication {
  /** When publishing started (UpdatedAt of the findings is at or after it). */
  publishedAt: string;
  /** Sorted by account, then region. */
  accountRegions: AccountRegionPublication[];
  totals: PublicationTotals;
  /** True when every account-region that was attempted is `published` with no failed finding. */
  complete: boolean;
}
