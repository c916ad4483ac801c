/** AWS Account Management (REST-JSON): ListRegions. */
import { ListRegions$ } from '@aws-sdk/client-account';
import { AwsError } from '../errors.js';
import { paginate } from '../pagination.js';
import { RestJsonProtocol } from '../protocols/rest-json.js';
import { str, type ServiceContext, type ServiceDefinition } from './types.js';

function listRegions(ctx: ServiceContext, input: Record<string, unknown>) {
  const target = str(input.AccountId) ?? ctx.account;
  if (target !== ctx.account) {
    const org = ctx.world.estate.organization;
    const allowed = org && (org.managementAccountId === ctx.account || org.delegatedAdministrators.includes(ctx.account)) && ctx.world.accounts.has(target);
    if (!allowed) throw new AwsError('AccessDeniedException', `User: ${ctx.principal.arn} is not authorized to perform: account:ListRegions on resource: arn:aws:account::${target}:account`, 403);
  }
  const wanted = Array.isArray(input.RegionOptStatusContains) ? (input.RegionOptStatusContains as string[]) : undefined;
  const regions = [...ctx.world.catalogue.keys()]
    .sort()
    .map((name) => ({ RegionName: name, RegionOptStatus: ctx.world.regionStatus(target, name) ?? 'DISABLED' }))
    .filter((r) => !wanted || wanted.includes(r.RegionOptStatus));
  const page = paginate(regions, {
    scope: `account:ListRegions:${ctx.account}:${target}:${wanted?.join(',') ?? ''}`,
    nextToken: input.NextToken,
    maxResults: input.MaxResults,
    defaultSize: 20,
    maxSize: 50,
    invalidToken: () => new AwsError('ValidationException', 'The NextToken is invalid.', 400, { reason: 'invalidRegionOptTarget' }),
    invalidMaxResults: (n) => new AwsError('ValidationException', `MaxResults ${n} must be between 1 and 50.`, 400),
  });
  return { Regions: page.items, NextToken: page.nextToken };
}

export function accountService(): ServiceDefinition {
  return {
    signingName: 'account',
    iamPrefix: 'account',
    global: true,
    protocol: new RestJsonProtocol({ ListRegions: ListRegions$ }),
    handlers: { ListRegions: listRegions },
    errors: {
      throttle: () => new AwsError('TooManyRequestsException', 'Rate exceeded', 429),
      internal: () => new AwsError('InternalServerException', 'Internal server error', 500),
      unavailable: () => new AwsError('ServiceUnavailable', 'Service unavailable', 503),
      accessDenied: (message) => new AwsError('AccessDeniedException', message, 403),
    },
  };
}
