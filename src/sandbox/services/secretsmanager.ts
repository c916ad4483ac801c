/**
 * AWS Secrets Manager (JSON 1.1, secretsmanager.*): DescribeSecret and GetResourcePolicy — metadata only. The
 * sandbox serves no operation that returns a secret's value.
 */
import { DescribeSecret$, GetResourcePolicy$ } from '@aws-sdk/client-secrets-manager';
import { AwsError } from '../errors.js';
import type { SecretEntry } from '../estate-client-access.js';
import { JsonRpcProtocol } from '../protocols/json-rpc.js';
import { arnPlace, regionResources } from './client-access-data.js';
import { notAuthorized, str, type ServiceContext, type ServiceDefinition } from './types.js';

const notFound = () => new AwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.", 400);

/** A secret by ARN (in the account and region the ARN names; another account needs a resource policy) or by name. */
function resolveSecret(ctx: ServiceContext, operation: string, secretId: string): SecretEntry {
  if (!secretId) throw new AwsError('InvalidParameterException', 'You must provide a SecretId.', 400);
  const place = arnPlace(secretId);
  const account = place?.account ?? ctx.account;
  const region = place?.region ?? ctx.region;
  if (account !== ctx.account) {
    throw new AwsError('AccessDeniedException', `${notAuthorized(ctx.principal.arn, `secretsmanager:${operation}`, secretId)} because no resource-based policy allows the secretsmanager:${operation} action`, 400);
  }
  if (region !== ctx.region) throw notFound();
  const secrets = regionResources(ctx.world, account, region)?.secretsManager?.secrets ?? [];
  // An ARN may be given without its random six-character suffix.
  const secret = secrets.find((s) => (place ? s.metadata.ARN === secretId || String(s.metadata.ARN).startsWith(`${secretId}-`) : s.metadata.Name === secretId));
  if (!secret) throw notFound();
  return secret;
}

function describeSecret(ctx: ServiceContext, input: Record<string, unknown>) {
  return resolveSecret(ctx, 'DescribeSecret', str(input.SecretId) ?? '').metadata;
}

function getResourcePolicy(ctx: ServiceContext, input: Record<string, unknown>) {
  const secret = resolveSecret(ctx, 'GetResourcePolicy', str(input.SecretId) ?? '');
  return { ARN: secret.metadata.ARN, Name: secret.metadata.Name, ResourcePolicy: secret.resourcePolicy };
}

export function secretsManagerService(): ServiceDefinition {
  return {
    signingName: 'secretsmanager',
    iamPrefix: 'secretsmanager',
    protocol: new JsonRpcProtocol('secretsmanager', { DescribeSecret: DescribeSecret$, GetResourcePolicy: GetResourcePolicy$ }, '1.1', 'Message'),
    handlers: { DescribeSecret: describeSecret, GetResourcePolicy: getResourcePolicy },
    errors: {
      throttle: () => new AwsError('ThrottlingException', 'Rate exceeded', 400),
      internal: () => new AwsError('InternalServiceError', 'An error occurred on the server side.', 500),
      unavailable: () => new AwsError('ServiceUnavailable', 'Service Unavailable', 503),
      accessDenied: (message) => new AwsError('AccessDeniedException', message, 400),
    },
  };
}
