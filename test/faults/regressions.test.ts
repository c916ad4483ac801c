/**
 * Issue 10: one pinned case per defect the fault-injection properties found, so each stays fixed even when the
 * random runs do not happen to hit it again.
 */
import 'aws-sdk-client-mock-vitest/extend';
import { ACMPCAClient, DescribeCertificateAuthorityCommand } from '@aws-sdk/client-acm-pca';
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import noOpenIngress from '../../checks/msk-no-open-ingress.js';
import driftFromBaseline from '../../checks/msk-drift-from-baseline.js';
import { buildScanResult } from '../../src/audit.js';
import { DEFAULT_THRESHOLDS } from '../../src/check/index.js';
import { collectPrivateCas } from '../../src/collect/private-cas.js';
import { collectTrails } from '../../src/collect/cloudtrail-trails.js';
import { collectKey } from '../../src/collect/kms-keys.js';
import { parseBaseline } from '../../src/drift/baseline-file.js';
import { baselineFromInventory } from '../../src/drift/baseline.js';
import { actionMatches } from '../../src/inventory/index.js';
import { parseInventory as loadInventoryJson } from '../../src/inventory/load.js';
import { renderAsff } from '../../reports/index.js';
import { serverlessCluster } from '../support/fixtures.js';
import { inventoryOf } from '../support/inventory.js';
import { compliantRegion } from '../support/exposure-fixtures.js';
import { CREDENTIALS } from '../collect/support.js';
import { richRegion } from './hostile-data-support.js';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const context = (region = compliantRegion()) => ({ account: ACCOUNT, region: REGION, inventory: region, thresholds: DEFAULT_THRESHOLDS });

describe('checks', () => {
  it('msk-no-open-ingress: a null entry in Serverless.VpcConfigs is no crash', () => {
    const cluster = serverlessCluster((c) => (c.Serverless!.VpcConfigs = [null as never]));
    expect(noOpenIngress.evaluate(cluster, context()).status).toBe('NOT_AVAILABLE');
  });

  it('IAM/SCP matching: a 100 kB action pattern (too large for a regular expression) is matched, not a crash', () => {
    const pattern = `${'k'.repeat(100_000)}*`;
    expect(actionMatches(pattern, 'kafka:UpdateSecurity')).toBe(false);
    expect(actionMatches(`kafka:${'?'.repeat(3)}*${'x'.repeat(100_000)}`, `kafka:abc${'x'.repeat(100_000)}`)).toBe(true);
    expect(actionMatches(`KAFKA:*${'y'.repeat(100_000)}`, `kafka:Update${'Y'.repeat(100_000)}`)).toBe(true);
  });

  it('msk-drift-from-baseline: a cluster ARN such as "constructor" finds no Object.prototype in a loaded baseline', () => {
    const region = richRegion();
    const baseline = parseBaseline(JSON.parse(JSON.stringify(baselineFromInventory(inventoryOf([region])).baseline)), 'b.json');
    const cluster = { ...(region.clusters.ok ? region.clusters.value[0]! : serverlessCluster()), ClusterArn: 'constructor' };
    expect(driftFromBaseline.evaluate(cluster, { ...context(region), baseline }).status).toBe('FAILED'); // added since the baseline
  });

  it('loader: keyed facts are looked up without the prototype ("constructor" key id)', () => {
    const region = richRegion();
    if (region.clusters.ok) region.clusters.value[0]!.Provisioned!.EncryptionInfo!.EncryptionAtRest!.DataVolumeKMSKeyId = 'constructor';
    const loaded = loadInventoryJson(JSON.parse(JSON.stringify(inventoryOf([region]))), 'x.json');
    const result = buildScanResult(loaded, { checks: builtinChecks, thresholds: DEFAULT_THRESHOLDS, severityOverrides: {}, tagFilters: {} }, { startedAt: new Date() });
    expect([...result.findings].find((f) => f.checkId === 'msk-at-rest-cmk' && f.resource.name === 'payments')?.status).toBe('NOT_AVAILABLE');
  });
});

describe('reports', () => {
  it('ASFF: a cluster whose CertificateAuthorityArnList is null (as a loaded file may have it) renders', () => {
    const region = richRegion();
    if (region.clusters.ok) (region.clusters.value[0]!.Provisioned!.ClientAuthentication!.Tls as { CertificateAuthorityArnList: unknown }).CertificateAuthorityArnList = null;
    const result = buildScanResult(inventoryOf([region]), { checks: builtinChecks, thresholds: DEFAULT_THRESHOLDS, severityOverrides: {}, tagFilters: {} }, { startedAt: new Date() });
    expect(() => JSON.parse(renderAsff(result))).not.toThrow();
  });
});

describe('collectors', () => {
  const cloudtrailMock = mockClient(CloudTrailClient);
  const kmsMock = mockClient(KMSClient);
  const pcaMock = mockClient(ACMPCAClient as never) as unknown as AwsStub<any, any, any>;
  beforeEach(() => {
    cloudtrailMock.reset();
    kmsMock.reset();
    pcaMock.reset();
  });
  const cloudtrail = new CloudTrailClient({ region: REGION, credentials: CREDENTIALS });

  it('DescribeTrails: null entries and empty TrailARNs are skipped, not a crash or an unloadable trail', async () => {
    cloudtrailMock.on(DescribeTrailsCommand).resolves({ trailList: [null as never, { TrailARN: '' }, { TrailARN: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/t', HasCustomEventSelectors: false }] });
    cloudtrailMock.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    const trails = await collectTrails(cloudtrail, ACCOUNT, REGION);
    expect(trails.ok && trails.value.map((t) => t.arn)).toEqual(['arn:aws:cloudtrail:eu-west-1:111122223333:trail/t']);
  });

  it('GetEventSelectors: no selector list, a null selector or an unknown read/write value is unavailable, not "all"', async () => {
    cloudtrailMock.on(DescribeTrailsCommand).resolves({ trailList: [{ TrailARN: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/t', HasCustomEventSelectors: true }] });
    cloudtrailMock.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    for (const answer of [{}, { EventSelectors: [null as never] }, { EventSelectors: [{ ReadWriteType: 'Sideways' as never }] }, { AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['maybe'] }] }] }]) {
      cloudtrailMock.on(GetEventSelectorsCommand).resolves(answer);
      const trails = await collectTrails(cloudtrail, ACCOUNT, REGION);
      expect(trails.ok && trails.value[0]!.managementEvents.ok).toBe(false);
    }
  });

  it('DescribeCertificateAuthority: an empty Arn keeps the ARN asked for', async () => {
    const arn = 'arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/x';
    pcaMock.on(DescribeCertificateAuthorityCommand as never).resolves({ CertificateAuthority: { Arn: '', Status: 'ACTIVE' } });
    const cluster = serverlessCluster((c) => {
      c.ClusterType = 'PROVISIONED';
      c.Provisioned = { ClientAuthentication: { Tls: { Enabled: true, CertificateAuthorityArnList: [arn] } } };
    });
    const { privateCas } = await collectPrivateCas(() => new ACMPCAClient({ region: REGION, credentials: CREDENTIALS }), [cluster], ACCOUNT, REGION);
    expect(privateCas[arn]).toMatchObject({ ok: true, value: { arn } });
  });

  it('DescribeKey: a null member is dropped like an absent one, so the inventory loads', async () => {
    kmsMock.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: null as never, KeyManager: 'CUSTOMER', KeyState: 'Enabled' } });
    kmsMock.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: true });
    const key = await collectKey(new KMSClient({ region: REGION, credentials: CREDENTIALS }), 'k', ACCOUNT, REGION);
    expect(key.ok && 'keyId' in key.value).toBe(false);
  });
});
