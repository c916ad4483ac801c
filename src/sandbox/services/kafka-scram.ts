/** Amazon MSK ListScramSecrets (REST-JSON): the secret ARNs associated with a SCRAM cluster (estate `msk.scramSecrets`). */
import { ListScramSecrets$ } from '@aws-sdk/client-kafka';
import { AwsError } from '../errors.js';
import { paginate } from '../pagination.js';
import { regionResources } from './client-access-data.js';
import { str, type Handler, type ServiceContext } from './types.js';

const badRequest = (message: string, invalidParameter: string) => new AwsError('BadRequestException', message, 400, { invalidParameter });

function listScramSecrets(ctx: ServiceContext, input: Record<string, unknown>) {
  const arn = str(input.ClusterArn) ?? '';
  if (!ctx.world.region(ctx.account, ctx.region)?.clustersByArn.has(arn)) {
    throw new AwsError('NotFoundException', `The specified cluster ARN ${arn} was not found.`, 404, { invalidParameter: 'clusterArn' });
  }
  const arns = regionResources(ctx.world, ctx.account, ctx.region)?.msk?.scramSecrets?.[arn] ?? [];
  const page = paginate(arns, {
    scope: `kafka:ListScramSecrets:${ctx.account}:${ctx.region}:${arn}`,
    nextToken: input.NextToken,
    maxResults: input.MaxResults,
    defaultSize: 10,
    maxSize: 100,
    invalidToken: () => badRequest('The request contains an invalid nextToken.', 'nextToken'),
    invalidMaxResults: (n) => badRequest(`1 validation error detected: Value '${n}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100`, 'maxResults'),
  });
  return { SecretArnList: page.items, NextToken: page.nextToken };
}

export const KAFKA_SCRAM_OPERATIONS = { ListScramSecrets: ListScramSecrets$ };
export const KAFKA_SCRAM_HANDLERS: Record<string, Handler> = { ListScramSecrets: listScramSecrets };
