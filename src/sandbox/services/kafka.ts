/** Amazon MSK (REST-JSON, camelCase wire): ListClustersV2, DescribeClusterV2, DescribeConfigurationRevision, ListKafkaVersions; GetClusterPolicy and ListClientVpcConnections (kafka-exposure.ts). */
import { DescribeClusterV2$, DescribeConfigurationRevision$, ListClustersV2$, ListKafkaVersions$ } from '@aws-sdk/client-kafka';
import { AwsError } from '../errors.js';
import { paginate } from '../pagination.js';
import { RestJsonProtocol } from '../protocols/rest-json.js';
import { KAFKA_EXPOSURE_HANDLERS, KAFKA_EXPOSURE_OPERATIONS } from './kafka-exposure.js';
import { KAFKA_SCRAM_HANDLERS, KAFKA_SCRAM_OPERATIONS } from './kafka-scram.js';
import { str, type ServiceContext, type ServiceDefinition } from './types.js';

const badRequest = (message: string, invalidParameter?: string) =>
  new AwsError('BadRequestException', message, 400, invalidParameter ? { invalidParameter } : {});
const notFound = (message: string, invalidParameter: string) => new AwsError('NotFoundException', message, 404, { invalidParameter });

function pageOpts(ctx: ServiceContext, op: string, input: Record<string, unknown>, extraScope = '') {
  return {
    scope: `kafka:${op}:${ctx.account}:${ctx.region}:${extraScope}`,
    nextToken: input.NextToken,
    maxResults: input.MaxResults,
    defaultSize: 10,
    maxSize: 100,
    invalidToken: () => badRequest('The request contains an invalid nextToken.', 'nextToken'),
    invalidMaxResults: (n: number) =>
      badRequest(`1 validation error detected: Value '${n}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100`, 'maxResults'),
  };
}

function listClustersV2(ctx: ServiceContext, input: Record<string, unknown>) {
  const all = ctx.world.region(ctx.account, ctx.region)?.clusters ?? [];
  const name = str(input.ClusterNameFilter);
  const type = str(input.ClusterTypeFilter);
  if (type && type !== 'PROVISIONED' && type !== 'SERVERLESS') throw badRequest(`Invalid clusterTypeFilter: ${type}`, 'clusterTypeFilter');
  const filtered = name || type ? all.filter((c) => (!name || String(c.ClusterName).startsWith(name)) && (!type || c.ClusterType === type)) : all;
  const page = paginate(filtered, pageOpts(ctx, 'ListClustersV2', input, `${name ?? ''}:${type ?? ''}`));
  return { ClusterInfoList: page.items, NextToken: page.nextToken };
}

function describeClusterV2(ctx: ServiceContext, input: Record<string, unknown>) {
  const arn = str(input.ClusterArn) ?? '';
  const cluster = ctx.world.region(ctx.account, ctx.region)?.clustersByArn.get(arn);
  if (!cluster) throw notFound(`The specified cluster ARN ${arn} was not found.`, 'clusterArn');
  return { ClusterInfo: cluster };
}

function describeConfigurationRevision(ctx: ServiceContext, input: Record<string, unknown>) {
  const arn = str(input.Arn) ?? '';
  const revision = Number(input.Revision);
  const config = ctx.world.region(ctx.account, ctx.region)?.configurations.get(arn);
  if (!config) throw notFound(`The specified configuration ARN ${arn} was not found.`, 'arn');
  const rev = config.Revisions.find((r) => r.Revision === revision);
  if (!rev) throw notFound(`Revision ${revision} of configuration ${arn} was not found.`, 'revision');
  return { Arn: config.Arn, CreationTime: rev.CreationTime, Description: rev.Description, Revision: rev.Revision, ServerProperties: rev.ServerProperties };
}

function listKafkaVersions(ctx: ServiceContext, input: Record<string, unknown>) {
  const page = paginate(ctx.world.kafkaVersions(ctx.account, ctx.region), pageOpts(ctx, 'ListKafkaVersions', input));
  return { KafkaVersions: page.items, NextToken: page.nextToken };
}

export function kafkaService(): ServiceDefinition {
  return {
    signingName: 'kafka',
    iamPrefix: 'kafka',
    protocol: new RestJsonProtocol({
      ListClustersV2: ListClustersV2$,
      DescribeClusterV2: DescribeClusterV2$,
      DescribeConfigurationRevision: DescribeConfigurationRevision$,
      ListKafkaVersions: ListKafkaVersions$,
      ...KAFKA_EXPOSURE_OPERATIONS,
      ...KAFKA_SCRAM_OPERATIONS,
    }),
    handlers: {
      ListClustersV2: listClustersV2,
      DescribeClusterV2: describeClusterV2,
      DescribeConfigurationRevision: describeConfigurationRevision,
      ListKafkaVersions: listKafkaVersions,
      ...KAFKA_EXPOSURE_HANDLERS,
      ...KAFKA_SCRAM_HANDLERS,
    },
    errors: {
      throttle: () => new AwsError('TooManyRequestsException', 'Too Many Requests', 429),
      internal: () => new AwsError('InternalServerErrorException', 'There was an unexpected internal server error.', 500),
      unavailable: () => new AwsError('ServiceUnavailableException', 'The service is unavailable. Retry your request.', 503),
      accessDenied: (message) => new AwsError('AccessDeniedException', message, 403),
    },
  };
}
