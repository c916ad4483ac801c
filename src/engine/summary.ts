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

export function summarize(findings: readonly Finding[]): Summary {
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  const failedBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const clusters = new Set<string>();
  let accepted = 0;
  for (const finding of findings) {
    byStatus[finding.status] += 1;
    if (finding.status === 'FAILED' && finding.accepted) accepted += 1;
    else if (finding.status === 'FAILED') failedBySeverity[finding.severity] += 1;
    if (finding.resource.type === 'AwsMskCluster') clusters.add(finding.resource.arn);
  }
  return { findings: findings.length, clusters: clusters.size, byStatus, failedBySeverity, accepted };
}
