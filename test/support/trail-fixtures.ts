import { available, unavailable, type AccountRegionInventory, type KafkaEvent, type TrailFacts } from '../../src/inventory/index.js';
import { accessDenied, accountRegion, provisionedCluster, REGION, ACCOUNT } from './fixtures.js';

export const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-trail`;

/** A compliant trail: multi-region, all management events, logging, validated, KMS-encrypted. */
export function trail(mutate?: (trail: TrailFacts) => void): TrailFacts {
  const facts: TrailFacts = {
    arn: TRAIL_ARN,
    name: 'org-trail',
    homeRegion: 'us-east-1',
    multiRegion: true,
    organizationTrail: true,
    logFileValidation: true,
    kmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/trail-key`,
    s3BucketName: 'org-trail-bucket',
    logging: available(true),
    managementEvents: available('all'),
  };
  mutate?.(facts);
  return facts;
}

/** An account-region with one cluster and these trails. */
export function withTrails(trails: TrailFacts[] | 'denied' | 'absent', clusters = 1): AccountRegionInventory {
  return accountRegion((r) => {
    r.clusters = available(Array.from({ length: clusters }, () => provisionedCluster()));
    if (trails === 'denied') r.trails = unavailable(accessDenied('cloudtrail', 'DescribeTrails'));
    else if (trails !== 'absent') r.trails = available(trails);
  });
}

export const deniedFact = (operation: string) => unavailable(accessDenied('cloudtrail', operation, TRAIL_ARN));

export const CLUSTER = `arn:aws:kafka:${REGION}:${ACCOUNT}:cluster/payments/5e0f5b51-1d21-4c59-9d4d-3c1f2f3e4a5b-2`;

export function event(name: string, mutate?: (event: KafkaEvent) => void): KafkaEvent {
  const value: KafkaEvent = {
    eventId: `evt-${name}`,
    time: '2026-11-20T10:00:00.000Z',
    name,
    source: ['DeleteTopic', 'AlterClusterDynamicConfiguration', 'AlterTopicDynamicConfiguration', 'CreateTopic'].includes(name) ? 'kafka-cluster.amazonaws.com' : 'kafka.amazonaws.com',
    clusterArn: CLUSTER,
    principal: { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/alice`, type: 'AssumedRole', accountId: ACCOUNT },
    sourceIp: '203.0.113.7',
    userAgent: 'aws-cli/2.15',
    readOnly: false,
  };
  mutate?.(value);
  return value;
}

export function withEvents(events: KafkaEvent[] | 'denied' | 'absent', clusters = 1): AccountRegionInventory {
  return accountRegion((r) => {
    r.clusters = available(Array.from({ length: clusters }, () => provisionedCluster()));
    if (events === 'denied') r.kafkaEvents = unavailable(accessDenied('cloudtrail', 'LookupEvents'));
    else if (events !== 'absent') r.kafkaEvents = available({ start: '2026-11-16T00:00:00.000Z', end: '2026-11-23T00:00:00.000Z', events });
  });
}
