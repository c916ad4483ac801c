/*
 * A scan result that exercises every section of the HTML report — CloudTrail checks and risky changes, drift,
 * accepted risks, a Security Hub publication, a cluster a tag filter left out — on top of the hostile fixture
 * (test/frameworks/hostile-result.ts: HTML/JS, CSV-formula and ANSI payloads). Payloads that would run script
 * if they ever reached the DOM unescaped set `window.__pwned` or call alert(); the browser test asserts neither
 * happens. Shared by test/reports/html*.test.ts and test/browser/html-report.test.ts.
 */
import type { CheckMeta } from '../../src/check/index.js';
import { accountRegionArn, findingId, type Finding, type FindingResource } from '../../src/engine/finding.js';
import type { HeldScanResult, ScanResult } from '../../src/engine/scan-result.js';
import { summarize } from '../../src/engine/summary.js';
import { hostileScanResult } from '../frameworks/hostile-result.js';
import { ACCOUNT, OTHER_ACCOUNT } from '../reports/fixture.js';

/** Payloads that would set window.__pwned (or alert) if they ever became markup or script. */
export const PWN_CLUSTER_NAME = '<img src=x onerror="window.__pwned=1;alert(1)">';
export const PWN_TAG_VALUE = '"><svg onload="window.__pwned=2">';
export const PWN_EVIDENCE = '</script><script>window.__pwned=3;alert(3)</script>';
export const PWN_PRINCIPAL = 'arn:aws:sts::111122223333:assumed-role/<script>window.__pwned=4</script>/mallory';
export const PWN_FIELD = "serverProperties.<iframe src=javascript:window.__pwned=5>";
export const PWN_OWNER = '<a href="javascript:window.__pwned=6">owner</a>';
export const PWN_MESSAGE = "'><img src=x onerror=window.__pwned=7>";
export const PWN_URL = 'javascript:window.__pwned=8';
/** A string that would end the inline script early if data were ever embedded in it. */
export const PWN_SCRIPT_END = '</script><script>window.__pwned=9</script><!--';

export const CLOUDTRAIL_WINDOW = { start: '2026-02-22T09:00:00.000Z', end: '2026-03-01T09:00:00.000Z' };

const trailCheck: CheckMeta = {
  id: 'cloudtrail-region-covered',
  title: 'A CloudTrail trail records MSK management events in the region',
  severity: 'HIGH',
  resourceType: 'AwsAccountRegion',
  rationale: 'Only a trail keeps management events beyond the 90-day event history.',
  remediation: { text: 'Create a multi-region trail.', url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-a-trail.html' },
  frameworks: { 'pci-dss-4.0.1': ['10.2.1'], soc2: ['CC7.2'] },
};

const riskyCheck: CheckMeta = {
  id: 'msk-risky-change',
  title: 'No unexpected security-relevant MSK change in the CloudTrail window',
  severity: 'HIGH',
  resourceType: 'AwsAccountRegion',
  rationale: 'Each change must be attributable.',
  remediation: { text: 'Confirm each reported change with its owner.', url: 'https://docs.aws.amazon.com/msk/latest/developerguide/logging-using-cloudtrail.html' },
  frameworks: { 'pci-dss-4.0.1': ['10.2.2'], 'nist-800-53-r5': ['CM-3'] },
};

function accountRegion(account: string, region: string): FindingResource {
  return { type: 'AwsAccountRegion', arn: accountRegionArn('aws', account, region), account, region, partition: 'aws', tags: {} };
}

function accountRegionFinding(check: CheckMeta, resource: FindingResource, fields: Pick<Finding, 'status' | 'reason' | 'evidence'> & Partial<Finding>, subject?: string): Finding {
  return {
    id: findingId(check.id, resource.arn, subject),
    checkId: check.id,
    title: check.title,
    severity: check.severity,
    resource,
    remediation: check.remediation,
    frameworks: check.frameworks,
    ...fields,
  };
}

export const PAYMENTS_ARN = `arn:aws:kafka:eu-west-1:${ACCOUNT}:cluster/payments/0b6e5c0e-3333-4a8b-9d1e-000000000003-1`;
const PWN_ARN = `arn:aws:kafka:eu-west-1:${ACCOUNT}:cluster/pwn/0b6e5c0e-7777-4a8b-9d1e-000000000007-1`;
const LEFT_OUT_ARN = `arn:aws:kafka:eu-west-1:${ACCOUNT}:cluster/left-out/0b6e5c0e-8888-4a8b-9d1e-000000000008-1`;

/** Every section present, with payloads everywhere. Deterministic. */
export function fullScanResult(): HeldScanResult {
  const base = hostileScanResult();
  const euWest = accountRegion(ACCOUNT, 'eu-west-1');
  const usEast = accountRegion(ACCOUNT, 'us-east-1');

  // A cluster whose name, tags, reason and evidence try to run script.
  const template = base.findings.find((finding) => finding.checkId === 'msk-at-rest-cmk' && finding.status === 'FAILED')!;
  const pwnResource: FindingResource = {
    ...template.resource,
    arn: PWN_ARN,
    name: PWN_CLUSTER_NAME,
    tags: { owner: PWN_TAG_VALUE, [PWN_TAG_VALUE]: PWN_SCRIPT_END },
  };
  const pwnFinding: Finding = {
    ...template,
    id: findingId(template.checkId, PWN_ARN),
    reason: `Data at rest uses an AWS-managed key ${PWN_SCRIPT_END}`,
    evidence: { note: PWN_EVIDENCE, nested: { html: PWN_CLUSTER_NAME, end: PWN_SCRIPT_END } },
    resource: pwnResource,
    remediation: { text: 'Recreate the cluster.', url: PWN_URL },
  };

  const findings: Finding[] = [
    ...base.findings,
    pwnFinding,
    accountRegionFinding(trailCheck, euWest, { status: 'PASSED', reason: 'The trail org-trail records MSK management write events in eu-west-1.', evidence: { trail: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail' } }),
    accountRegionFinding(trailCheck, usEast, { status: 'FAILED', reason: 'No trail records MSK management write events in us-east-1.', evidence: { trails: [] } }),
    accountRegionFinding(riskyCheck, usEast, {
      status: 'PASSED',
      reason: `No security-relevant MSK change was recorded in ${ACCOUNT} us-east-1.`,
      evidence: { window: CLOUDTRAIL_WINDOW, eventsExamined: 3 },
    }),
    accountRegionFinding(
      riskyCheck,
      euWest,
      {
        status: 'FAILED',
        severity: 'CRITICAL',
        reason: `Unexpected change: UpdateConnectivity of ${PAYMENTS_ARN} by ${PWN_PRINCIPAL} from 203.0.113.7 at 2026-02-27T14:03:00Z. It turned public access on.`,
        evidence: {
          eventId: 'e-0001',
          eventTime: '2026-02-27T14:03:00Z',
          eventName: 'UpdateConnectivity',
          eventSource: 'kafka.amazonaws.com',
          principalArn: PWN_PRINCIPAL,
          principalType: 'AssumedRole',
          sourceIp: '203.0.113.7',
          userAgent: PWN_MESSAGE,
          errorCode: null,
          clusterArn: PAYMENTS_ARN,
          topic: null,
          publicAccessType: 'SERVICE_PROVIDED_EIPS',
        },
      },
      'event/e-0001',
    ),
    accountRegionFinding(
      riskyCheck,
      euWest,
      {
        status: 'FAILED',
        severity: 'MEDIUM',
        reason: `Refused attempt: DeleteTopic on topic payments-in by arn:aws:iam::${ACCOUNT}:user/dev from 198.51.100.9 at 2026-02-25T08:00:00Z failed with AccessDenied.`,
        evidence: {
          eventId: 'e-0002',
          eventTime: '2026-02-25T08:00:00Z',
          eventName: 'DeleteTopic',
          eventSource: 'kafka-cluster.amazonaws.com',
          principalArn: `arn:aws:iam::${ACCOUNT}:user/dev`,
          principalType: 'IAMUser',
          sourceIp: '198.51.100.9',
          userAgent: null,
          errorCode: 'AccessDenied',
          clusterArn: PAYMENTS_ARN,
          topic: 'payments-in',
          publicAccessType: null,
        },
        accepted: { exceptionId: 'exception-2', reason: `Known test by the platform team ${PWN_MESSAGE}`, owner: PWN_OWNER, expires: '2026-12-31' },
      },
      'event/e-0002',
    ),
  ];

  // The payments cluster's monitoring failure is an accepted risk.
  const monitoring = findings.find((finding) => finding.checkId === 'msk-enhanced-monitoring' && finding.resource.arn === PAYMENTS_ARN)!;
  monitoring.accepted = { exceptionId: 'exception-1', reason: 'Per-topic metrics are collected by the sidecar until the Q3 migration.', owner: 'platform-team@example.com', expires: '2026-09-30' };
  const refused = findings.find((finding) => finding.checkId === 'msk-risky-change' && finding.accepted)!;

  const result: HeldScanResult = {
    ...base,
    checks: [...base.checks, trailCheck, riskyCheck],
    scope: { ...base.scope, checkIds: [...base.scope.checkIds, trailCheck.id, riskyCheck.id] },
    findings,
    summary: summarize(findings),
    clusters: [
      ...base.clusters,
      { arn: PWN_ARN, account: ACCOUNT, region: 'eu-west-1', name: PWN_CLUSTER_NAME, tags: pwnResource.tags, evaluated: true, clusterType: 'PROVISIONED', kafkaVersion: '3.6.0', numberOfBrokerNodes: 3 },
      { arn: LEFT_OUT_ARN, account: ACCOUNT, region: 'eu-west-1', name: 'left-out', tags: { team: 'data' }, evaluated: false },
    ].sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0)),
    exceptions: {
      applied: [
        {
          exception: { id: 'exception-1', checkId: 'msk-enhanced-monitoring', resource: 'arn:aws:kafka:eu-west-1:*:cluster/payments/*', reason: monitoring.accepted.reason, owner: monitoring.accepted.owner, expires: '2026-09-30' },
          findingIds: [monitoring.id],
        },
        {
          exception: { id: 'exception-2', checkId: 'msk-risky-change', resource: '*', reason: refused.accepted!.reason, owner: PWN_OWNER, expires: '2026-12-31' },
          findingIds: [refused.id],
        },
      ],
      expired: [
        {
          exception: { id: 'exception-3', checkId: 'msk-at-rest-cmk', resource: `arn:aws:kafka:*:${ACCOUNT}:cluster/*`, reason: `Legacy clusters ${PWN_EVIDENCE}`, owner: 'legacy-team', expires: '2026-01-31' },
          findingIds: [findings.find((finding) => finding.checkId === 'msk-at-rest-cmk' && finding.status === 'FAILED')!.id],
        },
      ],
    },
    drift: {
      baseline: { approvedAt: '2026-02-01T00:00:00.000Z', scanId: 'baseline-scan-1', collectedAt: '2026-02-01T00:00:00.000Z', clusters: 3, accountRegions: 2 },
      comparedAt: '2026-03-01T09:00:30.000Z',
      summary: { added: 1, removed: 1, changed: 1, unverified: 1, unchanged: 0, unexplained: 3 },
      added: [
        { clusterArn: PWN_ARN, account: ACCOUNT, region: 'eu-west-1', name: PWN_CLUSTER_NAME, attribution: { status: 'unexplained' }, accountRegionInBaseline: true },
      ],
      removed: [
        {
          clusterArn: `arn:aws:kafka:eu-west-1:${ACCOUNT}:cluster/old/0b6e5c0e-9999-4a8b-9d1e-000000000009-1`,
          account: ACCOUNT,
          region: 'eu-west-1',
          name: 'old',
          attribution: { status: 'explained', events: [{ eventId: 'e-0000', name: 'DeleteCluster', time: '2026-02-10T10:00:00Z', principal: `arn:aws:iam::${ACCOUNT}:user/ops`, sourceIp: '192.0.2.1' }] },
        },
      ],
      changed: [
        {
          clusterArn: PAYMENTS_ARN,
          account: ACCOUNT,
          region: 'eu-west-1',
          name: 'payments',
          changes: [
            {
              field: 'connectivity.publicAccess',
              before: 'DISABLED',
              after: 'SERVICE_PROVIDED_EIPS',
              attribution: { status: 'explained', events: [{ eventId: 'e-0001', name: 'UpdateConnectivity', time: '2026-02-27T14:03:00Z', principal: PWN_PRINCIPAL, sourceIp: '203.0.113.7' }] },
            },
            { field: 'kms.rotationEnabled', before: true, after: false, attribution: { status: 'unexplained', note: 'KMS key rotation changes through no MSK API call (its KMS events are not looked up).' } },
            { field: PWN_FIELD, before: PWN_SCRIPT_END, after: ['a', PWN_CLUSTER_NAME], attribution: { status: 'unknown', reason: 'the CloudTrail window starts after the approval' } },
          ],
          unknown: [{ field: 'brokers.securityGroups', before: ['sg-1'], after: '{unavailable}' }],
          unavailable: { 'brokers.securityGroups': `ec2:DescribeSecurityGroups failed with AccessDenied ${PWN_MESSAGE}` },
        },
      ],
      unverified: [
        {
          clusterArn: `arn:aws:kafka:us-east-1:${ACCOUNT}:cluster/evil/0b6e5c0e-5555-4a8b-9d1e-000000000005-s1`,
          account: ACCOUNT,
          region: 'us-east-1',
          name: '<script>alert(1)</script>',
          changes: [],
          unknown: [{ field: 'kms.keyState', before: 'Enabled', after: '{unavailable}' }],
        },
      ],
      notCompared: [{ account: OTHER_ACCOUNT, region: 'eu-central-1', reason: 'the cluster list could not be collected: kafka:ListClustersV2 failed with AccessDeniedException' }],
    },
    securityHub: {
      publishedAt: '2026-03-01T09:00:40.000Z',
      accountRegions: [
        { account: ACCOUNT, region: 'eu-west-1', status: 'published', findings: 9, imported: 8, archived: 1, unchanged: 0, failed: [{ id: pwnFinding.id, code: 'InvalidInput', message: PWN_MESSAGE }] },
        { account: ACCOUNT, region: 'us-east-1', status: 'hub-not-enabled', findings: 5, imported: 0, archived: 0, failed: [], error: { code: 'InvalidAccessException', message: 'Account is not subscribed to AWS Security Hub' } },
        { account: OTHER_ACCOUNT, region: 'eu-central-1', status: 'failed', findings: 1, imported: 0, archived: 0, failed: [], error: { code: 'AccessDenied', message: 'not authorized' }, archivingSkipped: 'coverage here is not-evaluated' },
      ],
      totals: { imported: 8, archived: 1, unchanged: 0, failed: 1, accountRegions: { published: 1, 'hub-not-enabled': 1, failed: 1, 'not-attempted': 0 } },
      complete: false,
    },
  };
  return result;
}
