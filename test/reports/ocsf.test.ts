import { describe, expect, it } from 'vitest';
import { complianceStatus, OCSF_VERSION, renderOcsf, toOcsfFinding, TYPE_UID_CREATE } from '../../reports/ocsf.js';
import type { Severity } from '../../src/check/index.js';
import type { ScanResult } from '../../src/engine/scan-result.js';
import { ANSI_NAME, ANSI_TAG, FORMULA_NAME, FORMULA_TAG, hostileScanResult } from '../frameworks/hostile-result.js';
import { scanResult, XSS_CLUSTER_NAME, XSS_TAG_VALUE } from './fixture.js';

type Event = Record<string, any>;

function events(result: ScanResult): Event[] {
  const text = renderOcsf(result);
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as Event);
}

describe('renderOcsf', () => {
  it('writes one JSON object per line, one per finding, in order', () => {
    const result = scanResult();
    const all = events(result);
    expect(all).toHaveLength(result.findings.length);
    expect(all.map((e) => e.finding_info.uid)).toEqual(result.findings.map((f) => f.id));
    expect(renderOcsf({ ...result, findings: [] })).toBe('');
  });

  it('has the OCSF 1.1 Compliance Finding classification on every event', () => {
    for (const event of events(scanResult())) {
      expect(event).toMatchObject({
        activity_id: 1,
        activity_name: 'Create',
        category_uid: 2,
        category_name: 'Findings',
        class_uid: 2003,
        class_name: 'Compliance Finding',
        type_uid: 200301,
        type_name: 'Compliance Finding: Create',
      });
      expect(event.type_uid).toBe(TYPE_UID_CREATE);
      expect(event.metadata).toEqual({
        version: OCSF_VERSION,
        product: { name: 'msk-audit', vendor_name: 'msk-audit', version: '0.1.0' },
        profiles: ['cloud'],
        correlation_uid: '2026-03-01T09-00-00Z-4f3c2a1b',
      });
      expect(OCSF_VERSION).toBe('1.1.0');
    }
  });

  it('maps one finding field by field', () => {
    const result = scanResult();
    const finding = result.findings[1]!; // payments, msk-at-rest-cmk, FAILED, HIGH
    const event = events(result)[1]!;
    expect(event.time).toBe(Date.parse('2026-03-01T09:00:42.000Z'));
    expect(event.severity_id).toBe(4);
    expect(event.severity).toBe('High');
    expect(event.status_id).toBe(1);
    expect(event.status).toBe('New');
    expect(event.message).toBe(finding.reason);
    expect(event.finding_info).toEqual({
      uid: finding.id,
      title: finding.title,
      desc: finding.reason,
      created_time: Date.parse('2026-03-01T09:00:42.000Z'),
      last_seen_time: Date.parse('2026-03-01T09:00:30.000Z'),
      analytic: { uid: 'msk-at-rest-cmk', name: 'msk-at-rest-cmk', type_id: 1, type: 'Rule' },
    });
    expect(event.compliance).toEqual({
      control: 'msk-at-rest-cmk',
      standards: ['PCI DSS v4.0.1', 'SOC 2'],
      requirements: ['PCI DSS v4.0.1 3.5.1', 'PCI DSS v4.0.1 3.6.1', 'SOC 2 CC6.1'],
      status_id: 3,
      status: 'Fail',
      status_code: 'FAILED',
      status_detail: finding.reason,
    });
    expect(event.remediation).toEqual({ desc: finding.remediation.text, references: [finding.remediation.url] });
    expect(event.resources).toEqual([
      {
        uid: finding.resource.arn,
        type: 'AwsMskCluster',
        name: 'payments',
        region: 'eu-west-1',
        cloud_partition: 'aws',
        data: { tags: { env: 'prod', owner: XSS_TAG_VALUE, 'pci-scope': 'cde' } },
      },
    ]);
    expect(event.cloud).toEqual({ provider: 'AWS', region: 'eu-west-1', account: { uid: '111122223333', type_id: 10, type: 'AWS Account' } });
    expect(event.unmapped).toEqual({ msk_audit: { scan_id: result.scanId, check_id: 'msk-at-rest-cmk', status: 'FAILED', evidence: finding.evidence } });
  });

  it('describes an account-region finding without a name', () => {
    const result = scanResult();
    const event = events(result).at(-1)!;
    expect(event.resources[0]).toEqual({
      uid: result.findings.at(-1)!.resource.arn,
      type: 'AwsAccountRegion',
      region: 'eu-central-1',
      cloud_partition: 'aws',
      data: { tags: {} },
    });
    expect(event.cloud.account.uid).toBe('444455556666');
  });

  it.each<[string, number, string, number, string]>([
    ['PASSED', 1, 'Pass', 4, 'Resolved'],
    ['FAILED', 3, 'Fail', 1, 'New'],
    ['NOT_AVAILABLE', 2, 'Warning', 1, 'New'],
    ['NOT_APPLICABLE', 99, 'Not Applicable', 99, 'Not Applicable'],
    ['SOMETHING_ELSE', 2, 'Warning', 1, 'New'],
  ])('status %s → compliance %i %s, finding %i %s', (status, complianceId, complianceCaption, findingId, findingCaption) => {
    expect(complianceStatus(status)).toEqual({ id: complianceId, caption: complianceCaption });
    const result = scanResult();
    const finding = { ...result.findings[0]!, status: status as never };
    const event = toOcsfFinding(finding, result) as Event;
    expect(event.compliance.status_id).toBe(complianceId);
    expect(event.compliance.status).toBe(complianceCaption);
    expect(event.status_id).toBe(findingId);
    expect(event.status).toBe(findingCaption);
  });

  it.each<[Severity, number, string]>([
    ['INFORMATIONAL', 1, 'Informational'],
    ['LOW', 2, 'Low'],
    ['MEDIUM', 3, 'Medium'],
    ['HIGH', 4, 'High'],
    ['CRITICAL', 5, 'Critical'],
  ])('severity %s → %i %s', (severity, id, caption) => {
    const result = scanResult();
    const event = toOcsfFinding({ ...result.findings[0]!, severity }, result) as Event;
    expect([event.severity_id, event.severity]).toEqual([id, caption]);
  });

  it('adds the Security Hub control as an AWS FSBP standard, and honours --framework', () => {
    const result = scanResult();
    const monitoring = events(result)[3]!;
    expect(monitoring.compliance.standards).toEqual(['SOC 2', 'AWS FSBP']);
    expect(monitoring.compliance.requirements).toEqual(['SOC 2 CC7.2', 'AWS FSBP MSK.2']);
    expect(monitoring.unmapped.msk_audit.security_hub_control).toBe('MSK.2');
    result.scope.framework = 'aws-fsbp';
    const scoped = events(result);
    expect(scoped[3]!.compliance.standards).toEqual(['AWS FSBP']);
    expect(scoped[1]!.compliance).toMatchObject({ standards: ['msk-audit'], requirements: [] }); // not mapped to the scoped framework
  });

  it('keeps hostile strings exactly as data, with no raw control character in the output', () => {
    const result = hostileScanResult();
    const text = renderOcsf(result);
    expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029](?<!\n)/);
    expect(text.split('\n')).toHaveLength(result.findings.length + 1);
    const all = events(result);
    const names = all.map((e) => e.resources[0].name);
    expect(names).toContain(XSS_CLUSTER_NAME);
    expect(names).toContain(FORMULA_NAME);
    expect(names).toContain(ANSI_NAME);
    const tags = all.at(-2)!.resources[0].data.tags;
    expect(tags[FORMULA_TAG]).toBeDefined();
    // Lone surrogates are escaped by JSON.stringify and come back as the same code units.
    expect(tags.ansi).toBe(ANSI_TAG);
  });

  it('refuses a result without a valid time instead of inventing one', () => {
    expect(() => renderOcsf({ ...scanResult(), finishedAt: 'yesterday' })).toThrow(/finishedAt is not a valid time/);
  });

  it('is deterministic', () => {
    const first = renderOcsf(hostileScanResult());
    expect(renderOcsf(hostileScanResult())).toBe(first);
    expect(renderOcsf(structuredClone(hostileScanResult()))).toBe(first);
  });
});
