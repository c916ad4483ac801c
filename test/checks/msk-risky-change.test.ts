import { describe, expect, it } from 'vitest';
import check, { principalMatches } from '../../checks/msk-risky-change.js';
import { accountRegionTable } from '../support/account-region-table.js';
import { event, withEvents } from '../support/trail-fixtures.js';

const PIPELINE = 'arn:aws:sts::111122223333:assumed-role/DeployPipeline/*';

accountRegionTable(check, {
  PASSED: [
    { name: 'no event in the window', inventory: withEvents([]), reason: /No security-relevant MSK change/ },
    { name: 'only read-only and non-risky events', inventory: withEvents([event('DescribeClusterV2', (e) => (e.readOnly = true)), event('CreateTopic')]) },
    {
      name: 'a change by an allow-listed pipeline',
      inventory: withEvents([event('UpdateSecurity', (e) => (e.principal.arn = 'arn:aws:sts::111122223333:assumed-role/DeployPipeline/run-42'))]),
      thresholds: { expectedChangePrincipals: [PIPELINE] },
      subjects: ['PASSED'],
      reason: /Expected change: UpdateSecurity/,
    },
  ],
  FAILED: [
    { name: 'the last cluster of the region deleted', inventory: withEvents([event('DeleteCluster')], 0), subjects: ['FAILED'], severity: 'HIGH' },
    { name: 'UpdateSecurity by a person', inventory: withEvents([event('UpdateSecurity')]), subjects: ['FAILED'], severity: 'HIGH', reason: /by arn:aws:sts::111122223333:assumed-role\/Admin\/alice from 203\.0\.113\.7/ },
    {
      name: 'UpdateConnectivity turning public access on is critical',
      inventory: withEvents([event('UpdateConnectivity', (e) => (e.publicAccessType = 'SERVICE_PROVIDED_EIPS'))]),
      subjects: ['FAILED'],
      severity: 'CRITICAL',
      reason: /turned public access on/,
    },
    { name: 'a refused attempt is reported too', inventory: withEvents([event('DeleteCluster', (e) => (e.errorCode = 'AccessDenied'))]), subjects: ['FAILED'], severity: 'MEDIUM', reason: /Refused attempt/ },
    {
      name: 'a kafka-cluster topic deletion, with other events around it',
      inventory: withEvents([event('DescribeClusterV2'), event('DeleteTopic', (e) => (e.topic = 'payments')), event('UpdateMonitoring', (e) => (e.eventId = 'm'))]),
      subjects: ['FAILED', 'FAILED'],
      severity: 'HIGH',
      reason: /DeleteTopic on topic payments/,
    },
  ],
  NOT_APPLICABLE: [{ name: 'no cluster and no risky change in the region', inventory: withEvents([event('ListClustersV2', (e) => (e.readOnly = true))], 0) }],
  NOT_AVAILABLE: [
    { name: 'the events could not be looked up', inventory: withEvents('denied'), reason: /could not be looked up/ },
    { name: 'events were not collected', inventory: withEvents('absent') },
  ],
});

describe('principalMatches', () => {
  it('matches * as any run of characters and nothing else as a pattern', () => {
    expect(principalMatches('arn:aws:sts::1:assumed-role/Deploy/x', ['arn:aws:sts::1:assumed-role/Deploy/*'])).toBe('arn:aws:sts::1:assumed-role/Deploy/*');
    expect(principalMatches('arn:aws:sts::1:assumed-role/DeployX/x', ['arn:aws:sts::1:assumed-role/Deploy/*'])).toBeUndefined();
    expect(principalMatches('arn:aws:iam::1:user/a.b', ['arn:aws:iam::1:user/a?b'])).toBeUndefined();
    expect(principalMatches(undefined, ['*'])).toBeUndefined();
  });
});
