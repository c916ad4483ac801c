/**
 * Diff (pure): one cluster's approved state against its current state, and an account-region's clusters
 * against the baseline (added, removed, changed).
 */
import type { Baseline, ClusterBaseline, StateValue } from '../inventory/index.js';
import {
  SERVER_PROPERTIES_PREFIX,
  SERVER_PROPERTIES_UNAVAILABLE,
  UNAVAILABLE,
  type ClusterRef,
  type ClusterState,
  type FieldChange,
  type StateDiff,
  type UnknownField,
} from './types.js';

/**
 * Every field that differs. A field UNAVAILABLE on either side is `unknown`, not a change and not equal. A
 * `serverProperties.<property>` present on one side only is compared with null (the property was added or
 * removed); any other field present on one side only is `notRecorded` (recorded by a newer msk-audit).
 */
export function diffStates(before: ClusterState, after: ClusterState): StateDiff {
  const changes: FieldChange[] = [];
  const unknown: UnknownField[] = [];
  const notRecorded: string[] = [];
  const propertiesUnknown = SERVER_PROPERTIES_UNAVAILABLE in before || SERVER_PROPERTIES_UNAVAILABLE in after;
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  for (const field of fields) {
    const b = before[field];
    const a = after[field];
    if (field === SERVER_PROPERTIES_UNAVAILABLE) {
      unknown.push({ field, before: b ?? null, after: a ?? null });
      continue;
    }
    if (field.startsWith(SERVER_PROPERTIES_PREFIX)) {
      // Covered by the single `serverProperties.*` entry when either configuration could not be read.
      if (propertiesUnknown) continue;
      compare(field, b ?? null, a ?? null);
      continue;
    }
    if (b === undefined || a === undefined) {
      notRecorded.push(field);
      continue;
    }
    compare(field, b, a);
  }
  return { changes, unknown, notRecorded };

  function compare(field: string, b: StateValue, a: StateValue): void {
    if (isUnavailable(b) || isUnavailable(a)) unknown.push({ field, before: b, after: a });
    else if (!sameValue(b, a)) changes.push({ field, before: b, after: a });
  }
}

export function isUnavailable(value: StateValue | undefined): boolean {
  return value === UNAVAILABLE;
}

export function sameValue(a: StateValue, b: StateValue): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => item === b[index]);
  }
  return a === b;
}

/** A cluster as currently observed: its state and why any field is UNAVAILABLE. */
export interface ObservedCluster {
  name?: string;
  state: ClusterState;
  unavailable?: Record<string, string>;
}

/** One account-region as currently observed. */
export interface ObservedAccountRegion {
  account: string;
  region: string;
  /** The clusters listed now by ARN; undefined when the cluster list could not be collected (`reason` says why). */
  clusters?: Record<string, ObservedCluster>;
  reason?: string;
}

export interface AccountRegionDiff {
  /** False when no removal can be judged: the baseline did not cover the account-region, or its list is missing now. */
  comparable: boolean;
  /** Whether the baseline covered this account-region (its cluster list was complete when approved). */
  inBaseline: boolean;
  added: ClusterRef[];
  removed: (ClusterRef & { approved: ClusterBaseline })[];
  /** Clusters in both, with their field diff (also those without a difference). */
  compared: (ClusterRef & { diff: StateDiff; observed: ObservedCluster })[];
}

export function coversAccountRegion(baseline: Pick<Baseline, 'accountRegions'>, account: string, region: string): boolean {
  return baseline.accountRegions.some((entry) => entry.account === account && entry.region === region);
}

/** The approved clusters of one account-region, by ARN. */
export function approvedClusters(baseline: Pick<Baseline, 'clusters'>, account: string, region: string): [string, ClusterBaseline][] {
  return Object.entries(baseline.clusters)
    .filter(([, cluster]) => cluster.account === account && cluster.region === region)
    .sort(([a], [b]) => a.localeCompare(b));
}

/**
 * The clusters of one account-region against the baseline. Removal is judged only where the cluster list is
 * complete on both sides (the baseline covered the account-region and it is listed now); a cluster listed now
 * that the baseline lacks is added.
 */
export function diffAccountRegion(baseline: Baseline, observed: ObservedAccountRegion): AccountRegionDiff {
  const { account, region } = observed;
  const inBaseline = coversAccountRegion(baseline, account, region);
  const result: AccountRegionDiff = { comparable: inBaseline && observed.clusters !== undefined, inBaseline, added: [], removed: [], compared: [] };
  if (observed.clusters === undefined) return result;
  const current = Object.entries(observed.clusters).sort(([a], [b]) => a.localeCompare(b));
  for (const [clusterArn, cluster] of current) {
    const ref = clusterRef(clusterArn, account, region, cluster.name);
    const approved = baseline.clusters[clusterArn];
    if (approved === undefined) result.added.push(ref);
    else result.compared.push({ ...ref, diff: diffStates(approved.state, cluster.state), observed: cluster });
  }
  if (inBaseline) {
    for (const [clusterArn, approved] of approvedClusters(baseline, account, region)) {
      if (!(clusterArn in observed.clusters)) result.removed.push({ ...clusterRef(clusterArn, account, region, approved.name), approved });
    }
  }
  return result;
}

/** The account-regions of a baseline document as observations (`msk-audit diff OLD NEW` with NEW a baseline). */
export function observationsOfBaseline(baseline: Baseline): ObservedAccountRegion[] {
  return baseline.accountRegions.map(({ account, region }) => ({
    account,
    region,
    clusters: Object.fromEntries(
      approvedClusters(baseline, account, region).map(([arn, cluster]) => [arn, { ...(cluster.name ? { name: cluster.name } : {}), state: cluster.state }]),
    ),
  }));
}

function clusterRef(clusterArn: string, account: string, region: string, name: string | undefined): ClusterRef {
  return name ? { clusterArn, account, region, name } : { clusterArn, account, region };
}
