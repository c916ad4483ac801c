/**
 * OCSF (Open Cybersecurity Schema Framework) 1.1.0 Compliance Finding events, one JSON object per line
 * (JSON Lines: UTF-8, LF after every event), one event per finding in the scan result's order — e.g. for
 * Amazon Security Lake or a SIEM. Deterministic: every time comes from the scan result, never the clock.
 *
 * Mapping (msk-audit → OCSF 1.1.0, class Compliance Finding):
 *   class_uid 2003 "Compliance Finding", category_uid 2 "Findings", activity_id 1 "Create", type_uid 200301
 *     (class_uid × 100 + activity_id) "Compliance Finding: Create"
 *   time, finding_info.created_time  ← scan finishedAt (epoch milliseconds)
 *   finding_info.last_seen_time      ← collectedAt (when the evaluated facts were read)
 *   finding_info {uid ← finding id, title ← check title, desc ← reason, analytic {uid/name ← check id, type_id 1 Rule}}
 *   message                          ← reason
 *   severity_id / severity           ← INFORMATIONAL 1, LOW 2, MEDIUM 3, HIGH 4, CRITICAL 5 (captions alike)
 *   compliance.status_id / status    ← PASSED 1 Pass, FAILED 3 Fail, NOT_AVAILABLE 2 Warning (OCSF: "did not yield
 *                                      a result due to missing information"), NOT_APPLICABLE 99 Other "Not Applicable"
 *   compliance.status_code           ← msk-audit's status; compliance.status_detail ← reason
 *   compliance.control               ← check id
 *   compliance.standards             ← the frameworks the finding maps to, e.g. "PCI DSS v4.0.1", "AWS FSBP"
 *                                      (only `scope.framework` when the scan was limited to one; "msk-audit"
 *                                      when the check maps to none, as the attribute is required)
 *   compliance.requirements          ← qualified requirement ids, e.g. "PCI DSS v4.0.1 3.5.1", "AWS FSBP MSK.2"
 *   status_id / status (lifecycle)   ← FAILED and NOT_AVAILABLE 1 New, PASSED 4 Resolved, NOT_APPLICABLE 99 Other
 *   resources[0]                     ← {uid ← ARN, type ← AwsMskCluster | AwsAccountRegion, name, region,
 *                                       cloud_partition, data {tags}}
 *   cloud                            ← {provider "AWS", region, account {uid, type_id 10 "AWS Account"}}
 *   remediation                      ← {desc ← remediation text, references [remediation URL]}
 *   metadata                         ← {version "1.1.0", product {name, vendor_name, version}, profiles ["cloud"],
 *                                       correlation_uid ← scan id}
 *   unmapped                         ← {msk_audit: {scan_id, check_id, status, security_hub_control?, evidence}}
 */
import type { Severity } from '../src/check/index.js';
import type { Finding } from '../src/engine/finding.js';
import type { ScanResult } from '../src/engine/scan-result.js';
import { frameworksInScope, qualifiedRequirements, requirementsByFramework, type SupportedFrameworkId } from '../src/frameworks/index.js';
import type { ReportRenderer } from './renderer.js';

export const OCSF_VERSION = '1.1.0';
export const COMPLIANCE_FINDING_CLASS_UID = 2003;
export const FINDINGS_CATEGORY_UID = 2;
export const ACTIVITY_CREATE = 1;
export const TYPE_UID_CREATE = COMPLIANCE_FINDING_CLASS_UID * 100 + ACTIVITY_CREATE; // 200301

const SEVERITY: Record<Severity, { id: number; caption: string }> = {
  INFORMATIONAL: { id: 1, caption: 'Informational' },
  LOW: { id: 2, caption: 'Low' },
  MEDIUM: { id: 3, caption: 'Medium' },
  HIGH: { id: 4, caption: 'High' },
  CRITICAL: { id: 5, caption: 'Critical' },
};

function severityOf(finding: Finding): { id: number; caption: string } {
  return SEVERITY[finding.severity] ?? { id: 0, caption: 'Unknown' };
}

/** compliance.status_id and its caption. */
export function complianceStatus(status: string): { id: number; caption: string } {
  switch (status) {
    case 'PASSED':
      return { id: 1, caption: 'Pass' };
    case 'FAILED':
      return { id: 3, caption: 'Fail' };
    case 'NOT_APPLICABLE':
      return { id: 99, caption: 'Not Applicable' };
    default:
      // NOT_AVAILABLE, and anything unknown: no result because information is missing — never a pass.
      return { id: 2, caption: 'Warning' };
  }
}

/** The finding's lifecycle status_id and its caption. */
function findingStatus(status: string): { id: number; caption: string } {
  switch (status) {
    case 'PASSED':
      return { id: 4, caption: 'Resolved' };
    case 'NOT_APPLICABLE':
      return { id: 99, caption: 'Not Applicable' };
    default:
      return { id: 1, caption: 'New' };
  }
}

function epochMs(iso: string, field: string): number {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) throw new Error(`OCSF: the scan result's ${field} is not a valid time: ${JSON.stringify(iso)}`);
  return time;
}

/** One finding as an OCSF 1.1.0 Compliance Finding event (a plain JSON object, keys in a fixed order). */
export function toOcsfFinding(finding: Finding, result: ScanResult, frameworks: readonly SupportedFrameworkId[] = frameworksInScope(result)): Record<string, unknown> {
  const time = epochMs(result.finishedAt, 'finishedAt');
  const severity = severityOf(finding);
  const compliance = complianceStatus(finding.status);
  const lifecycle = findingStatus(finding.status);
  const standards = requirementsByFramework(finding, frameworks).map(({ framework }) => framework.label);
  const { resource } = finding;

  const resourceDetails: Record<string, unknown> = { uid: resource.arn, type: resource.type };
  if (resource.name !== undefined) resourceDetails.name = resource.name;
  resourceDetails.region = resource.region;
  resourceDetails.cloud_partition = resource.partition;
  resourceDetails.data = { tags: { ...resource.tags } };

  const unmapped: Record<string, unknown> = {
    scan_id: result.scanId,
    check_id: finding.checkId,
    status: finding.status,
  };
  if (finding.securityHubControl) unmapped.security_hub_control = finding.securityHubControl;
  unmapped.evidence = finding.evidence;

  return {
    activity_id: ACTIVITY_CREATE,
    activity_name: 'Create',
    category_uid: FINDINGS_CATEGORY_UID,
    category_name: 'Findings',
    class_uid: COMPLIANCE_FINDING_CLASS_UID,
    class_name: 'Compliance Finding',
    type_uid: TYPE_UID_CREATE,
    type_name: 'Compliance Finding: Create',
    time,
    severity_id: severity.id,
    severity: severity.caption,
    status_id: lifecycle.id,
    status: lifecycle.caption,
    message: finding.reason,
    metadata: {
      version: OCSF_VERSION,
      product: { name: result.tool.name, vendor_name: result.tool.name, version: result.tool.version },
      profiles: ['cloud'],
      correlation_uid: result.scanId,
    },
    finding_info: {
      uid: finding.id,
      title: finding.title,
      desc: finding.reason,
      created_time: time,
      last_seen_time: epochMs(result.collectedAt, 'collectedAt'),
      analytic: { uid: finding.checkId, name: finding.checkId, type_id: 1, type: 'Rule' },
    },
    compliance: {
      control: finding.checkId,
      standards: standards.length > 0 ? standards : [result.tool.name],
      requirements: qualifiedRequirements(finding, frameworks),
      status_id: compliance.id,
      status: compliance.caption,
      status_code: finding.status,
      status_detail: finding.reason,
    },
    remediation: { desc: finding.remediation.text, references: [finding.remediation.url] },
    resources: [resourceDetails],
    cloud: {
      provider: 'AWS',
      region: resource.region,
      account: { uid: resource.account, type_id: 10, type: 'AWS Account' },
    },
    unmapped: { msk_audit: unmapped },
  };
}

/**
 * JSON text for one line. JSON.stringify escapes C0 controls (so ANSI escapes stay inert) and lone surrogates;
 * DEL, the C1 controls (an 8-bit CSI acts like ESC [ on some terminals) and U+2028 / U+2029 (line separators
 * to some readers) are escaped here too — the parsed values are unchanged.
 */
function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function renderOcsf(result: ScanResult): string {
  return [...ocsfChunks(result)].join('');
}

/** renderOcsf one line per chunk, reading the findings as it goes. */
export function* ocsfChunks(result: ScanResult): Generator<string> {
  const frameworks = frameworksInScope(result);
  for (const finding of result.findings) yield `${jsonLine(toOcsfFinding(finding, result, frameworks))}\n`;
}

export const ocsfReport: ReportRenderer = {
  fileName: 'msk-audit-ocsf.jsonl',
  render: renderOcsf,
  chunks: ocsfChunks,
};
