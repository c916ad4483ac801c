import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import {
  asffMapper,
  asffPayloads,
  asffReport,
  defaultProductArn,
  nextUpdatedAt,
  relatedRequirements,
  renderAsff,
  truncateText,
} from '../../reports/asff.js';
import { findingId } from '../../src/engine/finding.js';
import type { HeldScanResult, ScanResult } from '../../src/engine/scan-result.js';
import { validateFinding } from '../../src/sandbox/services/securityhub-findings.js';
import { ACCOUNT, OTHER_ACCOUNT, scanResult } from './fixture.js';

const NOW = new Date('2026-03-01T10:00:00.000Z');

/** The fixture with full cluster summaries (as the engine builds them). */
function result(): HeldScanResult {
  const r = scanResult();
  r.clusters = r.clusters.map((cluster) =>
    cluster.name === 'payments'
      ? {
          ...cluster,
          clusterType: 'PROVISIONED',
          state: 'ACTIVE',
          currentVersion: 'K3AEGXETSR30VB',
          kafkaVersion: '3.6.0',
          numberOfBrokerNodes: 3,
          encryptionInfo: {
            EncryptionAtRest: { DataVolumeKMSKeyId: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/0b6e5c0e-aaaa` },
            EncryptionInTransit: { ClientBroker: 'TLS', InCluster: true },
          },
          clientAuthentication: { Sasl: { Iam: { Enabled: true }, Scram: { Enabled: false } }, Tls: { Enabled: false }, Unauthenticated: { Enabled: false } },
          enhancedMonitoring: 'PER_TOPIC_PER_BROKER',
        }
      : { ...cluster, clusterType: 'SERVERLESS', clientAuthentication: { Sasl: { Iam: { Enabled: true } } } },
  );
  return r;
}

function all(r = result(), now = NOW): AwsSecurityFinding[] {
  const map = asffMapper(r);
  return r.findings.map((finding) => map(finding, { now }));
}

/** What the SDK would put on the wire (Dates and undefined members gone). */
const wire = (f: AwsSecurityFinding) => JSON.parse(JSON.stringify(f)) as Record<string, unknown>;

describe('ASFF mapping', () => {
  it('every finding is valid ASFF for Security Hub (the sandbox validator) with every required field', () => {
    for (const asff of all()) {
      const json = wire(asff);
      expect(validateFinding(json, JSON.stringify(json).length)).toBeNull();
      for (const field of ['SchemaVersion', 'Id', 'ProductArn', 'GeneratorId', 'AwsAccountId', 'Types', 'CreatedAt', 'UpdatedAt', 'Severity', 'Title', 'Description', 'Resources']) {
        expect(json[field], field).toBeDefined();
      }
      expect(asff.SchemaVersion).toBe('2018-10-08');
      expect(asff.Id!.length).toBeLessThanOrEqual(512);
      expect(asff.Resources).toHaveLength(1);
    }
  });

  it('Id is the finding id; GeneratorId names the check; ProductArn and AwsAccountId are the resource’s account and region', () => {
    const r = result();
    const findings = all(r);
    for (const [i, asff] of findings.entries()) {
      const finding = r.findings[i]!;
      expect(asff.Id).toBe(finding.id);
      expect(asff.Id).toBe(findingId(finding.checkId, finding.resource.arn));
      expect(asff.GeneratorId).toBe(`msk-audit/${finding.checkId}`);
      expect(asff.AwsAccountId).toBe(finding.resource.account);
      expect(asff.ProductArn).toBe(`arn:aws:securityhub:${finding.resource.region}:${finding.resource.account}:product/${finding.resource.account}/default`);
    }
    expect(new Set(findings.map((f) => f.AwsAccountId))).toEqual(new Set([ACCOUNT, OTHER_ACCOUNT]));
    expect(findings.find((f) => f.AwsAccountId === OTHER_ACCOUNT)?.ProductArn).toBe(defaultProductArn('aws', 'eu-central-1', OTHER_ACCOUNT));
  });

  it('maps the status without ever turning NOT_APPLICABLE into PASSED', () => {
    const r = result();
    const findings = all(r);
    const byStatus = (status: string) => findings.filter((_, i) => r.findings[i]!.status === status);
    for (const f of byStatus('PASSED')) expect(f).toMatchObject({ Compliance: { Status: 'PASSED' }, RecordState: 'ACTIVE', Severity: { Label: 'INFORMATIONAL' } });
    for (const f of byStatus('FAILED')) expect(f).toMatchObject({ Compliance: { Status: 'FAILED' }, RecordState: 'ACTIVE' });
    for (const f of byStatus('NOT_AVAILABLE')) {
      expect(f).toMatchObject({ Compliance: { Status: 'NOT_AVAILABLE', StatusReasons: [{ ReasonCode: 'NOT_AVAILABLE' }] }, RecordState: 'ACTIVE' });
      expect(f.Severity?.Label).not.toBe('INFORMATIONAL');
    }
    const notApplicable = byStatus('NOT_APPLICABLE');
    expect(notApplicable.length).toBeGreaterThan(0);
    for (const f of notApplicable) {
      expect(f).toMatchObject({ Compliance: { Status: 'NOT_AVAILABLE', StatusReasons: [{ ReasonCode: 'NOT_APPLICABLE' }] }, RecordState: 'ARCHIVED' });
      expect(f.Compliance?.StatusReasons?.[0]?.Description).toContain('Serverless');
      expect(f.ProductFields?.['msk-audit/Status']).toBe('NOT_APPLICABLE');
    }
  });

  it('carries severity through FindingProviderFields (Label + Original) and the top level; a PASSED finding is INFORMATIONAL', () => {
    const r = result();
    const findings = all(r);
    const critical = findings[r.findings.findIndex((f) => f.severity === 'CRITICAL' && f.status === 'FAILED')]!;
    expect(critical.Severity).toEqual({ Label: 'CRITICAL', Original: 'CRITICAL' });
    expect(critical.FindingProviderFields).toEqual({ Severity: { Label: 'CRITICAL', Original: 'CRITICAL' }, Types: critical.Types });
    const passed = findings[r.findings.findIndex((f) => f.status === 'PASSED' && f.severity === 'HIGH')]!;
    expect(passed.FindingProviderFields?.Severity).toEqual({ Label: 'INFORMATIONAL', Original: 'HIGH' });
  });

  it('Types name best practices and each mapped framework; RelatedRequirements are prefixed by framework', () => {
    const r = result();
    const tls = all(r)[0]!; // msk-tls-client-broker: PCI 4.2.1, NIST SC-8, SC-8(1)
    expect(tls.Types).toEqual([
      'Software and Configuration Checks/AWS Security Best Practices',
      'Software and Configuration Checks/Industry and Regulatory Standards/PCI-DSS',
      'Software and Configuration Checks/Industry and Regulatory Standards/NIST 800-53 Controls (USA)',
    ]);
    expect(tls.Compliance?.RelatedRequirements).toEqual(['PCI DSS v4.0.1/4.2.1', 'NIST.800-53.r5 SC-8', 'NIST.800-53.r5 SC-8(1)']);
    const soc = relatedRequirements({ soc2: ['CC6.1'], 'iso-27001-2022': ['8.24'] });
    expect(soc.requirements).toEqual(['SOC 2/CC6.1', 'ISO/IEC 27001:2022/8.24']);
  });

  it('keeps at most 32 RelatedRequirements and counts the rest in ProductFields', () => {
    const r = result();
    const many = Array.from({ length: 40 }, (_, i) => `1.${i}`);
    r.findings[0] = { ...r.findings[0]!, frameworks: { 'pci-dss-4.0.1': many } };
    const asff = all(r)[0]!;
    expect(asff.Compliance?.RelatedRequirements).toHaveLength(32);
    expect(asff.Compliance?.RelatedRequirements?.[31]).toBe('PCI DSS v4.0.1/1.31');
    expect(asff.ProductFields?.['msk-audit/RelatedRequirementsOmitted']).toBe('8');
    expect(validateFinding(wire(asff), 0)).toBeNull();
  });

  it('truncates a long reason into a ≤ 1024-character Description with an ellipsis, never splitting a character', () => {
    const r = result();
    const reason = `${'a'.repeat(1022)}😀😀 and much more`; // the cut falls inside the first emoji's surrogate pair
    r.findings[0] = { ...r.findings[0]!, reason, title: 't'.repeat(300) };
    const asff = all(r)[0]!;
    expect(asff.Description!.length).toBeLessThanOrEqual(1024);
    expect(asff.Description!.endsWith('…')).toBe(true);
    expect(asff.Description).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/); // no lone high surrogate
    expect(asff.Title!.length).toBeLessThanOrEqual(256);
    expect(validateFinding(wire(asff), 0)).toBeNull();
    expect(truncateText('short', 1024)).toBe('short');
    expect(truncateText('x'.repeat(1024), 1024)).toBe('x'.repeat(1024));
    expect(truncateText('x'.repeat(1025), 1024)).toBe(`${'x'.repeat(1023)}…`);
  });

  it('Resources[0] of a cluster finding: AwsMskCluster with ClusterInfo from the cluster summary (only known fields)', () => {
    const r = result();
    const findings = all(r);
    const payments = findings[0]!.Resources![0]!;
    expect(payments).toEqual({
      Type: 'AwsMskCluster',
      Id: r.findings[0]!.resource.arn,
      Partition: 'aws',
      Region: 'eu-west-1',
      Tags: r.findings[0]!.resource.tags,
      Details: {
        AwsMskCluster: {
          ClusterInfo: {
            ClusterName: 'payments',
            CurrentVersion: 'K3AEGXETSR30VB',
            NumberOfBrokerNodes: 3,
            EncryptionInfo: {
              EncryptionAtRest: { DataVolumeKMSKeyId: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/0b6e5c0e-aaaa` },
              EncryptionInTransit: { ClientBroker: 'TLS', InCluster: true },
            },
            ClientAuthentication: { Sasl: { Iam: { Enabled: true }, Scram: { Enabled: false } }, Tls: { Enabled: false }, Unauthenticated: { Enabled: false } },
            EnhancedMonitoring: 'PER_TOPIC_PER_BROKER',
          },
        },
      },
    });
    const serverless = findings[r.findings.findIndex((f) => f.resource.name === '<script>alert(1)</script>')]!.Resources![0]!;
    expect(serverless.Details?.AwsMskCluster?.ClusterInfo).toEqual({ ClusterName: '<script>alert(1)</script>', ClientAuthentication: { Sasl: { Iam: { Enabled: true } } } });
  });

  it('Resources[0] of an account-region finding: Type Other, Id the account-region ARN, no cluster details', () => {
    const r = result();
    const index = r.findings.findIndex((f) => f.resource.type === 'AwsAccountRegion');
    const resource = all(r)[index]!.Resources![0]!;
    expect(resource).toMatchObject({ Type: 'Other', Id: `arn:aws:kafka:eu-central-1:${OTHER_ACCOUNT}:*`, Partition: 'aws', Region: 'eu-central-1' });
    expect(resource.Details?.AwsMskCluster).toBeUndefined();
    expect(resource.Tags).toBeUndefined();
  });

  it('Compliance.SecurityControlId and AssociatedStandards only for checks with a Security Hub control', () => {
    const r = result();
    const findings = all(r);
    const monitoring = findings[r.findings.findIndex((f) => f.checkId === 'msk-enhanced-monitoring')]!;
    expect(monitoring.Compliance).toMatchObject({
      SecurityControlId: 'MSK.2',
      AssociatedStandards: [{ StandardsId: 'standards/aws-foundational-security-best-practices/v/1.0.0' }],
    });
    expect(findings[0]!.Compliance?.SecurityControlId).toBeUndefined();
    expect(findings[0]!.Compliance?.AssociatedStandards).toBeUndefined();
  });

  it('ProductFields: tool version, scan id, check id (all strings) and the evidence', () => {
    const r = result();
    for (const [i, asff] of all(r).entries()) {
      expect(asff.ProductFields).toMatchObject({
        'msk-audit/ToolVersion': r.tool.version,
        'msk-audit/ScanId': r.scanId,
        'msk-audit/CheckId': r.findings[i]!.checkId,
      });
      for (const value of Object.values(asff.ProductFields ?? {})) expect(typeof value).toBe('string');
      expect(JSON.parse(asff.ProductFields!['msk-audit/Evidence']!)).toEqual(r.findings[i]!.evidence);
    }
  });

  it('Remediation carries the check’s text and URL', () => {
    const r = result();
    expect(all(r)[0]!.Remediation).toEqual({ Recommendation: { Text: r.findings[0]!.remediation.text, Url: r.findings[0]!.remediation.url } });
  });
});

describe('ASFF timestamps', () => {
  const r = result();
  const map = asffMapper(r);
  const finding = r.findings[1]!;

  it('a new finding: CreatedAt = UpdatedAt = now; First/LastObservedAt = when the facts were collected', () => {
    expect(map(finding, { now: NOW })).toMatchObject({
      CreatedAt: NOW.toISOString(),
      UpdatedAt: NOW.toISOString(),
      FirstObservedAt: r.collectedAt,
      LastObservedAt: r.collectedAt,
    });
  });

  it('an existing finding keeps CreatedAt and FirstObservedAt; UpdatedAt moves to now', () => {
    const previous = { CreatedAt: '2025-06-01T00:00:00.000Z', UpdatedAt: '2026-02-01T00:00:00.000Z', FirstObservedAt: '2025-05-31T23:00:00.000Z' };
    expect(map(finding, { now: NOW, previous })).toMatchObject({
      CreatedAt: previous.CreatedAt,
      UpdatedAt: NOW.toISOString(),
      FirstObservedAt: previous.FirstObservedAt,
      LastObservedAt: r.collectedAt,
    });
  });

  it('UpdatedAt is strictly after the existing UpdatedAt, also when that is now or in the future (clock skew)', () => {
    const future = '2026-03-01T10:05:00.000Z';
    expect(map(finding, { now: NOW, previous: { CreatedAt: '2026-01-01T00:00:00.000Z', UpdatedAt: future } }).UpdatedAt).toBe('2026-03-01T10:05:00.001Z');
    expect(nextUpdatedAt(NOW, NOW.toISOString())).toBe('2026-03-01T10:00:00.001Z');
    expect(Date.parse(nextUpdatedAt(NOW, '2026-03-01T10:00:00.0005Z'))).toBeGreaterThan(Date.parse('2026-03-01T10:00:00.0005Z'));
    expect(nextUpdatedAt(NOW, 'not a date')).toBe(NOW.toISOString());
  });

  it('FirstObservedAt of an existing finding without one falls back to its CreatedAt', () => {
    expect(map(finding, { now: NOW, previous: { CreatedAt: '2025-01-01T00:00:00.000Z', UpdatedAt: '2025-02-01T00:00:00.000Z' } }).FirstObservedAt).toBe('2025-01-01T00:00:00.000Z');
  });
});

describe('asffReport', () => {
  it('writes the BatchImportFindings payloads per account-region and batch, deterministically, using finishedAt as now', () => {
    const r = result();
    expect(asffReport.fileName).toBe('msk-audit-asff.json');
    const text = asffReport.render(r);
    expect(asffReport.render(structuredClone(r))).toBe(text);
    expect(text.endsWith('}\n')).toBe(true);
    const doc = JSON.parse(text) as { kind: string; generatedAt: string; accountRegions: { account: string; region: string; productArn: string; batches: { Findings: AwsSecurityFinding[] }[] }[] };
    expect(doc.kind).toBe('msk-audit-asff');
    expect(doc.generatedAt).toBe(r.finishedAt);
    expect(doc.accountRegions.map((g) => `${g.account}/${g.region}`)).toEqual([`${ACCOUNT}/eu-west-1`, `${ACCOUNT}/us-east-1`, `${OTHER_ACCOUNT}/eu-central-1`]);
    for (const group of doc.accountRegions) {
      expect(group.productArn).toBe(defaultProductArn('aws', group.region, group.account));
      for (const batch of group.batches) {
        expect(batch.Findings.length).toBeLessThanOrEqual(100);
        for (const f of batch.Findings) {
          expect(f).toMatchObject({ AwsAccountId: group.account, ProductArn: group.productArn, UpdatedAt: r.finishedAt, CreatedAt: r.finishedAt });
        }
      }
    }
    expect(doc.accountRegions.flatMap((g) => g.batches.flatMap((b) => b.Findings)).length).toBe(r.findings.length);
    expect(renderAsff(r)).toBe(text);
  });

  it('splits an account-region of 250 findings into batches of 100, 100 and 50', () => {
    const r = result();
    const template = r.findings[0]!;
    r.findings = Array.from({ length: 250 }, (_, i) => ({ ...template, id: `${template.id}-${i}` }));
    const [group] = asffPayloads(r, NOW);
    expect(group!.batches.map((b) => b.Findings.length)).toEqual([100, 100, 50]);
  });
});
