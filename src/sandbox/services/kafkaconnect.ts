/** Amazon MSK Connect (REST-JSON, camelCase wire): ListConnectors. */
import { ListConnectors$ } from '@aws-sdk/client-kafkaconnect';
import { AwsError } from '../errors.js';
import { paginate } from '../pagination.js';
import { RestJsonProtocol } from '../protocols/rest-json.js';
import { regionResources } from './client-access-data.js';
import { str, type ServiceContext, type ServiceDefinition } from './types.js';

const badRequest = (message: string) => new AwsError('BadRequestException', message, 400);

function listConnectors(ctx: ServiceContext, input: Record<string, unknown>) {
  const prefix = str(input.connectorNamePrefix) ?? '';
  const all = regionResources(ctx.world, ctx.account, ctx.region)?.kafkaConnect?.connectors ?? [];
  const page = paginate(
    all.filter((c) => String(c.connectorName).startsWith(prefix)),
    {
      scope: `kafkaconnect:ListConnectors:${ctx.account}:${ctx.region}:${prefix}`,
      nextToken: input.nextToken,
      maxResults: input.maxResults,
      defaultSize: 10,
      maxSize: 100,
      invalidToken: () => badRequest('The request contains an invalid nextToken.'),
      invalidMaxResults: (n) => badRequest(`1 validation error detected: Value '${n}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100`),
    },
  );
  return { connectors: page.items, nextToken: page.nextToken };
}

export function kafkaConnectService(): ServiceDefinition {
  return {
    signingName: 'kafkaconnect',
    iamPrefix: 'kafkaconnect',
    protocol: new RestJsonProtocol({ ListConnectors: ListConnectors$ }),
    handlers: { ListConnectors: listConnectors },
    errors: {
      throttle: () => new AwsError('TooManyRequestsException', 'Too Many Requests', 429),
      internal: () => new AwsError('InternalServerErrorException', 'There was an unexpected internal server error.', 500),
      unavailable: () => new AwsError('ServiceUnavailableException', 'The service is unavailable. Retry your request.', 503),
      accessDenied: (message) => new AwsError('ForbiddenException', message, 403),
    },
  };
}
