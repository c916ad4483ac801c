import type { AccountRegionInventory, Inventory, MskCluster } from '../inventory/index.js';
import { describeError } from '../inventory/index.js';
import {
  notAvailable,
  STATUSES,
  type Check,
  type Severity,
  type Thresholds,
  type Verdict,
} from '../check/index.js';
import { accountRegionArn, findingId, type Finding, type FindingResource } from './finding.js';

export interface EvaluationOptions {
  checks: readonly Check[];
  thresholds: Thresholds;
  severityOverrides?: Record<string, Severity>;
  /** Only clusters carrying every one of these tags are evaluated. */
  tagFilters?: Record<string, string>;
}

/** Runs every check over every cluster of the inventory. Pure: the same inventory gives the same findings. */
export function evaluateInventory(inventory: Inventory, options: EvaluationOptions): Finding[] {
  return inventory.accountRegions.flatMap((accountRegion) =>
    evaluateAccountRegion(accountRegion, inventory.partition, options),
  );
}

export function evaluateAccountRegion(
  accountRegion: AccountRegionInventory,
  partition: string,
  options: EvaluationOptions,
): Finding[] {
  const { account, region } = accountRegion;
  if (!accountRegion.clusters.ok) {
    // Without the cluster list no check can answer; say so once per check rather than report nothing.
    const error = accountRegion.clusters.error;
    const resource: FindingResource = {
      type: 'AwsAccountRegion',
      arn: accountRegionArn(partition, account, region),
      account,
      region,
      partition,
      tags: {},
    };
    const verdict = notAvailable(`The MSK clusters of ${account} in ${region} could not be listed: ${describeError(error)}.`, {
      collectionError: { service: error.service, operation: error.operation, code: error.code, message: error.message },
    });
    return options.checks.map((check) => toFinding(check, resource, verdict, options));
  }

  const findings: Finding[] = [];
  const clusters = [...accountRegion.clusters.value].sort((a, b) => a.ClusterArn.localeCompare(b.ClusterArn));
  for (const cluster of clusters) {
    if (!matchesTags(cluster, options.tagFilters)) continue;
    const resource = clusterResource(cluster, partition, account, region);
    for (const check of options.checks) {
      const verdict = runCheck(check, cluster, accountRegion, options.thresholds);
      findings.push(toFinding(check, resource, verdict, options));
    }
  }
  return findings;
}

function runCheck(check: Check, cluster: MskCluster, inventory: AccountRegionInventory, thresholds: Thresholds): Verdict {
  let verdict: unknown;
  try {
    verdict = check.evaluate(cluster, { account: inventory.account, region: inventory.region, inventory, thresholds });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return notAvailable(`The check stopped with an error and gave no verdict: ${message}.`, { checkError: message });
  }
  return isVerdict(verdict)
    ? verdict
    : notAvailable('The check returned something that is not a verdict.', { returned: String(verdict) });
}

function isVerdict(value: unknown): value is Verdict {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Verdict>;
  return (
    STATUSES.includes(candidate.status as Verdict['status']) &&
    typeof candidate.reason === 'string' &&
    typeof candidate.evidence === 'object' &&
    candidate.evidence !== null
  );
}

function toFinding(check: Check, resource: FindingResource, verdict: Verdict, options: EvaluationOptions): Finding {
  const { meta } = check;
  const finding: Finding = {
    id: findingId(meta.id, resource.arn),
    checkId: meta.id,
    title: meta.title,
    status: verdict.status,
    // A configured override is the user's policy and wins over both the check's and the verdict's severity.
    severity: options.severityOverrides?.[meta.id] ?? verdict.severity ?? meta.severity,
    reason: verdict.reason,
    evidence: verdict.evidence,
    resource,
    remediation: meta.remediation,
    frameworks: meta.frameworks,
  };
  if (meta.securityHubControl) finding.securityHubControl = meta.securityHubControl;
  return finding;
}

function clusterResource(cluster: MskCluster, partition: string, account: string, region: string): FindingResource {
  const resource: FindingResource = {
    type: 'AwsMskCluster',
    arn: cluster.ClusterArn,
    account,
    region,
    partition,
    tags: { ...(cluster.Tags ?? {}) },
  };
  if (cluster.ClusterName) resource.name = cluster.ClusterName;
  return resource;
}

export function matchesTags(cluster: MskCluster, tagFilters: Record<string, string> | undefined): boolean {
  if (!tagFilters) return true;
  return Object.entries(tagFilters).every(([key, value]) => cluster.Tags?.[key] === value);
}
