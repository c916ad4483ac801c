import type { IncomingCall } from './types.js';

/** Form parameters of a query-protocol request: the urlencoded body (POST) or the query string (GET). */
export function formParams(call: IncomingCall): Map<string, string> {
  const params = new Map<string, string>();
  for (const [k, v] of call.query) params.set(k, v);
  const type = String(call.headers['content-type'] ?? '');
  if (call.body.length && (type.includes('x-www-form-urlencoded') || type === '')) {
    for (const [k, v] of new URLSearchParams(call.body.toString('utf8'))) params.set(k, v);
  }
  return params;
}
