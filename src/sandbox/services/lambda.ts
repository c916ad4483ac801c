/** AWS Lambda (REST-JSON, PascalCase wire): ListEventSourceMappings. */
import { ListEventSourceMappings$ } from '@aws-sdk/client-lambda';
import { AwsError } from '../errors.js';
import { paginate } from '../pagination.js';
import { RestJsonProtocol } from '../protocols/rest-json.js';
import { regionResources } from './client-access-data.js';
import { str, type ServiceContext, type ServiceDefinition } from './types.js';

const invalid = (message: string) => new AwsError('InvalidParameterValueException', message, 400, { Type: 'User' });

function listEventSourceMappings(ctx: ServiceContext, input: Record<string, unknown>) {
  const source = str(input.EventSourceArn);
  const fn = str(input.FunctionName);
  const all = regionResources(ctx.world, ctx.account, ctx.region)?.lambda?.eventSourceMappings ?? [];
  const filtered = all.filter(
    (m) => (!source || m.EventSourceArn === source) && (!fn || m.FunctionArn === fn || String(m.FunctionArn).endsWith(`:function:${fn}`)),
  );
  const page = paginate(filtered, {
    scope: `lambda:ListEventSourceMappings:${ctx.account}:${ctx.region}:${source ?? ''}:${fn ?? ''}`,
    nextToken: input.Marker,
    maxResults: input.MaxItems,
    defaultSize: 100,
    maxSize: 10000,
    invalidToken: () => invalid('Invalid marker.'),
    invalidMaxResults: (n) => invalid(`1 validation error detected: Value '${n}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 10000`),
  });
  return { EventSourceMappings: page.items, NextMarker: page.nextToken };
}

export function lambdaService(): ServiceDefinition {
  return {
    signingName: 'lambda',
    iamPrefix: 'lambda',
    protocol: new RestJsonProtocol({ ListEventSourceMappings: ListEventSourceMappings$ }, { messageKey: 'Message' }),
    handlers: { ListEventSourceMappings: listEventSourceMappings },
    errors: {
      throttle: () => new AwsError('TooManyRequestsException', 'Rate exceeded', 429, { Type: 'User', Reason: 'CallerRateLimitExceeded' }),
      internal: () => new AwsError('ServiceException', 'An internal error occurred.', 500, { Type: 'Service' }),
      unavailable: () => new AwsError('ServiceException', 'Service Unavailable', 503, { Type: 'Service' }),
      accessDenied: (message) => new AwsError('AccessDeniedException', message, 403, { Type: 'User' }),
    },
  };
}
