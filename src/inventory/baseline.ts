export const BASELINE_SCHEMA_VERSION = 1;

/** A value in a cluster's security state: scalars, or sorted lists of strings. */
export type StateValue = string | number | boolean | null | string[];

/** The approved security-relevant state of every cluster: what drift is measured against. */
export interface Baseline {
  kind: 'msk-audit-baseline';
  schemaVersion: typeof BASELINE_SCHEMA_VERSION;
  tool: { name: string; version: string };
  /** When the state was approved (the scan's collection time). */
  approvedAt: string;
  /** The scan the state comes from. */
  source: { scanId?: string; collectedAt: string; caller?: string };
  /** The account-regions whose cluster list was complete when approved: only there can a missing cluster mean removal. */
  accountRegions: { account: string; region: string }[];
  clusters: Record<string, ClusterBaseline>;
}

export interface ClusterBaseline {
  account: string;
  region: string;
  name?: string;
  /** Flat field path → value, e.g. `encryption.inTransit.clientBroker` → "TLS". */
  state: Record<string, StateValue>;
}
