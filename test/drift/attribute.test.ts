import { describe, expect, it } from 'vitest';
import { unavailable } from '../../src/inventory/index.js';
import {
  attribute,
  attributeAddition,
  attributeChange,
  attributeRemoval,
  describeAttribution,
  eventEvidence,
  eventsForField,
  eventWindowStartFor,
  type EventEvidence,
} from '../../src/drift/attribute.js';
import { accessDenied } from '../support/fixtures.js';
import { APPROVED_AT, eventWindow, kafkaEvent, PAYMENTS_ARN, WINDOW_END } from './support/fixtures.js';

const period = { since: APPROVED_AT };
const evidence = (...events: ReturnType<typeof kafkaEvent>[]): EventEvidence => ({ available: true, window: eventWindow(events) });

describe('which MSK operation explains which field', () => {
  it.each([
    ['encryption.inTransit.clientBroker', ['UpdateSecurity']],
    ['encryption.inTransit.inCluster', ['UpdateSecurity']],
    ['clientAuthentication.unauthenticated', ['UpdateSecurity']],
    ['clientAuthentication.tls.certificateAuthorities', ['UpdateSecurity']],
    ['connectivity.publicAccess', ['UpdateConnectivity']],
    ['connectivity.vpcConnectivity.authModes', ['UpdateConnectivity']],
    ['monitoring.enhanced', ['UpdateMonitoring']],
    ['logging.brokerLogs', ['UpdateMonitoring']],
    ['kafka.version', ['UpdateClusterKafkaVersion']],
    ['configuration.revision', ['UpdateClusterConfiguration', 'UpdateClusterKafkaVersion']],
    ['serverProperties.allow.everyone.if.no.acl.found', ['UpdateClusterConfiguration', 'UpdateClusterKafkaVersion']],
    ['brokers.count', ['UpdateBrokerCount']],
    ['brokers.instanceType', ['UpdateBrokerType']],
    ['clusterPolicy.sha256', ['PutClusterPolicy', 'DeleteClusterPolicy']],
  ])('%s ← %j', (field, events) => {
    expect(eventsForField(field).events).toEqual(events);
  });

  it.each(['kms.keyState', 'kms.rotation.enabled', 'network.securityGroups', 'encryption.atRest.kmsKeyId', 'cluster.type', 'something.new'])(
    '%s: no MSK call, with a note',
    (field) => {
      const rule = eventsForField(field);
      expect(rule.events).toEqual([]);
      expect(rule.note).toBeTruthy();
    },
  );
});

describe('attributeChange', () => {
  it('links a change to the successful calls that can cause it, oldest first', () => {
    const later = kafkaEvent({ time: '2026-11-22T08:00:00.000Z' });
    const earlier = kafkaEvent({ time: '2026-11-21T08:00:00.000Z' });
    const attribution = attributeChange(PAYMENTS_ARN, 'encryption.inTransit.clientBroker', evidence(later, earlier, kafkaEvent({ name: 'UpdateMonitoring' })), period);
    expect(attribution).toEqual({
      status: 'explained',
      events: [
        { eventId: earlier.eventId, name: 'UpdateSecurity', time: earlier.time, principal: earlier.principal.arn, sourceIp: '203.0.113.7' },
        { eventId: later.eventId, name: 'UpdateSecurity', time: later.time, principal: later.principal.arn, sourceIp: '203.0.113.7' },
      ],
    });
    expect(describeAttribution(attribution)).toMatch(/^explained by UpdateSecurity at 2026-11-21T08:00:00.000Z by arn:aws:sts::111122223333:assumed-role\/Admin\/alice, UpdateSecurity at/);
  });

  describe('the time window (approval, now]', () => {
    const at = (time: string) => attributeChange(PAYMENTS_ARN, 'connectivity.publicAccess', evidence(kafkaEvent({ name: 'UpdateConnectivity', time })), period).status;

    it('excludes an event at the approval itself (the approved state already reflects it)', () => {
      expect(at(APPROVED_AT)).toBe('unexplained');
    });
    it('includes an event a millisecond after the approval', () => {
      expect(at('2026-11-20T00:00:00.001Z')).toBe('explained');
    });
    it('includes an event at the end of the window (now)', () => {
      expect(at(WINDOW_END)).toBe('explained');
    });
    it('excludes an event before the approval', () => {
      expect(at('2026-11-19T23:59:59.999Z')).toBe('unexplained');
    });
    it('honours an explicit end before the window end', () => {
      const events = evidence(kafkaEvent({ name: 'UpdateConnectivity', time: '2026-11-22T00:00:00.000Z' }));
      expect(attribute(PAYMENTS_ARN, ['UpdateConnectivity'], events, { since: APPROVED_AT, until: '2026-11-21T00:00:00.000Z' }).status).toBe('unexplained');
      expect(attribute(PAYMENTS_ARN, ['UpdateConnectivity'], events, { since: APPROVED_AT, until: '2026-11-22T00:00:00.000Z' }).status).toBe('explained');
    });
  });

  it('is not explained by a failed call, another cluster, another operation or the kafka-cluster source', () => {
    const field = 'encryption.inTransit.clientBroker';
    const unexplainedBy = (event: ReturnType<typeof kafkaEvent>) => attributeChange(PAYMENTS_ARN, field, evidence(event), period);
    expect(unexplainedBy(kafkaEvent({ errorCode: 'AccessDeniedException', errorMessage: 'denied' }))).toMatchObject({ status: 'unexplained' });
    expect(unexplainedBy(kafkaEvent({ clusterArn: PAYMENTS_ARN.replace('payments', 'ledger') }))).toMatchObject({ status: 'unexplained' });
    expect(unexplainedBy(kafkaEvent({ name: 'UpdateConnectivity' }))).toMatchObject({ status: 'unexplained' });
    expect(unexplainedBy(kafkaEvent({ source: 'kafka-cluster.amazonaws.com' }))).toMatchObject({ status: 'unexplained' });
    const { clusterArn: _unused, ...noCluster } = kafkaEvent();
    expect(unexplainedBy(noCluster)).toMatchObject({ status: 'unexplained' });
  });

  it('says "unknown (events not available)" — never "unexplained" — when the events could not be had', () => {
    const notLookedUp = attributeChange(PAYMENTS_ARN, 'encryption.inTransit.clientBroker', eventEvidence(undefined), period);
    expect(notLookedUp).toEqual({ status: 'unknown', reason: 'events not available: MSK CloudTrail events were not looked up' });
    expect(describeAttribution(notLookedUp)).toBe('unknown (events not available: MSK CloudTrail events were not looked up)');
    const failed = attributeChange(PAYMENTS_ARN, 'connectivity.publicAccess', eventEvidence(unavailable(accessDenied('cloudtrail', 'LookupEvents'))), period);
    expect(failed.status).toBe('unknown');
    expect(describeAttribution(failed)).toMatch(/^unknown \(events not available: .*cloudtrail:LookupEvents failed with AccessDeniedException/);
  });

  it('says unknown when the looked-up window starts after the approval and holds no explaining event', () => {
    const late: EventEvidence = { available: true, window: eventWindow([], { start: '2026-11-21T00:00:00.000Z' }) };
    const attribution = attributeChange(PAYMENTS_ARN, 'monitoring.enhanced', late, period);
    expect(attribution.status).toBe('unknown');
    expect(describeAttribution(attribution)).toMatch(/events between the approval \(2026-11-20T00:00:00.000Z\) and 2026-11-21T00:00:00.000Z were not looked up/);
    // An explaining event inside the shorter window still explains.
    const found: EventEvidence = { available: true, window: eventWindow([kafkaEvent({ name: 'UpdateMonitoring', time: '2026-11-22T00:00:00.000Z' })], { start: '2026-11-21T00:00:00.000Z' }) };
    expect(attributeChange(PAYMENTS_ARN, 'monitoring.enhanced', found, period).status).toBe('explained');
  });

  it('marks KMS key and security-group changes unexplained with a note, whatever the MSK events say', () => {
    const everything = evidence(kafkaEvent(), kafkaEvent({ name: 'UpdateConnectivity' }));
    const kms = attributeChange(PAYMENTS_ARN, 'kms.rotation.enabled', everything, period);
    expect(kms).toMatchObject({ status: 'unexplained', note: expect.stringMatching(/KMS API calls .* msk-audit does not look up/) });
    expect(attributeChange(PAYMENTS_ARN, 'kms.keyState', eventEvidence(undefined), period).status).toBe('unexplained');
    expect(attributeChange(PAYMENTS_ARN, 'network.securityGroups', everything, period)).toMatchObject({
      status: 'unexplained',
      note: expect.stringMatching(/no MSK API call changes the security groups/),
    });
  });
});

describe('additions and removals', () => {
  it('explains an added cluster by CreateCluster or CreateClusterV2', () => {
    expect(attributeAddition(PAYMENTS_ARN, evidence(kafkaEvent({ name: 'CreateCluster' })), period).status).toBe('explained');
    expect(attributeAddition(PAYMENTS_ARN, evidence(kafkaEvent({ name: 'CreateClusterV2' })), period).status).toBe('explained');
    expect(attributeAddition(PAYMENTS_ARN, evidence(kafkaEvent({ name: 'DeleteCluster' })), period).status).toBe('unexplained');
  });

  it('explains a removed cluster by a successful DeleteCluster only', () => {
    expect(attributeRemoval(PAYMENTS_ARN, evidence(kafkaEvent({ name: 'DeleteCluster' })), period).status).toBe('explained');
    expect(attributeRemoval(PAYMENTS_ARN, evidence(kafkaEvent({ name: 'DeleteCluster', errorCode: 'ConflictException' })), period).status).toBe('unexplained');
    expect(attributeRemoval(PAYMENTS_ARN, eventEvidence(undefined), period).status).toBe('unknown');
  });
});

describe('eventWindowStartFor', () => {
  const now = new Date('2026-11-23T10:00:00.000Z');
  it('starts at the approval', () => {
    expect(eventWindowStartFor(APPROVED_AT, now).toISOString()).toBe(APPROVED_AT);
  });
  it('reaches no further back than CloudTrail keeps events (90 days)', () => {
    const start = eventWindowStartFor('2025-01-01T00:00:00.000Z', now);
    expect(now.getTime() - start.getTime()).toBeLessThan(90 * 86_400_000);
    expect(now.getTime() - start.getTime()).toBeGreaterThan(89 * 86_400_000);
  });
  it('never starts in the future', () => {
    expect(eventWindowStartFor('2027-01-01T00:00:00.000Z', now).getTime()).toBe(now.getTime());
  });
});
