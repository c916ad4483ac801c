import { NODE_APP_ID_CONFIG_OPTIONS } from '@aws-sdk/core/client';
import { NODE_AUTH_SCHEME_PREFERENCE_OPTIONS } from '@aws-sdk/core/httpAuthSchemes';
import { loadConfig, NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS } from '@smithy/core/config';

/**
 * The settings every SDK client otherwise looks up for itself from the environment and the shared config files
 * (FIPS and dual-stack endpoints, the app id of the user agent, the auth scheme preference, an endpoint URL
 * configured for the service). Each client builds a provider chain per setting, and a chain that finds nothing
 * throws and catches an error per link: a scan builds tens of thousands of clients (one per service, region and
 * account), and these look-ups were a third of its CPU time. They are looked up here once per scan — through the
 * SDK's own config loaders, so the values are exactly the ones each client would have found — and handed to every
 * client it builds. Values are not shared beyond the scan's own factories: a new scan reads the environment again.
 */
export interface ClientSettings {
  /** The config every client gets (providers that resolve once, for all clients together). */
  readonly common: Readonly<SharedClientConfig>;
  /**
   * The endpoint configuration of this client class, once learned from its first client (undefined until then: the
   * client then looks it up itself).
   */
  endpointFor(clientClass: object): EndpointConfig | undefined;
  /** Learns the configured endpoint of the client class from one of its clients. */
  learnFrom(clientClass: object, client: { config?: unknown }): void;
}

export interface SharedClientConfig {
  useFipsEndpoint: () => Promise<boolean>;
  useDualstackEndpoint: () => Promise<boolean>;
  userAgentAppId: () => Promise<string | undefined>;
  authSchemePreference: () => Promise<string[]>;
  /**
   * The defaults mode only chooses the retry mode and the HTTP timeouts when they are not set; the factory sets all of
   * them, so the mode has no effect and is not looked up per client.
   */
  defaultsMode: 'legacy';
}

/** A URL configured for the service (AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the config file), or none. */
export type EndpointConfig = { endpoint: string } | { ignoreConfiguredEndpointUrls: true };

/** Resolves a provider once; a failure is not kept (the next call tries again). */
function once<T>(provider: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= provider().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

export function createClientSettings(): ClientSettings {
  const common: SharedClientConfig = {
    useFipsEndpoint: once(loadConfig(NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS)),
    useDualstackEndpoint: once(loadConfig(NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS)),
    userAgentAppId: once(loadConfig(NODE_APP_ID_CONFIG_OPTIONS)),
    authSchemePreference: once(loadConfig(NODE_AUTH_SCHEME_PREFERENCE_OPTIONS)),
    defaultsMode: 'legacy',
  };
  const endpoints = new Map<object, EndpointConfig>();
  const learning = new Set<object>();
  return {
    common,
    endpointFor: (clientClass) => endpoints.get(clientClass),
    learnFrom(clientClass, client) {
      if (endpoints.has(clientClass) || learning.has(clientClass)) return;
      // The SDK's resolved config keeps the service's configured endpoint as a function (SDK v3 endpoint config).
      const lookup = (client.config as { serviceConfiguredEndpoint?: unknown } | undefined)?.serviceConfiguredEndpoint;
      if (typeof lookup !== 'function') return; // a client without it keeps looking the endpoint up itself
      learning.add(clientClass);
      Promise.resolve((lookup as () => Promise<unknown>)()).then(
        (url) => {
          endpoints.set(clientClass, typeof url === 'string' && url !== '' ? { endpoint: url } : { ignoreConfiguredEndpointUrls: true });
          learning.delete(clientClass);
        },
        () => learning.delete(clientClass), // not learned: each client keeps looking it up itself (and fails as it would)
      );
    },
  };
}
