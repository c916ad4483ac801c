import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand, LookupEventsCommand, paginateLookupEvents } from '@aws-sdk/client-cloudtrail';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { DEV, PROD, SEC, assume, cfg, errorOf, exampleEstate, tinyEstate } from './helpers.js';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await startSandbox({ estate: exampleEstate() });
});
afterAll(() => sb.close());

describe('cloudtrail LookupEvents', () => {
  let many: RunningSandbox;
  const base = Date.parse('2026-01-10T00:00:00.000Z');
  beforeAll(async () => {
    const events = Array.from({ length: 120 }, (_, i) => ({
      EventId: `evt-${String(i).padStart(3, '0')}`,
      EventName: i % 3 === 0 ? 'UpdateSecurity' : 'DescribeClusterV2',
      ReadOnly: i % 3 === 0 ? 'false' : 'true',
      EventTime: new Date(base + i * 60_000).toISOString(),
      EventSource: i % 4 === 0 ? 'kafka-cluster.amazonaws.com' : 'kafka.amazonaws.com',
      Username: `user-${i % 5}`,
      Resources: [{ ResourceType: 'AWS::MSK::Cluster', ResourceName: `arn:aws:kafka:eu-west-1:${SEC}:cluster/c${i % 2}/u-1` }],
      CloudTrailEvent: { awsRegion: 'eu-west-1', requestParameters: { n: i } },
    }));
    many = await startSandbox({ estate: tinyEstate({ regions: { 'eu-west-1': { cloudtrail: { events } } } }, { clockStart: '2026-02-01T00:00:00.000Z', rateLimits: { enabled: false } }) });
  });
  afterAll(() => many.close());

  it('120 events: 50 per page, newest first, CloudTrailEvent is a JSON string', async () => {
    const client = new CloudTrailClient(cfg(many));
    const sizes: number[] = [];
    const ids: string[] = [];
    for await (const page of paginateLookupEvents({ client }, {})) {
      sizes.push(page.Events?.length ?? 0);
      ids.push(...(page.Events ?? []).map((e) => String(e.EventId)));
    }
    expect(sizes).toEqual([50, 50, 20]);
    expect(ids[0]).toBe('evt-119');
    expect(ids.at(-1)).toBe('evt-000');
    const first = await client.send(new LookupEventsCommand({ MaxResults: 1 }));
    const e = first.Events![0]!;
    expect(e.EventTime).toBeInstanceOf(Date);
    expect(e.EventTime!.toISOString()).toBe(new Date(base + 119 * 60_000).toISOString());
    expect(JSON.parse(String(e.CloudTrailEvent))).toMatchObject({ eventID: 'evt-119', eventName: 'DescribeClusterV2', eventSource: 'kafka.amazonaws.com', requestParameters: { n: 119 } });
    expect(e.Resources).toEqual([{ ResourceType: 'AWS::MSK::Cluster', ResourceName: `arn:aws:kafka:eu-west-1:${SEC}:cluster/c1/u-1` }]);
  });

  it('LookupAttributes (EventSource, EventName, ResourceName) and StartTime/EndTime', async () => {
    const client = new CloudTrailClient(cfg(many));
    const bySource = await client.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'kafka-cluster.amazonaws.com' }] }));
    expect(bySource.Events).toHaveLength(30);
    const byName = await client.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'UpdateSecurity' }] }));
    expect(byName.Events?.every((e) => e.EventName === 'UpdateSecurity')).toBe(true);
    expect(byName.Events).toHaveLength(40);
    const byResource = await client.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: `arn:aws:kafka:eu-west-1:${SEC}:cluster/c0/u-1` }] }));
    expect(byResource.Events).toHaveLength(50);
    expect(byResource.NextToken).toBeTruthy();
    const window = await client.send(new LookupEventsCommand({ StartTime: new Date(base + 10 * 60_000), EndTime: new Date(base + 19 * 60_000) }));
    expect(window.Events?.map((e) => e.EventId)).toEqual(Array.from({ length: 10 }, (_, i) => `evt-${String(19 - i).padStart(3, '0')}`));
  });

  it('errors: two attributes, bad time range, MaxResults > 50, forged token', async () => {
    const client = new CloudTrailClient(cfg(many));
    const two = [{ AttributeKey: 'EventName' as const, AttributeValue: 'a' }, { AttributeKey: 'Username' as const, AttributeValue: 'b' }];
    expect((await errorOf(() => client.send(new LookupEventsCommand({ LookupAttributes: two })))).name).toBe('InvalidLookupAttributesException');
    expect((await errorOf(() => client.send(new LookupEventsCommand({ StartTime: new Date(base + 1000), EndTime: new Date(base) })))).name).toBe('InvalidTimeRangeException');
    expect((await errorOf(() => client.send(new LookupEventsCommand({ MaxResults: 51 })))).name).toBe('InvalidMaxResultsException');
    expect((await errorOf(() => client.send(new LookupEventsCommand({ NextToken: 'nope' })))).name).toBe('InvalidNextTokenException');
  });

  it('only the last 90 days are returned (example estate: relative event times, one 120 days old)', async () => {
    const prod = await assume(sb, PROD);
    const client = new CloudTrailClient(cfg(sb, 'eu-west-1', prod));
    const out = await client.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'kafka.amazonaws.com' }] }));
    expect(out.Events?.map((e) => e.EventName)).toEqual(['DescribeClusterV2', 'UpdateConnectivity', 'UpdateSecurity', 'UpdateMonitoring']);
    const detail = JSON.parse(String(out.Events?.[1]?.CloudTrailEvent)) as { requestParameters: { clusterArn: string } };
    expect(detail.requestParameters.clusterArn).toContain('%3A'); // URL-encoded, as CloudTrail records it
  });
});

describe('cloudtrail trails', () => {
  it('DescribeTrails: organization trail appears as a shadow trail in member accounts unless includeShadowTrails=false', async () => {
    const dev = await assume(sb, DEV);
    const client = new CloudTrailClient(cfg(sb, 'eu-west-1', dev));
    const all = await client.send(new DescribeTrailsCommand({}));
    expect(all.trailList?.map((t) => t.Name)).toEqual(['dev-trail', 'org-trail']);
    expect(all.trailList?.[1]).toMatchObject({ IsOrganizationTrail: true, IsMultiRegionTrail: true, HomeRegion: 'us-east-1', LogFileValidationEnabled: true });
    const own = await client.send(new DescribeTrailsCommand({ includeShadowTrails: false }));
    expect(own.trailList?.map((t) => t.Name)).toEqual(['dev-trail']);
  });

  it('GetTrailStatus by name (home region) and by ARN (shadow); unknown → TrailNotFoundException', async () => {
    const dev = await assume(sb, DEV);
    const client = new CloudTrailClient(cfg(sb, 'eu-west-1', dev));
    const devTrail = await client.send(new GetTrailStatusCommand({ Name: 'dev-trail' }));
    expect(devTrail.IsLogging).toBe(false);
    expect(devTrail.StopLoggingTime?.toISOString()).toBe('2025-06-01T00:00:00.000Z');
    const org = await client.send(new GetTrailStatusCommand({ Name: `arn:aws:cloudtrail:us-east-1:${SEC}:trail/org-trail` }));
    expect(org.IsLogging).toBe(true);
    expect((await errorOf(() => client.send(new GetTrailStatusCommand({ Name: 'org-trail' })))).name).toBe('TrailNotFoundException');
  });
});
