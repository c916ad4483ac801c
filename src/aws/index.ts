export { resolveCredentials } from './credentials.js';
export type { AwsCredentials, CredentialProvider, ResolveCredentialsOptions } from './credentials.js';
export { createClientFactory, commonClientConfig, DEFAULT_MAX_ATTEMPTS, USER_AGENT_SUFFIX } from './clients.js';
export type { ClientClass, ClientFactory, ClientFactoryOptions, CommonClientConfig, RegionClients, RetryOptions } from './clients.js';
export { toCollectionError, malformedResponse, CredentialsError, MAX_ERROR_MESSAGE_LENGTH } from './errors.js';
export type { ErrorContext } from './errors.js';
