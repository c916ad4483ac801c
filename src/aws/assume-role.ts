import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentials, CredentialProvider } from './credentials.js';

export const DEFAULT_ROLE_NAME = 'MskAuditReadOnly';
export const DEFAULT_SESSION_SECONDS = 3600;
/** Assumed-role credentials are renewed this long before they expire (the SDK clients' own refresh window). */
const REFRESH_BEFORE_EXPIRY_MS = 5 * 60 * 1000;

export interface AssumeRoleOptions {
  baseCredentials: CredentialProvider;
  roleArn: string;
  /** Shown in the member account's CloudTrail, so it names msk-audit and the scan. */
  sessionName: string;
  externalId?: string;
  durationSeconds: number;
  /** Region of the STS endpoint used to assume the role. */
  region: string;
}

/**
 * Credentials for a member account's role. The provider caches them and assumes the role again shortly
 * before they expire, so a long scan never signs with expired credentials.
 */
export function assumeRoleCredentials(options: AssumeRoleOptions): CredentialProvider {
  const assume = fromTemporaryCredentials({
    params: {
      RoleArn: options.roleArn,
      RoleSessionName: options.sessionName,
      DurationSeconds: options.durationSeconds,
      ...(options.externalId ? { ExternalId: options.externalId } : {}),
    },
    masterCredentials: options.baseCredentials,
    clientConfig: { region: options.region },
  });
  // fromTemporaryCredentials calls AssumeRole on every call and each SDK client memoises its credentials on
  // its own, so without this cache every client of the account (each service, each region) assumed the role.
  type Properties = Parameters<typeof assume>[0];
  let current: Promise<AwsCredentials> | undefined;
  const refresh = (properties: Properties): Promise<AwsCredentials> => {
    const attempt = assume(properties);
    current = attempt;
    // A failure is not kept: the next call tries again.
    attempt.catch(() => {
      if (current === attempt) current = undefined;
    });
    return attempt;
  };
  return async (properties?: Properties) => {
    const pending = current;
    if (!pending) return refresh(properties);
    const credentials = await pending;
    if (!credentials.expiration || credentials.expiration.getTime() - Date.now() > REFRESH_BEFORE_EXPIRY_MS) return credentials;
    return current && current !== pending ? current : refresh(properties);
  };
}

export function roleArn(partition: string, account: string, roleName: string): string {
  return `arn:${partition}:iam::${account}:role/${roleName}`;
}

/** Session names allow 2–64 characters of [\w+=,.@-]. */
export function sessionName(scanId: string): string {
  return `msk-audit-${scanId}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}
