import check from '../../checks/msk-kafka-version-supported.js';
import { available, unavailable } from '../../src/inventory/index.js';
import { checkTable } from '../support/check-table.js';
import { accessDenied, accountRegion, provisionedCluster, serverlessCluster } from '../support/fixtures.js';

function version(value: string | undefined) {
  return provisionedCluster((c) => {
    c.Provisioned!.CurrentBrokerSoftwareInfo!.KafkaVersion = value;
  });
}

checkTable(check, {
  PASSED: [
    { name: 'ACTIVE version (fixture default 3.6.0)', cluster: provisionedCluster(), reason: /3\.6\.0, which MSK lists as ACTIVE/ },
    { name: 'another ACTIVE version', cluster: version('3.5.1') },
  ],
  FAILED: [{ name: 'DEPRECATED version', cluster: version('2.8.1'), reason: /2\.8\.1, which MSK lists as DEPRECATED/ }],
  NOT_APPLICABLE: [
    { name: 'serverless manages the version', cluster: serverlessCluster(), reason: /Serverless/ },
    { name: 'cluster being deleted', cluster: provisionedCluster((c) => (c.State = 'DELETING')) },
    { name: 'cluster whose creation failed', cluster: provisionedCluster((c) => (c.State = 'FAILED')) },
  ],
  NOT_AVAILABLE: [
    { name: 'version missing', cluster: version(undefined), reason: /no Kafka version/ },
    {
      name: 'no broker software info',
      cluster: provisionedCluster((c) => delete c.Provisioned!.CurrentBrokerSoftwareInfo),
    },
    {
      name: 'ListKafkaVersions denied',
      cluster: provisionedCluster(),
      inventory: accountRegion((r) => {
        r.kafkaVersions = unavailable(accessDenied('kafka', 'ListKafkaVersions'));
      }),
      reason: /AccessDeniedException/,
    },
    { name: 'version not listed in the region', cluster: version('3.7.x.kraft'), reason: /not listed by ListKafkaVersions/ },
    { name: 'near-miss version string (exact match only)', cluster: version('3.6'), reason: /3\.6 is not listed/ },
    {
      name: 'listed version without status',
      cluster: provisionedCluster(),
      inventory: accountRegion((r) => (r.kafkaVersions = available([{ version: '3.6.0' }]))),
      reason: /no status/,
    },
    {
      name: 'listed version with unknown status',
      cluster: provisionedCluster(),
      inventory: accountRegion((r) => (r.kafkaVersions = available([{ version: '3.6.0', status: 'END_OF_LIFE' }]))),
      reason: /"END_OF_LIFE"/,
    },
  ],
});
