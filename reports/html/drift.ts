/*
 * Drift against the approved baseline (ScanResult.drift, `--baseline`): added and removed clusters, and each
 * changed field before → after with the CloudTrail events that explain it — or "unexplained" / "unknown".
 */
import { UNAVAILABLE, type Attribution, type ChangedCluster, type ClusterRef, type DriftReport, type ExplainingEvent, type StateValue } from '../../src/drift/types.js';
import { DASH, isRecord, ordinal, text, type Badge } from './format.js';

export interface AttributionView {
  /** explained / unexplained / unknown (anything else is shown as unknown). */
  status: Badge;
  events: { name: string; time: string; principal: string; sourceIp: string }[];
  note: string;
}

export interface DriftClusterRow {
  name: string;
  arn: string;
  account: string;
  region: string;
  attribution: AttributionView;
  /** For added clusters: the baseline did not cover the account-region (the cluster may predate the approval). */
  outsideBaseline: boolean;
}

export interface FieldChangeView {
  field: string;
  before: string;
  after: string;
  attribution: AttributionView;
}

export interface UnknownFieldView {
  field: string;
  before: string;
  after: string;
  why: string;
}

export interface ChangedClusterView {
  name: string;
  arn: string;
  account: string;
  region: string;
  changes: FieldChangeView[];
  unknown: UnknownFieldView[];
  notRecorded: string[];
}

export interface DriftView {
  baseline: { approvedAt: string; scanId: string; collectedAt: string; clusters: string; accountRegions: string };
  comparedAt: string;
  summary: { key: string; count: string }[];
  verdict: Badge;
  added: DriftClusterRow[];
  removed: DriftClusterRow[];
  changed: ChangedClusterView[];
  unverified: ChangedClusterView[];
  notCompared: { account: string; region: string; reason: string }[];
}

const ATTRIBUTION_BADGES: Record<string, Badge> = {
  explained: { label: 'explained', cssClass: 'status-passed' },
  unexplained: { label: 'unexplained', cssClass: 'status-failed' },
  unknown: { label: 'unknown', cssClass: 'status-not-available' },
};

export function buildDrift(drift: DriftReport | undefined): DriftView | null {
  if (!isRecord(drift)) return null;
  const summary = isRecord(drift.summary) ? drift.summary : ({} as Partial<DriftReport['summary']>);
  const count = (value: unknown): string => (typeof value === 'number' ? String(value) : DASH);
  const baseline = isRecord(drift.baseline) ? drift.baseline : ({} as Partial<DriftReport['baseline']>);
  const drifted = ['added', 'removed', 'changed', 'unverified'].some((key) => Number((summary as Record<string, unknown>)[key] ?? 0) > 0);
  return {
    baseline: {
      approvedAt: text(baseline.approvedAt),
      scanId: text(baseline.scanId),
      collectedAt: text(baseline.collectedAt),
      clusters: count(baseline.clusters),
      accountRegions: count(baseline.accountRegions),
    },
    comparedAt: text(drift.comparedAt),
    summary: (['added', 'removed', 'changed', 'unverified', 'unchanged', 'unexplained'] as const).map((key) => ({ key, count: count(summary[key]) })),
    verdict: drifted ? { label: 'Drift', cssClass: 'status-failed' } : { label: 'No drift', cssClass: 'status-passed' },
    added: list(drift.added)
      .map((entry) => ({ ...clusterRow(entry), outsideBaseline: entry.accountRegionInBaseline === false }))
      .sort(compareRows),
    removed: list(drift.removed).map(clusterRow).sort(compareRows),
    changed: list(drift.changed).map(changedCluster).sort(compareRows),
    unverified: list(drift.unverified).map(changedCluster).sort(compareRows),
    notCompared: list(drift.notCompared)
      .map((entry) => ({ account: text(entry.account), region: text(entry.region), reason: text(entry.reason) }))
      .sort((a, b) => ordinal(a.account, b.account) || ordinal(a.region, b.region)),
  };
}

function list<T>(value: readonly T[] | undefined): T[] {
  // Entries that are not objects (a damaged file) are dropped rather than crash the report.
  return Array.isArray(value) ? value.filter((entry): entry is T => isRecord(entry)) : [];
}

function compareRows(a: { account: string; region: string; name: string; arn: string }, b: { account: string; region: string; name: string; arn: string }): number {
  return ordinal(a.account, b.account) || ordinal(a.region, b.region) || ordinal(a.name, b.name) || ordinal(a.arn, b.arn);
}

function ref(entry: ClusterRef): { name: string; arn: string; account: string; region: string } {
  return { name: text(entry.name), arn: text(entry.clusterArn), account: text(entry.account), region: text(entry.region) };
}

function clusterRow(entry: ClusterRef & { attribution?: Attribution }): DriftClusterRow {
  return { ...ref(entry), attribution: attributionView(entry.attribution), outsideBaseline: false };
}

function changedCluster(entry: ChangedCluster): ChangedClusterView {
  const unavailable = isRecord(entry.unavailable) ? entry.unavailable : {};
  return {
    ...ref(entry),
    changes: list(entry.changes).map((change) => ({
      field: text(change.field),
      before: value(change.before),
      after: value(change.after),
      attribution: attributionView(change.attribution),
    })),
    unknown: list(entry.unknown).map((field) => {
      const why = unavailable[field.field];
      return {
        field: text(field.field),
        before: value(field.before),
        after: value(field.after),
        why: typeof why === 'string' && why !== '' ? why : 'unavailable',
      };
    }),
    notRecorded: Array.isArray(entry.notRecorded) ? entry.notRecorded.map((field) => String(field)) : [],
  };
}

/** A state value as JSON, so `"3"`, `3`, `null` and `[]` stay distinguishable; the unavailable marker in words. */
function value(state: StateValue | undefined): string {
  if (state === UNAVAILABLE) return 'unavailable (not collected)';
  return state === undefined ? DASH : (JSON.stringify(state) ?? String(state));
}

export function attributionView(attribution: Attribution | undefined): AttributionView {
  if (!isRecord(attribution)) return { status: ATTRIBUTION_BADGES.unknown!, events: [], note: 'no attribution recorded' };
  switch (attribution.status) {
    case 'explained':
      return { status: ATTRIBUTION_BADGES.explained!, events: list(attribution.events).map(eventView), note: '' };
    case 'unexplained':
      return { status: ATTRIBUTION_BADGES.unexplained!, events: [], note: typeof attribution.note === 'string' ? attribution.note : '' };
    case 'unknown':
      return { status: ATTRIBUTION_BADGES.unknown!, events: [], note: text(attribution.reason) };
    default:
      return { status: ATTRIBUTION_BADGES.unknown!, events: [], note: `unrecognised attribution ${JSON.stringify((attribution as { status?: unknown }).status)}` };
  }
}

function eventView(event: ExplainingEvent): AttributionView['events'][number] {
  return { name: text(event.name), time: text(event.time), principal: text(event.principal), sourceIp: text(event.sourceIp) };
}
