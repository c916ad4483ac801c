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

/**
 * The trails that cover one account-region (its own, and shadows of multi-region and organization trails),
 * each with its logging status and which management events it records. Errors are kept in the facts.
 */
export async function collectTrails(cloudtrail: CloudTrailClient, account: string, region: string): Promise<Fact<TrailFacts[]>> {
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
  const trails: TrailFacts[] = [];
  for (const trail of listed.trailList) {
    if (typeof trail.TrailARN !== 'string' || seen.has(trail.TrailARN)) continue;
    seen.add(trail.TrailARN);
    const arn = trail.TrailARN;
    const context = { service: 'cloudtrail', account, region, resource: arn };
    const [logging, managementEvents] = await Promise.all([
      cloudtrail.send(new GetTrailStatusCommand({ Name: arn })).then(
        (status): Fact<boolean> =>
          typeof status.IsLogging === 'boolean' ? available(status.IsLogging) : unavailable(malformedResponse('GetTrailStatus returned no IsLogging', { ...context, operation: 'GetTrailStatus' })),
        (error: unknown) => unavailable(toCollectionError(error, { ...context, operation: 'GetTrailStatus' })),
      ),
      // A trail without custom selectors records all management events (CloudTrail's default).
      trail.HasCustomEventSelectors === false
        ? Promise.resolve<Fact<ManagementEventCoverage>>(available('all'))
        : cloudtrail.send(new GetEventSelectorsCommand({ TrailName: arn })).then(
            (selectors) => available(managementCoverage(selectors)),
            (error: unknown) => unavailable(toCollectionError(error, { ...context, operation: 'GetEventSelectors' })),
          ),
    ]);
    const facts: TrailFacts = { arn, logging, managementEvents };
    if (trail.Name !== undefined) facts.name = trail.Name;
    if (trail.HomeRegion !== undefined) facts.homeRegion = trail.HomeRegion;
    if (trail.IsMultiRegionTrail !== undefined) facts.multiRegion = trail.IsMultiRegionTrail;
    if (trail.IsOrganizationTrail !== undefined) facts.organizationTrail = trail.IsOrganizationTrail;
    if (trail.LogFileValidationEnabled !== undefined) facts.logFileValidation = trail.LogFileValidationEnabled;
    if (trail.KmsKeyId !== undefined) facts.kmsKeyId = trail.KmsKeyId;
    if (trail.S3BucketName !== undefined) facts.s3BucketName = trail.S3BucketName;
    trails.push(facts);
  }
  return available(trails);
}

/** The errors inside trail facts, for the account-region's error list. */
export function trailErrors(trails: Fact<TrailFacts[]>): CollectionError[] {
  if (!trails.ok) return [trails.error];
  return trails.value.flatMap((trail) => [trail.logging, trail.managementEvents].filter((fact) => !fact.ok).map((fact) => (fact as { error: CollectionError }).error));
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
