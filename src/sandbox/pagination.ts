/**
 * Opaque NextToken handling shared by the services. A token encodes the offset and the scope it was
 * issued for (operation + account + region + filters); a token that does not decode, or was issued for
 * another scope, is rejected with the service's own invalid-token error.
 */
import { AwsError } from './errors.js';

export interface PageRequest {
  scope: string;
  nextToken: unknown;
  maxResults: unknown;
  /** Page size when MaxResults is absent. */
  defaultSize: number;
  /** Largest MaxResults accepted. */
  maxSize: number;
  minSize?: number;
  invalidToken: () => AwsError;
  invalidMaxResults: (value: number) => AwsError;
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

export function encodeToken(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ v: 1, s: scope, o: offset }), 'utf8').toString('base64url');
}

export function decodeToken(token: string, scope: string): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { v?: unknown; s?: unknown; o?: unknown };
    if (parsed.v !== 1 || parsed.s !== scope || typeof parsed.o !== 'number' || !Number.isInteger(parsed.o) || parsed.o < 0) return undefined;
    return parsed.o;
  } catch {
    return undefined;
  }
}

/** Validates MaxResults/NextToken and returns the page size and start offset. */
export function pageWindow(req: PageRequest): { offset: number; size: number } {
  let size = req.defaultSize;
  if (req.maxResults !== undefined && req.maxResults !== null) {
    const n = Number(req.maxResults);
    if (!Number.isInteger(n) || n < (req.minSize ?? 1) || n > req.maxSize) throw req.invalidMaxResults(n);
    size = n;
  }
  let offset = 0;
  if (req.nextToken !== undefined && req.nextToken !== null && req.nextToken !== '') {
    const decoded = decodeToken(String(req.nextToken), req.scope);
    if (decoded === undefined) throw req.invalidToken();
    offset = decoded;
  }
  return { offset, size };
}

export function paginate<T>(items: readonly T[], req: PageRequest): Page<T> {
  const { offset, size } = pageWindow(req);
  if (offset > items.length) throw req.invalidToken();
  const slice = items.slice(offset, offset + size);
  const next = offset + size;
  return next < items.length ? { items: slice, nextToken: encodeToken(req.scope, next) } : { items: slice };
}
