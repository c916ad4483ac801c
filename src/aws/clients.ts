import { KafkaClient } from '@aws-sdk/client-kafka';
import { KMSClient } from '@aws-sdk/client-kms';
import { STSClient } from '@aws-sdk/client-sts';
import { TOOL } from '../package-info.js';
import type { CredentialProvider } from './credentials.js';

export const DEFAULT_MAX_ATTEMPTS = 8;

/** Appended to the SDK's user agent on every request (visible in CloudTrail's userAgent field). */
export const USER_AGENT_SUFFIX = `${TOOL.name}/${TOOL.version}`;

export interface RetryOptions {
  /** Total attempts per call including the first (SDK adaptive retry mode). Default 8. */
  maxAttempts?: number;
}

export interface ClientFactoryOptions {
  /** Credentials for every client; the SDK's default provider chain when absent. */
  credentials?: CredentialProvider;
  retry?: RetryOptions;
}

/** The configuration shared by every client the factory creates. Endpoints are never set here. */
export interface CommonClientConfig {
  region: string;
  credentials?: CredentialProvider;
  retryMode: 'adaptive';
  maxAttempts: number;
  customUserAgent: string;
}

export interface RegionClients {
  readonly region: string;
  readonly kafka: KafkaClient;
  readonly kms: KMSClient;
  readonly sts: STSClient;
}

/** Any AWS SDK v3 client class: constructed from the common config, closed with destroy(). */
export type ClientClass<C extends { destroy(): void }> = new (config: CommonClientConfig) => C;

export interface ClientFactory {
  /** The one client of this class for this region (created on first use, then cached). */
  client<C extends { destroy(): void }>(clientClass: ClientClass<C>, region: string): C;
  kafka(region: string): KafkaClient;
  kms(region: string): KMSClient;
  sts(region: string): STSClient;
  /** The clients an account-region collection needs. */
  forRegion(region: string): RegionClients;
  /** Closes every cached client's connections. The factory must not be used afterwards. */
  destroy(): void;
}

export function commonClientConfig(region: string, options: ClientFactoryOptions = {}): CommonClientConfig {
  const maxAttempts = options.retry?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`retry.maxAttempts must be a positive integer, got ${String(maxAttempts)}`);
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
 * Creates SDK clients per class and region and caches them, so every call to one service in one region shares
 * one client (and so one adaptive-retry rate limiter and one connection pool).
 */
export function createClientFactory(options: ClientFactoryOptions = {}): ClientFactory {
  // Validate eagerly so a bad retry setting fails before any scan starts.
  commonClientConfig('us-east-1', options);
  const clients = new Map<ClientClass<{ destroy(): void }>, Map<string, { destroy(): void }>>();

  function client<C extends { destroy(): void }>(clientClass: ClientClass<C>, region: string): C {
    let byRegion = clients.get(clientClass);
    if (!byRegion) {
      byRegion = new Map();
      clients.set(clientClass, byRegion);
    }
    let instance = byRegion.get(region) as C | undefined;
    if (instance === undefined) {
      instance = new clientClass(commonClientConfig(region, options));
      byRegion.set(region, instance);
    }
    return instance;
  }

  const factory: ClientFactory = {
    client,
    kafka: (region) => client(KafkaClient, region),
    kms: (region) => client(KMSClient, region),
    sts: (region) => client(STSClient, region),
    forRegion: (region) => ({ region, kafka: factory.kafka(region), kms: factory.kms(region), sts: factory.sts(region) }),
    destroy() {
      for (const byRegion of clients.values()) {
        for (const instance of byRegion.values()) instance.destroy();
      }
      clients.clear();
    },
  };
  return factory;
}
