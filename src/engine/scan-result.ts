import type { CallerIdentity, CollectionError } from '../inventory/index.js';
import type { CheckMeta, Thresholds } from '../check/index.js';
import type { Finding } from './finding.js';
import type { FindingSet } from './finding-set.js';
import type { Summary } from './summary.js';
import type { Coverage } from './coverage.js';
import type { ClusterSummary } from './cluster-summary.js';
import type { SecurityHubPublication } from './publication.js';
import type { ExceptionsOutcome } from './exceptions.js';
import type { DriftReport } from '../drift/types.js';

export const SCAN_RESULT_SCHEMA_VERSION = 1;

/** The outcome of one scan (or one offline evaluation): what every report format renders. */
export interface ScanResult {
  kind: 'msk-audit-scan';
  schemaVersion: typeof SCAN_RESULT_SCHEMA_VERSION;
  scanId: string;
  tool: { name: string; version: string };
  startedAt: string;
  finishedAt: string;
  /** When the evaluated facts were collected (differs from startedAt for `msk-audit evaluate`). */
  collectedAt: string;
  caller: CallerIdentity;
  scope: {
    accounts: string[];
    regions: string[];
    regionSelection: 'all-enabled' | 'explicit';
    tagFilters: Record<string, string>;
    checkIds: string[];
    /** The framework the scan was limited to (`--framework`), if any: reports show only its controls matrix. */
    framework?: string;
  };
  thresholds: Thresholds;
  /** Metadata of every check that ran, so a report stands on its own. */
  checks: CheckMeta[];
  /**
   * Every finding, sorted by account then region (evaluation order within). Re-iterable; a large scan's are
   * read back from disk on each iteration (SpooledFindings), so iterate them rather than copying them.
   */
  findings: FindingSet;
  summary: Summary;
  /** Every cluster listed in scope (also those a tag filter left out), sorted by ARN. */
  clusters: ClusterSummary[];
  /** Which account-regions were fully evaluated, partially, not at all, or skipped — and why. */
  coverage: Coverage;
  /** Every error met while collecting; each also shows as NOT_AVAILABLE where it cost a verdict. */
  errors: CollectionError[];
  /** Accepted risks: the exceptions in force with the findings they cover, and the expired ones (`--exceptions`). */
  exceptions?: ExceptionsOutcome;
  /** What was imported into / archived in Security Hub, per account-region (`--security-hub`). */
  securityHub?: SecurityHubPublication;
  /** Drift against the approved baseline (`--baseline`): added, removed and changed clusters with their events. */
  drift?: DriftReport;
}

/** A scan result whose findings are held in memory (built from a held inventory, loaded from a file, tests). */
export type HeldScanResult = ScanResult & { findings: Finding[] };

export type { FindingSet } from './finding-set.js';
