/**
 * A fact the collector tried to read. Either it was read (`ok: true`) or it could not be, and the
 * error says why. Checks must turn an unavailable fact into NOT_AVAILABLE — never into a PASS.
 */
export type Fact<T> = { ok: true; value: T } | { ok: false; error: CollectionError };

export interface CollectionError {
  service: string;
  operation: string;
  /** The AWS error code (e.g. AccessDeniedException) or a local code such as MalformedResponse. */
  code: string;
  message: string;
  account?: string;
  region?: string;
  /** The resource the call was about (cluster ARN, key ARN, configuration ARN …), when there is one. */
  resource?: string;
}

export function available<T>(value: T): Fact<T> {
  return { ok: true, value };
}

export function unavailable<T = never>(error: CollectionError): Fact<T> {
  return { ok: false, error };
}

export function describeError(error: CollectionError): string {
  return `${error.service}:${error.operation} failed with ${error.code}: ${error.message}`;
}

/**
 * The code of a fact deliberately not collected because ListClustersV2 (every page) found no cluster in the
 * account-region and the fact only describes clusters or their clients (Kafka versions, MSK Connect connectors,
 * Lambda event source mappings). It is not an error — it is not in the account-region's `errors`, so coverage stays
 * `complete` — and no check may PASS on it: cluster checks never meet it (there is no cluster) and account-region
 * checks answer NOT_APPLICABLE (no cluster to judge) only when the cluster list is known to be empty, else
 * NOT_AVAILABLE.
 */
export const NOT_COLLECTED_NO_CLUSTER = 'NotCollectedNoCluster';

export function notCollectedNoCluster<T = never>(context: { service: string; operation: string; account: string; region: string }): Fact<T> {
  return unavailable({
    ...context,
    code: NOT_COLLECTED_NO_CLUSTER,
    message: `not collected: ListClustersV2 found no MSK cluster in ${context.account} ${context.region}`,
  });
}

/** Whether the fact was left out because the account-region has no cluster (see NOT_COLLECTED_NO_CLUSTER). */
export function isNotCollectedNoCluster(fact: Fact<unknown> | undefined): boolean {
  return fact !== undefined && !fact.ok && fact.error.code === NOT_COLLECTED_NO_CLUSTER;
}
