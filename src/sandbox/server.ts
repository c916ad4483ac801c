/** startSandbox: one http.Server on loopback answering the AWS APIs msk-audit calls, plus /_sandbox/ control routes. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { CredentialStore, type Principal } from './auth.js';
import { handleControl } from './control.js';
import { Dispatcher, type CallRecord } from './dispatch.js';
import { loadEstate, validateEstate, type Estate, type EstateInput, type FaultInput } from './estate.js';
import { FaultRegistry, type ActiveFault } from './faults.js';
import { LatencyModel } from './latency.js';
import { RateLimiter } from './rate-limit.js';
import { Rng } from './rng.js';
import { allServices } from './services/index.js';
import { World, type AwsObject } from './world.js';

export interface SandboxOptions {
  /** The estate: a validated Estate, a raw estate document, or a path to an estate JSON file. */
  estate: Estate | EstateInput | string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Seeds access keys, latency jitter and fault probabilities. */
  seed?: number | string;
  /** Default region put in env (AWS_REGION / AWS_DEFAULT_REGION). Default: us-east-1, else the first catalogue region. */
  region?: string;
  /** Verify SigV4 signatures (default true). */
  verifySignatures?: boolean;
}

export interface CallFilter {
  service?: string;
  operation?: string;
  account?: string;
  region?: string;
}

export interface RunningSandbox {
  url: string;
  port: number;
  /** Environment for an SDK / CLI process: endpoint, base credentials, region, IMDS disabled. */
  env: Record<string, string>;
  /** The base caller credentials (also in env). */
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  calls(filter?: CallFilter): CallRecord[];
  resetCalls(): void;
  addFault(fault: FaultInput): string;
  removeFault(id: string): boolean;
  clearFaults(): void;
  faults(): ActiveFault[];
  securityHubFindings(account: string, region: string): AwsObject[];
  /** Test hook: deletes a cluster of the estate (found by its ARN's account and region); false when unknown. */
  removeCluster(clusterArn: string): boolean;
  /** Moves the sandbox clock forward (credential expiry, CloudTrail retention, timestamps). */
  advanceClock(ms: number): void;
  now(): Date;
  setRateLimitsEnabled(enabled: boolean): void;
  close(): Promise<void>;
}

/** The sandbox's state, shared by the dispatcher and the control API. */
export interface SandboxState {
  world: World;
  faults: FaultRegistry;
  limiter: RateLimiter;
  callLog: CallRecord[];
  env: Record<string, string>;
}

const MAX_BODY = 16 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer | 'too-large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => resolve(size > MAX_BODY ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', () => resolve('aborted')); // client went away mid-request
  });
}

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const estate = typeof options.estate === 'string' ? await loadEstate(options.estate) : validateEstate(options.estate);
  const seed = options.seed ?? 1;
  const world = new World(estate);
  const credentials = new CredentialStore(new Rng(`keys:${String(seed)}`));
  const base: Principal = credentials.issueBase(estate.caller.accountId, estate.caller.arn);
  const faults = new FaultRegistry(new Rng(`faults:${String(seed)}`));
  for (const f of estate.faults) faults.add(f);
  const limiter = new RateLimiter(estate.rateLimits?.enabled ?? true, estate.rateLimits?.overrides ?? []);
  const latency = new LatencyModel(estate.latency, new Rng(`latency:${String(seed)}`));
  const callLog: CallRecord[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let closing = false;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (closing) return resolve();
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });
  const dispatcher = new Dispatcher({
    world,
    services: allServices(),
    credentials,
    faults,
    limiter,
    latency,
    verifySignatures: options.verifySignatures ?? true,
    record: (c) => callLog.push(c),
    sleep,
  });
  const env: Record<string, string> = {};
  const state: SandboxState = { world, faults, limiter, callLog, env };

  const sockets = new Set<Socket>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const body = await readBody(req);
      if (body === 'aborted') return;
      if (body === 'too-large') {
        res.writeHead(413, { 'content-type': 'text/plain' }).end('Request Entity Too Large');
        return;
      }
      const rawUrl = req.url ?? '/';
      const q = rawUrl.indexOf('?');
      const path = q >= 0 ? rawUrl.slice(0, q) : rawUrl;
      const query = new URLSearchParams(q >= 0 ? rawUrl.slice(q + 1) : '');
      const call = { method: req.method ?? 'GET', path, query, headers: req.headers, body };
      if (path.startsWith('/_sandbox/')) return handleControl(state, call, res);
      await dispatcher.handle(req, res, call);
    })().catch((e: unknown) => {
      console.error('[msk-audit sandbox] request failed:', e);
      if (!res.headersSent && !res.destroyed) res.writeHead(500).end();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  const region = options.region ?? (world.catalogue.has('us-east-1') ? 'us-east-1' : ([...world.catalogue.keys()][0] ?? 'us-east-1'));
  Object.assign(env, {
    AWS_ENDPOINT_URL: url,
    AWS_ACCESS_KEY_ID: base.accessKeyId,
    AWS_SECRET_ACCESS_KEY: base.secretAccessKey,
    ...(base.sessionToken ? { AWS_SESSION_TOKEN: base.sessionToken } : {}),
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EC2_METADATA_DISABLED: 'true',
  });

  return {
    url,
    port,
    env: { ...env },
    credentials: { accessKeyId: base.accessKeyId, secretAccessKey: base.secretAccessKey, ...(base.sessionToken ? { sessionToken: base.sessionToken } : {}) },
    calls: (filter) => filterCalls(callLog, filter),
    resetCalls: () => void callLog.splice(0),
    addFault: (f) => faults.add(f),
    removeFault: (id) => faults.remove(id),
    clearFaults: () => faults.clear(),
    faults: () => faults.list(),
    securityHubFindings: (account, region) => [...(world.region(account, region)?.securityHub.findings.values() ?? [])].map((f) => structuredClone(f)),
    removeCluster: (clusterArn) => {
      const [, , , clusterRegion = '', account = ''] = clusterArn.split(':');
      return world.removeCluster(account, clusterRegion, clusterArn);
    },
    advanceClock: (ms) => world.clock.advance(ms),
    now: () => world.clock.now(),
    setRateLimitsEnabled: (enabled) => limiter.setEnabled(enabled),
    close: async () => {
      closing = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      await closed;
    },
  };
}

export function filterCalls(log: readonly CallRecord[], filter: CallFilter | undefined): CallRecord[] {
  return log.filter(
    (c) =>
      (!filter?.service || c.service === filter.service) &&
      (!filter?.operation || c.operation === filter.operation) &&
      (!filter?.account || c.account === filter.account) &&
      (!filter?.region || c.region === filter.region),
  ).map((c) => ({ ...c }));
}
