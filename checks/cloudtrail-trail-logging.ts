import { defineAccountRegionCheck } from '../src/check/index.js';
import { isLogging, recordsManagementWrites, someTrail } from './support/trails.js';

export default defineAccountRegionCheck({
  scope: 'account-region',
  requires: 'cloudtrail',
  meta: {
    id: 'cloudtrail-trail-logging',
    title: 'A trail recording MSK management events is logging',
    severity: 'HIGH',
    resourceType: 'AwsAccountRegion',
    rationale: 'A trail that has been stopped records nothing: its configuration says changes are recorded when none are.',
    remediation: {
      text: 'Start logging on the trail (StartLogging) and alert on StopLogging with an EventBridge rule.',
      url: 'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StartLogging.html',
    },
    frameworks: {
      'pci-dss-4.0.1': ['10.2.1', '10.7.2'],
      soc2: ['CC7.2'],
      'nist-800-53-r5': ['AU-2', 'AU-12'],
      'iso-27001-2022': ['8.15'],
    },
  },
  evaluate(context) {
    return someTrail(context, [recordsManagementWrites, isLogging], {
      passed: (trail) => `The trail ${trail.arn} records MSK management events in ${context.region} and is logging.`,
      failed: `No trail recording MSK management events in ${context.region} is logging.`,
    });
  },
});
