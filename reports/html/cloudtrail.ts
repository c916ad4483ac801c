/*
 * The CloudTrail section: per account-region, the trail checks (cloudtrail-*) and the security-relevant MSK
 * changes (msk-risky-change, one finding per event: who, when, from where), and the event window looked up.
 * Evidence is read defensively: a result file may come from anywhere, so every field is checked for its type.
 */
import type { Finding } from '../../src/engine/finding.js';
import type { HeldScanResult, ScanResult } from '../../src/engine/scan-result.js';
import { DASH, isRecord, ordinal, severityBadge, statusBadge, stringOrNull, text, type Badge } from './format.js';

export const RISKY_CHANGE_CHECK = 'msk-risky-change';
const TRAIL_CHECK_PREFIX = 'cloudtrail-';

export function isCloudTrailCheck(checkId: string): boolean {
  return checkId === RISKY_CHANGE_CHECK || checkId.startsWith(TRAIL_CHECK_PREFIX);
}

export interface TrailCell {
  anchor: string;
  status: Badge | null;
  reason: string;
  /** PASSED verdicts show only their badge (the reason is in the detail and in the link's title). */
  showReason: boolean;
}

export interface AccountRegionTrailView {
  account: string;
  region: string;
  cells: TrailCell[];
  /** The event window looked up here, or a dash. */
  window: string;
  /** Security-relevant changes reported here (msk-risky-change findings with an event). */
  changes: number;
  /** The msk-risky-change verdict when there was no event to report (PASSED / NOT_APPLICABLE / NOT_AVAILABLE). */
  changeVerdict: TrailCell | null;
  /** When every verdict here that shows a reason gives the same one (e.g. the role could not be assumed): it, once. */
  commonReason: string | null;
}

export interface ChangeView {
  anchor: string;
  time: string;
  eventName: string;
  eventSource: string;
  principal: string;
  principalType: string;
  sourceIp: string;
  userAgent: string;
  errorCode: string;
  refused: boolean;
  cluster: string;
  topic: string | null;
  account: string;
  region: string;
  status: Badge;
  severity: Badge;
  reason: string;
  accepted: boolean;
}

export interface CloudTrailView {
  /** Any CloudTrail check ran or reported. */
  present: boolean;
  trailChecks: { id: string; title: string }[];
  /** Columns of the per-account-region table after the account column (for a row's common reason). */
  reasonColspan: number;
  accountRegions: AccountRegionTrailView[];
  changes: ChangeView[];
  /** The CloudTrail window in words (known, varying, or not known and why). */
  window: string;
  windowKnown: boolean;
  /** Account-regions report different windows: the table shows each one. */
  windowVaries: boolean;
}

interface EventWindow {
  start: string;
  end: string;
}

export function buildCloudTrail(result: HeldScanResult, anchors: ReadonlyMap<string, string>): CloudTrailView {
  const findings = result.findings.filter((finding) => isCloudTrailCheck(finding.checkId));
  const titles = new Map<string, string>();
  for (const check of result.checks) if (isCloudTrailCheck(check.id)) titles.set(check.id, check.title);
  for (const finding of findings) if (!titles.has(finding.checkId)) titles.set(finding.checkId, finding.title);
  const trailChecks = [...titles]
    .filter(([id]) => id !== RISKY_CHANGE_CHECK)
    .sort(([a], [b]) => ordinal(a, b))
    .map(([id, title]) => ({ id, title }));

  const byAccountRegion = new Map<string, { account: string; region: string; findings: Finding[] }>();
  for (const finding of findings) {
    const key = `${finding.resource.account}\u0000${finding.resource.region}`;
    const entry = byAccountRegion.get(key) ?? { account: finding.resource.account, region: finding.resource.region, findings: [] };
    entry.findings.push(finding);
    byAccountRegion.set(key, entry);
  }

  const windows: EventWindow[] = [];
  const accountRegions = [...byAccountRegion.values()]
    .sort((a, b) => ordinal(a.account, b.account) || ordinal(a.region, b.region))
    .map(({ account, region, findings: here }): AccountRegionTrailView => {
      const cells = trailChecks.map(({ id }): TrailCell => {
        const finding = here.filter((f) => f.checkId === id).sort((a, b) => ordinal(a.id, b.id))[0];
        return finding
          ? { anchor: anchors.get(finding.id) ?? '', status: statusBadge(finding.status), reason: finding.reason, showReason: finding.status !== 'PASSED' }
          : { anchor: '', status: null, reason: 'not reported', showReason: true };
      });
      const risky = here.filter((f) => f.checkId === RISKY_CHANGE_CHECK);
      const window = risky.map((f) => eventWindow(f.evidence)).find((w): w is EventWindow => w !== null) ?? null;
      if (window) windows.push(window);
      const verdict = risky.find((f) => !isEvent(f));
      const changeVerdict: TrailCell | null = verdict
        ? { anchor: anchors.get(verdict.id) ?? '', status: statusBadge(verdict.status), reason: verdict.reason, showReason: verdict.status !== 'PASSED' }
        : null;
      const explained = [...cells, ...(changeVerdict ? [changeVerdict] : [])].filter((cell) => cell.status !== null && cell.showReason);
      const common = explained.length > 1 && explained.every((cell) => cell.reason === explained[0]!.reason) ? explained[0]!.reason : null;
      if (common !== null) for (const cell of explained) cell.showReason = false;
      return {
        account,
        region,
        cells,
        window: window ? `${window.start} → ${window.end}` : DASH,
        changes: risky.filter(isEvent).length,
        changeVerdict,
        commonReason: common,
      };
    });

  const changes = findings
    .filter((finding) => finding.checkId === RISKY_CHANGE_CHECK && isEvent(finding))
    .map((finding) => changeView(finding, anchors.get(finding.id) ?? ''))
    .sort((a, b) => ordinal(a.time, b.time) || ordinal(a.account, b.account) || ordinal(a.region, b.region) || ordinal(a.anchor, b.anchor));

  const described = describeWindow(windows, riskyChangeRan(result, findings));
  return {
    present: findings.length > 0 || titles.size > 0,
    trailChecks,
    reasonColspan: 2 + trailChecks.length + (described.windowVaries ? 1 : 0),
    accountRegions,
    changes,
    ...described,
  };
}

/** Whether msk-risky-change ran (so the events were meant to be looked up). */
function riskyChangeRan(result: ScanResult, findings: readonly Finding[]): boolean {
  return result.checks.some((check) => check.id === RISKY_CHANGE_CHECK) || findings.some((f) => f.checkId === RISKY_CHANGE_CHECK);
}

/** A msk-risky-change finding about one event (the others are the per-account-region verdicts). */
function isEvent(finding: Finding): boolean {
  return isRecord(finding.evidence) && stringOrNull(finding.evidence.eventName) !== null;
}

function eventWindow(evidence: unknown): EventWindow | null {
  if (!isRecord(evidence) || !isRecord(evidence.window)) return null;
  const start = stringOrNull(evidence.window.start);
  const end = stringOrNull(evidence.window.end);
  return start && end ? { start, end } : null;
}

function describeWindow(windows: readonly EventWindow[], ran: boolean): { window: string; windowKnown: boolean; windowVaries: boolean } {
  if (windows.length === 0) {
    return {
      window: ran
        ? 'Not known: no account-region reported the window its MSK CloudTrail events were looked up over.'
        : 'Not known: MSK CloudTrail events were not looked up in this scan (msk-risky-change did not run, e.g. --no-cloudtrail).',
      windowKnown: false,
      windowVaries: false,
    };
  }
  const starts = windows.map((w) => w.start).sort(ordinal);
  const ends = windows.map((w) => w.end).sort(ordinal);
  const first = starts[0]!;
  const last = ends[ends.length - 1]!;
  const same = starts[0] === starts[starts.length - 1] && ends[0] === ends[ends.length - 1];
  return {
    window: same ? `${first} → ${last}` : `${first} → ${last} (the window varies by account-region; see the table)`,
    windowKnown: true,
    windowVaries: !same,
  };
}

function changeView(finding: Finding, anchor: string): ChangeView {
  const evidence = isRecord(finding.evidence) ? finding.evidence : {};
  const field = (name: string): string => text(stringOrNull(evidence[name]));
  const errorCode = stringOrNull(evidence.errorCode);
  return {
    anchor,
    time: field('eventTime'),
    eventName: field('eventName'),
    eventSource: field('eventSource'),
    principal: field('principalArn'),
    principalType: field('principalType'),
    sourceIp: field('sourceIp'),
    userAgent: field('userAgent'),
    errorCode: text(errorCode),
    refused: errorCode !== null,
    cluster: field('clusterArn'),
    topic: stringOrNull(evidence.topic),
    account: finding.resource.account,
    region: finding.resource.region,
    status: statusBadge(finding.status),
    severity: severityBadge(finding.severity),
    reason: finding.reason,
    accepted: finding.accepted !== undefined && finding.accepted !== null,
  };
}
