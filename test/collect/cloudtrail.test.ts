import 'aws-sdk-client-mock-vitest/extend';
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { collectKafkaEvents, normaliseEvent } from '../../src/collect/cloudtrail-events.js';
import { collectTrails, managementCoverage, trailDetailsReader } from '../../src/collect/cloudtrail-trails.js';
import { awsError } from './support.js';

const mock = mockClient(CloudTrailClient);
const client = new CloudTrailClient({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
const ACCOUNT = '111122223333';
const CLUSTER = 'arn:aws:kafka:eu-west-1:111122223333:cluster/payments/abc-1';

beforeEach(() => mock.reset());

describe('managementCoverage', () => {
  it.each([
    [{}, 'none'],
    [{ EventSelectors: [{ ReadWriteType: 'All' as const, IncludeManagementEvents: true }] }, 'all'],
    [{ EventSelectors: [{ ReadWriteType: 'WriteOnly' as const }] }, 'write-only'],
    [{ EventSelectors: [{ ReadWriteType: 'ReadOnly' as const }, { ReadWriteType: 'WriteOnly' as const }] }, 'all'],
    [{ EventSelectors: [{ ReadWriteType: 'All' as const, IncludeManagementEvents: false }] }, 'none'],
    [{ EventSelectors: [{ ReadWriteType: 'All' as const, ExcludeManagementEventSources: ['kafka.amazonaws.com'] }] }, 'none'],
    [{ AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }] }, 'all'],
    [{ AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['false'] }] }] }, 'write-only'],
    [{ AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'eventSource', NotEquals: ['kafka.amazonaws.com'] }] }] }, 'none'],
    [{ AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] }] }, 'none'],
  ])('%j → %s', (selectors, expected) => {
    expect(managementCoverage(selectors)).toBe(expected);
  });
});

describe('collectTrails', () => {
  it('keeps each trail once, reads its status, and its selectors only when it has custom ones', async () => {
    mock.on(DescribeTrailsCommand).resolves({
      trailList: [
        { TrailARN: 'arn:t/org', Name: 'org', IsMultiRegionTrail: true, HasCustomEventSelectors: false, LogFileValidationEnabled: true, KmsKeyId: 'k' },
        { TrailARN: 'arn:t/org', Name: 'org' },
        { TrailARN: 'arn:t/custom', Name: 'custom', HasCustomEventSelectors: true },
      ],
    });
    mock.on(GetTrailStatusCommand, { Name: 'arn:t/org' }).resolves({ IsLogging: true });
    mock.on(GetTrailStatusCommand, { Name: 'arn:t/custom' }).rejects(awsError('AccessDeniedException', 'denied'));
    mock.on(GetEventSelectorsCommand).resolves({ EventSelectors: [{ ReadWriteType: 'WriteOnly' }] });
    const trails = await collectTrails(client, ACCOUNT, 'eu-west-1');
    expect(trails.ok).toBe(true);
    if (!trails.ok) return;
    expect(trails.value.map((t) => [t.arn, t.logging.ok && t.logging.value, t.managementEvents.ok && t.managementEvents.value])).toEqual([
      ['arn:t/org', true, 'all'],
      ['arn:t/custom', false, 'write-only'],
    ]);
    expect(trails.value[1]!.logging).toMatchObject({ ok: false, error: { code: 'AccessDeniedException', operation: 'GetTrailStatus' } });
    expect(mock).toHaveReceivedCommandTimes(GetEventSelectorsCommand, 1);
  });

  describe('trailDetailsReader: one read per trail and account', () => {
    const ORG = 'arn:aws:cloudtrail:us-east-1:999988887777:trail/org';
    const LOCAL = 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/local';
    const REGIONS = ['eu-west-1', 'ap-south-1', 'us-east-1'];
    const regionOf = (getClient: () => unknown) => (getClient() as CloudTrailClient).config.region();

    /** GetTrailStatus answers: per region, IsLogging or an AccessDenied (a region an SCP denies). */
    async function scan(deniedRegions: Set<string>) {
      mock.on(DescribeTrailsCommand).callsFake(async (_input, getClient) => ({
        trailList: [
          { TrailARN: ORG, Name: 'org', HomeRegion: 'us-east-1', IsMultiRegionTrail: true, IsOrganizationTrail: true, HasCustomEventSelectors: true },
          ...((await regionOf(getClient)) === 'eu-west-1' ? [{ TrailARN: LOCAL, Name: 'local', HomeRegion: 'eu-west-1', HasCustomEventSelectors: false }] : []),
        ],
      }));
      mock.on(GetTrailStatusCommand).callsFake(async (_input, getClient) => {
        if (deniedRegions.has(await regionOf(getClient))) throw awsError('AccessDeniedException', 'denied by an SCP');
        return { IsLogging: true };
      });
      mock.on(GetEventSelectorsCommand).resolves({ EventSelectors: [{ ReadWriteType: 'All' }] });
      const clients = new Map(REGIONS.map((region) => [region, new CloudTrailClient({ region, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } })]));
      const details = trailDetailsReader((region) => clients.get(region)!, ACCOUNT);
      try {
        const results = await Promise.all(REGIONS.map((region) => collectTrails(clients.get(region)!, ACCOUNT, region, details)));
        const calls = await Promise.all(
          mock.commandCalls(GetTrailStatusCommand).map(async (call) => `${call.args[0].input.Name} @ ${await call.thisValue.config.region()}`),
        );
        const org = results.map((trails) => (trails.ok ? trails.value.find((trail) => trail.arn === ORG) : undefined));
        return { results, calls: calls.sort(), org };
      } finally {
        for (const client of clients.values()) client.destroy();
      }
    }

    it('reads a trail seen in every region once, in its home region, and reuses it everywhere', async () => {
      const { results, calls, org } = await scan(new Set());
      expect(calls).toEqual([`${LOCAL} @ eu-west-1`, `${ORG} @ us-east-1`]);
      expect(mock).toHaveReceivedCommandTimes(GetEventSelectorsCommand, 1);
      expect(await mock.commandCalls(GetEventSelectorsCommand)[0]!.thisValue.config.region()).toBe('us-east-1');
      for (const trail of org) expect(trail).toMatchObject({ logging: { ok: true, value: true }, managementEvents: { ok: true, value: 'all' } });
      expect(results[0]!.ok && results[0]!.value.find((trail) => trail.arn === LOCAL)?.logging).toEqual({ ok: true, value: true });
    });

    it('falls back to the region that shows the trail when its home region does not answer', async () => {
      const { calls, org } = await scan(new Set(['us-east-1']));
      expect(calls).toEqual([`${LOCAL} @ eu-west-1`, `${ORG} @ ap-south-1`, `${ORG} @ eu-west-1`, `${ORG} @ us-east-1`]);
      // Read where it is seen; the home region itself keeps its own answer, the error.
      expect(org.map((trail) => trail?.logging.ok)).toEqual([true, true, false]);
      expect(org[2]!.logging).toMatchObject({ ok: false, error: { operation: 'GetTrailStatus', code: 'AccessDeniedException', region: 'us-east-1', resource: ORG } });
    });

    it('keeps the home region\'s error in every region when no region answers', async () => {
      const { calls, org } = await scan(new Set(REGIONS));
      expect(calls.filter((call) => call.startsWith(ORG))).toHaveLength(3);
      for (const trail of org) {
        expect(trail!.logging).toMatchObject({ ok: false, error: { operation: 'GetTrailStatus', code: 'AccessDeniedException', region: 'us-east-1', resource: ORG } });
        expect(trail!.managementEvents).toEqual({ ok: true, value: 'all' });
      }
    });
  });

  it('records a denied DescribeTrails as an unavailable fact', async () => {
    mock.on(DescribeTrailsCommand).rejects(awsError('AccessDeniedException', 'denied'));
    expect(await collectTrails(client, ACCOUNT, 'eu-west-1')).toMatchObject({ ok: false, error: { service: 'cloudtrail', operation: 'DescribeTrails', code: 'AccessDeniedException' } });
  });
});

const raw = (id: number, source = 'kafka.amazonaws.com', time = new Date(Date.UTC(2026, 10, 20, 0, 0, id))) => ({
  EventId: `e${id}`,
  EventName: 'UpdateSecurity',
  EventSource: source,
  EventTime: time,
  CloudTrailEvent: JSON.stringify({ userIdentity: { arn: 'arn:aws:sts::1:assumed-role/A/x', type: 'AssumedRole' }, requestParameters: { clusterArn: encodeURIComponent(CLUSTER) } }),
});

describe('collectKafkaEvents', () => {
  const window = { start: new Date('2026-11-16T00:00:00Z'), end: new Date('2026-11-23T00:00:00Z') };

  it('reads every page of both event sources', async () => {
    mock
      .on(LookupEventsCommand, { LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'kafka.amazonaws.com' }] })
      .resolvesOnce({ Events: [raw(3), raw(2)], NextToken: 'n1' })
      .resolvesOnce({ Events: [raw(1)] });
    mock.on(LookupEventsCommand, { LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'kafka-cluster.amazonaws.com' }] }).resolves({ Events: [raw(4, 'kafka-cluster.amazonaws.com')] });
    const { events, errors } = await collectKafkaEvents(client, ACCOUNT, 'eu-west-1', window);
    expect(errors).toEqual([]);
    expect(events.ok && events.value.events.map((e) => [e.eventId, e.source, e.clusterArn])).toEqual([
      ['e1', 'kafka.amazonaws.com', CLUSTER],
      ['e2', 'kafka.amazonaws.com', CLUSTER],
      ['e3', 'kafka.amazonaws.com', CLUSTER],
      ['e4', 'kafka-cluster.amazonaws.com', CLUSTER],
    ]);
    expect(mock).toHaveReceivedCommandTimes(LookupEventsCommand, 3);
  });

  it('stops at the page limit, narrows the window to what was read and says so', async () => {
    mock.on(LookupEventsCommand).resolves({ Events: [raw(9), raw(8)], NextToken: 'more' });
    const { events, errors } = await collectKafkaEvents(client, ACCOUNT, 'eu-west-1', { ...window, maxPages: 2 });
    expect(errors.map((e) => e.code)).toEqual(['EventLimitReached', 'EventLimitReached']);
    expect(events.ok && events.value.start).toBe('2026-11-20T00:00:08.000Z');
  });

  it('makes a denied lookup an unavailable fact and an error', async () => {
    mock.on(LookupEventsCommand).rejects(awsError('AccessDeniedException', 'denied'));
    const { events, errors } = await collectKafkaEvents(client, ACCOUNT, 'eu-west-1', window);
    expect(events).toMatchObject({ ok: false, error: { operation: 'LookupEvents', code: 'AccessDeniedException' } });
    expect(errors).toHaveLength(1);
  });
});

describe('normaliseEvent', () => {
  it('URL-decodes the cluster ARN and reads who, from where, and the public access requested', () => {
    const event = normaliseEvent({
      ...raw(1),
      EventName: 'UpdateConnectivity',
      CloudTrailEvent: JSON.stringify({
        userIdentity: { arn: 'arn:aws:sts::1:assumed-role/A/x', type: 'AssumedRole', accountId: '1' },
        sourceIPAddress: '203.0.113.7',
        userAgent: 'aws-cli',
        readOnly: false,
        requestParameters: { clusterArn: encodeURIComponent(CLUSTER), connectivityInfo: { publicAccess: { type: 'SERVICE_PROVIDED_EIPS' } } },
      }),
    });
    expect(event).toMatchObject({ clusterArn: CLUSTER, sourceIp: '203.0.113.7', userAgent: 'aws-cli', readOnly: false, publicAccessType: 'SERVICE_PROVIDED_EIPS', principal: { arn: 'arn:aws:sts::1:assumed-role/A/x', type: 'AssumedRole', accountId: '1' } });
  });

  it('derives the cluster and topic of a kafka-cluster event from the topic ARN', () => {
    const event = normaliseEvent({
      EventId: 'k',
      EventName: 'DeleteTopic',
      EventSource: 'kafka-cluster.amazonaws.com',
      EventTime: new Date('2026-11-20T00:00:00Z'),
      Resources: [{ ResourceType: 'AWS::MSK::Topic', ResourceName: 'arn:aws:kafka:eu-west-1:111122223333:topic/payments/abc-1/ledger' }],
      CloudTrailEvent: '{"errorCode":"AccessDenied"}',
    });
    expect(event).toMatchObject({ clusterArn: CLUSTER, topic: 'ledger', errorCode: 'AccessDenied' });
  });

  it('keeps an event whose detail is not JSON, and drops one without id, name or time', () => {
    expect(normaliseEvent({ EventId: 'x', EventName: 'UpdateSecurity', EventTime: new Date(0), CloudTrailEvent: '{not json', Username: 'bob' })).toMatchObject({ eventId: 'x', principal: { arn: 'bob' } });
    expect(normaliseEvent({ EventName: 'UpdateSecurity', EventTime: new Date(0) })).toBeUndefined();
    expect(normaliseEvent({ EventId: 'x', EventName: 'UpdateSecurity', EventTime: new Date(Number.NaN) })).toBeUndefined();
  });
});
