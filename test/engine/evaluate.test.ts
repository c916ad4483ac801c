import { describe, expect, it } from 'vitest';
import { evaluateInventory, runnableChecks } from '../../src/engine/evaluate.js';
import { findingId } from '../../src/engine/finding.js';
import { DEFAULT_THRESHOLDS, defineCheck, isAccountRegionCheck, passed, type Check, type ClusterCheck } from '../../src/check/index.js';
import { available, unavailable } from '../../src/inventory/index.js';
import { builtinChecks } from '../../checks/index.js';
import mskAtRestCmk from '../../checks/msk-at-rest-cmk.js';
import { accessDenied, accountRegion, provisionedCluster, serverlessCluster, KEY_ARN } from '../support/fixtures.js';
import { inventoryOf } from '../support/inventory.js';

const runnable = runnableChecks({ checks: builtinChecks });
const clusterChecks = runnable.filter((check) => !isAccountRegionCheck(check));
const plan = (checks: readonly Check[], extra: object = {}) => ({ checks, thresholds: DEFAULT_THRESHOLDS, ...extra });

function checkThat(id: string, evaluate: ClusterCheck['evaluate']): Check {
  return defineCheck({ meta: { ...mskAtRestCmk.meta, id }, evaluate });
}

describe('evaluateInventory', () => {
  const two = accountRegion((r) => {
    r.clusters = available([serverlessCluster(), provisionedCluster()]);
  });

  it('runs every cluster check over every cluster, sorted by cluster ARN then catalogue order', () => {
    const findings = evaluateInventory(inventoryOf([two]), plan(clusterChecks));
    expect(findings).toHaveLength(2 * clusterChecks.length);
    const arns = findings.map((f) => f.resource.arn);
    expect(arns).toEqual([...arns].sort());
    expect(findings.slice(0, clusterChecks.length).map((f) => f.checkId)).toEqual(clusterChecks.map((c) => c.meta.id));
  });

  it('then runs the account-region checks once per account-region, and the baseline checks only with a baseline', () => {
    const findings = evaluateInventory(inventoryOf([two]), plan(builtinChecks));
    const regional = runnable.filter(isAccountRegionCheck);
    expect(findings.map((f) => f.checkId)).toEqual([...clusterChecks, ...clusterChecks, ...regional].map((c) => c.meta.id));
    expect(findings.slice(-regional.length).every((f) => f.resource.type === 'AwsAccountRegion' && f.status === 'NOT_AVAILABLE')).toBe(true);
    expect(builtinChecks.some((check) => check.requires === 'baseline' && runnable.includes(check))).toBe(false);
    const withoutCloudTrail = evaluateInventory(inventoryOf([two]), plan(builtinChecks, { cloudTrail: false }));
    expect(withoutCloudTrail.some((f) => builtinChecks.find((c) => c.meta.id === f.checkId)?.requires === 'cloudtrail')).toBe(false);
  });

  it('gives stable ids from check id and resource ARN only', () => {
    const first = evaluateInventory(inventoryOf([two]), plan(builtinChecks));
    const second = evaluateInventory(inventoryOf([structuredClone(two)]), plan(builtinChecks));
    expect(second.map((f) => f.id)).toEqual(first.map((f) => f.id));
    expect(new Set(first.map((f) => f.id)).size).toBe(first.length);
    expect(first[0]!.id).toBe(findingId(first[0]!.checkId, first[0]!.resource.arn));
  });

  it('keeps finding ids within Security Hub’s 512 characters', () => {
    const id = findingId('msk-at-rest-cmk', `arn:aws:kafka:eu-west-1:111122223333:cluster/${'x'.repeat(600)}/abc`);
    expect(id.length).toBeLessThanOrEqual(512);
    expect(id).toMatch(/^msk-audit\/msk-at-rest-cmk\/sha256:[0-9a-f]{64}$/);
  });

  it('reports NOT_AVAILABLE for every check when the clusters of an account-region cannot be listed', () => {
    const denied = accountRegion((r) => {
      r.clusters = unavailable(accessDenied('kafka', 'ListClustersV2'));
    });
    const findings = evaluateInventory(inventoryOf([denied]), plan(builtinChecks));
    expect(findings).toHaveLength(runnable.length);
    for (const finding of findings) {
      expect(finding.status).toBe('NOT_AVAILABLE');
      expect(finding.resource.type).toBe('AwsAccountRegion');
      expect(finding.resource.arn).toBe('arn:aws:kafka:eu-west-1:111122223333:*');
      expect(finding.reason).toContain('AccessDeniedException');
    }
  });

  it('turns a check that throws or returns garbage into NOT_AVAILABLE, never PASSED', () => {
    const throwing = checkThat('throws', () => {
      throw new TypeError('boom');
    });
    const garbage = checkThat('garbage', () => ({ status: 'PASSED' }) as never);
    const findings = evaluateInventory(inventoryOf([two]), plan([throwing, garbage]));
    expect(findings.map((f) => f.status)).toEqual(Array(4).fill('NOT_AVAILABLE'));
    expect(findings[0]!.reason).toContain('boom');
  });

  it('limits the scope to clusters carrying every --tag', () => {
    const findings = evaluateInventory(inventoryOf([two]), plan([mskAtRestCmk], { tagFilters: { 'pci-scope': 'cde' } }));
    expect(findings.map((f) => f.resource.name)).toEqual(['payments']);
    const none = evaluateInventory(inventoryOf([two]), plan([mskAtRestCmk], { tagFilters: { 'pci-scope': 'cde', env: 'dev' } }));
    expect(none).toEqual([]);
  });

  it('applies severity: configured override, else verdict escalation, else the check’s', () => {
    const escalating = checkThat('escalates', () => ({ status: 'FAILED', reason: 'Bad.', evidence: { x: 1 }, severity: 'CRITICAL' }));
    const plain = checkThat('plain', () => passed('Fine.', { x: 1 }));
    const inventory = inventoryOf([accountRegion((r) => (r.clusters = available([provisionedCluster()])))]);
    const [escalated, base] = evaluateInventory(inventory, plan([escalating, plain]));
    expect(escalated!.severity).toBe('CRITICAL');
    expect(base!.severity).toBe(mskAtRestCmk.meta.severity);
    const [overridden] = evaluateInventory(inventory, plan([escalating], { severityOverrides: { escalates: 'LOW' } }));
    expect(overridden!.severity).toBe('LOW');
  });

  it('carries the resource’s account, region, partition, name and tags into each finding', () => {
    const inventory = inventoryOf([accountRegion((r) => (r.clusters = available([provisionedCluster()])))]);
    const [finding] = evaluateInventory(inventory, plan([mskAtRestCmk]));
    expect(finding!.resource).toMatchObject({
      type: 'AwsMskCluster',
      account: '111122223333',
      region: 'eu-west-1',
      partition: 'aws',
      name: 'payments',
      tags: { env: 'prod', 'pci-scope': 'cde' },
    });
    expect(finding!.evidence).toMatchObject({ 'Provisioned.EncryptionInfo.EncryptionAtRest.DataVolumeKMSKeyId': KEY_ARN });
  });
});
