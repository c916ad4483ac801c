import check from '../../checks/msk-enhanced-monitoring.js';
import type { EnhancedMonitoringLevel } from '../../src/check/index.js';
import { checkTable } from '../support/check-table.js';
import { provisionedCluster, serverlessCluster } from '../support/fixtures.js';

function monitoring(level: string | undefined) {
  return provisionedCluster((c) => {
    c.Provisioned!.EnhancedMonitoring = level;
  });
}

checkTable(check, {
  PASSED: [
    { name: 'exactly the default minimum', cluster: monitoring('PER_TOPIC_PER_BROKER'), reason: /meets the required minimum PER_TOPIC_PER_BROKER/ },
    { name: 'above the default minimum', cluster: monitoring('PER_TOPIC_PER_PARTITION') },
    {
      name: 'threshold override lowered to PER_BROKER',
      cluster: monitoring('PER_BROKER'),
      thresholds: { enhancedMonitoringMinimum: 'PER_BROKER' },
    },
    {
      name: 'threshold override raised to PER_TOPIC_PER_PARTITION, met',
      cluster: monitoring('PER_TOPIC_PER_PARTITION'),
      thresholds: { enhancedMonitoringMinimum: 'PER_TOPIC_PER_PARTITION' },
    },
  ],
  FAILED: [
    { name: 'DEFAULT level', cluster: monitoring('DEFAULT'), reason: /DEFAULT, below the required minimum PER_TOPIC_PER_BROKER/ },
    { name: 'PER_BROKER level', cluster: monitoring('PER_BROKER'), reason: /PER_BROKER/ },
    {
      name: 'threshold override raised to PER_TOPIC_PER_PARTITION, not met',
      cluster: monitoring('PER_TOPIC_PER_BROKER'),
      thresholds: { enhancedMonitoringMinimum: 'PER_TOPIC_PER_PARTITION' },
      reason: /PER_TOPIC_PER_BROKER, below the required minimum PER_TOPIC_PER_PARTITION/,
    },
  ],
  NOT_APPLICABLE: [
    { name: 'serverless has no enhanced monitoring levels', cluster: serverlessCluster(), reason: /Serverless/ },
    { name: 'cluster being deleted', cluster: provisionedCluster((c) => (c.State = 'DELETING')) },
    { name: 'cluster whose creation failed', cluster: provisionedCluster((c) => (c.State = 'FAILED')) },
  ],
  NOT_AVAILABLE: [
    { name: 'level missing', cluster: monitoring(undefined), reason: /no enhanced monitoring level/ },
    { name: 'unknown level', cluster: monitoring('PER_CONSUMER'), reason: /"PER_CONSUMER" is not recognised/ },
    {
      name: 'unknown threshold',
      cluster: monitoring('PER_TOPIC_PER_BROKER'),
      thresholds: { enhancedMonitoringMinimum: 'EVERYTHING' as EnhancedMonitoringLevel },
      reason: /minimum monitoring level "EVERYTHING"/,
    },
    { name: 'provisioned without details', cluster: provisionedCluster((c) => delete c.Provisioned) },
  ],
});
