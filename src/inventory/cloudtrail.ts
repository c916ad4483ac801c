import type { Fact } from './fact.js';

/** A trail as DescribeTrails shows it from one account-region (shadow copies of multi-region and organization trails included). */
export interface TrailFacts {
  arn: string;
  name?: string;
  homeRegion?: string;
  multiRegion?: boolean;
  organizationTrail?: boolean;
  logFileValidation?: boolean;
  /** The KMS key the log files are encrypted with; absent = SSE-S3 only. */
  kmsKeyId?: string;
  s3BucketName?: string;
  /** GetTrailStatus IsLogging. */
  logging: Fact<boolean>;
  /** Which management events the trail records (GetEventSelectors, or the default when it has no custom selectors). */
  managementEvents: Fact<ManagementEventCoverage>;
}

export type ManagementEventCoverage = 'all' | 'write-only' | 'read-only' | 'none';

export const KAFKA_EVENT_SOURCES = ['kafka.amazonaws.com', 'kafka-cluster.amazonaws.com'] as const;

/** One CloudTrail event from an MSK event source, normalised. */
export interface KafkaEvent {
  eventId: string;
  /** ISO time. */
  time: string;
  name: string;
  source: string;
  /** The cluster the call concerned (URL-decoded from requestParameters), when it names one. */
  clusterArn?: string;
  topic?: string;
  principal: { arn?: string; type?: string; accountId?: string };
  sourceIp?: string;
  userAgent?: string;
  errorCode?: string;
  errorMessage?: string;
  readOnly?: boolean;
  /** UpdateConnectivity: the public access type requested (e.g. SERVICE_PROVIDED_EIPS turns public access on). */
  publicAccessType?: string;
}

export interface KafkaEventWindow {
  /** ISO times: events with start ≤ time ≤ end were looked up, every page. */
  start: string;
  end: string;
  events: KafkaEvent[];
}
