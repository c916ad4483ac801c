import type { AccountRegionInventory, Baseline, KafkaEvent, KafkaEventWindow } from '../../../src/inventory/index.js';
import { available } from '../../../src/inventory/index.js';
import { baselineFromInventory } from '../../../src/drift/baseline.js';
import { provisionedCluster } from '../../support/fixtures.js';
import { inventoryOf } from '../../support/inventory.js';

/** When the test baselines were approved, and the CloudTrail window the test inventories looked up. */
export const APPROVED_AT = '2026-11-20T00:00:00.000Z';
export const WINDOW_START = '2026-11-01T00:00:00.000Z';
export const WINDOW_END = '2026-11-23T10:00:00.000Z';

export const PAYMENTS_ARN = provisionedCluster().ClusterArn;

/** The baseline of these account-regions, approved at APPROVED_AT. */
export function approve(...accountRegions: AccountRegionInventory[]): Baseline {
  const { baseline } = baselineFromInventory(inventoryOf(accountRegions));
  baseline.approvedAt = APPROVED_AT;
  baseline.source.collectedAt = APPROVED_AT;
  return baseline;
}

let next = 0;

/** A successful MSK API call on the payments cluster, a day after the approval, unless overridden. */
export function kafkaEvent(overrides: Partial<KafkaEvent> = {}): KafkaEvent {
  next += 1;
  return {
    eventId: `00000000-0000-4000-8000-${String(next).padStart(12, '0')}`,
    time: '2026-11-21T09:30:00.000Z',
    name: 'UpdateSecurity',
    source: 'kafka.amazonaws.com',
    clusterArn: PAYMENTS_ARN,
    principal: { arn: 'arn:aws:sts::111122223333:assumed-role/Admin/alice', type: 'AssumedRole' },
    sourceIp: '203.0.113.7',
    ...overrides,
  };
}

export function eventWindow(events: KafkaEvent[], window: Partial<Pick<KafkaEventWindow, 'start' | 'end'>> = {}): KafkaEventWindow {
  return { start: window.start ?? WINDOW_START, end: window.end ?? WINDOW_END, events };
}

/** Mutator: the account-region's CloudTrail lookup found these events. */
export function withEvents(events: KafkaEvent[], window: Partial<Pick<KafkaEventWindow, 'start' | 'end'>> = {}) {
  return (inventory: AccountRegionInventory) => {
    inventory.kafkaEvents = available(eventWindow(events, window));
  };
}
