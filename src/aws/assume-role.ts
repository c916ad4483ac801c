import { AssumeRoleCommand, type AssumeRoleCommandOutput } from '@aws-sdk/client-sts';
import type { AwsCredentials, CredentialProvider } from './credentials.js';

export const DEFAULT_ROLE_NAME = 'MskAuditReadOnly';
export const DEFAULT_SESSION_SECONDS = 3600;
/** Assumed-role credentials are renewed this long before they expire (the SDK clients' own refresh window). */
const REFRESH_BEFORE_EXPIRY_MS = 5 * 60 * 1000;

/** The part of an STS client AssumeRole needs (an STSClient signed with the caller's credentials). */
export interface AssumeRoleSender {
  send(command: AssumeRoleCommand): Promise<AssumeRoleCommandOutput>;
}

export interface AssumeRoleOptions {
  /**
   * The STS client that sends AssumeRole, signed with the caller's credentials, in the caller's partition. One
   * client serves every account of a scan (its owner destroys it), so an organization scan does not build, and
   * leak, an STS client and a connection pool per member account.
   */
  sts: AssumeRoleSender;
  roleArn: string;
  /** Shown in the member account's CloudTrail, so it names msk-audit and the scan. */
  sessionName: string;
  externalId?: string;
  durationSeconds: number;
}

/** AssumeRole answered without usable credentials. */
export class AssumeRoleResponseError extends Error {
  override readonly name = 'MalformedResponse';
}

/**
 * Credentials for a member account's role. The provider caches them — every client of the account (each
 * service, each region) signs with the one session — and assumes the role again shortly before they expire, so
 * a long scan never signs with expired credentials. A failure is passed to every caller waiting on it and is
 * not kept: the next call tries again.
 */
export function assumeRoleCredentials(options: AssumeRoleOptions): CredentialProvider {
  const assume = async (): Promise<AwsCredentials> => {
    const output = await options.sts.send(
      new AssumeRoleCommand({
        RoleArn: options.roleArn,
        RoleSessionName: options.sessionName,
        DurationSeconds: options.durationSeconds,
        ...(options.externalId ? { ExternalId: options.externalId } : {}),
      }),
    );
    const issued = output.Credentials;
    if (!issued?.AccessKeyId || !issued.SecretAccessKey) {
      throw new AssumeRoleResponseError(`AssumeRole of ${options.roleArn} returned no credentials`);
    }
    const accountId = output.AssumedRoleUser?.Arn?.split(':')[4];
    return {
      accessKeyId: issued.AccessKeyId,
      secretAccessKey: issued.SecretAccessKey,
      ...(issued.SessionToken ? { sessionToken: issued.SessionToken } : {}),
      ...(issued.Expiration ? { expiration: issued.Expiration } : {}),
      ...(accountId ? { accountId } : {}),
    };
  };
  let current: Promise<AwsCredentials> | undefined;
  const refresh = (): Promise<AwsCredentials> => {
    const attempt = assume();
    current = attempt;
    // A failure is not kept: the next call tries again.
    attempt.catch(() => {
      if (current === attempt) current = undefined;
    });
    return attempt;
  };
  return async () => {
    const pending = current;
    if (!pending) return refresh();
    const credentials = await pending;
    if (!credentials.expiration || credentials.expiration.getTime() - Date.now() > REFRESH_BEFORE_EXPIRY_MS) return credentials;
    return current && current !== pending ? current : refresh();
  };
}

export function roleArn(partition: string, account: string, roleName: string): string {
  return `arn:${partition}:iam::${account}:role/${roleName}`;
}

/** Session names allow 2–64 characters of [\w+=,.@-]. */
export function sessionName(scanId: string): string {
  return `msk-audit-${scanId}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}
