/**
 * Attribution (pure): links each change to the CloudTrail events that explain it — successful MSK API calls
 * on the same cluster, after the baseline was approved and no later than the comparison, whose operation can
 * change that field.
 */
import { describeError, type Fact, type KafkaEvent, type KafkaEventWindow } from '../inventory/index.js';
import { SERVER_PROPERTIES_PREFIX, type AttributedChange, type Attribution, type ExplainingEvent, type FieldChange } from './types.js';

/** The source of the MSK control-plane calls that change cluster settings. */
export const MSK_EVENT_SOURCE = 'kafka.amazonaws.com';

/** What the attribution knows about events: the looked-up window, or why there is none. */
export type EventEvidence = { available: true; window: KafkaEventWindow } | { available: false; reason: string };

/** The events of an account-region, from its inventory fact. */
export function eventEvidence(fact: Fact<KafkaEventWindow> | undefined): EventEvidence {
  if (fact === undefined) return { available: false, reason: 'MSK CloudTrail events were not looked up' };
  if (!fact.ok) return { available: false, reason: `MSK CloudTrail events could not be looked up: ${describeError(fact.error)}` };
  return { available: true, window: fact.value };
}

/** (since, until]: after the approval, up to the comparison (default: the end of the looked-up window). */
export interface AttributionPeriod {
  since: string;
  until?: string;
}

interface FieldRule {
  /** A field name, or a prefix ending in `.`. */
  match: string;
  events: readonly string[];
  /** Why no MSK event can explain the field (for rules without events). */
  note?: string;
}

const UPDATES = [
  'UpdateSecurity',
  'UpdateConnectivity',
  'UpdateMonitoring',
  'UpdateClusterConfiguration',
  'UpdateClusterKafkaVersion',
  'UpdateBrokerCount',
  'UpdateBrokerType',
  'UpdateBrokerStorage',
  'UpdateStorage',
  'UpdateRebalancing',
  'RebootBroker',
  'DeleteCluster',
] as const;

/**
 * Which MSK operation can change which field (checked against the MSK API: UpdateSecurity takes
 * ClientAuthentication and EncryptionInfo; UpdateConnectivity takes ConnectivityInfo (PublicAccess,
 * VpcConnectivity); UpdateMonitoring takes EnhancedMonitoring, OpenMonitoring and LoggingInfo;
 * UpdateClusterKafkaVersion also takes ConfigurationInfo). First match wins.
 */
export const FIELD_RULES: readonly FieldRule[] = [
  { match: 'encryption.inTransit.', events: ['UpdateSecurity'] },
  {
    match: 'encryption.atRest.',
    events: [],
    note: 'MSK cannot change the at-rest key of an existing cluster, so no MSK API call explains a different key',
  },
  { match: 'clientAuthentication.', events: ['UpdateSecurity'] },
  { match: 'connectivity.', events: ['UpdateConnectivity'] },
  { match: 'monitoring.', events: ['UpdateMonitoring'] },
  { match: 'logging.', events: ['UpdateMonitoring'] },
  { match: 'kafka.version', events: ['UpdateClusterKafkaVersion'] },
  { match: 'configuration.', events: ['UpdateClusterConfiguration', 'UpdateClusterKafkaVersion'] },
  { match: SERVER_PROPERTIES_PREFIX, events: ['UpdateClusterConfiguration', 'UpdateClusterKafkaVersion'] },
  { match: 'brokers.count', events: ['UpdateBrokerCount'] },
  { match: 'brokers.instanceType', events: ['UpdateBrokerType'] },
  { match: 'brokers.', events: ['UpdateBrokerStorage', 'UpdateStorage'] },
  {
    match: 'network.securityGroups',
    events: [],
    note: 'no MSK API call changes the security groups of an existing cluster (UpdateConnectivity and UpdateSecurity do not take them)',
  },
  {
    match: 'kms.',
    events: [],
    note: 'the key state and rotation change through KMS API calls (e.g. DisableKey, ScheduleKeyDeletion, DisableKeyRotation), whose CloudTrail events msk-audit does not look up',
  },
  { match: 'clusterPolicy.', events: ['PutClusterPolicy', 'DeleteClusterPolicy'] },
  { match: 'cluster.type', events: [], note: 'the type of an MSK cluster cannot change' },
  { match: 'cluster.state', events: UPDATES },
];

/** The operations that can change a field, or why none can. */
export function eventsForField(field: string): { events: readonly string[]; note?: string } {
  const rule = FIELD_RULES.find((candidate) => (candidate.match.endsWith('.') ? field.startsWith(candidate.match) : field === candidate.match));
  if (!rule) return { events: [], note: 'no known MSK API call changes this field' };
  return rule.note ? { events: rule.events, note: rule.note } : { events: rule.events };
}

export const CREATE_EVENTS = ['CreateCluster', 'CreateClusterV2'] as const;
export const DELETE_EVENTS = ['DeleteCluster'] as const;

export function attributeChange(clusterArn: string, field: string, evidence: EventEvidence, period: AttributionPeriod): Attribution {
  const { events, note } = eventsForField(field);
  // No MSK call can cause it: the answer does not depend on the MSK events.
  if (events.length === 0) return { status: 'unexplained', note: note ?? 'no known MSK API call changes this field' };
  return attribute(clusterArn, events, evidence, period);
}

export function attributeChanges(clusterArn: string, changes: readonly FieldChange[], evidence: EventEvidence, period: AttributionPeriod): AttributedChange[] {
  return changes.map((change) => ({ ...change, attribution: attributeChange(clusterArn, change.field, evidence, period) }));
}

/** A cluster not in the baseline: its CreateCluster / CreateClusterV2 call. */
export function attributeAddition(clusterArn: string, evidence: EventEvidence, period: AttributionPeriod): Attribution {
  return attribute(clusterArn, CREATE_EVENTS, evidence, period);
}

/** An approved cluster no longer listed: its DeleteCluster call. */
export function attributeRemoval(clusterArn: string, evidence: EventEvidence, period: AttributionPeriod): Attribution {
  return attribute(clusterArn, DELETE_EVENTS, evidence, period);
}

/** The successful calls of these operations on this cluster in (since, until], or why none can be named. */
export function attribute(clusterArn: string, names: readonly string[], evidence: EventEvidence, period: AttributionPeriod): Attribution {
  if (!evidence.available) return { status: 'unknown', reason: `events not available: ${evidence.reason}` };
  const { window } = evidence;
  const since = Date.parse(period.since);
  const until = Date.parse(period.until ?? window.end);
  const wanted = new Set(names);
  const matching = window.events
    .filter((event) => event.source === MSK_EVENT_SOURCE && event.clusterArn === clusterArn && wanted.has(event.name) && !event.errorCode)
    .filter((event) => {
      const time = Date.parse(event.time);
      return time > since && time <= until;
    })
    .sort((a, b) => a.time.localeCompare(b.time) || a.eventId.localeCompare(b.eventId));
  if (matching.length > 0) return { status: 'explained', events: matching.map(explaining) };
  const operations = names.join(' or ');
  const windowStart = Date.parse(window.start);
  if (Number.isNaN(since) || Number.isNaN(windowStart) || windowStart > since) {
    return {
      status: 'unknown',
      reason: `no successful ${operations} call on this cluster since ${window.start}, but the events between the approval (${period.since}) and ${window.start} were not looked up`,
    };
  }
  const windowEnd = Date.parse(window.end);
  if (!Number.isNaN(until) && !Number.isNaN(windowEnd) && windowEnd < until) {
    return {
      status: 'unknown',
      reason: `no successful ${operations} call on this cluster until ${window.end}, but the events between ${window.end} and ${period.until ?? window.end} were not looked up`,
    };
  }
  return { status: 'unexplained', note: `no successful ${operations} call on this cluster was recorded between the approval (${period.since}) and ${period.until ?? window.end}` };
}

function explaining(event: KafkaEvent): ExplainingEvent {
  const out: ExplainingEvent = { eventId: event.eventId, name: event.name, time: event.time, principal: event.principal.arn ?? null };
  if (event.sourceIp) out.sourceIp = event.sourceIp;
  return out;
}

/** One line for text output and verdict reasons. */
export function describeAttribution(attribution: Attribution): string {
  switch (attribution.status) {
    case 'explained':
      return `explained by ${attribution.events
        .map((event) => `${event.name} at ${event.time}${event.principal ? ` by ${event.principal}` : ''}`)
        .join(', ')}`;
    case 'unexplained':
      return attribution.note ? `unexplained: ${attribution.note}` : 'unexplained';
    case 'unknown':
      return `unknown (${attribution.reason})`;
  }
}

/** CloudTrail LookupEvents keeps 90 days of management events. */
const LOOKUP_RETENTION_MS = 90 * 86_400_000;

/**
 * Where a scan with a baseline should start looking up events: at the approval, so every change since can be
 * attributed — but no further back than CloudTrail keeps (changes before that are attributed `unknown`).
 */
export function eventWindowStartFor(approvedAt: string, now: Date): Date {
  const approved = Date.parse(approvedAt);
  const oldest = now.getTime() - LOOKUP_RETENTION_MS + 60_000;
  if (Number.isNaN(approved)) return new Date(oldest);
  return new Date(Math.min(now.getTime(), Math.max(approved, oldest)));
}

/** A shorter form for verdict reasons: the details (notes, windows) stay in the evidence. */
export function summarizeAttribution(field: string | undefined, attribution: Attribution): string {
  if (attribution.status === 'explained') return describeAttribution(attribution);
  if (attribution.status === 'unknown') return `unknown: ${attribution.reason}`;
  // Say why when no MSK call could have made the change at all (KMS, security groups).
  const rule = field === undefined ? undefined : eventsForField(field);
  return rule && rule.events.length === 0 && rule.note ? `unexplained: ${rule.note}` : 'unexplained';
}
