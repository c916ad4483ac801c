import { fromNodeProviderChain } from '@aws-sdk/credential-providers';

/** The credentials an AWS SDK v3 client signs with (structurally the SDK's `AwsCredentialIdentity`). */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
  readonly accountId?: string;
}

/**
 * A function that resolves credentials, as every SDK v3 client accepts in its `credentials` option. Defined
 * structurally so callers (and tests) need not import the SDK's internal `@smithy/types` package.
 */
export type CredentialProvider = () => Promise<AwsCredentials>;

export interface ResolveCredentialsOptions {
  /** A named profile from ~/.aws/config / ~/.aws/credentials; the default chain (AWS_PROFILE, env, SSO, IMDS …) when absent. */
  profile?: string;
}

/**
 * The caller's credentials from the default Node.js provider chain (environment, SSO, shared config and
 * credentials files, web identity, process, ECS/EC2 metadata), optionally for a named profile. The provider
 * is lazy and memoised: nothing is resolved until the first call is signed.
 */
export function resolveCredentials(options: ResolveCredentialsOptions = {}): CredentialProvider {
  return fromNodeProviderChain(options.profile === undefined ? {} : { profile: options.profile });
}
