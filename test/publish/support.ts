import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { asffMapper, defaultProductArn } from '../../reports/asff.js';
import { DEFAULT_THRESHOLDS, type CheckMeta, type Status } from '../../src/check/index.js';
import type { ClusterSummary } from '../../src/engine/cluster-summary.js';
import { summarizeCoverage, type CoverageEntry, type CoverageStatus } from '../../src/engine/coverage.js';
import { accountRegionArn, findingId, type Finding, type FindingResource } from '../../src/engine/finding.js';
import { SCAN_RESULT_SCHEMA_VERSION, type ScanResult } from '../../src/engine/scan-result.js';
import { summarize } from '../../src/engine/summary.js';

export const A = '111122223333';
export const B = '444455556666';
export const EU = 'eu-west-1';
export const US = 'us-east-1';

const meta = (id: string, securityHubControl?: string): CheckMeta => ({
  id,
  title: `Title of ${id}`,
  severity: 'HIGH',
  resourceType: 'AwsMskCluster',
  rationale: 'Because.',
  remediation: { text: `Fix ${id}.`, url: 'https://docs.aws.amazon.com/msk/latest/developerguide/security.html' },
  frameworks: { 'pci-dss-4.0.1': ['4.2.1'], 'nist-800-53-r5': ['SC-8'] },
  ...(securityHubControl ? { securityHubControl } : {}),
});

export const CHECKS = {
  tls: meta('msk-tls-client-broker'),
  cmk: meta('msk-at-rest-cmk'),
  monitoring: meta('msk-enhanced-monitoring', 'MSK.2'),
};

export const clusterArn = (name: string, account = A, region = EU) =>
  `arn:aws:kafka:${region}:${account}:cluster/${name}/0b6e5c0e-3333-4a8b-9d1e-${name.padStart(12, '0').slice(-12)}-1`;

export function cluster(name: string, options: { account?: string; region?: string; evaluated?: boolean } = {}): ClusterSummary {
  const account = options.account ?? A;
  const region = options.region ?? EU;
  return { arn: clusterArn(name, account, region), account, region, name, tags: { team: 'streams' }, evaluated: options.evaluated ?? true, numberOfBrokerNodes: 3 };
}

export function clusterResource(summary: ClusterSummary): FindingResource {
  return { type: 'AwsMskCluster', arn: summary.arn, name: summary.name ?? '', account: summary.account, region: summary.region, partition: 'aws', tags: summary.tags };
}

export function regionResource(account = A, region = EU): FindingResource {
  return { type: 'AwsAccountRegion', arn: accountRegionArn('aws', account, region), account, region, partition: 'aws', tags: {} };
}

export function finding(check: CheckMeta, resource: FindingResource, status: Status = 'FAILED', reason = `${check.id} says ${status}.`): Finding {
  const result: Finding = {
    id: findingId(check.id, resource.arn),
    checkId: check.id,
    title: check.title,
    status,
    severity: check.severity,
    reason,
    evidence: { status },
    resource,
    remediation: check.remediation,
    frameworks: check.frameworks,
  };
  if (check.securityHubControl) result.securityHubControl = check.securityHubControl;
  return result;
}

export function coverage(account: string, region: string, status: CoverageStatus = 'complete', reasons: string[] = []): CoverageEntry {
  return { account, region, status, reasons };
}

export interface ScanInput {
  scanId?: string;
  findings?: Finding[];
  clusters?: ClusterSummary[];
  coverage?: CoverageEntry[];
  checks?: CheckMeta[];
  collectedAt?: string;
}

export function scan(input: ScanInput = {}): ScanResult {
  const findings = input.findings ?? [];
  const checks = input.checks ?? [CHECKS.tls, CHECKS.cmk];
  return {
    kind: 'msk-audit-scan',
    schemaVersion: SCAN_RESULT_SCHEMA_VERSION,
    scanId: input.scanId ?? 'scan-2',
    tool: { name: 'msk-audit', version: '0.1.0' },
    startedAt: '2026-03-01T09:00:00.000Z',
    finishedAt: '2026-03-01T09:01:00.000Z',
    collectedAt: input.collectedAt ?? '2026-03-01T09:00:30.000Z',
    caller: { account: A, arn: `arn:aws:iam::${A}:user/auditor`, userId: 'AIDAEXAMPLE' },
    scope: {
      accounts: [...new Set((input.coverage ?? []).map((e) => e.account))],
      regions: [...new Set((input.coverage ?? []).map((e) => e.region))].sort(),
      regionSelection: 'all-enabled',
      tagFilters: {},
      checkIds: checks.map((c) => c.id),
    },
    thresholds: { ...DEFAULT_THRESHOLDS },
    checks,
    findings,
    summary: summarize(findings),
    clusters: [...(input.clusters ?? [])].sort((a, b) => a.arn.localeCompare(b.arn)),
    coverage: summarizeCoverage(input.coverage ?? []),
    errors: [],
  };
}

/**
 * What Security Hub holds after msk-audit imported this finding in an earlier scan: the ASFF msk-audit sent,
 * plus what Security Hub adds.
 */
export function stored(f: Finding, options: { updatedAt?: string; createdAt?: string; recordState?: 'ACTIVE' | 'ARCHIVED'; scanId?: string } = {}): AwsSecurityFinding {
  const earlier = scan({ scanId: options.scanId ?? 'scan-1', findings: [f], collectedAt: options.createdAt ?? '2026-01-01T00:00:00.000Z' });
  const asff = asffMapper(earlier)(f, { now: new Date(options.createdAt ?? '2026-01-01T00:00:00.000Z') });
  return {
    ...asff,
    UpdatedAt: options.updatedAt ?? asff.UpdatedAt,
    RecordState: options.recordState ?? asff.RecordState ?? 'ACTIVE',
    Region: f.resource.region,
    ProcessedAt: '2026-01-01T00:00:01.000Z',
    Workflow: { Status: 'NEW' },
    WorkflowState: 'NEW',
    ProductFields: { ...asff.ProductFields, 'aws/securityhub/FindingId': `${asff.ProductArn}/${asff.Id}`, 'aws/securityhub/ProductName': 'Default' },
  };
}

export const productArn = (account = A, region = EU) => defaultProductArn('aws', region, account);
