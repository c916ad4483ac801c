import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import type { CoverageStatus } from '../../src/engine/coverage.js';
import { findingId } from '../../src/engine/finding.js';
import { archivedFinding, planArchive } from '../../src/publish/archive-plan.js';
import { asOwnedFinding } from '../../src/publish/existing-findings.js';
import { validateFinding } from '../../src/sandbox/services/securityhub-findings.js';
import { A, B, CHECKS, EU, US, cluster, clusterResource, coverage, finding, productArn, regionResource, scan, stored } from './support.js';

const live = cluster('live');
const filteredOut = cluster('filtered-out', { evaluated: false });
const gone = cluster('gone');
const elsewhere = cluster('elsewhere', { region: US });

/** This run: `live` evaluated with the tls check only (scope: tls + cmk); `filtered-out` left out by a tag filter. */
function run(status: CoverageStatus = 'complete') {
  return scan({
    findings: [finding(CHECKS.tls, clusterResource(live))],
    clusters: [live, filteredOut, elsewhere],
    coverage: [coverage(A, EU, status, status === 'complete' ? [] : ['kms:GetKeyRotationStatus failed with AccessDeniedException']), coverage(A, US)],
  });
}

function plan(existing: AwsSecurityFinding[], status: CoverageStatus = 'complete') {
  const result = run(status);
  return planArchive({
    result,
    account: A,
    region: EU,
    partition: 'aws',
    productArn: productArn(A, EU),
    existing,
    currentIds: new Set(result.findings.filter((f) => f.resource.region === EU).map((f) => f.id)),
  });
}

const ids = (p: ReturnType<typeof plan>) => p.archive.map((d) => d.finding.Id);

describe('planArchive: what is archived (coverage complete, check run, msk-audit’s own, ACTIVE)', () => {
  it('a finding whose cluster no longer exists', () => {
    const f = stored(finding(CHECKS.tls, clusterResource(gone)));
    const p = plan([f]);
    expect(ids(p)).toEqual([f.Id]);
    expect(p.archive[0]!.reason).toMatch(/cluster no longer exists/);
    expect(p.unchanged).toBe(0);
    expect(p.skipped).toBeUndefined();
  });

  it('a finding the check no longer produces for an evaluated cluster', () => {
    const f = stored(finding(CHECKS.cmk, clusterResource(live)));
    const p = plan([f]);
    expect(ids(p)).toEqual([f.Id]);
    expect(p.archive[0]!.reason).toMatch(/no longer produces/);
  });

  it('the account-region NOT_AVAILABLE finding (…:*) once the clusters are listed again', () => {
    const f = stored(finding(CHECKS.tls, regionResource(A, EU), 'NOT_AVAILABLE'));
    expect(f.Resources![0]!.Id).toBe(`arn:aws:kafka:${EU}:${A}:*`);
    const p = plan([f]);
    expect(ids(p)).toEqual([f.Id]);
    expect(p.archive[0]!.reason).toMatch(/were listed/);
  });

  it('findings of an account-region check about a subject (one of several per resource) are msk-audit’s too', () => {
    const onGone = { ...finding(CHECKS.tls, clusterResource(gone)), id: findingId(CHECKS.tls.id, gone.arn, 'event-1') };
    const onRegion = { ...finding(CHECKS.cmk, regionResource(A, EU)), id: findingId(CHECKS.cmk.id, regionResource(A, EU).arn, 'event-2') };
    const regionVerdict = stored(finding(CHECKS.cmk, regionResource(A, EU), 'FAILED'));
    const p = plan([stored(onGone), stored(onRegion), regionVerdict]);
    expect(ids(p)).toEqual([onGone.id, onRegion.id, regionVerdict.Id]);
    expect(p.archive.map((d) => d.reason)).toEqual([expect.stringMatching(/cluster no longer exists/), expect.stringMatching(/no longer reports/), expect.stringMatching(/no longer reports/)]);
  });

  it('not a finding this run re-imports (it is updated instead, and not counted as unchanged)', () => {
    const p = plan([stored(finding(CHECKS.tls, clusterResource(live)))]);
    expect(p).toEqual({ archive: [], unchanged: 0 });
  });
});

describe('planArchive: what is never archived', () => {
  const goneTls = () => stored(finding(CHECKS.tls, clusterResource(gone)));

  it.each<[CoverageStatus]>([['partial'], ['not-evaluated'], ['skipped']])('anything in an account-region whose coverage is %s', (status) => {
    const p = plan([goneTls(), stored(finding(CHECKS.tls, regionResource(A, EU), 'NOT_AVAILABLE')), stored(finding(CHECKS.cmk, clusterResource(live)))], status);
    expect(p.archive).toEqual([]);
    expect(p.unchanged).toBe(3);
    expect(p.skipped).toMatch(new RegExp(`Coverage is ${status}`));
  });

  it('anything in an account-region the scan’s coverage does not name', () => {
    const result = run();
    const p = planArchive({ result, account: B, region: EU, partition: 'aws', productArn: productArn(B, EU), existing: [stored(finding(CHECKS.tls, clusterResource(cluster('x', { account: B }))))], currentIds: new Set() });
    expect(p.archive).toEqual([]);
    expect(p.skipped).toMatch(/not in this scan/);
  });

  it('findings of a check that did not run', () => {
    const p = plan([stored(finding(CHECKS.monitoring, clusterResource(gone))), stored(finding(CHECKS.monitoring, regionResource(A, EU), 'NOT_AVAILABLE'))]);
    expect(p).toEqual({ archive: [], unchanged: 2 });
  });

  it('findings of a cluster a tag filter left out (evaluated false)', () => {
    const p = plan([stored(finding(CHECKS.tls, clusterResource(filteredOut))), stored(finding(CHECKS.cmk, clusterResource(filteredOut)))]);
    expect(p).toEqual({ archive: [], unchanged: 2 });
  });

  it('findings already archived', () => {
    expect(plan([stored(finding(CHECKS.tls, clusterResource(gone)), { recordState: 'ARCHIVED' })])).toEqual({ archive: [], unchanged: 1 });
  });

  it('findings of another tool: GeneratorId, ProductFields, Id or ProductArn not msk-audit’s', () => {
    const base = goneTls();
    const foreign: AwsSecurityFinding[] = [
      { ...base, GeneratorId: 'prowler-kafka_cluster_encryption_in_transit' },
      { ...base, ProductFields: { 'prowler/CheckId': 'x' } },
      { ...base, ProductFields: { ...base.ProductFields, 'msk-audit/CheckId': 'msk-at-rest-cmk' } },
      { ...base, Id: 'custom-id-1' },
      { ...base, ProductArn: 'arn:aws:securityhub:eu-west-1::product/prowler/prowler' },
      { ...base, Resources: [...base.Resources!, { Type: 'Other', Id: 'second' }] },
    ];
    for (const f of foreign) expect(asOwnedFinding(f, productArn(A, EU))).toBeUndefined();
    expect(plan(foreign)).toEqual({ archive: [], unchanged: foreign.length });
    expect(asOwnedFinding(base, productArn(A, EU))).toMatchObject({ checkId: 'msk-tls-client-broker', resourceArn: gone.arn });
  });

  it('a cluster finding whose ARN names another account-region', () => {
    expect(plan([stored(finding(CHECKS.tls, clusterResource(elsewhere)))])).toEqual({ archive: [], unchanged: 1 });
  });
});

describe('archivedFinding', () => {
  it('re-imports the existing finding ARCHIVED with a newer UpdatedAt, keeping CreatedAt, dropping customer and service fields', () => {
    const existing = { ...stored(finding(CHECKS.tls, clusterResource(gone)), { updatedAt: '2026-05-01T00:00:00.000Z' }), Note: { Text: 'n', UpdatedBy: 'x', UpdatedAt: '2026-01-02T00:00:00.000Z' }, VerificationState: 'TRUE_POSITIVE' as const };
    const archived = archivedFinding({ finding: existing, reason: 'The cluster no longer exists.' }, { now: new Date('2026-03-01T00:00:00.000Z'), scanId: 'scan-9' });
    expect(archived).toMatchObject({ Id: existing.Id, ProductArn: existing.ProductArn, RecordState: 'ARCHIVED', CreatedAt: existing.CreatedAt, UpdatedAt: '2026-05-01T00:00:00.001Z' });
    for (const key of ['Workflow', 'WorkflowState', 'Note', 'VerificationState', 'ProcessedAt', 'Region'] as const) expect(archived[key]).toBeUndefined();
    expect(Object.keys(archived.ProductFields ?? {}).filter((k) => k.startsWith('aws/'))).toEqual([]);
    expect(archived.ProductFields).toMatchObject({ 'msk-audit/ArchiveReason': 'The cluster no longer exists.', 'msk-audit/ArchivedByScanId': 'scan-9', 'msk-audit/CheckId': 'msk-tls-client-broker' });
    expect(asOwnedFinding(archived, productArn(A, EU))).toBeDefined();
    const wire = JSON.parse(JSON.stringify(archived)) as Record<string, unknown>;
    expect(validateFinding(wire, 0)).toBeNull();
  });
});
