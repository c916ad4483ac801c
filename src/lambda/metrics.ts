/**
 * CloudWatch metrics through the Embedded Metric Format: one JSON log line that CloudWatch Logs turns into
 * metrics, so the function needs no cloudwatch:PutMetricData permission. serverless.yml alarms on them.
 */
import type { ScanResult } from '../engine/scan-result.js';

export const METRIC_NAMESPACE = 'MskAudit';

/** The metric names the alarms in serverless.yml use. */
export const METRICS = {
  /** Account-regions partial or not evaluated (0 when coverage is complete). */
  incomplete: 'IncompleteAccountRegions',
  /** 1 when every account-region in scope was fully evaluated, else 0. */
  coverageComplete: 'CoverageComplete',
  /** FAILED findings. */
  failedFindings: 'FailedFindings',
  /** Findings (imports and archives) Security Hub did not take, plus account-regions that could not be published. */
  securityHubFailures: 'SecurityHubFailures',
  /** 1 when the run failed before its report was written. */
  runFailed: 'RunFailed',
  durationSeconds: 'RunDurationSeconds',
} as const;

export type MetricValues = Partial<Record<(typeof METRICS)[keyof typeof METRICS], number>>;

/** The metric values of a finished run. */
export function resultMetrics(result: ScanResult, durationMs: number): MetricValues {
  const { counts } = result.coverage;
  const hub = result.securityHub;
  return {
    [METRICS.incomplete]: counts.partial + counts['not-evaluated'],
    [METRICS.coverageComplete]: result.coverage.complete ? 1 : 0,
    [METRICS.failedFindings]: result.summary.byStatus.FAILED,
    [METRICS.securityHubFailures]: hub ? hub.totals.failed + hub.totals.accountRegions.failed : 0,
    [METRICS.runFailed]: 0,
    [METRICS.durationSeconds]: Math.round(durationMs / 100) / 10,
  };
}

/** The EMF log line: metrics under dimension Deployment, plus properties that stay searchable in the logs. */
export function emfLine(deployment: string, values: MetricValues, properties: Record<string, string | number | boolean> = {}, now = new Date()): string {
  const names = Object.keys(values);
  return JSON.stringify({
    _aws: {
      Timestamp: now.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: METRIC_NAMESPACE,
          Dimensions: [['Deployment']],
          Metrics: names.map((name) => ({ Name: name, Unit: name === METRICS.durationSeconds ? 'Seconds' : 'Count' })),
        },
      ],
    },
    Deployment: deployment,
    ...properties,
    ...values,
  });
}
