/**
 * One AWS call through the sandbox: authenticate (SigV4 scope → service/region, access key → principal),
 * resolve the operation via the service's protocol, then latency, faults, rate limit, handler, and the
 * protocol's response — recording every call.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { parseAuthorization, verifySignature, type CredentialStore, type Principal } from './auth.js';
import { AwsError, isAwsError } from './errors.js';
import type { FaultKind } from './estate.js';
import type { ActiveFault, FaultRegistry } from './faults.js';
import { rewriteEnums } from './faults.js';
import type { LatencyModel } from './latency.js';
import type { IncomingCall, ModelObject, Protocol, ProtocolKind, WireResponse } from './protocols/types.js';
import type { RateLimiter } from './rate-limit.js';
import type { ServiceDefinition } from './services/types.js';
import type { World } from './world.js';

export interface CallRecord {
  service: string;
  operation: string;
  account: string;
  region: string;
  principalArn: string;
  status: number;
  errorCode?: string;
  /** Sandbox-clock time the call arrived (ISO-8601). */
  at: string;
  requestId: string;
  /** Id and kind of the injected fault that affected the call, if any. */
  faultId?: string;
  fault?: FaultKind;
}

export interface DispatchDeps {
  world: World;
  services: Map<string, ServiceDefinition>;
  credentials: CredentialStore;
  faults: FaultRegistry;
  limiter: RateLimiter;
  latency: LatencyModel;
  verifySignatures: boolean;
  record: (call: CallRecord) => void;
  sleep: (ms: number) => Promise<void>;
}

type AuthFailure = 'missing' | 'incomplete' | 'unknownKey' | 'expired' | 'signature' | 'region';

/** AWS's authentication errors, spelt per protocol family. */
export function authError(kind: ProtocolKind, failure: AuthFailure): AwsError {
  if (kind === 'rest-xml') return s3AuthError(failure);
  const query = kind === 'query';
  const ec2 = kind === 'ec2';
  const status = kind === 'json' ? 400 : 403;
  switch (failure) {
    case 'missing':
      if (query || ec2) return new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', ec2 ? 401 : 403);
      return new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token', status);
    case 'incomplete':
      if (query || ec2) return new AwsError('IncompleteSignature', 'Authorization header requires Credential, SignedHeaders and Signature parameters.', 400);
      return new AwsError('IncompleteSignatureException', 'Authorization header requires Credential, SignedHeaders and Signature parameters.', status);
    case 'unknownKey':
    case 'region':
      if (query) return new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
      if (ec2) return new AwsError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401);
      return new AwsError('UnrecognizedClientException', 'The security token included in the request is invalid.', status);
    case 'expired':
      if (query) return new AwsError('ExpiredToken', 'The security token included in the request is expired', 400);
      if (ec2) return new AwsError('RequestExpired', 'Request has expired.', 400);
      return new AwsError('ExpiredTokenException', 'The security token included in the request is expired', status);
    case 'signature':
      if (query) return new AwsError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.', 403);
      if (ec2) return new AwsError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401);
      return new AwsError('InvalidSignatureException', 'The request signature we calculated does not match the signature you provided.', status);
  }
}

/** S3 (REST-XML) spells its authentication errors its own way. */
function s3AuthError(failure: AuthFailure): AwsError {
  switch (failure) {
    case 'missing':
      return new AwsError('AccessDenied', 'Access Denied', 403);
    case 'incomplete':
      return new AwsError('AuthorizationHeaderMalformed', 'The authorization header is malformed.', 400);
    case 'unknownKey':
    case 'region':
      return new AwsError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403);
    case 'expired':
      return new AwsError('ExpiredToken', 'The provided token has expired.', 400);
    case 'signature':
      return new AwsError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', 403);
  }
}

/** Which protocol family an (unauthenticated) request looks like. */
export function guessProtocol(call: IncomingCall): ProtocolKind {
  if (call.headers['x-amz-target']) return 'json';
  const type = String(call.headers['content-type'] ?? '');
  const form = type.includes('x-www-form-urlencoded') ? new URLSearchParams(call.body.toString('utf8')) : call.query;
  if (form.has('Action')) return form.get('Version') === '2016-11-15' ? 'ec2' : 'query';
  return 'rest-json';
}

export class Dispatcher {
  private readonly byKind = new Map<ProtocolKind, Protocol>();

  constructor(private readonly deps: DispatchDeps) {
    for (const s of deps.services.values()) if (!this.byKind.has(s.protocol.kind)) this.byKind.set(s.protocol.kind, s.protocol);
  }

  async handle(req: IncomingMessage, res: ServerResponse, call: IncomingCall): Promise<void> {
    const { deps } = this;
    const requestId = randomUUID();
    const now = deps.world.clock.now();
    const rec: CallRecord = { service: 'unknown', operation: '', account: '', region: '', principalArn: '', status: 0, at: now.toISOString(), requestId };
    let protocol = this.byKind.get(guessProtocol(call)) as Protocol;
    let fault: ActiveFault | undefined;
    let service: ServiceDefinition | undefined;
    try {
      const auth = parseAuthorization(typeof req.headers.authorization === 'string' ? req.headers.authorization : undefined);
      if (auth === 'missing') throw authError(protocol.kind, 'missing');
      if (auth === 'malformed') throw authError(protocol.kind, 'incomplete');
      rec.service = auth.service;
      rec.region = auth.region;
      service = deps.services.get(auth.service);
      if (!service) throw new AwsError('UnknownOperationException', `The sandbox does not serve service ${auth.service}`, 400);
      protocol = service.protocol;
      let resolved: { operation: string; input: ModelObject } | undefined;
      let resolveError: unknown;
      try {
        resolved = protocol.resolve(call);
        rec.operation = resolved.operation;
      } catch (e) {
        resolveError = e;
      }
      const principal = deps.credentials.get(auth.accessKeyId);
      if (!principal) throw authError(protocol.kind, 'unknownKey');
      rec.account = principal.account;
      rec.principalArn = principal.arn;
      const token = req.headers['x-amz-security-token'];
      if (principal.sessionToken !== undefined && token !== principal.sessionToken) throw authError(protocol.kind, 'unknownKey');
      if (principal.sessionToken === undefined && token !== undefined) throw authError(protocol.kind, 'unknownKey');
      if (principal.expiration && principal.expiration.getTime() <= now.getTime()) throw authError(protocol.kind, 'expired');
      if (deps.verifySignatures && !(await verifySignature(call, auth, principal))) throw authError(protocol.kind, 'signature');
      if (!service.global && !deps.world.isRegionEnabled(principal.account, auth.region)) throw authError(protocol.kind, 'region');
      if (resolveError !== undefined || !resolved) throw resolveError;
      const operation = resolved.operation;

      const delay = deps.latency.delayFor(service.signingName, operation);
      if (delay > 0) await deps.sleep(delay);

      fault = deps.faults.pick({ service: service.signingName, operation, account: principal.account, region: auth.region });
      if (fault) {
        rec.faultId = fault.id;
        rec.fault = fault.kind;
      }
      if (fault) await this.preFault(fault, service, principal, operation, req);
      if (req.socket.destroyed) {
        rec.status = 0;
        rec.errorCode = 'ConnectionReset';
        return;
      }
      if (!deps.limiter.take(principal.account, auth.region, service.signingName, operation)) throw service.errors.throttle();

      const handler = service.handlers[operation];
      if (!handler) throw new AwsError('UnknownOperationException', '', 400);
      let output = await handler(
        { world: deps.world, credentials: deps.credentials, principal, account: principal.account, region: auth.region, now, requestId, bodySize: call.body.length },
        resolved.input,
      );
      if (fault?.kind === 'unknown-enum') output = rewriteEnums(output, fault.enumValue ?? 'SANDBOX_UNKNOWN_VALUE') as ModelObject;
      const response = protocol.success(operation, output, requestId);
      rec.status = response.status;
      this.send(res, response, fault, protocol);
    } catch (e) {
      const err = isAwsError(e) ? e : this.internal(e, service);
      const response = protocol.error(err, requestId);
      rec.status = response.status;
      rec.errorCode = err.code;
      this.send(res, response, fault?.kind === 'malformed-body' || fault?.kind === 'truncated-body' ? fault : undefined, protocol);
    } finally {
      deps.record(rec);
    }
  }

  private internal(e: unknown, service: ServiceDefinition | undefined): AwsError {
    console.error('[msk-audit sandbox] handler failed:', e);
    return service ? service.errors.internal() : new AwsError('InternalFailure', String(e), 500);
  }

  private async preFault(fault: ActiveFault, service: ServiceDefinition, principal: Principal, operation: string, req: IncomingMessage): Promise<void> {
    const custom = (base: AwsError): AwsError =>
      fault.errorCode || fault.message || fault.status ? new AwsError(fault.errorCode ?? base.code, fault.message ?? base.message, fault.status ?? base.status) : base;
    switch (fault.kind) {
      case 'throttle':
        throw custom(service.errors.throttle());
      case 'internal-error':
        throw custom(service.errors.internal());
      case 'service-unavailable':
        throw custom(service.errors.unavailable());
      case 'access-denied':
        throw custom(service.errors.accessDenied(`User: ${principal.arn} is not authorized to perform: ${service.iamPrefix}:${operation} with an explicit deny in a service control policy`));
      case 'connection-reset':
        req.socket.destroy();
        return;
      case 'slow':
        await this.deps.sleep(fault.delayMs ?? 30_000);
        return;
      default:
        return;
    }
  }

  private send(res: ServerResponse, response: WireResponse, fault: ActiveFault | undefined, protocol: Protocol): void {
    if (res.destroyed || res.socket?.destroyed) return;
    let body = response.body;
    if (fault?.kind === 'malformed-body') body = protocol.malformedBody();
    const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    // A HEAD answer carries the length of what a GET would send, and no body.
    const length = res.req?.method === 'HEAD' && response.headers['content-length'] !== undefined ? response.headers['content-length'] : String(buf.length);
    const headers = { ...response.headers, 'content-length': length, date: new Date().toUTCString() };
    if (fault?.kind === 'truncated-body') {
      res.writeHead(response.status, headers);
      res.write(buf.subarray(0, Math.floor(buf.length / 2)), () => res.socket?.destroy());
      return;
    }
    res.writeHead(response.status, headers);
    res.end(buf);
  }
}
