/**
 * The drift report (ScanResult.drift, `msk-audit diff`): built account-region by account-region, so a scan can
 * drop each account's raw facts once it is compared.
 */
import type { AccountRegionInventory, Baseline, MskCluster } from '../inventory/index.js';
import { describeError } from '../inventory/index.js';
import { attributeAddition, attributeChanges, attributeRemoval, eventEvidence, type EventEvidence } from './attribute.js';
import { diffAccountRegion, type ObservedAccountRegion, type ObservedCluster } from './diff.js';
import { extractClusterState } from './state.js';
import type { AddedCluster, Attribution, ChangedCluster, DriftReport, NotCompared, RemovedCluster } from './types.js';

export interface DriftOptions {
  /** Only clusters carrying every one of these tags are compared (as for the checks); removed clusters are always reported. */
  tagFilters?: Record<string, string>;
}

/** An account-region's clusters as observed, from its inventory. */
export function observeAccountRegion(inventory: AccountRegionInventory, options: DriftOptions = {}): ObservedAccountRegion {
  const { account, region } = inventory;
  if (!inventory.clusters.ok) return { account, region, reason: `the cluster list could not be collected: ${describeError(inventory.clusters.error)}` };
  const clusters: Record<string, ObservedCluster> = {};
  for (const cluster of inventory.clusters.value) {
    if (!matches(cluster, options.tagFilters)) continue;
    const { state, unavailable } = extractClusterState(cluster, inventory);
    clusters[cluster.ClusterArn] = {
      ...(cluster.ClusterName ? { name: cluster.ClusterName } : {}),
      state,
      ...(Object.keys(unavailable).length > 0 ? { unavailable } : {}),
    };
  }
  return { account, region, clusters };
}

export class DriftAccumulator {
  private readonly added: AddedCluster[] = [];
  private readonly removed: RemovedCluster[] = [];
  private readonly changed: ChangedCluster[] = [];
  private readonly unverified: ChangedCluster[] = [];
  private readonly notCompared: NotCompared[] = [];
  private readonly seen = new Set<string>();
  private unchanged = 0;

  constructor(
    private readonly baseline: Baseline,
    private readonly options: DriftOptions = {},
  ) {}

  /** Compares one collected account-region with the baseline; its events explain the changes. */
  addAccountRegion(inventory: AccountRegionInventory): void {
    const tagged = this.options.tagFilters !== undefined && Object.keys(this.options.tagFilters).length > 0;
    const observed = observeAccountRegion(inventory, this.options);
    // With a tag filter, untagged clusters are left out of `observed`; they are not removed.
    const listed = inventory.clusters.ok ? new Set(inventory.clusters.value.map((cluster) => cluster.ClusterArn)) : undefined;
    this.addObserved(observed, eventEvidence(inventory.kafkaEvents), tagged ? listed : undefined);
  }

  /**
   * Compares one observed account-region. `listed`: every ARN listed there (when the observation leaves some out,
   * e.g. by tag), so that only truly unlisted clusters count as removed.
   */
  addObserved(observed: ObservedAccountRegion, events: EventEvidence, listed?: ReadonlySet<string>): void {
    const { account, region } = observed;
    this.seen.add(key(account, region));
    const period = { since: this.baseline.approvedAt };
    const diff = diffAccountRegion(this.baseline, observed);
    if (observed.clusters === undefined) {
      if (diff.inBaseline) this.notCompared.push({ account, region, reason: observed.reason ?? 'the cluster list could not be collected' });
      return;
    }
    for (const ref of diff.added) {
      this.added.push({ ...ref, attribution: attributeAddition(ref.clusterArn, events, period), accountRegionInBaseline: diff.inBaseline });
    }
    for (const { approved, ...ref } of diff.removed) {
      if (listed?.has(ref.clusterArn)) continue;
      const wasDeleting = approved.state['cluster.state'] === 'DELETING';
      this.removed.push({ ...ref, attribution: removalAttribution(ref.clusterArn, events, this.baseline.approvedAt, wasDeleting) });
    }
    for (const { diff: stateDiff, observed: cluster, ...ref } of diff.compared) {
      if (stateDiff.changes.length === 0 && stateDiff.unknown.length === 0) {
        this.unchanged += 1;
        continue;
      }
      const entry: ChangedCluster = {
        ...ref,
        changes: attributeChanges(ref.clusterArn, stateDiff.changes, events, period),
        unknown: stateDiff.unknown,
      };
      if (cluster.unavailable && stateDiff.unknown.length > 0) entry.unavailable = cluster.unavailable;
      if (stateDiff.notRecorded.length > 0) entry.notRecorded = stateDiff.notRecorded;
      (stateDiff.changes.length > 0 ? this.changed : this.unverified).push(entry);
    }
  }

  finish(comparedAt: string): DriftReport {
    for (const { account, region } of this.baseline.accountRegions) {
      if (!this.seen.has(key(account, region))) {
        this.notCompared.push({ account, region, reason: 'the account-region was not part of this comparison (not scanned, or not in NEW)' });
      }
    }
    const byArn = <T extends { clusterArn: string }>(items: T[]) => [...items].sort((a, b) => a.clusterArn.localeCompare(b.clusterArn));
    const unexplained =
      [...this.added, ...this.removed].filter((entry) => !isExplained(entry.attribution)).length +
      this.changed.reduce((sum, cluster) => sum + cluster.changes.filter((change) => !isExplained(change.attribution)).length, 0);
    const report: DriftReport = {
      baseline: {
        approvedAt: this.baseline.approvedAt,
        ...(this.baseline.source.scanId ? { scanId: this.baseline.source.scanId } : {}),
        collectedAt: this.baseline.source.collectedAt,
        clusters: Object.keys(this.baseline.clusters).length,
        accountRegions: this.baseline.accountRegions.length,
      },
      comparedAt,
      summary: {
        added: this.added.length,
        removed: this.removed.length,
        changed: this.changed.length,
        unverified: this.unverified.length,
        unchanged: this.unchanged,
        unexplained,
      },
      added: byArn(this.added),
      removed: byArn(this.removed),
      changed: byArn(this.changed),
      unverified: byArn(this.unverified),
      notCompared: [...this.notCompared].sort((a, b) => a.account.localeCompare(b.account) || a.region.localeCompare(b.region)),
    };
    return report;
  }
}

/**
 * A removal's DeleteCluster call: after the approval — or, for a cluster that was already DELETING when approved,
 * anywhere in the looked-up window.
 */
export function removalAttribution(clusterArn: string, events: EventEvidence, approvedAt: string, wasDeleting: boolean): Attribution {
  if (wasDeleting && events.available) {
    const found = attributeRemoval(clusterArn, events, { since: new Date(0).toISOString() });
    if (found.status === 'explained') return found;
    return {
      status: 'unknown',
      reason: 'the cluster was already DELETING when the baseline was approved, so its DeleteCluster call predates the approval and is not in the looked-up events',
    };
  }
  return attributeRemoval(clusterArn, events, { since: approvedAt });
}

export function isExplained(attribution: Attribution): boolean {
  return attribution.status === 'explained';
}

function key(account: string, region: string): string {
  return `${account}/${region}`;
}

function matches(cluster: MskCluster, tagFilters: Record<string, string> | undefined): boolean {
  return Object.entries(tagFilters ?? {}).every(([name, value]) => cluster.Tags?.[name] === value);
}
