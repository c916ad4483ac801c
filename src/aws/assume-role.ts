import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { CredentialProvider } from './credentials.js';

export const DEFAULT_ROLE_NAME = 'MskAuditReadOnly';
export const DEFAULT_SESSION_SECONDS = 3600;

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
  return fromTemporaryCredentials({
    params: {
      RoleArn: options.roleArn,
      RoleSessionName: options.sessionName,
      DurationSeconds: options.durationSeconds,
      ...(options.externalId ? { ExternalId: options.externalId } : {}),
    },
    masterCredentials: options.baseCredentials,
    clientConfig: { region: options.region },
  });
}

export function roleArn(partition: string, account: string, roleName: string): string {
  return `arn:${partition}:iam::${account}:role/${roleName}`;
}

/** Session names allow 2–64 characters of [\w+=,.@-]. */
export function sessionName(scanId: string): string {
  return `msk-audit-${scanId}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}
