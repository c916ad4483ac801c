import check from '../../checks/msk-drift-cluster-removed.js';
import { available, unavailable } from '../../src/inventory/index.js';
import { accessDenied, accountRegion, provisionedCluster, serverlessCluster } from '../support/fixtures.js';
import { driftTable } from '../drift/support/drift-table.js';
import { approve, kafkaEvent, withEvents } from '../drift/support/fixtures.js';

const payments = provisionedCluster();
const events = serverlessCluster();
const approved = approve(accountRegion((r) => (r.clusters = available([payments, events]))));
const deletingApproved = approve(accountRegion((r) => (r.clusters = available([payments, serverlessCluster((c) => (c.State = 'DELETING'))]))));
const listing = (...clusters: (typeof payments)[]) => (r: Parameters<Parameters<typeof accountRegion>[0] & object>[0]) => (r.clusters = available(clusters));

driftTable(check, {
  PASSED: [
    {
      name: 'every approved cluster still listed',
      baseline: approved,
      inventory: accountRegion(listing(payments, events)),
      reason: /All 2 cluster\(s\) of the baseline .* are still listed/,
    },
    {
      name: 'a new cluster is not a removal',
      baseline: approved,
      inventory: accountRegion(listing(payments, events, provisionedCluster((c) => (c.ClusterArn = c.ClusterArn.replace('payments', 'ledger'))))),
    },
    { name: 'an account-region the baseline covered with no cluster', baseline: approve(accountRegion()), inventory: accountRegion(), reason: /All 0 cluster/ },
  ],
  FAILED: [
    {
      name: 'a cluster gone with no DeleteCluster call in a window that covers the approval',
      baseline: approved,
      inventory: accountRegion((r) => {
        listing(payments)(r);
        withEvents([kafkaEvent({ name: 'DeleteCluster', clusterArn: payments.ClusterArn })])(r);
      }),
      subjects: [events.ClusterArn],
      severity: 'HIGH',
      reason: /The approved cluster events \(arn:.*\) is no longer listed: it was removed, unexplained\./,
    },
    {
      name: 'a cluster gone, explained by its DeleteCluster call',
      baseline: approved,
      inventory: accountRegion((r) => {
        listing(payments)(r);
        withEvents([kafkaEvent({ name: 'DeleteCluster', clusterArn: events.ClusterArn })])(r);
      }),
      subjects: [events.ClusterArn],
      severity: 'MEDIUM',
      reason: /explained by DeleteCluster at 2026-11-21T09:30:00.000Z/,
    },
    {
      name: 'a cluster gone and its DeleteCluster call failed',
      baseline: approved,
      inventory: accountRegion((r) => {
        listing(payments)(r);
        withEvents([kafkaEvent({ name: 'DeleteCluster', clusterArn: events.ClusterArn, errorCode: 'AccessDeniedException' })])(r);
      }),
      subjects: [events.ClusterArn],
      severity: 'HIGH',
      reason: /unexplained/,
    },
    {
      name: 'both clusters gone, events not looked up',
      baseline: approved,
      inventory: accountRegion(listing()),
      subjects: [events.ClusterArn, payments.ClusterArn],
      severity: 'HIGH',
      reason: /unknown: events not available/,
    },
    {
      name: 'a cluster already DELETING when approved, deleted before the approval',
      baseline: deletingApproved,
      inventory: accountRegion((r) => {
        listing(payments)(r);
        withEvents([kafkaEvent({ name: 'DeleteCluster', clusterArn: events.ClusterArn, time: '2026-11-19T08:00:00.000Z' })])(r);
      }),
      subjects: [events.ClusterArn],
      severity: 'MEDIUM',
      reason: /explained by DeleteCluster at 2026-11-19/,
    },
  ],
  NOT_APPLICABLE: [
    {
      name: 'the baseline did not cover this account-region',
      baseline: approved,
      inventory: accountRegion((r) => (r.region = 'us-east-1')),
      reason: /does not cover 111122223333 us-east-1/,
    },
    { name: 'no baseline in the context', baseline: undefined, inventory: accountRegion(), reason: /No approved baseline/ },
  ],
  NOT_AVAILABLE: [
    {
      name: 'the cluster list could not be collected',
      baseline: approved,
      inventory: accountRegion((r) => (r.clusters = unavailable(accessDenied('kafka', 'ListClustersV2')))),
      reason: /could not be listed/,
    },
  ],
});
