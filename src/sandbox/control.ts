/**
 * The control API under /_sandbox/, for tests driving a sandbox in another process:
 *   GET    /_sandbox/health
 *   GET    /_sandbox/env                       base credentials + endpoint
 *   GET    /_sandbox/calls[?service=&operation=&account=&region=]
 *   GET    /_sandbox/calls/summary[?service=&operation=&account=&region=&byAccount=true]
 *                                              counts by service:Operation, status, error code (call-summary.ts)
 *   DELETE /_sandbox/calls
 *   GET    /_sandbox/faults
 *   POST   /_sandbox/faults                    body: a fault (see estate FaultSchema) → {"id": "..."}
 *   DELETE /_sandbox/faults[/ID]
 *   GET    /_sandbox/securityhub/findings?account=&region=
 *   POST   /_sandbox/clock/advance             body: {"ms": N}
 * No SigV4: it listens on loopback only.
 */
import type { ServerResponse } from 'node:http';
import type { IncomingCall } from './protocols/types.js';
import { summarizeCalls } from './call-summary.js';
import type { SandboxState } from './server.js';
import { filterCalls } from './server.js';

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) }).end(text);
}

function parse(call: IncomingCall): unknown {
  const text = call.body.toString('utf8').trim();
  return text ? JSON.parse(text) : {};
}

export function handleControl(state: SandboxState, call: IncomingCall, res: ServerResponse): void {
  const route = `${call.method} ${call.path.replace(/\/+$/, '')}`;
  const q = (k: string) => call.query.get(k) ?? undefined;
  try {
    if (route === 'GET /_sandbox/health') return json(res, 200, { ok: true, now: state.world.clock.now().toISOString() });
    if (route === 'GET /_sandbox/env') return json(res, 200, state.env);
    const callFilter = () => ({ service: q('service'), operation: q('operation'), account: q('account'), region: q('region') });
    if (route === 'GET /_sandbox/calls') return json(res, 200, filterCalls(state.callLog, callFilter()));
    if (route === 'GET /_sandbox/calls/summary') {
      const filter = callFilter();
      const calls = Object.values(filter).some((v) => v !== undefined) ? filterCalls(state.callLog, filter) : state.callLog;
      return json(res, 200, summarizeCalls(calls, { byAccount: q('byAccount') === 'true' }));
    }
    if (route === 'DELETE /_sandbox/calls') {
      state.callLog.splice(0);
      return json(res, 200, { ok: true });
    }
    if (route === 'GET /_sandbox/faults') return json(res, 200, state.faults.list());
    if (route === 'POST /_sandbox/faults') return json(res, 200, { id: state.faults.add(parse(call) as never) });
    if (route === 'DELETE /_sandbox/faults') {
      state.faults.clear();
      return json(res, 200, { ok: true });
    }
    const one = /^DELETE \/_sandbox\/faults\/(.+)$/.exec(route);
    if (one?.[1]) return json(res, state.faults.remove(decodeURIComponent(one[1])) ? 200 : 404, { ok: true });
    if (route === 'GET /_sandbox/securityhub/findings') {
      const data = state.world.region(q('account') ?? '', q('region') ?? '');
      return json(res, 200, [...(data?.securityHub.findings.values() ?? [])]);
    }
    if (route === 'POST /_sandbox/clock/advance') {
      const { ms } = parse(call) as { ms?: unknown };
      if (typeof ms !== 'number') return json(res, 400, { message: 'body must be {"ms": number}' });
      state.world.clock.advance(ms);
      return json(res, 200, { now: state.world.clock.now().toISOString() });
    }
    return json(res, 404, { message: `no control route ${route}` });
  } catch (e) {
    return json(res, 400, { message: e instanceof Error ? e.message : String(e) });
  }
}
