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
