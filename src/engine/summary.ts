import { SEVERITIES, STATUSES, type Severity, type Status } from '../check/index.js';
import type { Finding } from './finding.js';

export interface Summary {
  findings: number;
  clusters: number;
  byStatus: Record<Status, number>;
  /** FAILED findings per severity, accepted risks excluded. */
  failedBySeverity: Record<Severity, number>;
  /** FAILED findings an unexpired exception covers. */
  accepted: number;
}

export function summarize(findings: Iterable<Finding>): Summary {
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  const failedBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const clusters = new Set<string>();
  let accepted = 0;
  let count = 0;
  for (const finding of findings) {
    count += 1;
    byStatus[finding.status] += 1;
    if (finding.status === 'FAILED' && finding.accepted) accepted += 1;
    else if (finding.status === 'FAILED') failedBySeverity[finding.severity] += 1;
    if (finding.resource.type === 'AwsMskCluster') clusters.add(finding.resource.arn);
  }
  return { findings: count, clusters: clusters.size, byStatus, failedBySeverity, accepted };
}

/**
 * A Summary counted finding by finding, for findings that are not all held at once. Whether a FAILED finding is
 * an accepted risk is often known only at the end (an exception's expiry is judged on the scan's finish date):
 * such findings are added with `addFailedPending`, and `finish` is told which of them are accepted.
 */
export class SummaryCounter {
  private count = 0;
  private readonly clusters = new Set<string>();
  private readonly byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  private readonly failedBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  private accepted = 0;
  private readonly pending: { severity: Severity; key: number }[] = [];

  /** Counts a finding whose acceptance is already known (from `finding.accepted`). */
  add(finding: Finding): void {
    this.addCommon(finding);
    if (finding.status === 'FAILED' && finding.accepted) this.accepted += 1;
    else if (finding.status === 'FAILED') this.failedBySeverity[finding.severity] += 1;
  }

  /** Counts a FAILED finding whose acceptance `finish` decides from `key`. */
  addFailedPending(finding: Finding, key: number): void {
    this.addCommon(finding);
    this.pending.push({ severity: finding.severity, key });
  }

  private addCommon(finding: Finding): void {
    this.count += 1;
    this.byStatus[finding.status] += 1;
    if (finding.resource.type === 'AwsMskCluster') this.clusters.add(finding.resource.arn);
  }

  finish(isAccepted: (key: number) => boolean = () => false): Summary {
    const failedBySeverity = { ...this.failedBySeverity };
    let accepted = this.accepted;
    for (const { severity, key } of this.pending) {
      if (isAccepted(key)) accepted += 1;
      else failedBySeverity[severity] += 1;
    }
    return { findings: this.count, clusters: this.clusters.size, byStatus: { ...this.byStatus }, failedBySeverity, accepted };
  }
}
