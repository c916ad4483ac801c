/** Amazon MSK cluster policies and client VPC connections: GetClusterPolicy, ListClientVpcConnections (REST-JSON). */
import { GetClusterPolicy$, ListClientVpcConnections$ } from '@aws-sdk/client-kafka';
import { AwsError } from '../errors.js';
import { paginate } from '../pagination.js';
import { str, type Handler, type ServiceContext } from './types.js';

const notFound = (message: string) => new AwsError('NotFoundException', message, 404, { invalidParameter: 'clusterArn' });
const badRequest = (message: string, invalidParameter: string) => new AwsError('BadRequestException', message, 400, { invalidParameter });

function mskOf(ctx: ServiceContext) {
  return ctx.world.accounts.get(ctx.account)?.regions[ctx.region]?.msk;
}

/** The cluster the request names, which must exist in the caller's account-region. */
function clusterArnOf(ctx: ServiceContext, input: Record<string, unknown>): string {
  const arn = str(input.ClusterArn) ?? '';
  if (!ctx.world.region(ctx.account, ctx.region)?.clustersByArn.has(arn)) throw notFound(`The specified cluster ARN ${arn} was not found.`);
  return arn;
}

/** A cluster without a policy answers NotFoundException, as MSK does. */
const getClusterPolicy: Handler = (ctx, input) => {
  const arn = clusterArnOf(ctx, input);
  const policy = mskOf(ctx)?.clusterPolicies[arn];
  if (!policy) throw notFound(`The cluster policy for cluster ${arn} does not exist.`);
  return { Policy: policy.policy, CurrentVersion: policy.currentVersion };
};

const listClientVpcConnections: Handler = (ctx, input) => {
  const arn = clusterArnOf(ctx, input);
  const page = paginate(mskOf(ctx)?.clientVpcConnections[arn] ?? [], {
    scope: `kafka:ListClientVpcConnections:${ctx.account}:${ctx.region}:${arn}`,
    nextToken: input.NextToken,
    maxResults: input.MaxResults,
    defaultSize: 10,
    maxSize: 100,
    invalidToken: () => badRequest('The request contains an invalid nextToken.', 'nextToken'),
    invalidMaxResults: (n) => badRequest(`1 validation error detected: Value '${n}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100`, 'maxResults'),
  });
  return { ClientVpcConnections: page.items, NextToken: page.nextToken };
};

export const KAFKA_EXPOSURE_OPERATIONS = { GetClusterPolicy: GetClusterPolicy$, ListClientVpcConnections: ListClientVpcConnections$ } as const;
export const KAFKA_EXPOSURE_HANDLERS: Readonly<Record<keyof typeof KAFKA_EXPOSURE_OPERATIONS, Handler>> = {
  GetClusterPolicy: getClusterPolicy,
  ListClientVpcConnections: listClientVpcConnections,
};
