/** AWS CloudTrail (JSON 1.1, CloudTrail_20131101.*): LookupEvents, DescribeTrails, GetTrailStatus, GetEventSelectors. */
import { DescribeTrails$, GetEventSelectors$, GetTrailStatus$, LookupEvents$ } from '@aws-sdk/client-cloudtrail';
import { AwsError } from '../errors.js';
import type { TrailEntry } from '../estate.js';
import { paginate } from '../pagination.js';
import { JsonRpcProtocol } from '../protocols/json-rpc.js';
import type { AwsObject } from '../world.js';
import { str, type ServiceContext, type ServiceDefinition } from './types.js';

const RETENTION_MS = 90 * 86_400_000;
const ATTRIBUTE_KEYS = new Set(['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId']);

function matches(event: AwsObject, key: string, value: string): boolean {
  if (key === 'ResourceType' || key === 'ResourceName') {
    const resources = Array.isArray(event.Resources) ? (event.Resources as AwsObject[]) : [];
    return resources.some((r) => r[key] === value);
  }
  return String(event[key] ?? '') === value;
}

function lookupEvents(ctx: ServiceContext, input: Record<string, unknown>) {
  const attrs = Array.isArray(input.LookupAttributes) ? (input.LookupAttributes as { AttributeKey?: string; AttributeValue?: string }[]) : [];
  if (attrs.length > 1) throw new AwsError('InvalidLookupAttributesException', 'You cannot specify more than one lookup attribute.', 400);
  const attr = attrs[0];
  if (attr && (!attr.AttributeKey || !ATTRIBUTE_KEYS.has(attr.AttributeKey) || attr.AttributeValue === undefined)) {
    throw new AwsError('InvalidLookupAttributesException', `Invalid lookup attribute key: ${attr.AttributeKey ?? ''}`, 400);
  }
  const start = input.StartTime instanceof Date ? input.StartTime : undefined;
  const end = input.EndTime instanceof Date ? input.EndTime : undefined;
  if (start && end && start.getTime() > end.getTime()) throw new AwsError('InvalidTimeRangeException', 'Start time must be earlier than end time.', 400);
  const floor = Math.max(start?.getTime() ?? -Infinity, ctx.now.getTime() - RETENTION_MS);
  const ceiling = end?.getTime() ?? Infinity;
  const all = input.EventCategory === 'insight' ? [] : (ctx.world.region(ctx.account, ctx.region)?.events ?? []);
  const selected = all.filter((e) => {
    const t = Date.parse(String(e.EventTime));
    return t >= floor && t <= ceiling && (!attr || matches(e, attr.AttributeKey ?? '', attr.AttributeValue ?? ''));
  });
  const page = paginate(selected, {
    scope: `cloudtrail:LookupEvents:${ctx.account}:${ctx.region}:${attr?.AttributeKey ?? ''}=${attr?.AttributeValue ?? ''}:${start?.getTime() ?? ''}:${end?.getTime() ?? ''}`,
    nextToken: input.NextToken,
    maxResults: input.MaxResults,
    defaultSize: 50,
    maxSize: 50,
    invalidToken: () => new AwsError('InvalidNextTokenException', 'Invalid NextToken.', 400),
    invalidMaxResults: () => new AwsError('InvalidMaxResultsException', 'Value for MaxResults must be between 1 and 50.', 400),
  });
  return { Events: page.items, NextToken: page.nextToken };
}

/** Trails visible from this account-region: own trails homed here, then shadows of multi-region and organization trails. */
function visibleTrails(ctx: ServiceContext, includeShadows: boolean): TrailEntry[] {
  const own = ctx.world.region(ctx.account, ctx.region)?.trails ?? [];
  if (!includeShadows) return own;
  const seen = new Set(own.map((t) => String(t.trail.TrailARN)));
  const out = [...own];
  const add = (t: TrailEntry) => {
    if (!seen.has(String(t.trail.TrailARN))) {
      seen.add(String(t.trail.TrailARN));
      out.push(t);
    }
  };
  for (const t of ctx.world.multiRegionTrails.get(ctx.account) ?? []) add(t);
  if (ctx.world.accounts.has(ctx.account)) for (const t of ctx.world.organizationTrails) if (t.trail.IsMultiRegionTrail || t.trail.HomeRegion === ctx.region) add(t);
  return out;
}

function describeTrails(ctx: ServiceContext, input: Record<string, unknown>) {
  const names = Array.isArray(input.trailNameList) ? (input.trailNameList as string[]) : [];
  const includeShadows = input.includeShadowTrails !== false;
  let trails = visibleTrails(ctx, includeShadows);
  if (names.length) {
    trails = visibleTrails(ctx, true).filter((t) =>
      names.some((n) => (n.startsWith('arn:') ? n === t.trail.TrailARN : n === t.trail.Name && t.trail.HomeRegion === ctx.region && String(t.trail.TrailARN).includes(`:${ctx.account}:`))),
    );
  }
  return { trailList: trails.map((t) => t.trail) };
}

function findTrail(ctx: ServiceContext, name: string): TrailEntry {
  const trail = visibleTrails(ctx, true).find((t) =>
    name.startsWith('arn:') ? t.trail.TrailARN === name : t.trail.Name === name && t.trail.HomeRegion === ctx.region && String(t.trail.TrailARN).includes(`:${ctx.account}:`),
  );
  if (!trail) throw new AwsError('TrailNotFoundException', `Unknown trail: ${name} for the user: ${ctx.account}`, 400);
  return trail;
}

function getEventSelectors(ctx: ServiceContext, input: Record<string, unknown>) {
  const trail = findTrail(ctx, str(input.TrailName) ?? '');
  const selectors = trail.selectors ?? { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }] };
  return { TrailARN: trail.trail.TrailARN, ...selectors };
}

function getTrailStatus(ctx: ServiceContext, input: Record<string, unknown>) {
  const name = str(input.Name) ?? '';
  const trail = visibleTrails(ctx, true).find((t) =>
    name.startsWith('arn:') ? t.trail.TrailARN === name : t.trail.Name === name && t.trail.HomeRegion === ctx.region && String(t.trail.TrailARN).includes(`:${ctx.account}:`),
  );
  if (!trail) throw new AwsError('TrailNotFoundException', `Unknown trail: ${name} for the user: ${ctx.account}`, 400);
  return trail.status ?? { IsLogging: true };
}

export function cloudtrailService(): ServiceDefinition {
  return {
    signingName: 'cloudtrail',
    iamPrefix: 'cloudtrail',
    protocol: new JsonRpcProtocol('CloudTrail_20131101', { LookupEvents: LookupEvents$, DescribeTrails: DescribeTrails$, GetTrailStatus: GetTrailStatus$, GetEventSelectors: GetEventSelectors$ }, '1.1', 'Message'),
    handlers: { LookupEvents: lookupEvents, DescribeTrails: describeTrails, GetTrailStatus: getTrailStatus, GetEventSelectors: getEventSelectors },
    errors: {
      throttle: () => new AwsError('ThrottlingException', 'Rate exceeded', 400),
      internal: () => new AwsError('InternalFailure', 'An internal error occurred.', 500),
      unavailable: () => new AwsError('ServiceUnavailable', 'Service Unavailable', 503),
      accessDenied: (message) => new AwsError('AccessDeniedException', message, 400),
    },
  };
}
