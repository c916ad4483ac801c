/**
 * Types of drift detection. Pure data (JSON-serialisable); this module imports no engine code so that
 * `ScanResult.drift` can refer to it without a cycle.
 */
import type { StateValue } from '../inventory/baseline.js';

export type { StateValue };

/**
 * The value recorded for a fact that could not be collected (access denied, throttled, not described). It is a
 * marker, not a value: a field holding it on either side of a comparison is reported as `unknown`, never as
 * equal (no PASS on missing data) and never as a change (no drift invented from a collection error).
 * A collected string that is literally `{unavailable}` would be read as this marker; no MSK or KMS field has
 * such a value.
 */
export const UNAVAILABLE = '{unavailable}';

/** Every field of the parsed server.properties is recorded as `serverProperties.<property>`. */
export const SERVER_PROPERTIES_PREFIX = 'serverProperties.';

/**
 * Recorded (with the UNAVAILABLE marker) instead of the individual properties when the configuration revision
 * could not be read: then no `serverProperties.<property>` field of either side can be compared.
 */
export const SERVER_PROPERTIES_UNAVAILABLE = 'serverProperties.*';

/** A cluster's flat security state: field path → value. */
export type ClusterState = Record<string, StateValue>;

/** The state extracted from the facts, and why each UNAVAILABLE field could not be read. */
export interface ExtractedState {
  state: ClusterState;
  /** Field → the collection problem that left it UNAVAILABLE. */
  unavailable: Record<string, string>;
}

export interface FieldChange {
  field: string;
  before: StateValue;
  after: StateValue;
}

/** A field that could not be compared: UNAVAILABLE on at least one side. */
export type UnknownField = FieldChange;

/** The comparison of one cluster's approved and current state. */
export interface StateDiff {
  /** Fields whose value differs, both sides known. Sorted by field. */
  changes: FieldChange[];
  /** Fields that could not be compared (a fact unavailable on either side). Sorted by field. */
  unknown: UnknownField[];
  /** Fields only one side records (a newer msk-audit records more): informational, not compared. */
  notRecorded: string[];
}

/** A CloudTrail event that explains a change, as shown in reports and evidence. */
export interface ExplainingEvent {
  eventId: string;
  name: string;
  time: string;
  principal: string | null;
  sourceIp?: string;
}

/**
 * Why a change happened:
 * - `explained`: successful MSK API calls on this cluster, between the approval and the comparison, that can cause it;
 * - `unexplained`: the events were looked up over the whole period and none can cause it (`note` says why, e.g.
 *   no MSK API changes that field);
 * - `unknown`: the events needed to decide were not available (not looked up, lookup failed, or the window does
 *   not reach back to the approval). Never counted as explained.
 */
export type Attribution =
  | { status: 'explained'; events: ExplainingEvent[] }
  | { status: 'unexplained'; note?: string }
  | { status: 'unknown'; reason: string };

export interface AttributedChange extends FieldChange {
  attribution: Attribution;
}

export interface ClusterRef {
  clusterArn: string;
  account: string;
  region: string;
  name?: string;
}

/** A cluster listed now that the baseline does not have. */
export interface AddedCluster extends ClusterRef {
  attribution: Attribution;
  /** True when the baseline covered this account-region (else the cluster may simply predate the approval). */
  accountRegionInBaseline: boolean;
}

/** An approved cluster no longer listed in an account-region whose cluster list is complete on both sides. */
export interface RemovedCluster extends ClusterRef {
  attribution: Attribution;
}

/** A cluster in both, with at least one change or one field that could not be compared. */
export interface ChangedCluster extends ClusterRef {
  changes: AttributedChange[];
  unknown: UnknownField[];
  /** Why the unknown fields are unknown (current side), field → problem. */
  unavailable?: Record<string, string>;
  notRecorded?: string[];
}

/** An account-region the comparison could not cover, and why. */
export interface NotCompared {
  account: string;
  region: string;
  reason: string;
}

/** Drift of the current estate against an approved baseline (ScanResult.drift, `msk-audit diff --json`). */
export interface DriftReport {
  baseline: { approvedAt: string; scanId?: string; collectedAt: string; clusters: number; accountRegions: number };
  /** When the compared state was collected. */
  comparedAt: string;
  summary: {
    added: number;
    removed: number;
    /** Clusters with at least one changed field. */
    changed: number;
    /** Clusters without a change but with fields that could not be compared. */
    unverified: number;
    unchanged: number;
    /** Changed fields, removed and added clusters that no successful event explains (unexplained or unknown). */
    unexplained: number;
  };
  added: AddedCluster[];
  removed: RemovedCluster[];
  /** Clusters with changes (may also list unknown fields). */
  changed: ChangedCluster[];
  /** Clusters without a definite change but with fields that could not be compared. */
  unverified: ChangedCluster[];
  notCompared: NotCompared[];
}

/** True when the report shows drift or could not rule it out. */
export function hasDrift(report: DriftReport): boolean {
  const { added, removed, changed, unverified } = report.summary;
  return added + removed + changed + unverified > 0;
}
