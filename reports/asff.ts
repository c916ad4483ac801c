/**
 * msk-audit findings in the AWS Security Finding Format (ASFF), as BatchImportFindings takes them. Pure: no
 * I/O, no clock — the caller passes "now" and, when there is one, the finding Security Hub already holds.
 *
 * Status mapping (Security Hub has no NOT_APPLICABLE):
 *   PASSED         → Compliance.Status PASSED, RecordState ACTIVE (Security Hub resolves it), Severity INFORMATIONAL
 *   FAILED         → FAILED, ACTIVE, the finding's severity; an accepted risk → WARNING with StatusReasons [ACCEPTED_RISK: who, until when, why]
 *   NOT_AVAILABLE  → NOT_AVAILABLE, ACTIVE, the finding's severity (a gap in the evidence must stay visible)
 *   NOT_APPLICABLE → NOT_AVAILABLE with StatusReasons [NOT_APPLICABLE: the reason], RecordState ARCHIVED,
 *                    Severity INFORMATIONAL. Never PASSED (that would be a false pass), and still imported (the
 *                    verdict and its reason stay in Security Hub, and an earlier FAILED finding for the same Id is
 *                    superseded instead of staying active). This is what Security Hub does with its own controls
 *                    when AWS Config answers NOT_APPLICABLE: NOT_AVAILABLE, then archived.
 * Severity.Original (top level and FindingProviderFields) always carries msk-audit's severity.
 */
import type {
  AssociatedStandard,
  AwsMskClusterClusterInfoClientAuthenticationDetails,
  AwsMskClusterClusterInfoDetails,
  AwsSecurityFinding,
  Compliance,
  ComplianceStatus,
  Partition,
  RecordState,
  Resource,
  SeverityLabel,
} from '@aws-sdk/client-securityhub';
import { FRAMEWORK_IDS, type FrameworkId, type FrameworkMappings } from '../src/check/index.js';
import type { ClusterSummary } from '../src/engine/cluster-summary.js';
import type { Finding } from '../src/engine/finding.js';
import { accountRegionGroups, firstFinding } from '../src/engine/finding-set.js';
import type { ScanResult } from '../src/engine/scan-result.js';
import type { ClientAuthentication } from '../src/inventory/index.js';
import { batchFindings } from '../src/publish/batches.js';
import { prettyJsonChunks } from './json.js';
import type { ReportRenderer } from './renderer.js';

export const ASFF_SCHEMA_VERSION = '2018-10-08';
/** Every msk-audit GeneratorId (and finding Id) starts with this. */
export const GENERATOR_PREFIX = 'msk-audit/';
export const FSBP_STANDARDS_ID = 'standards/aws-foundational-security-best-practices/v/1.0.0';
export const MAX_DESCRIPTION_LENGTH = 1024;
export const MAX_TITLE_LENGTH = 256;
export const MAX_RELATED_REQUIREMENTS = 32;
const MAX_REMEDIATION_TEXT_LENGTH = 512;
const MAX_PRODUCT_FIELD_VALUE_LENGTH = 2048;
const MAX_STATUS_REASON_LENGTH = 2048;

/** The ProductFields msk-audit writes (string values); the first three mark a finding as msk-audit's. */
export const PRODUCT_FIELDS = {
  toolVersion: 'msk-audit/ToolVersion',
  scanId: 'msk-audit/ScanId',
  checkId: 'msk-audit/CheckId',
  status: 'msk-audit/Status',
  evidence: 'msk-audit/Evidence',
  requirementsOmitted: 'msk-audit/RelatedRequirementsOmitted',
  archiveReason: 'msk-audit/ArchiveReason',
} as const;

const BEST_PRACTICES_TYPE = 'Software and Configuration Checks/AWS Security Best Practices';
const STANDARDS_TYPE = 'Software and Configuration Checks/Industry and Regulatory Standards';

/** Per framework: the ASFF Types classifier and how a requirement id is written in RelatedRequirements. */
const FRAMEWORKS: Record<FrameworkId, { classifier: string; requirement: (id: string) => string }> = {
  'pci-dss-4.0.1': { classifier: 'PCI-DSS', requirement: (id) => `PCI DSS v4.0.1/${id}` },
  soc2: { classifier: 'SOC 2', requirement: (id) => `SOC 2/${id}` },
  'nist-800-53-r5': { classifier: 'NIST 800-53 Controls (USA)', requirement: (id) => `NIST.800-53.r5 ${id}` },
  'iso-27001-2022': { classifier: 'ISO 27001 Controls', requirement: (id) => `ISO/IEC 27001:2022/${id}` },
};

const PARTITIONS: readonly string[] = ['aws', 'aws-cn', 'aws-us-gov'];

/** The custom-integration product of an account in a region: findings are imported there by that account. */
export function defaultProductArn(partition: string, region: string, account: string): string {
  return `arn:${partition}:securityhub:${region}:${account}:product/${account}/default`;
}

export function generatorIdFor(checkId: string): string {
  return `${GENERATOR_PREFIX}${checkId}`;
}

/** The partition the scan ran in (from the caller's ARN; `aws` when it cannot be read). */
export function scanPartition(result: Pick<ScanResult, 'caller' | 'findings'>): string {
  const fromFinding = firstFinding(result.findings)?.resource.partition;
  if (fromFinding) return fromFinding;
  const [prefix, partition] = result.caller.arn.split(':');
  return prefix === 'arn' && partition ? partition : 'aws';
}

/**
 * At most `max` UTF-16 units, cut between characters (never inside a surrogate pair) and ending in an ellipsis
 * when anything was cut.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let kept = '';
  for (const character of text) {
    if (kept.length + character.length > max - 1) break;
    kept += character;
  }
  return `${kept.trimEnd()}…`;
}

/** UpdatedAt for an import: now, or 1 ms after the existing finding's UpdatedAt when that is not earlier. */
export function nextUpdatedAt(now: Date, previousUpdatedAt?: string): string {
  const previous = previousUpdatedAt === undefined ? Number.NaN : Date.parse(previousUpdatedAt);
  const at = Number.isNaN(previous) ? now.getTime() : Math.max(now.getTime(), previous + 1);
  return new Date(at).toISOString();
}

/** What an import keeps from the finding Security Hub already holds under the same Id. */
export type PreviousFinding = Pick<AwsSecurityFinding, 'CreatedAt' | 'UpdatedAt' | 'FirstObservedAt'>;

export interface AsffContext {
  /** The publication's time: UpdatedAt (and CreatedAt of a new finding). */
  now: Date;
  /** The finding Security Hub holds under this Id, if any: its CreatedAt / FirstObservedAt are kept. */
  previous?: PreviousFinding;
}

export type AsffMapper = (finding: Finding, context: AsffContext) => AwsSecurityFinding;

/** A mapper for the findings of one scan result (it looks up each cluster's summary once). */
export function asffMapper(result: ScanResult): AsffMapper {
  const clusters = new Map(result.clusters.map((cluster) => [cluster.arn, cluster]));
  return (finding, context) => toAsffFinding(finding, result, clusters.get(finding.resource.arn), context);
}

function toAsffFinding(finding: Finding, result: ScanResult, cluster: ClusterSummary | undefined, context: AsffContext): AwsSecurityFinding {
  const { resource } = finding;
  const { previous } = context;
  const updatedAt = nextUpdatedAt(context.now, previous?.UpdatedAt);
  const createdAt = validTime(previous?.CreatedAt) ?? updatedAt;
  const observedAt = validTime(result.collectedAt) ?? updatedAt;
  const firstObservedAt = earliest(validTime(previous?.FirstObservedAt) ?? (previous ? validTime(previous.CreatedAt) : undefined), observedAt);
  const label = severityLabel(finding);
  const types = findingTypes(finding.frameworks);
  const { requirements, omitted } = relatedRequirements(finding.frameworks);

  const productFields: Record<string, string> = {
    [PRODUCT_FIELDS.toolVersion]: result.tool.version,
    [PRODUCT_FIELDS.scanId]: result.scanId,
    [PRODUCT_FIELDS.checkId]: finding.checkId,
    [PRODUCT_FIELDS.status]: finding.status,
    [PRODUCT_FIELDS.evidence]: truncateText(JSON.stringify(finding.evidence), MAX_PRODUCT_FIELD_VALUE_LENGTH),
  };
  if (omitted > 0) productFields[PRODUCT_FIELDS.requirementsOmitted] = String(omitted);

  const asff: AwsSecurityFinding = {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: finding.id,
    ProductArn: defaultProductArn(resource.partition, resource.region, resource.account),
    ProductName: 'msk-audit',
    CompanyName: 'msk-audit',
    GeneratorId: generatorIdFor(finding.checkId),
    AwsAccountId: resource.account,
    Types: types,
    CreatedAt: createdAt,
    UpdatedAt: updatedAt,
    FirstObservedAt: firstObservedAt,
    LastObservedAt: observedAt,
    Severity: { Label: label, Original: finding.severity },
    FindingProviderFields: { Severity: { Label: label, Original: finding.severity }, Types: types },
    Title: truncateText(finding.title.trim() || finding.checkId, MAX_TITLE_LENGTH),
    Description: truncateText(finding.reason.trim() || finding.title, MAX_DESCRIPTION_LENGTH),
    Remediation: {
      Recommendation: {
        Text: truncateText(finding.remediation.text, MAX_REMEDIATION_TEXT_LENGTH),
        Url: finding.remediation.url,
      },
    },
    ProductFields: productFields,
    Resources: [asffResource(finding, cluster)],
    Compliance: compliance(finding, requirements),
    RecordState: recordState(finding),
  };
  return asff;
}

function validTime(value: string | undefined): string | undefined {
  return value !== undefined && !Number.isNaN(Date.parse(value)) ? value : undefined;
}

function earliest(a: string | undefined, b: string): string {
  return a !== undefined && Date.parse(a) < Date.parse(b) ? a : b;
}

/** Like Security Hub's controls: a passed (or not applicable) finding is INFORMATIONAL; Original keeps msk-audit's. */
function severityLabel(finding: Finding): SeverityLabel {
  return finding.status === 'FAILED' || finding.status === 'NOT_AVAILABLE' ? finding.severity : 'INFORMATIONAL';
}

function complianceStatus(finding: Finding): ComplianceStatus {
  switch (finding.status) {
    case 'PASSED':
      return 'PASSED';
    case 'FAILED':
      // An accepted risk stays visible but is not a failure while its exception holds.
      return finding.accepted ? 'WARNING' : 'FAILED';
    case 'NOT_AVAILABLE':
    case 'NOT_APPLICABLE':
      return 'NOT_AVAILABLE';
  }
}

function recordState(finding: Finding): RecordState {
  return finding.status === 'NOT_APPLICABLE' ? 'ARCHIVED' : 'ACTIVE';
}

function compliance(finding: Finding, requirements: string[]): Compliance {
  const result: Compliance = { Status: complianceStatus(finding) };
  if (requirements.length > 0) result.RelatedRequirements = requirements;
  if (finding.status === 'NOT_APPLICABLE' || finding.status === 'NOT_AVAILABLE') {
    result.StatusReasons = [{ ReasonCode: finding.status, Description: truncateText(finding.reason, MAX_STATUS_REASON_LENGTH) }];
  }
  if (finding.status === 'FAILED' && finding.accepted) {
    const { reason, owner, expires, exceptionId } = finding.accepted;
    result.StatusReasons = [
      { ReasonCode: 'ACCEPTED_RISK', Description: truncateText(`Accepted risk ${exceptionId} (owner ${owner}, until ${expires}): ${reason}`, MAX_STATUS_REASON_LENGTH) },
    ];
  }
  if (finding.securityHubControl) {
    result.SecurityControlId = finding.securityHubControl;
    const standards: AssociatedStandard[] = [{ StandardsId: FSBP_STANDARDS_ID }];
    result.AssociatedStandards = standards;
  }
  return result;
}

export function findingTypes(frameworks: FrameworkMappings): string[] {
  const types = [BEST_PRACTICES_TYPE];
  for (const framework of FRAMEWORK_IDS) {
    if ((frameworks[framework]?.length ?? 0) > 0) types.push(`${STANDARDS_TYPE}/${FRAMEWORKS[framework].classifier}`);
  }
  return types;
}

/** Framework requirement ids, prefixed by framework, in framework order; at most 32 (the rest counted). */
export function relatedRequirements(frameworks: FrameworkMappings): { requirements: string[]; omitted: number } {
  const all: string[] = [];
  for (const framework of FRAMEWORK_IDS) {
    for (const id of frameworks[framework] ?? []) all.push(FRAMEWORKS[framework].requirement(id));
  }
  const unique = [...new Set(all)];
  return { requirements: unique.slice(0, MAX_RELATED_REQUIREMENTS), omitted: Math.max(0, unique.length - MAX_RELATED_REQUIREMENTS) };
}

function asffResource(finding: Finding, cluster: ClusterSummary | undefined): Resource {
  const { resource } = finding;
  const result: Resource = { Type: resource.type === 'AwsMskCluster' ? 'AwsMskCluster' : 'Other', Id: resource.arn };
  if (PARTITIONS.includes(resource.partition)) result.Partition = resource.partition as Partition;
  result.Region = resource.region;
  if (Object.keys(resource.tags).length > 0) result.Tags = { ...resource.tags };
  if (resource.type === 'AwsMskCluster') {
    const info = clusterInfo(cluster, resource.name);
    if (Object.keys(info).length > 0) result.Details = { AwsMskCluster: { ClusterInfo: info } };
  } else {
    result.Details = { Other: { Scope: `Account ${resource.account} in ${resource.region}` } };
  }
  return result;
}

/** Details.AwsMskCluster.ClusterInfo from the cluster summary: only the fields that are known. */
export function clusterInfo(cluster: ClusterSummary | undefined, fallbackName?: string): AwsMskClusterClusterInfoDetails {
  const info: AwsMskClusterClusterInfoDetails = {};
  const name = cluster?.name ?? fallbackName;
  if (name !== undefined) info.ClusterName = name;
  if (!cluster) return info;
  if (cluster.currentVersion !== undefined) info.CurrentVersion = cluster.currentVersion;
  if (cluster.numberOfBrokerNodes !== undefined) info.NumberOfBrokerNodes = cluster.numberOfBrokerNodes;
  const atRestKey = cluster.encryptionInfo?.EncryptionAtRest?.DataVolumeKMSKeyId;
  const inTransit = cluster.encryptionInfo?.EncryptionInTransit;
  if (atRestKey !== undefined || inTransit?.ClientBroker !== undefined || inTransit?.InCluster !== undefined) {
    info.EncryptionInfo = {};
    if (atRestKey !== undefined) info.EncryptionInfo.EncryptionAtRest = { DataVolumeKMSKeyId: atRestKey };
    if (inTransit?.ClientBroker !== undefined || inTransit?.InCluster !== undefined) {
      info.EncryptionInfo.EncryptionInTransit = {
        ...(inTransit.ClientBroker !== undefined ? { ClientBroker: inTransit.ClientBroker } : {}),
        ...(inTransit.InCluster !== undefined ? { InCluster: inTransit.InCluster } : {}),
      };
    }
  }
  const authentication = cluster.clientAuthentication ? clientAuthentication(cluster.clientAuthentication) : undefined;
  if (authentication) info.ClientAuthentication = authentication;
  if (cluster.enhancedMonitoring !== undefined) info.EnhancedMonitoring = cluster.enhancedMonitoring;
  return info;
}

function clientAuthentication(source: ClientAuthentication): AwsMskClusterClusterInfoClientAuthenticationDetails | undefined {
  const result: AwsMskClusterClusterInfoClientAuthenticationDetails = {};
  const iam = source.Sasl?.Iam?.Enabled;
  const scram = source.Sasl?.Scram?.Enabled;
  if (iam !== undefined || scram !== undefined) {
    result.Sasl = {
      ...(iam !== undefined ? { Iam: { Enabled: iam } } : {}),
      ...(scram !== undefined ? { Scram: { Enabled: scram } } : {}),
    };
  }
  const tls = source.Tls;
  // Clusters are kept as collected (or as a loaded file has them): a list that is not one is left out.
  const cas: unknown = tls?.CertificateAuthorityArnList;
  const caList = Array.isArray(cas) ? cas.filter((arn): arn is string => typeof arn === 'string') : undefined;
  if (tls && (tls.Enabled !== undefined || caList !== undefined)) {
    result.Tls = {
      ...(tls.Enabled !== undefined ? { Enabled: tls.Enabled } : {}),
      ...(caList !== undefined ? { CertificateAuthorityArnList: caList } : {}),
    };
  }
  if (source.Unauthenticated?.Enabled !== undefined) result.Unauthenticated = { Enabled: source.Unauthenticated.Enabled };
  return Object.keys(result).length > 0 ? result : undefined;
}

/** The BatchImportFindings requests of one account-region, as they would be sent. */
export interface AccountRegionPayloads {
  account: string;
  region: string;
  productArn: string;
  /** Each one exactly a BatchImportFindings request body. */
  batches: { Findings: AwsSecurityFinding[] }[];
  /** Findings over Security Hub's 240 KB limit: listed, never sent. */
  oversized: { id: string; bytes: number }[];
}

/** Every finding of the result as ASFF, grouped by the account-region it must be imported in, and batched. */
export function asffPayloads(result: ScanResult, now: Date): AccountRegionPayloads[] {
  return [...eachAsffPayload(result, now)];
}

/** asffPayloads one account-region at a time, reading only its findings (a spooled set is never all in memory). */
export function* eachAsffPayload(result: ScanResult, now: Date): Generator<AccountRegionPayloads> {
  const map = asffMapper(result);
  // Keyed by the findings' own account-region (a finding is imported where its resource is).
  const groups = new Map<string, { account: string; region: string; partition: string; reads: (() => Finding[])[] }>();
  for (const stored of accountRegionGroups(result.findings)) {
    const key = `${stored.account}\n${stored.region}`;
    let group = groups.get(key);
    if (!group) {
      group = { account: stored.account, region: stored.region, partition: '', reads: [] };
      groups.set(key, group);
    }
    group.reads.push(() => stored.read());
  }
  const sorted = [...groups.values()].sort((a, b) => a.account.localeCompare(b.account) || a.region.localeCompare(b.region));
  for (const { account, region, reads } of sorted) {
    const findings: AwsSecurityFinding[] = [];
    let partition = '';
    for (const read of reads) {
      for (const finding of read()) {
        partition ||= finding.resource.partition;
        findings.push(map(finding, { now }));
      }
    }
    const { batches, oversized } = batchFindings(findings);
    yield {
      account,
      region,
      productArn: defaultProductArn(partition, region, account),
      batches: batches.map((Findings) => ({ Findings })),
      oversized: oversized.map(({ finding, bytes }) => ({ id: finding.Id ?? '', bytes })),
    };
  }
}

/**
 * The ASFF file: the BatchImportFindings payloads per account-region and batch, for a scan result on its own —
 * as if Security Hub held no earlier msk-audit finding (so CreatedAt = UpdatedAt = the scan's finishedAt) and
 * without archiving, which needs Security Hub's current state (`msk-audit scan --security-hub` does both).
 */
export function renderAsff(result: ScanResult): string {
  return [...asffChunks(result)].join('');
}

/** renderAsff one account-region per chunk. */
export function asffChunks(result: ScanResult): Generator<string> {
  const document = {
    kind: 'msk-audit-asff',
    schemaVersion: 1,
    scanId: result.scanId,
    tool: result.tool,
    generatedAt: result.finishedAt,
    accountRegions: eachAsffPayload(result, new Date(result.finishedAt)),
  };
  return prettyJsonChunks(document, ['accountRegions']);
}

export const asffReport: ReportRenderer = {
  fileName: 'msk-audit-asff.json',
  render: renderAsff,
  chunks: asffChunks,
};
