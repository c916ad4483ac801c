import type { CheckMeta, Evidence, Severity, Status } from '../../src/check/index.js';
import { DEFAULT_THRESHOLDS } from '../../src/check/index.js';
import { accountRegionArn, findingId, type Finding, type FindingResource } from '../../src/engine/finding.js';
import { SCAN_RESULT_SCHEMA_VERSION, type HeldScanResult, type ScanResult } from '../../src/engine/scan-result.js';
import { summarize } from '../../src/engine/summary.js';
import type { CollectionError } from '../../src/inventory/index.js';

/** Hostile strings that must only ever reach the HTML escaped. */
export const XSS_CLUSTER_NAME = '<script>alert(1)</script>';
export const XSS_TAG_VALUE = '"><img src=x onerror=alert(1)>';
export const XSS_EVIDENCE = '</pre><script>alert(2)</script>';

export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';

const CHECKS = {
  tls: {
    id: 'msk-tls-client-broker',
    title: 'MSK client-broker traffic is TLS only',
    severity: 'HIGH',
    resourceType: 'AwsMskCluster',
    rationale: 'Plaintext client traffic exposes records and credentials on the network.',
    remediation: {
      text: 'Set EncryptionInTransit.ClientBroker to TLS with UpdateSecurity.',
      url: 'https://docs.aws.amazon.com/msk/latest/developerguide/msk-encryption.html',
    },
    frameworks: { 'pci-dss-4.0.1': ['4.2.1'], 'nist-800-53-r5': ['SC-8', 'SC-8(1)'] },
  },
  cmk: {
    id: 'msk-at-rest-cmk',
    title: 'MSK at-rest encryption uses a customer-managed KMS key',
    severity: 'HIGH',
    resourceType: 'AwsMskCluster',
    rationale: "A customer-managed key puts the key's policy and lifecycle under the customer's control.",
    remediation: {
      text: "Create the cluster with a customer-managed KMS key; the at-rest key can't be changed later.",
      url: 'https://docs.aws.amazon.com/msk/latest/developerguide/msk-encryption.html',
    },
    frameworks: { 'pci-dss-4.0.1': ['3.5.1', '3.6.1'], soc2: ['CC6.1'] },
  },
  rotation: {
    id: 'msk-at-rest-key-rotation',
    title: 'The at-rest KMS key rotates automatically',
    severity: 'MEDIUM',
    resourceType: 'AwsMskCluster',
    rationale: 'Regular rotation limits the data protected by any one key version.',
    remediation: {
      text: 'Enable automatic rotation on the key (EnableKeyRotation) with a period of at most 365 days.',
      url: 'https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html',
    },
    frameworks: { 'pci-dss-4.0.1': ['3.7.4'], 'iso-27001-2022': ['8.24'] },
  },
  monitoring: {
    id: 'msk-enhanced-monitoring',
    title: 'MSK enhanced monitoring is at least PER_TOPIC_PER_BROKER',
    severity: 'LOW',
    resourceType: 'AwsMskCluster',
    rationale: 'Per-topic metrics are needed to detect abuse of a single topic.',
    remediation: {
      text: 'Raise EnhancedMonitoring with UpdateMonitoring.',
      url: 'https://docs.aws.amazon.com/msk/latest/developerguide/monitoring.html',
    },
    frameworks: { soc2: ['CC7.2'] },
    securityHubControl: 'MSK.2',
  },
  publicAccess: {
    id: 'msk-public-access-disabled',
    title: 'MSK brokers are not publicly accessible',
    severity: 'CRITICAL',
    resourceType: 'AwsMskCluster',
    rationale: 'Public brokers are reachable from the internet.',
    remediation: {
      text: 'Turn public access off with UpdateConnectivity.',
      url: 'https://docs.aws.amazon.com/msk/latest/developerguide/public-access.html',
    },
    frameworks: { 'pci-dss-4.0.1': ['1.4.1'] },
    securityHubControl: 'MSK.4',
  },
} satisfies Record<string, CheckMeta>;

const payments: FindingResource = {
  type: 'AwsMskCluster',
  arn: `arn:aws:kafka:eu-west-1:${ACCOUNT}:cluster/payments/0b6e5c0e-3333-4a8b-9d1e-000000000003-1`,
  name: 'payments',
  account: ACCOUNT,
  region: 'eu-west-1',
  partition: 'aws',
  tags: { env: 'prod', owner: XSS_TAG_VALUE, 'pci-scope': 'cde' },
};

const hostile: FindingResource = {
  type: 'AwsMskCluster',
  arn: `arn:aws:kafka:us-east-1:${ACCOUNT}:cluster/evil/0b6e5c0e-5555-4a8b-9d1e-000000000005-s1`,
  name: XSS_CLUSTER_NAME,
  account: ACCOUNT,
  region: 'us-east-1',
  partition: 'aws',
  tags: { owner: XSS_TAG_VALUE },
};

const unlisted: FindingResource = {
  type: 'AwsAccountRegion',
  arn: accountRegionArn('aws', OTHER_ACCOUNT, 'eu-central-1'),
  account: OTHER_ACCOUNT,
  region: 'eu-central-1',
  partition: 'aws',
  tags: {},
};

export const LIST_CLUSTERS_ERROR: CollectionError = {
  service: 'kafka',
  operation: 'ListClustersV2',
  code: 'AccessDeniedException',
  message: `User: arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/MskAuditRole/msk-audit is not authorized to perform: kafka:ListClustersV2`,
  account: OTHER_ACCOUNT,
  region: 'eu-central-1',
};

function finding(
  check: CheckMeta,
  resource: FindingResource,
  status: Status,
  reason: string,
  evidence: Evidence,
  severity?: Severity,
): Finding {
  const result: Finding = {
    id: findingId(check.id, resource.arn),
    checkId: check.id,
    title: check.title,
    status,
    severity: severity ?? check.severity,
    reason,
    evidence,
    resource,
    remediation: check.remediation,
    frameworks: check.frameworks,
  };
  if (check.securityHubControl) result.securityHubControl = check.securityHubControl;
  return result;
}

/**
 * Two clusters in one account plus an account-region whose clusters could not be listed:
 * 3 PASSED, 4 FAILED (one each CRITICAL, HIGH, MEDIUM, LOW), 2 NOT_APPLICABLE, 2 NOT_AVAILABLE (one of them for a
 * whole account-region).
 * The second cluster's name, a tag value, a tag filter and an evidence value are XSS payloads.
 */
export function scanResult(): HeldScanResult {
  const findings: Finding[] = [
    finding(CHECKS.tls, payments, 'PASSED', 'Client-broker traffic is TLS only.', {
      'EncryptionInTransit.ClientBroker': 'TLS',
    }),
    finding(CHECKS.cmk, payments, 'FAILED', 'Data at rest is encrypted with the AWS-managed key alias/aws/kafka.', {
      'EncryptionAtRest.DataVolumeKMSKeyId': `arn:aws:kms:eu-west-1:${ACCOUNT}:key/0b6e5c0e-aaaa`,
      'KMS.KeyManager': 'AWS',
    }),
    finding(CHECKS.rotation, payments, 'FAILED', 'Automatic rotation of the at-rest key is disabled.', {
      'KMS.KeyRotationEnabled': false,
      'KMS.RotationPeriodInDays': null,
    }),
    finding(CHECKS.monitoring, payments, 'FAILED', "Enhanced monitoring is DEFAULT, below the minimum PER_TOPIC_PER_BROKER.", {
      EnhancedMonitoring: 'DEFAULT',
      minimum: 'PER_TOPIC_PER_BROKER',
    }),
    finding(CHECKS.publicAccess, payments, 'PASSED', 'Public access is disabled.', {
      'ConnectivityInfo.PublicAccess.Type': 'DISABLED',
    }),
    finding(
      CHECKS.tls,
      hostile,
      'FAILED',
      'Clients may connect in PLAINTEXT & the cluster accepts unauthenticated access.',
      {
        'EncryptionInTransit.ClientBroker': 'TLS_PLAINTEXT',
        'server.properties': { 'listener.name.note': XSS_EVIDENCE, multiline: 'a\nb' },
        brokers: [1, 2, 3],
      },
      'CRITICAL',
    ),
    finding(CHECKS.cmk, hostile, 'NOT_AVAILABLE', 'The check stopped with an error and gave no verdict: boom.', {
      checkError: 'boom',
    }),
    finding(CHECKS.rotation, hostile, 'NOT_APPLICABLE', 'MSK Serverless uses an AWS-managed key that AWS rotates.', {
      ClusterType: 'SERVERLESS',
    }),
    finding(CHECKS.monitoring, hostile, 'NOT_APPLICABLE', 'MSK Serverless has no enhanced monitoring setting.', {
      ClusterType: 'SERVERLESS',
    }),
    finding(CHECKS.publicAccess, hostile, 'PASSED', 'MSK Serverless clusters are reachable only from their VPCs.', {
      ClusterType: 'SERVERLESS',
    }),
    finding(
      CHECKS.cmk,
      unlisted,
      'NOT_AVAILABLE',
      `The MSK clusters of ${OTHER_ACCOUNT} in eu-central-1 could not be listed: kafka:ListClustersV2 failed with AccessDeniedException.`,
      {
        collectionError: {
          service: LIST_CLUSTERS_ERROR.service,
          operation: LIST_CLUSTERS_ERROR.operation,
          code: LIST_CLUSTERS_ERROR.code,
          message: LIST_CLUSTERS_ERROR.message,
        },
      },
    ),
  ];
  return {
    kind: 'msk-audit-scan',
    schemaVersion: SCAN_RESULT_SCHEMA_VERSION,
    scanId: '2026-03-01T09-00-00Z-4f3c2a1b',
    tool: { name: 'msk-audit', version: '0.1.0' },
    startedAt: '2026-03-01T09:00:00.000Z',
    finishedAt: '2026-03-01T09:00:42.000Z',
    collectedAt: '2026-03-01T09:00:30.000Z',
    caller: {
      account: ACCOUNT,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/SecurityAudit/alice`,
      userId: 'AROAEXAMPLEID:alice',
    },
    scope: {
      accounts: [ACCOUNT, OTHER_ACCOUNT],
      regions: ['eu-central-1', 'eu-west-1', 'us-east-1'],
      regionSelection: 'explicit',
      tagFilters: { owner: XSS_TAG_VALUE },
      checkIds: Object.values(CHECKS).map((check) => check.id),
    },
    thresholds: { ...DEFAULT_THRESHOLDS },
    checks: Object.values(CHECKS),
    findings,
    summary: summarize(findings),
    clusters: [...new Map(findings.filter((f) => f.resource.type === 'AwsMskCluster').map((f) => [f.resource.arn, f.resource])).values()].map(
      (resource) => ({
        arn: resource.arn,
        account: resource.account,
        region: resource.region,
        ...(resource.name ? { name: resource.name } : {}),
        tags: resource.tags,
        evaluated: true,
      }),
    ),
    coverage: {
      entries: [
        { account: ACCOUNT, region: 'eu-west-1', status: 'complete', reasons: [] },
        { account: OTHER_ACCOUNT, region: 'us-east-1', status: 'not-evaluated', reasons: ['kafka:ListClustersV2 failed with AccessDeniedException: <b>denied</b>'] },
        { account: OTHER_ACCOUNT, region: 'ap-east-1', status: 'skipped', reasons: ['opt-in region not enabled in this account'] },
      ],
      counts: { complete: 1, partial: 0, 'not-evaluated': 1, skipped: 1 },
      complete: false,
    },
    errors: [LIST_CLUSTERS_ERROR],
  };
}
