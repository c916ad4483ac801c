import { defineAccountRegionCheck } from '../src/check/index.js';
import { isLogging, recordsManagementWrites, someTrail, validatesLogFiles } from './support/trails.js';

export default defineAccountRegionCheck({
  scope: 'account-region',
  requires: 'cloudtrail',
  meta: {
    id: 'cloudtrail-log-file-validation',
    title: 'The trail recording MSK changes validates its log files',
    severity: 'MEDIUM',
    resourceType: 'AwsAccountRegion',
    rationale:
      'Log file validation signs a digest of every delivered log file, so an auditor can prove the record of a ' +
      'change was not altered or deleted after delivery.',
    remediation: {
      text: 'Enable log file validation on the trail (UpdateTrail --enable-log-file-validation).',
      url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html',
    },
    frameworks: {
      'pci-dss-4.0.1': ['10.3.2', '10.3.4'],
      soc2: ['CC7.2'],
      'nist-800-53-r5': ['AU-9'],
      'iso-27001-2022': ['8.15'],
    },
  },
  evaluate(context) {
    return someTrail(context, [recordsManagementWrites, isLogging, validatesLogFiles], {
      passed: (trail) => `The logging trail ${trail.arn} records MSK management events in ${context.region} with log file validation on.`,
      failed: `No logging trail recording MSK management events in ${context.region} has log file validation on.`,
    });
  },
});
