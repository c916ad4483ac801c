/** Amazon CloudWatch Logs (JSON 1.1, Logs_20140328.*): DescribeLogGroups, for the broker-log check. */
import { DescribeLogGroups$ } from '@aws-sdk/client-cloudwatch-logs';
import { AwsError } from '../errors.js';
import { paginate } from '../pagination.js';
import { JsonRpcProtocol } from '../protocols/json-rpc.js';
import { str, type ServiceContext, type ServiceDefinition } from './types.js';

const invalid = (message: string) => new AwsError('InvalidParameterException', message, 400);

/**
 * The account-region's log groups in name order (as CloudWatch Logs lists them), each with its ARNs filled in,
 * filtered by logGroupNamePrefix (case-sensitive prefix) or logGroupNamePattern (case-insensitive substring).
 */
function describeLogGroups(ctx: ServiceContext, input: Record<string, unknown>) {
  const prefix = str(input.logGroupNamePrefix);
  const pattern = str(input.logGroupNamePattern);
  if (prefix !== undefined && pattern !== undefined) throw invalid('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
  const all = ctx.world.accounts.get(ctx.account)?.regions[ctx.region]?.logs?.logGroups ?? [];
  const groups = all
    .filter((group) => {
      const name = String(group.logGroupName);
      if (prefix !== undefined) return name.startsWith(prefix);
      if (pattern !== undefined) return name.toLowerCase().includes(pattern.toLowerCase());
      return true;
    })
    .map((group): Record<string, unknown> => {
      const arn = `arn:${ctx.world.partition}:logs:${ctx.region}:${ctx.account}:log-group:${String(group.logGroupName)}`;
      return { arn: `${arn}:*`, logGroupArn: arn, creationTime: 1_767_225_600_000, metricFilterCount: 0, storedBytes: 0, ...group };
    })
    .sort((a, b) => String(a.logGroupName).localeCompare(String(b.logGroupName)));
  const page = paginate(groups, {
    scope: `logs:DescribeLogGroups:${ctx.account}:${ctx.region}:${prefix ?? ''}:${pattern ?? ''}`,
    nextToken: input.nextToken,
    maxResults: input.limit,
    defaultSize: 50,
    maxSize: 50,
    invalidToken: () => invalid('The specified nextToken is invalid.'),
    invalidMaxResults: (n) => invalid(`1 validation error detected: Value '${n}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50`),
  });
  return { logGroups: page.items, nextToken: page.nextToken };
}

export function logsService(): ServiceDefinition {
  return {
    signingName: 'logs',
    iamPrefix: 'logs',
    protocol: new JsonRpcProtocol('Logs_20140328', { DescribeLogGroups: DescribeLogGroups$ }, '1.1'),
    handlers: { DescribeLogGroups: describeLogGroups },
    errors: {
      throttle: () => new AwsError('ThrottlingException', 'Rate exceeded', 400),
      internal: () => new AwsError('ServiceUnavailableException', 'The service cannot complete the request.', 500),
      unavailable: () => new AwsError('ServiceUnavailableException', 'The service cannot complete the request.', 503),
      accessDenied: (message) => new AwsError('AccessDeniedException', message, 400),
    },
  };
}
