/**
 * Approving a baseline (pure): the security state of every cluster of the account-regions whose cluster list was
 * collected, built account-region by account-region (a live scan streams them) or from a saved inventory.
 */
import { BASELINE_SCHEMA_VERSION, describeError, type AccountRegionInventory, type Baseline, type ClusterBaseline, type Inventory } from '../inventory/index.js';
import { TOOL } from '../package-info.js';
import { extractClusterState } from './state.js';

export interface BaselineSource {
  /** When the state was collected: the approval time (drift events are looked for after it). */
  collectedAt: string;
  scanId?: string;
  /** The identity the facts were collected as. */
  caller?: string;
}

/** What the approver should know: account-regions left out, fields that could not be read. */
export interface BaselineWarning {
  account: string;
  region: string;
  clusterArn?: string;
  message: string;
}

export class BaselineBuilder {
  private readonly accountRegions: Baseline['accountRegions'] = [];
  private readonly clusters: Record<string, ClusterBaseline> = {};
  private readonly warnings: BaselineWarning[] = [];

  constructor(private readonly source: BaselineSource) {}

  addAccountRegion(inventory: AccountRegionInventory): void {
    const { account, region } = inventory;
    if (!inventory.clusters.ok) {
      this.warnings.push({
        account,
        region,
        message: `not in the baseline: the cluster list could not be collected (${describeError(inventory.clusters.error)})`,
      });
      return;
    }
    this.accountRegions.push({ account, region });
    for (const cluster of inventory.clusters.value) {
      const { state, unavailable } = extractClusterState(cluster, inventory);
      this.clusters[cluster.ClusterArn] = { account, region, ...(cluster.ClusterName ? { name: cluster.ClusterName } : {}), state };
      const fields = Object.keys(unavailable).sort();
      if (fields.length > 0) {
        this.warnings.push({
          account,
          region,
          clusterArn: cluster.ClusterArn,
          message: `${fields.length} field(s) recorded as unavailable, so drift in them cannot be judged: ${fields
            .map((field) => `${field} (${unavailable[field]})`)
            .join('; ')}`,
        });
      }
    }
  }

  finish(): { baseline: Baseline; warnings: BaselineWarning[] } {
    const accountRegions = [...this.accountRegions].sort((a, b) => a.account.localeCompare(b.account) || a.region.localeCompare(b.region));
    const clusters = Object.fromEntries(Object.keys(this.clusters).sort().map((arn) => [arn, this.clusters[arn]!]));
    const baseline: Baseline = {
      kind: 'msk-audit-baseline',
      schemaVersion: BASELINE_SCHEMA_VERSION,
      tool: { name: TOOL.name, version: TOOL.version },
      approvedAt: this.source.collectedAt,
      source: {
        ...(this.source.scanId ? { scanId: this.source.scanId } : {}),
        collectedAt: this.source.collectedAt,
        ...(this.source.caller ? { caller: this.source.caller } : {}),
      },
      accountRegions,
      clusters,
    };
    return { baseline, warnings: [...this.warnings] };
  }
}

/** The baseline of a saved inventory (`baseline approve --from-inventory`, `diff` with an inventory side). */
export function baselineFromInventory(inventory: Inventory, source: Partial<BaselineSource> = {}): { baseline: Baseline; warnings: BaselineWarning[] } {
  const builder = new BaselineBuilder({ collectedAt: inventory.collectedAt, caller: inventory.caller.arn, ...source });
  for (const accountRegion of inventory.accountRegions) builder.addAccountRegion(accountRegion);
  return builder.finish();
}
