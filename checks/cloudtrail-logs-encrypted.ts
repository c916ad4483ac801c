import { defineAccountRegionCheck } from '../src/check/index.js';
import { encryptsWithKms, isLogging, recordsManagementWrites, someTrail } from './support/trails.js';

export default defineAccountRegionCheck({
  scope: 'account-region',
  requires: 'cloudtrail',
  meta: {
    id: 'cloudtrail-logs-encrypted',
    title: 'The trail recording MSK changes encrypts its logs with KMS',
    severity: 'MEDIUM',
    resourceType: 'AwsAccountRegion',
    rationale:
      'With a KMS key (SSE-KMS) reading the audit trail needs a key permission as well as bucket access, and ' +
      'every decryption is itself logged.',
    remediation: {
      text: 'Set a customer-managed KMS key on the trail (UpdateTrail --kms-key-id) whose policy lets CloudTrail encrypt.',
      url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html',
    },
    frameworks: {
      'pci-dss-4.0.1': ['10.3.2'],
      soc2: ['CC7.2'],
      'nist-800-53-r5': ['AU-9'],
      'iso-27001-2022': ['8.15'],
    },
  },
  evaluate(context) {
    return someTrail(context, [recordsManagementWrites, isLogging, encryptsWithKms], {
      passed: (trail) => `The logging trail ${trail.arn} records MSK management events in ${context.region} and encrypts them with ${trail.kmsKeyId}.`,
      failed: `No logging trail recording MSK management events in ${context.region} encrypts its logs with KMS.`,
    });
  },
});
