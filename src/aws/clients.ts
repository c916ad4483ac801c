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

export interface ClientFactory {
  kafka(region: string): KafkaClient;
  kms(region: string): KMSClient;
  sts(region: string): STSClient;
  /** The three clients of a region (created on first use, then cached). */
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
 * Creates SDK clients per region and caches them, so every call to one service in one region shares one
 * client (and so one adaptive-retry rate limiter and one connection pool).
 */
export function createClientFactory(options: ClientFactoryOptions = {}): ClientFactory {
  // Validate eagerly so a bad retry setting fails before any scan starts.
  commonClientConfig('us-east-1', options);
  const kafka = new Map<string, KafkaClient>();
  const kms = new Map<string, KMSClient>();
  const sts = new Map<string, STSClient>();

  function cached<C>(cache: Map<string, C>, region: string, create: (config: CommonClientConfig) => C): C {
    let client = cache.get(region);
    if (client === undefined) {
      client = create(commonClientConfig(region, options));
      cache.set(region, client);
    }
    return client;
  }

  const factory: ClientFactory = {
    kafka: (region) => cached(kafka, region, (config) => new KafkaClient(config)),
    kms: (region) => cached(kms, region, (config) => new KMSClient(config)),
    sts: (region) => cached(sts, region, (config) => new STSClient(config)),
    forRegion: (region) => ({ region, kafka: factory.kafka(region), kms: factory.kms(region), sts: factory.sts(region) }),
    destroy() {
      for (const cache of [kafka, kms, sts] as Map<string, { destroy(): void }>[]) {
        for (const client of cache.values()) client.destroy();
        cache.clear();
      }
    },
  };
  return factory;
}
