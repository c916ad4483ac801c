/**
 * The throttling storms of the fault suite (issue 10): one per service the scan calls, each in a variant that
 * clears within the retries and one that never clears. Shared by org-storms-clearing.test.ts and
 * org-storms-never-clearing.test.ts (two files, so vitest runs them side by side).
 */
import { expect } from 'vitest';
import type { FaultInput } from '../../src/sandbox/index.js';
import { DEV, PROD, SEC, type Scenario } from './org-fault-harness.js';

export type Target = Omit<FaultInput, 'kind'>;

/**
 * Where each service is called in the example estate, per variant: an operation called once or twice in one
 * account-region, so the storm costs something without slowing the scan (after one throttling error the SDK's
 * adaptive mode sends a fresh client's later calls at about 0.5 per second).
 */
export const TARGETS: Record<string, { clears: Target; never: Target }> = {
  kafka: { clears: { service: 'kafka', operation: 'ListClustersV2', account: PROD, region: 'ap-east-1' }, never: { service: 'kafka', operation: 'ListClustersV2', account: PROD, region: 'eu-west-1' } },
  kms: { clears: { service: 'kms', operation: 'DescribeKey', account: SEC, region: 'us-east-1' }, never: { service: 'kms', operation: 'GetKeyRotationStatus', account: SEC, region: 'eu-west-1' } },
  // AssumeRole is signed by the caller: a storm there reaches every member account's role.
  sts: { clears: { service: 'sts', operation: 'AssumeRole' }, never: { service: 'sts', operation: 'AssumeRole' } },
  cloudtrail: { clears: { service: 'cloudtrail', operation: 'DescribeTrails', account: PROD, region: 'ap-east-1' }, never: { service: 'cloudtrail', operation: 'GetTrailStatus', account: DEV } },
  // The service control policies of every account (ListAccounts never clearing is in org-faults-more.test.ts).
  organizations: { clears: { service: 'organizations', operation: 'DescribePolicy' }, never: { service: 'organizations', operation: 'DescribePolicy' } },
  account: { clears: { service: 'account', operation: 'ListRegions', account: PROD }, never: { service: 'account', operation: 'ListRegions', account: PROD } },
  ec2: { clears: { service: 'ec2', operation: 'DescribeSecurityGroups', account: SEC, region: 'eu-west-1' }, never: { service: 'ec2', operation: 'DescribeSecurityGroups', account: SEC, region: 'us-east-1' } },
  kafkaconnect: { clears: { service: 'kafkaconnect', account: SEC, region: 'eu-west-1' }, never: { service: 'kafkaconnect', account: SEC, region: 'us-east-1' } },
  lambda: { clears: { service: 'lambda', account: SEC, region: 'eu-west-1' }, never: { service: 'lambda', account: SEC, region: 'us-east-1' } },
  iam: { clears: { service: 'iam', operation: 'GetAccountAuthorizationDetails', account: SEC }, never: { service: 'iam', operation: 'GetAccountAuthorizationDetails', account: DEV } },
  secretsmanager: {
    clears: { service: 'secretsmanager', operation: 'GetResourcePolicy', account: DEV, region: 'us-east-1' },
    never: { service: 'secretsmanager', operation: 'DescribeSecret', account: DEV, region: 'us-east-1' },
  },
  'acm-pca': { clears: { service: 'acm-pca', account: SEC }, never: { service: 'acm-pca', account: DEV } },
  logs: { clears: { service: 'logs', account: SEC, region: 'eu-west-1' }, never: { service: 'logs', account: SEC, region: 'us-east-1' } },
  s3: { clears: { service: 's3', operation: 'GetBucketLifecycleConfiguration', account: DEV, region: 'us-east-1' }, never: { service: 's3', operation: 'GetBucketEncryption', account: DEV, region: 'eu-west-1' } },
  securityhub: {
    clears: { service: 'securityhub', operation: 'BatchImportFindings', account: PROD, region: 'eu-west-1' },
    never: { service: 'securityhub', operation: 'BatchImportFindings', account: PROD, region: 'eu-west-1' },
  },
};

/** A storm that never clears costs a verdict, except where the scan has another way (account:ListRegions → ec2:DescribeRegions) or only publishes. */
export const FREE_WHEN_DENIED = new Set(['account', 'securityhub']);

/**
 * Two throttled answers per service, three attempts per call: every call gets through, and the scan equals the
 * clean one exactly. All fifteen storms blow at once, in one scan (each on its own client, so their backoffs overlap
 * instead of adding up): every one must have fired exactly twice.
 */
export const CLEARING: Scenario = {
  name: 'a storm on every service at once, each clearing within the retries',
  faults: Object.values(TARGETS).map((target) => ({ kind: 'throttle' as const, ...target.clears, count: 2 })),
  clears: true,
  also(_faulted, _clean, sandbox) {
    const fired = new Map<string, number>();
    for (const call of sandbox.calls()) if (call.faultId) fired.set(`${call.service} ${call.faultId}`, (fired.get(`${call.service} ${call.faultId}`) ?? 0) + 1);
    expect([...fired.values()]).toEqual(Object.keys(TARGETS).map(() => 2));
    expect(new Set([...fired.keys()].map((k) => k.split(' ')[0]))).toEqual(new Set(Object.keys(TARGETS)));
  },
};

/** Every answer throttled, two attempts per call. */
export const NEVER_CLEARING: Scenario[] = Object.entries(TARGETS).map(([service, target]) => ({
  name: `${service}: a storm that never clears`,
  faults: [{ kind: 'throttle' as const, ...target.never }],
  costs: !FREE_WHEN_DENIED.has(service),
  maxAttempts: 2,
  ...(service === 'securityhub'
    ? {
        also(faulted: Parameters<NonNullable<Scenario['also']>>[0]) {
          const entry = faulted.publication!.accountRegions.find((e) => e.account === PROD && e.region === 'eu-west-1')!;
          expect(entry.status).toBe('failed');
          expect(entry.error?.code).toBe('TooManyRequestsException');
          expect(faulted.publication!.complete).toBe(false);
        },
      }
    : {}),
  // The publisher tries again to assume each role the scan could not (slowly, as the storm goes on): not here.
  ...(service === 'sts' ? { publish: false } : {}),
}));

