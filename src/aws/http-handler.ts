import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/**
 * Sockets per host (one host = one service endpoint in one region, or the one sandbox endpoint) shared by every
 * client of the process. A scan keeps at most accounts × regions × a few dozen requests in flight (8 × 4 × ~20 by
 * default); beyond this many to one host, requests wait for a free socket instead of opening more.
 */
export const DEFAULT_MAX_SOCKETS = 256;

/**
 * How long one HTTP attempt may wait for its response before it fails with a TimeoutError (which the SDK retries as
 * transient, and which is finally recorded as the operation's error). Without it a response that never comes would
 * hold the scan forever. AWS answers reads in well under a second; LookupEvents pages can take a few.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
/** How long opening a connection may take. */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 10_000;

type HandleArgs = Parameters<NodeHttpHandler['handle']>;
type HandleResult = ReturnType<NodeHttpHandler['handle']>;

/**
 * What every SDK client of the process gets as its `requestHandler`: it sends through the one shared
 * NodeHttpHandler (one keep-alive connection pool per host), and its destroy() does nothing — an SDK client's
 * destroy() destroys its request handler, which must outlive every client. The shared handler itself is
 * destroyed when the last lease on it is released. A client used after that (an assumed-role session refreshed
 * through the caller's STS client while findings are published after the scan) still works: a destroyed agent opens
 * new sockets on demand, and idle keep-alive sockets are unref'd, so they never hold the process open.
 */
export class SharedRequestHandler {
  readonly metadata = { handlerProtocol: 'http/1.1' };

  constructor(
    private readonly target: NodeHttpHandler,
    private readonly requestTimeoutMs: number = DEFAULT_REQUEST_TIMEOUT_MS,
  ) {}

  /** The same shared connections, with another per-attempt request timeout. */
  withRequestTimeout(requestTimeoutMs: number): SharedRequestHandler {
    return new SharedRequestHandler(this.target, requestTimeoutMs);
  }

  handle(request: HandleArgs[0], options: HandleArgs[1] = {}): HandleResult {
    return this.target.handle(request, { ...options, requestTimeout: options.requestTimeout ?? this.requestTimeoutMs });
  }

  /** Per-client settings (a client's logger, socket timeout) are not applied to the handler every client shares. */
  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): ReturnType<NodeHttpHandler['httpHandlerConfigs']> {
    return this.target.httpHandlerConfigs();
  }

  /** A client closing does not close the shared connections. */
  destroy(): void {}
}

export interface HttpHandlerLease {
  readonly handler: SharedRequestHandler;
  /** Gives the lease back; the last one released destroys the shared connection pools. Idempotent. */
  release(): void;
}

let shared: { handler: SharedRequestHandler; real: NodeHttpHandler; leases: number } | undefined;

/** Builds the process's shared handler on the first lease; every lease until the last release shares it. */
export function leaseSharedHttpHandler(): HttpHandlerLease {
  if (!shared) {
    const real = new NodeHttpHandler({
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets: DEFAULT_MAX_SOCKETS }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: DEFAULT_MAX_SOCKETS }),
      connectionTimeout: DEFAULT_CONNECTION_TIMEOUT_MS,
      requestTimeout: DEFAULT_REQUEST_TIMEOUT_MS,
      // A timeout must fail the attempt (and be retried, then recorded), not merely log a warning.
      throwOnRequestTimeout: true,
    });
    shared = { handler: new SharedRequestHandler(real), real, leases: 0 };
  }
  const current = shared;
  current.leases += 1;
  let released = false;
  return {
    handler: current.handler,
    release() {
      if (released) return;
      released = true;
      current.leases -= 1;
      if (current.leases === 0) {
        current.real.destroy();
        if (shared === current) shared = undefined;
      }
    },
  };
}

/** Leases currently held (tests). */
export function sharedHttpHandlerLeases(): number {
  return shared?.leases ?? 0;
}
