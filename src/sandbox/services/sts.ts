/** STS (awsQuery): GetCallerIdentity and AssumeRole. */
import { AssumeRole$, GetCallerIdentity$ } from '@aws-sdk/client-sts';
import { AwsError } from '../errors.js';
import { AwsQueryProtocol } from '../protocols/aws-query.js';
import { notAuthorized, str, type ServiceContext, type ServiceDefinition } from './types.js';

const validation = (message: string) => new AwsError('ValidationError', message, 400);

function getCallerIdentity(ctx: ServiceContext) {
  return { UserId: ctx.principal.userId, Account: ctx.principal.account, Arn: ctx.principal.arn };
}

function assumeRole(ctx: ServiceContext, input: Record<string, unknown>) {
  const roleArn = str(input.RoleArn) ?? '';
  const sessionName = str(input.RoleSessionName) ?? '';
  if (roleArn.length < 20) throw validation(`1 validation error detected: Value '${roleArn}' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20`);
  if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
    throw validation(`1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
  }
  const duration = input.DurationSeconds === undefined ? 3600 : Number(input.DurationSeconds);
  if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
    throw validation(`1 validation error detected: Value '${String(input.DurationSeconds)}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`);
  }
  const denied = () => new AwsError('AccessDenied', notAuthorized(ctx.principal.arn, 'sts:AssumeRole', roleArn), 403);
  const m = /^arn:([\w-]+):iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(roleArn);
  if (!m) throw validation(`${roleArn} is invalid`);
  const [, partition, accountId, roleName] = m as unknown as [string, string, string, string];
  const account = ctx.world.accounts.get(accountId);
  const role = ctx.world.role(accountId, roleName);
  if (!account || !role || account.status !== 'ACTIVE' || !role.assumable) throw denied();
  if (role.trustedAccounts && !role.trustedAccounts.includes(ctx.principal.account)) throw denied();
  if (role.externalId !== undefined && role.externalId !== str(input.ExternalId)) throw denied();
  const chained = ctx.principal.roleArn !== undefined;
  if (chained && duration > 3600) {
    throw validation('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  }
  if (duration > role.maxSessionDuration) throw validation('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  const expiration = new Date(ctx.now.getTime() + duration * 1000);
  const session = ctx.credentials.issueSession({ account: accountId, partition, roleArn, roleName, sessionName, expiration, chained });
  return {
    Credentials: { AccessKeyId: session.accessKeyId, SecretAccessKey: session.secretAccessKey, SessionToken: session.sessionToken, Expiration: expiration },
    AssumedRoleUser: { AssumedRoleId: session.userId, Arn: session.arn },
    PackedPolicySize: input.Policy || input.PolicyArns ? 6 : undefined,
    SourceIdentity: str(input.SourceIdentity),
  };
}

export function stsService(): ServiceDefinition {
  return {
    signingName: 'sts',
    iamPrefix: 'sts',
    protocol: new AwsQueryProtocol('https://sts.amazonaws.com/doc/2011-06-15/', '2011-06-15', { GetCallerIdentity: GetCallerIdentity$, AssumeRole: AssumeRole$ }),
    handlers: { GetCallerIdentity: getCallerIdentity, AssumeRole: assumeRole },
    errors: {
      throttle: () => new AwsError('Throttling', 'Rate exceeded', 400),
      internal: () => new AwsError('InternalFailure', 'An internal error occurred.', 500),
      unavailable: () => new AwsError('ServiceUnavailable', 'Service is unavailable.', 503),
      accessDenied: (message) => new AwsError('AccessDenied', message, 403),
    },
  };
}
