import type { MskCluster, ProvisionedInfo, ServerlessInfo } from '../../src/inventory/index.js';
import { notApplicable, notAvailable, type Evidence, type Verdict } from '../../src/check/index.js';

export interface ClusterTypeHandlers {
  provisioned(provisioned: ProvisionedInfo): Verdict;
  serverless(serverless: ServerlessInfo): Verdict;
}

/**
 * The common front of every cluster check: handles the lifecycle states where a cluster's settings no
 * longer matter, then dispatches on the cluster type so that serverless clusters are judged by their own
 * semantics. The cluster type and state always join the verdict's evidence.
 */
export function evaluateCluster(cluster: MskCluster, handlers: ClusterTypeHandlers): Verdict {
  const context: Evidence = { ClusterType: cluster.ClusterType ?? null, State: cluster.State ?? null };
  const verdict = dispatch(cluster, handlers);
  // The same object as `{ ...context, ...verdict.evidence }` (same keys, values and order), built with
  // Object.assign: the double spread of differently-shaped evidence objects was ~1 µs per call. Object.assign
  // sets rather than defines, which differs only for an own `__proto__` key: that rare case keeps the spread.
  const evidence = Object.hasOwn(verdict.evidence, '__proto__') ? { ...context, ...verdict.evidence } : Object.assign(context, verdict.evidence);
  return { ...verdict, evidence };
}

function dispatch(cluster: MskCluster, handlers: ClusterTypeHandlers): Verdict {
  if (cluster.State === 'DELETING') {
    return notApplicable('The cluster is being deleted, so its settings are no longer evaluated.', {});
  }
  if (cluster.State === 'FAILED') {
    const detail = cluster.StateInfo?.Message ? ` (${cluster.StateInfo.Message})` : '';
    return notApplicable(`The cluster is in the FAILED state${detail} and serves no clients.`, {
      'StateInfo.Code': cluster.StateInfo?.Code ?? null,
    });
  }
  if (cluster.ClusterType === 'PROVISIONED') {
    return cluster.Provisioned
      ? handlers.provisioned(cluster.Provisioned)
      : notAvailable('The cluster is PROVISIONED but the API returned no provisioned details.', {});
  }
  if (cluster.ClusterType === 'SERVERLESS') {
    return cluster.Serverless
      ? handlers.serverless(cluster.Serverless)
      : notAvailable('The cluster is SERVERLESS but the API returned no serverless details.', {});
  }
  return notAvailable(`The cluster type ${JSON.stringify(cluster.ClusterType ?? null)} is not recognised.`, {});
}

/** Evidence values must be JSON: undefined becomes null so that "missing" stays visible in reports. */
export function orNull<T extends Evidence[string]>(value: T | undefined): T | null {
  return value === undefined ? null : value;
}
