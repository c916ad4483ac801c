import { LookupEventsCommand, type CloudTrailClient, type Event } from '@aws-sdk/client-cloudtrail';
import { toCollectionError } from '../aws/errors.js';
import { available, unavailable, KAFKA_EVENT_SOURCES, type CollectionError, type Fact, type KafkaEvent, type KafkaEventWindow } from '../inventory/index.js';

/** CloudTrail keeps 90 days of management events for LookupEvents. */
export const LOOKUP_RETENTION_DAYS = 90;
/** Pages per event source before the lookup stops and says so (50 events a page, 2 pages a second). */
export const DEFAULT_MAX_EVENT_PAGES = 200;

export interface EventWindow {
  start: Date;
  end: Date;
  maxPages?: number;
}

export interface KafkaEventsOptions {
  /**
   * Asked after the `kafka.amazonaws.com` events are read, with them: false skips the `kafka-cluster.amazonaws.com`
   * lookup (Kafka admin events exist only for clusters that exist). Default: always looked up.
   */
  clusterEventsNeeded?: (mskEvents: readonly KafkaEvent[]) => boolean | Promise<boolean>;
}

/**
 * Whether a `kafka.amazonaws.com` event shows that a cluster existed, or was being created or deleted, in the
 * window (a call naming a cluster, CreateCluster(V2), DeleteCluster): then that cluster's Kafka admin events may
 * be in the window too, even though the cluster is gone.
 */
export function showsACluster(event: KafkaEvent): boolean {
  return event.source === 'kafka.amazonaws.com' && (event.clusterArn !== undefined || /^(Create|Delete)Cluster/.test(event.name));
}

/**
 * LookupEvents for both MSK event sources over the window, every page (paced at CloudTrail's 2 requests per
 * second per account-region by the client factory); `kafka-cluster.amazonaws.com` unless
 * `options.clusterEventsNeeded` says no. When a source has more pages than `maxPages`, the window
 * is narrowed to what was read and the shortfall is reported as an error — never dropped silently.
 */
export async function collectKafkaEvents(
  cloudtrail: CloudTrailClient,
  account: string,
  region: string,
  window: EventWindow,
  options: KafkaEventsOptions = {},
): Promise<{ events: Fact<KafkaEventWindow>; errors: CollectionError[] }> {
  const maxPages = window.maxPages ?? DEFAULT_MAX_EVENT_PAGES;
  const events: KafkaEvent[] = [];
  const errors: CollectionError[] = [];
  let start = window.start;
  for (const source of KAFKA_EVENT_SOURCES) {
    if (source === 'kafka-cluster.amazonaws.com' && options.clusterEventsNeeded && !(await options.clusterEventsNeeded(events))) continue;
    let nextToken: string | undefined;
    let pages = 0;
    let oldest: Date | undefined;
    try {
      do {
        const page = await cloudtrail.send(
          new LookupEventsCommand({
            LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: source }],
            StartTime: window.start,
            EndTime: window.end,
            MaxResults: 50,
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        );
        pages += 1;
        for (const event of page.Events ?? []) {
          const normalised = normaliseEvent(event);
          if (!normalised) continue;
          events.push(normalised);
          const time = new Date(normalised.time);
          if (!oldest || time < oldest) oldest = time;
        }
        nextToken = page.NextToken || undefined;
      } while (nextToken && pages < maxPages);
    } catch (error) {
      const failure = toCollectionError(error, { service: 'cloudtrail', operation: 'LookupEvents', account, region, resource: source });
      return { events: unavailable(failure), errors: [failure] };
    }
    if (nextToken) {
      // LookupEvents returns newest first: what was read covers [oldest, end].
      if (oldest && oldest > start) start = oldest;
      errors.push({
        service: 'cloudtrail',
        operation: 'LookupEvents',
        account,
        region,
        resource: source,
        code: 'EventLimitReached',
        message: `more than ${maxPages * 50} ${source} events; only those since ${(oldest ?? start).toISOString()} were examined`,
      });
    }
  }
  const inWindow = events.filter((event) => new Date(event.time) >= start);
  inWindow.sort((a, b) => a.time.localeCompare(b.time) || a.eventId.localeCompare(b.eventId));
  return { events: available({ start: start.toISOString(), end: window.end.toISOString(), events: inWindow }), errors };
}

type Json = Record<string, unknown>;

const asObject = (value: unknown): Json | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined);
const asString = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** One LookupEvents event → KafkaEvent; undefined when it lacks an id, name or time. Never throws. */
export function normaliseEvent(event: Event): KafkaEvent | undefined {
  if (!event.EventId || !event.EventName || !(event.EventTime instanceof Date) || Number.isNaN(event.EventTime.getTime())) return undefined;
  let detail: Json = {};
  try {
    detail = asObject(JSON.parse(event.CloudTrailEvent ?? '{}')) ?? {};
  } catch {
    // A detail that is not JSON: keep what the summary fields say.
  }
  const identity = asObject(detail.userIdentity) ?? {};
  const request = asObject(detail.requestParameters) ?? {};
  const normalised: KafkaEvent = {
    eventId: event.EventId,
    time: event.EventTime.toISOString(),
    name: event.EventName,
    source: event.EventSource ?? asString(detail.eventSource) ?? 'unknown',
    principal: {},
  };
  const principalArn = asString(identity.arn);
  if (principalArn) normalised.principal.arn = principalArn;
  const principalType = asString(identity.type);
  if (principalType) normalised.principal.type = principalType;
  const principalAccount = asString(identity.accountId);
  if (principalAccount) normalised.principal.accountId = principalAccount;
  if (!normalised.principal.arn && event.Username) normalised.principal.arn = event.Username;

  const clusterArn = decodeArn(asString(request.clusterArn)) ?? resourceClusterArn(event) ?? topicClusterArn(request, event);
  if (clusterArn) normalised.clusterArn = clusterArn;
  const topic = asString(request.topicName) ?? asString(request.topic) ?? topicFromArn(event);
  if (topic) normalised.topic = topic;
  const sourceIp = asString(detail.sourceIPAddress);
  if (sourceIp) normalised.sourceIp = sourceIp;
  const userAgent = asString(detail.userAgent);
  if (userAgent) normalised.userAgent = userAgent;
  const errorCode = asString(detail.errorCode);
  if (errorCode) normalised.errorCode = errorCode;
  const errorMessage = asString(detail.errorMessage);
  if (errorMessage) normalised.errorMessage = errorMessage;
  const readOnly = typeof detail.readOnly === 'boolean' ? detail.readOnly : event.ReadOnly === 'true' ? true : event.ReadOnly === 'false' ? false : undefined;
  if (readOnly !== undefined) normalised.readOnly = readOnly;
  const publicAccess = asString(asObject(asObject(asObject(request.connectivityInfo)?.publicAccess))?.type);
  if (publicAccess) normalised.publicAccessType = publicAccess;
  return normalised;
}

function decodeArn(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const CLUSTER_ARN = /^arn:[\w-]+:kafka:[a-z0-9-]+:\d{12}:cluster\/[^/]+\/[^/]+$/;
const TOPIC_ARN = /^(arn:[\w-]+:kafka:[a-z0-9-]+:\d{12}):topic\/([^/]+)\/([^/]+)\/(.+)$/;

function resourceClusterArn(event: Event): string | undefined {
  return (event.Resources ?? []).map((resource) => decodeArn(resource.ResourceName)).find((name) => name !== undefined && CLUSTER_ARN.test(name));
}

function topicArns(event: Event): RegExpExecArray[] {
  return (event.Resources ?? []).flatMap((resource) => {
    const match = TOPIC_ARN.exec(decodeArn(resource.ResourceName) ?? '');
    return match ? [match] : [];
  });
}

/** kafka-cluster events name topics by ARN: arn:…:topic/<cluster name>/<cluster uuid>/<topic>. */
function topicClusterArn(request: Json, event: Event): string | undefined {
  const match = topicArns(event)[0] ?? TOPIC_ARN.exec(decodeArn(asString(request.resourceArn)) ?? '');
  return match ? `${match[1]}:cluster/${match[2]}/${match[3]}` : undefined;
}

function topicFromArn(event: Event): string | undefined {
  return topicArns(event)[0]?.[4];
}
