/*
 * Per-cluster detail: every finding grouped by the resource it is about (an MSK cluster, or a whole
 * account-region for CloudTrail checks and clusters that could not be listed), plus the clusters a tag filter
 * left out. Also the anchors (`#finding-N`) other sections link to, and the filter choices.
 */
import type { ClusterSummary } from '../../src/engine/cluster-summary.js';
import type { Finding } from '../../src/engine/finding.js';
import type { HeldScanResult, ScanResult } from '../../src/engine/scan-result.js';
import {
  compareWithinResource,
  countStatus,
  httpsUrl,
  isRecord,
  keyValues,
  ordinal,
  plural,
  prettyJson,
  resourceTypeLabel,
  scalar,
  severityBadge,
  severityCounts,
  severityOrder,
  statusBadge,
  statusCounts,
  text,
  uniqueSorted,
  zeroCounts,
  type Badge,
  type CountView,
  type KeyValue,
} from './format.js';

export interface AcceptedView {
  exceptionId: string;
  reason: string;
  owner: string;
  expires: string;
}

export interface FindingView {
  /** `finding-N`: generated, never taken from the data. */
  anchor: string;
  id: string;
  title: string;
  checkId: string;
  /** The raw status and severity, for the filter's data- attributes. */
  statusKey: string;
  severityKey: string;
  status: Badge;
  severity: Badge;
  resource: { typeLabel: string; name: string; arn: string; account: string; region: string; tags: KeyValue[] };
  reason: string;
  evidenceJson: string;
  /** Remediation is shown for findings that need action or a verdict (FAILED, NOT_AVAILABLE). */
  showRemediation: boolean;
  remediationText: string;
  /** Only an absolute https: URL; otherwise null and the raw value is shown as text in `remediationUrlRejected`. */
  remediationHref: string | null;
  remediationUrlRejected: string | null;
  securityHubControl: string | null;
  accepted: AcceptedView | null;
}

export interface ResourceGroupView {
  /** `resource-N`. */
  anchor: string;
  name: string;
  arn: string;
  typeLabel: string;
  account: string;
  region: string;
  /** Facts of the cluster from the scan result's cluster list (empty for an account-region). */
  facts: KeyValue[];
  tags: KeyValue[];
  counts: CountView[];
  total: number;
  totalLabel: string;
  worstFailed: Badge | null;
  /** The cluster was listed but a tag filter left it out of the evaluation. */
  notEvaluated: boolean;
  findings: FindingView[];
}

export interface FilterOptions {
  statuses: CountView[];
  severities: CountView[];
  accounts: string[];
  regions: string[];
  checks: { id: string; label: string }[];
  total: number;
}

export interface FindingsView {
  groups: ResourceGroupView[];
  filters: FilterOptions;
  /** Finding id → its anchor, for links from the summary, matrices, CloudTrail and accepted-risk sections. */
  anchors: ReadonlyMap<string, string>;
}

export function buildFindings(result: HeldScanResult): FindingsView {
  const clusters = new Map<string, ClusterSummary>();
  for (const cluster of result.clusters ?? []) if (!clusters.has(cluster.arn)) clusters.set(cluster.arn, cluster);

  const byResource = new Map<string, Finding[]>();
  for (const finding of result.findings) {
    const list = byResource.get(finding.resource.arn) ?? [];
    list.push(finding);
    byResource.set(finding.resource.arn, list);
  }

  interface Pending {
    arn: string;
    account: string;
    region: string;
    name: string;
    sortName: string;
    type: string;
    tags: Record<string, string>;
    cluster: ClusterSummary | undefined;
    findings: Finding[];
  }
  const pending: Pending[] = [];
  for (const [arn, findings] of byResource) {
    const first = findings[0]!;
    const cluster = clusters.get(arn);
    const isAccountRegion = first.resource.type === 'AwsAccountRegion';
    const name = isAccountRegion ? 'Whole account-region' : text(first.resource.name ?? cluster?.name);
    pending.push({
      arn,
      account: first.resource.account,
      region: first.resource.region,
      name,
      sortName: first.resource.name ?? cluster?.name ?? arn,
      type: first.resource.type,
      tags: cluster?.tags ?? first.resource.tags,
      cluster,
      findings: [...findings].sort(compareWithinResource),
    });
  }
  for (const [arn, cluster] of clusters) {
    if (byResource.has(arn)) continue;
    pending.push({
      arn,
      account: cluster.account,
      region: cluster.region,
      name: text(cluster.name),
      sortName: cluster.name ?? arn,
      type: 'AwsMskCluster',
      tags: cluster.tags,
      cluster,
      findings: [],
    });
  }
  pending.sort((a, b) => ordinal(a.account, b.account) || ordinal(a.region, b.region) || ordinal(a.sortName, b.sortName) || ordinal(a.arn, b.arn));

  const anchors = new Map<string, string>();
  let findingIndex = 0;
  const groups = pending.map((group, groupIndex): ResourceGroupView => {
    const counts = zeroCounts();
    let worst: string | null = null;
    const findings = group.findings.map((finding) => {
      findingIndex += 1;
      const anchor = `finding-${findingIndex}`;
      if (!anchors.has(finding.id)) anchors.set(finding.id, anchor);
      countStatus(counts, finding.status);
      if (finding.status === 'FAILED' && !finding.accepted && (worst === null || severityOrder(finding.severity) < severityOrder(worst))) worst = finding.severity;
      return findingView(finding, anchor);
    });
    const total = findings.length;
    return {
      anchor: `resource-${groupIndex + 1}`,
      name: group.name,
      arn: group.arn,
      typeLabel: group.type === 'AwsAccountRegion' ? 'account-level checks' : resourceTypeLabel(group.type),
      account: group.account,
      region: group.region,
      facts: group.cluster ? clusterFacts(group.cluster) : [],
      tags: keyValues(group.tags),
      counts: statusCounts(counts),
      total,
      totalLabel: plural(total, 'finding'),
      worstFailed: worst === null ? null : severityBadge(worst),
      notEvaluated: group.cluster?.evaluated === false,
      findings,
    };
  });

  return { groups, filters: filterOptions(result), anchors };
}

export function findingView(finding: Finding, anchor: string): FindingView {
  const href = httpsUrl(finding.remediation?.url);
  const accepted = finding.accepted;
  return {
    anchor,
    id: finding.id,
    title: finding.title,
    checkId: finding.checkId,
    statusKey: String(finding.status),
    severityKey: String(finding.severity),
    status: statusBadge(finding.status),
    severity: severityBadge(finding.severity),
    resource: {
      typeLabel: resourceTypeLabel(finding.resource.type),
      name: finding.resource.type === 'AwsAccountRegion' ? 'Whole account-region' : text(finding.resource.name),
      arn: finding.resource.arn,
      account: finding.resource.account,
      region: finding.resource.region,
      tags: keyValues(finding.resource.tags),
    },
    reason: finding.reason,
    evidenceJson: prettyJson(finding.evidence),
    showRemediation: finding.status === 'FAILED' || finding.status === 'NOT_AVAILABLE',
    remediationText: text(finding.remediation?.text),
    remediationHref: href,
    remediationUrlRejected: href === null && finding.remediation?.url ? finding.remediation.url : null,
    securityHubControl: finding.securityHubControl || null,
    accepted: isRecord(accepted)
      ? { exceptionId: text(accepted.exceptionId), reason: text(accepted.reason), owner: text(accepted.owner), expires: text(accepted.expires) }
      : null,
  };
}

/** The cluster's identifying and security-relevant facts, as listed; absent ones are left out. */
function clusterFacts(cluster: ClusterSummary): KeyValue[] {
  const facts: [string, unknown][] = [
    ['Cluster type', cluster.clusterType],
    ['State', cluster.state],
    ['Kafka version', cluster.kafkaVersion],
    ['Broker nodes', cluster.numberOfBrokerNodes],
    ['At-rest KMS key', cluster.encryptionInfo?.EncryptionAtRest?.DataVolumeKMSKeyId],
    ['Client-broker encryption', cluster.encryptionInfo?.EncryptionInTransit?.ClientBroker],
    ['In-cluster encryption', cluster.encryptionInfo?.EncryptionInTransit?.InCluster],
    ['Client authentication', clientAuthentication(cluster.clientAuthentication)],
    ['Enhanced monitoring', cluster.enhancedMonitoring],
    ['Current version', cluster.currentVersion],
  ];
  return facts.filter(([, value]) => value !== undefined && value !== null).map(([key, value]) => ({ key, value: scalar(value) }));
}

/** "IAM, SCRAM" / "unauthenticated" from the ClientAuthentication structure; undefined when not listed. */
function clientAuthentication(auth: ClusterSummary['clientAuthentication']): string | undefined {
  if (!isRecord(auth)) return undefined;
  const enabled = (value: unknown): boolean => isRecord(value) && value.Enabled === true;
  const sasl = isRecord(auth.Sasl) ? auth.Sasl : {};
  const methods = [
    enabled(sasl.Iam) ? 'IAM' : null,
    enabled(sasl.Scram) ? 'SASL/SCRAM' : null,
    enabled(auth.Tls) ? 'mutual TLS' : null,
    enabled(auth.Unauthenticated) ? 'unauthenticated' : null,
  ].filter((method): method is string => method !== null);
  return methods.length > 0 ? methods.join(', ') : 'none enabled';
}

function filterOptions(result: ScanResult): FilterOptions {
  const statuses: Record<string, number> = {};
  const severities: Record<string, number> = {};
  const checks = new Map<string, string>();
  for (const check of result.checks) checks.set(check.id, check.title);
  for (const finding of result.findings) {
    statuses[finding.status] = (statuses[finding.status] ?? 0) + 1;
    severities[finding.severity] = (severities[finding.severity] ?? 0) + 1;
    if (!checks.has(finding.checkId)) checks.set(finding.checkId, finding.title);
  }
  const findingChecks = new Set(result.findings.map((finding) => finding.checkId));
  return {
    statuses: statusCounts(statuses),
    severities: severityCounts(severities),
    accounts: uniqueSorted(result.findings.map((finding) => finding.resource.account)),
    regions: uniqueSorted(result.findings.map((finding) => finding.resource.region)),
    checks: [...checks]
      .filter(([id]) => findingChecks.has(id))
      .sort(([a], [b]) => ordinal(a, b))
      .map(([id, title]) => ({ id, label: `${id} — ${title}` })),
    total: result.findings.length,
  };
}
