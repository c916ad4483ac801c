import type { ClusterContext } from '../../src/check/index.js';
import type { MskCluster } from '../../src/inventory/index.js';

/** The account id of an ARN (`arn:partition:service:region:account:…`), or undefined. */
export function accountOfArn(arn: string): string | undefined {
  return /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1];
}

/**
 * The accounts trusted for a cluster: its own (from its ARN, else the account-region's) and the configured
 * `trustedAccounts`. Organization membership is not inferred: a scan knows the organization's accounts only when
 * its scope is the whole organization, and --ou / --exclude-accounts narrow even that, so trusting the scope
 * would make the verdict depend on how the scan was invoked. List the organization's accounts in trustedAccounts.
 */
export function trustedAccounts(cluster: MskCluster, context: Pick<ClusterContext, 'account' | 'thresholds'>): Set<string> {
  const own = accountOfArn(cluster.ClusterArn) ?? context.account;
  return new Set([own, ...(context.thresholds.trustedAccounts ?? [])]);
}
