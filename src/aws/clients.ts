import { ACMPCAClient } from '@aws-sdk/client-acm-pca';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { KafkaClient } from '@aws-sdk/client-kafka';
import { KafkaConnectClient } from '@aws-sdk/client-kafkaconnect';
import { KMSClient } from '@aws-sdk/client-kms';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient } from '@aws-sdk/client-sts';
import { TOOL } from '../package-info.js';
import { createClientSettings, type ClientSettings, type EndpointConfig, type SharedClientConfig } from './client-settings.js';
import type { CredentialProvider } from './credentials.js';
import { leaseSharedHttpHandler, type HttpHandlerLease, type SharedRequestHandler } from './http-handler.js';
import { sharedPacer, type Pacer } from './pacing.js';

export const DEFAULT_MAX_ATTEMPTS = 8;

/** Appended to the SDK's user agent on every request (visible in CloudTrail's userAgent field). */
export const USER_AGENT_SUFFIX = `${TOOL.name}/${TOOL.version}`;

export interface RetryOptions {
  /** Total attempts per call including the first (SDK adaptive retry mode). Default 8. */
  maxAttempts?: number;
  /** How long one attempt may wait for its response before it fails with a TimeoutError. Default 60 s. */
  requestTimeoutMs?: number;
}

/** One HTTP request about to be sent (every attempt, retries included). */
export interface RequestInfo {
  /** The account whose credentials sign it, or `caller` for the caller's own factory. */
  account: string;
  region: string;
  service: string;
  operation: string;
}

export interface ClientFactoryOptions {
  /** Credentials for every client; the SDK's default provider chain when absent. */
  credentials?: CredentialProvider;
  retry?: RetryOptions;
  /** The account these clients act in (keys the pacing); `caller` when absent. */
  account?: string;
  /** Observes every request (progress, call counts). */
  onRequest?: (request: RequestInfo) => void;
  /** Paces operations with published rate limits. Default: the process-wide pacer; false: no pacing. */
  pacer?: Pacer | false;
  /** The environment's client settings, looked up once and shared by the factories of one scan. Default: the factory's own. */
  settings?: ClientSettings;
}

/** The configuration shared by every client the factory creates. Endpoints are never set here. */
export interface CommonClientConfig {
  region: string;
  credentials?: CredentialProvider;
  retryMode: 'adaptive';
  maxAttempts: number;
  customUserAgent: string;
  /** The process's shared keep-alive handler (set by the factory; absent = the SDK builds one per client). */
  requestHandler?: SharedRequestHandler;
}

/** What the factory gives each client it builds: the common config, the scan's shared settings and the endpoint. */
type FactoryClientConfig = CommonClientConfig & Partial<SharedClientConfig> & Partial<{ endpoint: string; ignoreConfiguredEndpointUrls: true }>;

/** Every client is created on first use: an account-region that does not need a service never builds its client. */
export interface RegionClients {
  readonly region: string;
  readonly kafka: KafkaClient;
  readonly kms: KMSClient;
  readonly sts: STSClient;
  readonly cloudtrail: CloudTrailClient;
  /** CloudTrail in another region of the same account (a trail's status is read in its home region). */
  cloudtrailIn(region: string): CloudTrailClient;
  readonly secretsmanager: SecretsManagerClient;
  readonly kafkaconnect: KafkaConnectClient;
  readonly lambda: LambdaClient;
  /** ACM PCA in any region (a private CA is described in the region its ARN names). */
  acmPca(region: string): ACMPCAClient;
  /** Security groups of the clusters. */
  readonly ec2: EC2Client;
  /** Broker log groups. */
  readonly logs: CloudWatchLogsClient;
  /** Broker log buckets. */
  readonly s3: S3Client;
}

type Next = (args: unknown) => Promise<unknown>;
type FinalizeMiddleware = (next: Next, context: { commandName?: string }) => Next;

interface FinalizeStack {
  add(middleware: FinalizeMiddleware, options: { step: 'finalizeRequest'; priority: 'low'; name: string }): void;
}

/** The part of an SDK v3 client the factory uses. */
export interface SdkClient {
  destroy(): void;
  middlewareStack: object;
}

/** Any AWS SDK v3 client class: constructed from the common config, closed with destroy(). */
export type ClientClass<C extends SdkClient> = new (config: FactoryClientConfig) => C;

export interface ClientFactory {
  /** The one client of this class for this region (created on first use, then cached). */
  client<C extends SdkClient>(clientClass: ClientClass<C>, region: string): C;
  kafka(region: string): KafkaClient;
  kms(region: string): KMSClient;
  sts(region: string): STSClient;
  /** The clients an account-region collection needs. */
  forRegion(region: string): RegionClients;
  /**
   * Destroys every cached client and gives back the factory's lease on the process's shared HTTP handler (the
   * connections close when the last factory is destroyed). The factory must not be used afterwards.
   */
  destroy(): void;
}

export function commonClientConfig(region: string, options: ClientFactoryOptions = {}): CommonClientConfig {
  const maxAttempts = options.retry?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`retry.maxAttempts must be a positive integer, got ${String(maxAttempts)}`);
  }
  const timeout = options.retry?.requestTimeoutMs;
  if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < 1)) {
    throw new RangeError(`retry.requestTimeoutMs must be a positive integer, got ${String(timeout)}`);
  }
  return {
    region,
    ...(options.credentials ? { credentials: options.credentials } : {}),
    // Adaptive mode: exponential backoff with jitter plus client-side rate limiting on throttling errors.
    retryMode: 'adaptive',
    maxAttempts,
    customUserAgent: USER_AGENT_SUFFIX,
  };
}

/**
 * Creates SDK clients per class and region, on first use, and caches them, so every call to one service in one
 * region shares one client (and so one adaptive-retry rate limiter). Every client of every factory sends through
 * one process-wide keep-alive HTTP handler (see http-handler.ts), so connections are reused across clients,
 * services and accounts instead of each client opening its own pool.
 */
export function createClientFactory(options: ClientFactoryOptions = {}): ClientFactory {
  // Validate eagerly so a bad retry setting fails before any scan starts.
  commonClientConfig('us-east-1', options);
  const clients = new Map<ClientClass<SdkClient>, Map<string, SdkClient>>();
  const settings = options.settings ?? createClientSettings();
  // Leased with the first client, so a factory that never builds one holds nothing.
  let lease: HttpHandlerLease | undefined;

  function client<C extends SdkClient>(clientClass: ClientClass<C>, region: string): C {
    let byRegion = clients.get(clientClass);
    if (!byRegion) {
      byRegion = new Map();
      clients.set(clientClass, byRegion);
    }
    let instance = byRegion.get(region) as C | undefined;
    if (instance === undefined) {
      lease ??= leaseSharedHttpHandler();
      const timeout = options.retry?.requestTimeoutMs;
      const requestHandler = timeout === undefined ? lease.handler : lease.handler.withRequestTimeout(timeout);
      const endpoint: EndpointConfig | undefined = settings.endpointFor(clientClass);
      instance = new clientClass({ ...commonClientConfig(region, options), ...settings.common, ...endpoint, requestHandler });
      if (!endpoint) settings.learnFrom(clientClass, instance as { config?: unknown });
      observeRequests(instance, serviceName(clientClass.name), region, options);
      byRegion.set(region, instance);
    }
    return instance;
  }

  const factory: ClientFactory = {
    client,
    kafka: (region) => client(KafkaClient, region),
    kms: (region) => client(KMSClient, region),
    sts: (region) => client(STSClient, region),
    forRegion: (region) => ({
      region,
      get kafka() {
        return client(KafkaClient, region);
      },
      get kms() {
        return client(KMSClient, region);
      },
      get sts() {
        return client(STSClient, region);
      },
      get cloudtrail() {
        return client(CloudTrailClient, region);
      },
      cloudtrailIn: (trailRegion: string) => client(CloudTrailClient, trailRegion),
      get secretsmanager() {
        return client(SecretsManagerClient, region);
      },
      get kafkaconnect() {
        return client(KafkaConnectClient, region);
      },
      get lambda() {
        return client(LambdaClient, region);
      },
      acmPca: (caRegion: string) => client(ACMPCAClient, caRegion),
      get ec2() {
        return client(EC2Client, region);
      },
      get logs() {
        return client(CloudWatchLogsClient, region);
      },
      get s3() {
        return client(S3Client, region);
      },
    }),
    destroy() {
      for (const byRegion of clients.values()) {
        for (const instance of byRegion.values()) instance.destroy();
      }
      clients.clear();
      lease?.release();
      lease = undefined;
    },
  };
  return factory;
}

/** KafkaClient → kafka, CloudTrailClient → cloudtrail, SecurityHubClient → securityhub (the pacing keys). */
function serviceName(clientClassName: string): string {
  return clientClassName.replace(/Client$/, '').toLowerCase();
}

function observeRequests(instance: SdkClient, service: string, region: string, options: ClientFactoryOptions): void {
  const pacer = options.pacer === false ? undefined : (options.pacer ?? sharedPacer);
  const { onRequest } = options;
  if (!pacer && !onRequest) return;
  const account = options.account ?? 'caller';
  // finalizeRequest at low priority runs inside the retry loop: every attempt is paced and counted.
  // The SDK's stack is generic over each client's input/output unions; this middleware only passes them through.
  (instance.middlewareStack as FinalizeStack).add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
      onRequest?.({ account, region, service, operation });
      if (pacer) await pacer.acquire(account, region, service, operation);
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'mskAuditPacing' },
  );
}
