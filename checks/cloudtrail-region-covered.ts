import { defineAccountRegionCheck } from '../src/check/index.js';
import { recordsManagementWrites, someTrail } from './support/trails.js';

export default defineAccountRegionCheck({
  scope: 'account-region',
  requires: 'cloudtrail',
  meta: {
    id: 'cloudtrail-region-covered',
    title: 'A CloudTrail trail records MSK management events in the region',
    severity: 'HIGH',
    resourceType: 'AwsAccountRegion',
    rationale:
      'Every change to an MSK cluster (UpdateSecurity, UpdateConnectivity, DeleteCluster …) is a management event; ' +
      'only a trail keeps them beyond the 90-day event history, so without one no change can be proven or attributed.',
    remediation: {
      text:
        'Create a multi-region (ideally organization) trail that records management events, read and write or at ' +
        'least write, and does not exclude kafka.amazonaws.com.',
      url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-a-trail.html',
    },
    frameworks: {
      'pci-dss-4.0.1': ['10.2.1', '10.2.2'],
      soc2: ['CC7.2'],
      'nist-800-53-r5': ['AU-2', 'AU-12'],
      'iso-27001-2022': ['8.15'],
    },
  },
  evaluate(context) {
    return someTrail(context, [recordsManagementWrites], {
      passed: (trail) => `The trail ${trail.arn} records MSK management write events in ${context.region}.`,
      failed: `No trail records MSK management write events in ${context.region}.`,
    });
  },
});
