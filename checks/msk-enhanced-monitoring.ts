import { defineCheck, ENHANCED_MONITORING_LEVELS, failed, notApplicable, notAvailable, passed } from '../src/check/index.js';
import { evaluateCluster, orNull } from './support/cluster.js';

const FIELD = 'Provisioned.EnhancedMonitoring';
const LEVELS: readonly string[] = ENHANCED_MONITORING_LEVELS;

export default defineCheck({
  meta: {
    id: 'msk-enhanced-monitoring',
    title: 'MSK enhanced monitoring is at or above the required level',
    severity: 'LOW',
    resourceType: 'AwsMskCluster',
    rationale:
      'Per-topic metrics show where traffic, lag and errors occur, which is what lets operators notice abnormal use ' +
      'of a topic or a failing consumer; the DEFAULT level reports only cluster-wide totals.',
    remediation: {
      text:
        'Raise the cluster monitoring level (UpdateMonitoring with EnhancedMonitoring) to at least the configured ' +
        'minimum; levels above DEFAULT are charged as CloudWatch metrics.',
      url: 'https://docs.aws.amazon.com/msk/latest/developerguide/monitoring.html',
    },
    frameworks: {
      'pci-dss-4.0.1': ['10.7.2'],
      soc2: ['CC7.2'],
      'nist-800-53-r5': ['CA-7', 'SI-2', 'SI-4'],
      'iso-27001-2022': ['8.16'],
    },
    securityHubControl: 'MSK.2',
  },
  evaluate(cluster, { thresholds }) {
    return evaluateCluster(cluster, {
      serverless: () =>
        notApplicable('MSK Serverless has no enhanced monitoring levels; AWS manages the metrics it publishes.', {}),
      provisioned(provisioned) {
        const level = provisioned.EnhancedMonitoring;
        const minimum = thresholds.enhancedMonitoringMinimum;
        const evidence = { [FIELD]: orNull(level), 'Thresholds.enhancedMonitoringMinimum': minimum };
        const required = LEVELS.indexOf(minimum);
        if (required < 0) {
          return notAvailable(`The configured minimum monitoring level ${JSON.stringify(minimum)} is not recognised.`, evidence);
        }
        if (level === undefined || level === null) {
          return notAvailable('The cluster description has no enhanced monitoring level (EnhancedMonitoring).', evidence);
        }
        const actual = LEVELS.indexOf(level);
        if (actual < 0) {
          return notAvailable(`The enhanced monitoring level ${JSON.stringify(level)} is not recognised.`, evidence);
        }
        if (actual >= required) {
          return passed(`Enhanced monitoring is at ${level}, which meets the required minimum ${minimum}.`, evidence);
        }
        return failed(`Enhanced monitoring is at ${level}, below the required minimum ${minimum}.`, evidence);
      },
    });
  },
});
