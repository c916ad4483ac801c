import {
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  type AdvancedEventSelector,
  type CloudTrailClient,
  type EventSelector,
  type GetEventSelectorsCommandOutput,
} from '@aws-sdk/client-cloudtrail';
import { malformedResponse, toCollectionError } from '../aws/errors.js';
import { available, unavailable, type CollectionError, type Fact, type ManagementEventCoverage, type TrailFacts } from '../inventory/index.js';

const MSK_EVENT_SOURCE = 'kafka.amazonaws.com';

/** What GetTrailStatus and GetEventSelectors say about one trail: the same wherever the trail is seen. */
export interface TrailDetails {
  logging: Fact<boolean>;
  managementEvents: Fact<ManagementEventCoverage>;
}

/** The trail as DescribeTrails described it, as far as its details depend on it. */
export interface TrailRef {
  arn: string;
  homeRegion?: string;
  /** DescribeTrails' HasCustomEventSelectors: false = CloudTrail's default (all management events), no call needed. */
  hasCustomEventSelectors?: boolean;
}

/** Reads a trail's details (status and selectors); `region` is where the trail was seen. */
export type TrailDetailsReader = (trail: TrailRef, region: string) => Promise<TrailDetails>;

/**
 * A reader that calls GetTrailStatus (and GetEventSelectors) once per trail ARN for the whole account, in the
 * trail's home region, however many regions show the trail: a multi-region or organization trail appears in every
 * region's DescribeTrails but is one trail. The promise is cached, so regions collected at the same time share the
 * one call, and its result — an error included — is reused in every region where the trail appears (so each of them
 * records the error). Should the home region not answer, each region that shows the trail asks its own endpoint
 * (once per trail and region), and the home region's error is kept only if that fails too. `clientFor(region)` gives
 * the account's CloudTrail client in a region.
 */
export function trailDetailsReader(clientFor: (region: string) => CloudTrailClient, account: string): TrailDetailsReader {
  const cache = new Map<string, Promise<TrailDetails>>();
  const read = (trail: TrailRef, region: string): Promise<TrailDetails> => {
    const key = `${trail.arn}\u0000${String(trail.hasCustomEventSelectors)}\u0000${region}`;
    let details = cache.get(key);
    if (!details) {
      details = readTrailDetails(clientFor(region), trail, account, region);
      cache.set(key, details);
    }
    return details;
  };
  return async (trail, seenIn) => {
    // A trail always has a home region; should DescribeTrails leave it out, the region that showed it answers.
    const home = trail.homeRegion ?? seenIn;
    const details = await read(trail, home);
    if (home === seenIn || (details.logging.ok && details.managementEvents.ok)) return details;
    // The home region did not answer (a region the account has not enabled, or one an SCP denies): ask the region
    // that shows the trail, as CloudTrail allows for a shadow trail named by ARN; its error is kept only if it fails too.
    const local = await read(trail, seenIn);
    return local.logging.ok && local.managementEvents.ok ? local : details;
  };
}

async function readTrailDetails(cloudtrail: CloudTrailClient, trail: TrailRef, account: string, region: string): Promise<TrailDetails> {
  const { arn } = trail;
  const context = { service: 'cloudtrail', account, region, resource: arn };
  const [logging, managementEvents] = await Promise.all([
    cloudtrail.send(new GetTrailStatusCommand({ Name: arn })).then(
      (status): Fact<boolean> =>
        typeof status.IsLogging === 'boolean' ? available(status.IsLogging) : unavailable(malformedResponse('GetTrailStatus returned no IsLogging', { ...context, operation: 'GetTrailStatus' })),
      (error: unknown) => unavailable(toCollectionError(error, { ...context, operation: 'GetTrailStatus' })),
    ),
    // A trail without custom selectors records all management events (CloudTrail's default).
    trail.hasCustomEventSelectors === false
      ? Promise.resolve<Fact<ManagementEventCoverage>>(available('all'))
      : cloudtrail.send(new GetEventSelectorsCommand({ TrailName: arn })).then(
          (selectors) => {
            const problem = unreadableSelectors(selectors);
            return problem ? unavailable(malformedResponse(`GetEventSelectors ${problem}`, { ...context, operation: 'GetEventSelectors' })) : available(managementCoverage(selectors));
          },
          (error: unknown) => unavailable(toCollectionError(error, { ...context, operation: 'GetEventSelectors' })),
        ),
  ]);
  return { logging, managementEvents };
}

/**
 * The trails that cover one account-region (its own, and shadows of multi-region and organization trails),
 * each with its logging status and which management events it records. Errors are kept in the facts. The
 * details come from `details` — one trailDetailsReader per account shares them across its regions; without it
 * they are read with `cloudtrail`, once per trail of this call.
 */
export async function collectTrails(
  cloudtrail: CloudTrailClient,
  account: string,
  region: string,
  details: TrailDetailsReader = trailDetailsReader(() => cloudtrail, account),
): Promise<Fact<TrailFacts[]>> {
  let listed;
  try {
    listed = await cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: true }));
  } catch (error) {
    return unavailable(toCollectionError(error, { service: 'cloudtrail', operation: 'DescribeTrails', account, region }));
  }
  if (!Array.isArray(listed.trailList)) {
    return unavailable(malformedResponse('DescribeTrails returned no trailList', { service: 'cloudtrail', operation: 'DescribeTrails', account, region }));
  }
  const seen = new Set<string>();
  const described = listed.trailList.filter((trail): trail is typeof trail & { TrailARN: string } => {
    if (typeof trail?.TrailARN !== 'string' || trail.TrailARN === '' || seen.has(trail.TrailARN)) return false;
    seen.add(trail.TrailARN);
    return true;
  });
  const trails = await Promise.all(
    described.map(async (trail) => {
      const arn = trail.TrailARN;
      const { logging, managementEvents } = await details(
        {
          arn,
          ...(trail.HomeRegion !== undefined ? { homeRegion: trail.HomeRegion } : {}),
          ...(trail.HasCustomEventSelectors !== undefined ? { hasCustomEventSelectors: trail.HasCustomEventSelectors } : {}),
        },
        region,
      );
      const facts: TrailFacts = { arn, logging, managementEvents };
      if (trail.Name !== undefined) facts.name = trail.Name;
      if (trail.HomeRegion !== undefined) facts.homeRegion = trail.HomeRegion;
      if (trail.IsMultiRegionTrail !== undefined) facts.multiRegion = trail.IsMultiRegionTrail;
      if (trail.IsOrganizationTrail !== undefined) facts.organizationTrail = trail.IsOrganizationTrail;
      if (trail.LogFileValidationEnabled !== undefined) facts.logFileValidation = trail.LogFileValidationEnabled;
      if (trail.KmsKeyId !== undefined) facts.kmsKeyId = trail.KmsKeyId;
      if (trail.S3BucketName !== undefined) facts.s3BucketName = trail.S3BucketName;
      return facts;
    }),
  );
  return available(trails);
}

/** The errors inside trail facts, for the account-region's error list. */
export function trailErrors(trails: Fact<TrailFacts[]>): CollectionError[] {
  if (!trails.ok) return [trails.error];
  return trails.value.flatMap((trail) => [trail.logging, trail.managementEvents].filter((fact) => !fact.ok).map((fact) => (fact as { error: CollectionError }).error));
}

/** Why the selectors cannot be judged (no selector list at all, an unrecognised read/write value), or undefined. */
export function unreadableSelectors(output: Pick<GetEventSelectorsCommandOutput, 'EventSelectors' | 'AdvancedEventSelectors'>): string | undefined {
  if (!Array.isArray(output.EventSelectors) && !Array.isArray(output.AdvancedEventSelectors)) return 'returned neither EventSelectors nor AdvancedEventSelectors';
  if ([...(output.EventSelectors ?? []), ...(output.AdvancedEventSelectors ?? [])].some((s: unknown) => typeof s !== 'object' || s === null)) return 'returned a selector that is not an object';
  const basic = (output.EventSelectors ?? []).find((s) => s.ReadWriteType !== undefined && !['All', 'ReadOnly', 'WriteOnly'].includes(s.ReadWriteType));
  if (basic) return `returned the unrecognised ReadWriteType ${JSON.stringify(basic.ReadWriteType)}`;
  for (const selector of output.AdvancedEventSelectors ?? []) {
    const readOnly = (selector.FieldSelectors ?? []).find((f) => f.Field === 'readOnly');
    const value = readOnly?.Equals?.length === 1 ? readOnly.Equals[0] : undefined;
    if (value !== undefined && value !== 'true' && value !== 'false') return `returned the unrecognised readOnly value ${JSON.stringify(value)}`;
  }
  return undefined;
}

/** Which management events of MSK the selectors record (basic and advanced selectors, MSK excluded or not). */
export function managementCoverage(output: Pick<GetEventSelectorsCommandOutput, 'EventSelectors' | 'AdvancedEventSelectors'>): ManagementEventCoverage {
  const kinds = new Set<ManagementEventCoverage>();
  for (const selector of output.EventSelectors ?? []) kinds.add(basicCoverage(selector));
  for (const selector of output.AdvancedEventSelectors ?? []) kinds.add(advancedCoverage(selector));
  if (kinds.has('all') || (kinds.has('read-only') && kinds.has('write-only'))) return 'all';
  if (kinds.has('write-only')) return 'write-only';
  if (kinds.has('read-only')) return 'read-only';
  return 'none';
}

function basicCoverage(selector: EventSelector): ManagementEventCoverage {
  if (selector.IncludeManagementEvents === false) return 'none';
  if ((selector.ExcludeManagementEventSources ?? []).includes(MSK_EVENT_SOURCE)) return 'none';
  return readWrite(selector.ReadWriteType === 'ReadOnly' ? 'true' : selector.ReadWriteType === 'WriteOnly' ? 'false' : undefined);
}

function advancedCoverage(selector: AdvancedEventSelector): ManagementEventCoverage {
  const fields = selector.FieldSelectors ?? [];
  const field = (name: string) => fields.find((f) => f.Field === name);
  const category = field('eventCategory');
  if (!category?.Equals?.includes('Management')) return 'none';
  const source = field('eventSource');
  if (source?.Equals && !source.Equals.includes(MSK_EVENT_SOURCE)) return 'none';
  if (source?.NotEquals?.includes(MSK_EVENT_SOURCE)) return 'none';
  const readOnly = field('readOnly');
  return readWrite(readOnly?.Equals?.length === 1 ? readOnly.Equals[0] : undefined);
}

function readWrite(readOnly: string | undefined): ManagementEventCoverage {
  return readOnly === 'true' ? 'read-only' : readOnly === 'false' ? 'write-only' : 'all';
}
