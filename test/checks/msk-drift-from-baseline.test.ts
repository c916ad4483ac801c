import check from '../../checks/msk-drift-from-baseline.js';
import { available, unavailable } from '../../src/inventory/index.js';
import { accessDenied, accountRegion, KEY_ARN, provisionedCluster, serverlessCluster } from '../support/fixtures.js';
import { driftTable } from '../drift/support/drift-table.js';
import { approve, kafkaEvent, withEvents } from '../drift/support/fixtures.js';

const approved = approve(accountRegion((r) => (r.clusters = available([provisionedCluster(), serverlessCluster()]))));
const plaintext = provisionedCluster((c) => (c.Provisioned!.EncryptionInfo!.EncryptionInTransit!.ClientBroker = 'TLS_PLAINTEXT'));
const added = provisionedCluster((c) => {
  c.ClusterArn = c.ClusterArn.replace('payments', 'ledger');
  c.ClusterName = 'ledger';
});

driftTable(check, {
  PASSED: [
    { name: 'provisioned cluster as approved', baseline: approved, cluster: provisionedCluster(), reason: /match the baseline approved at 2026-11-20/ },
    { name: 'serverless cluster as approved', baseline: approved, cluster: serverlessCluster() },
    {
      name: 'as approved, with unrelated events in the window',
      baseline: approved,
      cluster: provisionedCluster(),
      inventory: accountRegion(withEvents([kafkaEvent({ name: 'UpdateMonitoring' })])),
    },
  ],
  FAILED: [
    {
      name: 'TLS turned off with no event in a window that covers the approval',
      baseline: approved,
      cluster: plaintext,
      inventory: accountRegion(withEvents([])),
      severity: 'HIGH',
      reason: /encryption\.inTransit\.clientBroker "TLS" → "TLS_PLAINTEXT" \(unexplained\)/,
    },
    {
      name: 'TLS turned off, explained by a successful UpdateSecurity',
      baseline: approved,
      cluster: plaintext,
      inventory: accountRegion(withEvents([kafkaEvent({ name: 'UpdateSecurity' })])),
      severity: 'MEDIUM',
      reason: /all explained by CloudTrail events: .*explained by UpdateSecurity at 2026-11-21T09:30:00.000Z by arn:aws:sts::111122223333:assumed-role\/Admin\/alice/,
    },
    {
      name: 'TLS turned off, only a failed UpdateSecurity (AccessDenied) in the window',
      baseline: approved,
      cluster: plaintext,
      inventory: accountRegion(withEvents([kafkaEvent({ name: 'UpdateSecurity', errorCode: 'AccessDeniedException' })])),
      severity: 'HIGH',
      reason: /unexplained/,
    },
    {
      name: 'TLS turned off and the events were not looked up: unknown, not unexplained',
      baseline: approved,
      cluster: plaintext,
      severity: 'HIGH',
      reason: /\(unknown: events not available: MSK CloudTrail events were not looked up\)/,
    },
    {
      name: 'TLS turned off and the event lookup failed',
      baseline: approved,
      cluster: plaintext,
      inventory: accountRegion((r) => (r.kafkaEvents = unavailable(accessDenied('cloudtrail', 'LookupEvents')))),
      severity: 'HIGH',
      reason: /\(unknown: events not available: MSK CloudTrail events could not be looked up: cloudtrail:LookupEvents failed with AccessDeniedException/,
    },
    {
      name: 'key rotation disabled: no MSK event explains a KMS change',
      baseline: approved,
      cluster: provisionedCluster(),
      inventory: accountRegion((r) => {
        withEvents([kafkaEvent({ name: 'UpdateSecurity' })])(r);
        const key = r.kmsKeys[KEY_ARN];
        if (key?.ok) key.value.rotation = available({ enabled: false });
      }),
      severity: 'HIGH',
      reason: /kms\.rotation\.enabled true → false \(unexplained: the key state and rotation change through KMS API calls/,
    },
    {
      name: 'ACL default opened by a configuration change whose call failed',
      baseline: approved,
      cluster: provisionedCluster((c) => (c.Provisioned!.CurrentBrokerSoftwareInfo!.ConfigurationRevision = 3)),
      inventory: accountRegion((r) => {
        withEvents([kafkaEvent({ name: 'UpdateClusterConfiguration', errorCode: 'BadRequestException' })])(r);
        r.configurations['arn:aws:kafka:eu-west-1:111122223333:configuration/hardened/0b6e5c0e-2222-4a8b-9d1e-000000000002-1#3'] = available({
          arn: 'arn:aws:kafka:eu-west-1:111122223333:configuration/hardened/0b6e5c0e-2222-4a8b-9d1e-000000000002-1',
          revision: 3,
          serverPropertiesText: 'allow.everyone.if.no.acl.found=true\n',
          serverProperties: { 'allow.everyone.if.no.acl.found': 'true' },
        });
      }),
      severity: 'HIGH',
      reason: /serverProperties\.allow\.everyone\.if\.no\.acl\.found "false" → "true".*serverProperties\.auto\.create\.topics\.enable "false" → null/,
    },
    {
      name: 'a change while another field could not be compared',
      baseline: approved,
      cluster: plaintext,
      inventory: accountRegion((r) => (r.kmsKeys[KEY_ARN] = unavailable(accessDenied('kms', 'DescribeKey', KEY_ARN)))),
      severity: 'HIGH',
      reason: /1 security field\(s\) changed.* 4 more field\(s\) could not be compared\.$/,
    },
    {
      name: 'a cluster the baseline does not have, with its CreateClusterV2 call',
      baseline: approved,
      cluster: added,
      inventory: accountRegion(withEvents([kafkaEvent({ name: 'CreateClusterV2', clusterArn: added.ClusterArn })])),
      severity: 'MEDIUM',
      reason: /not in the approved baseline: it was added, explained by CreateClusterV2/,
    },
    {
      name: 'a cluster the baseline does not have, no event',
      baseline: approved,
      cluster: added,
      inventory: accountRegion(withEvents([])),
      severity: 'MEDIUM',
      reason: /it was added, unexplained/,
    },
    {
      name: 'a cluster in an account-region the baseline did not cover',
      baseline: approved,
      cluster: provisionedCluster((c) => (c.ClusterArn = c.ClusterArn.replace('eu-west-1', 'us-east-1'))),
      inventory: accountRegion((r) => (r.region = 'us-east-1')),
      severity: 'MEDIUM',
      reason: /the baseline did not cover this account-region/,
    },
  ],
  NOT_APPLICABLE: [
    { name: 'cluster being deleted', baseline: approved, cluster: provisionedCluster((c) => (c.State = 'DELETING')) },
    { name: 'cluster whose creation failed', baseline: approved, cluster: provisionedCluster((c) => (c.State = 'FAILED')) },
  ],
  NOT_AVAILABLE: [
    {
      name: 'the at-rest key cannot be described now: never PASSED on missing data',
      baseline: approved,
      cluster: provisionedCluster(),
      inventory: accountRegion((r) => (r.kmsKeys[KEY_ARN] = unavailable(accessDenied('kms', 'DescribeKey', KEY_ARN)))),
      reason: /No approved field has changed, but 4 field\(s\) could not be compared .*kms\.keyManager/,
    },
    {
      name: 'the rotation status is denied now',
      baseline: approved,
      cluster: provisionedCluster(),
      inventory: accountRegion((r) => {
        const key = r.kmsKeys[KEY_ARN];
        if (key?.ok) key.value.rotation = unavailable(accessDenied('kms', 'GetKeyRotationStatus', KEY_ARN));
      }),
      reason: /kms\.rotation\.enabled, kms\.rotation\.periodDays/,
    },
    {
      name: 'the configuration revision cannot be read now',
      baseline: approved,
      cluster: provisionedCluster(),
      inventory: accountRegion((r) => (r.configurations = {})),
      reason: /serverProperties\.\*/,
    },
    {
      name: 'the baseline itself recorded a field as unavailable',
      baseline: approve(
        accountRegion((r) => {
          r.clusters = available([provisionedCluster()]);
          r.kmsKeys = {};
        }),
      ),
      cluster: provisionedCluster(),
      reason: /could not be compared/,
    },
    { name: 'no baseline in the context', baseline: undefined, cluster: provisionedCluster(), reason: /No approved baseline/ },
    { name: 'unknown cluster type', baseline: approved, cluster: provisionedCluster((c) => (c.ClusterType = 'QUANTUM')) },
  ],
});
