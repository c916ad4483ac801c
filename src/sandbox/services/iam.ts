/**
 * AWS IAM (awsQuery, global): GetAccountAuthorizationDetails and ListAccessKeys over the estate account's `iam`.
 * Policy documents are sent URL-encoded (RFC 3986), as IAM sends them.
 */
import { GetAccountAuthorizationDetails$, ListAccessKeys$ } from '@aws-sdk/client-iam';
import { AwsError } from '../errors.js';
import type { IamEntry } from '../estate-client-access.js';
import { paginate } from '../pagination.js';
import { AwsQueryProtocol } from '../protocols/aws-query.js';
import { str, type ServiceContext, type ServiceDefinition } from './types.js';

type Obj = Record<string, unknown>;
const ENTITY_TYPES = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const;
const validation = (message: string) => new AwsError('ValidationError', message, 400);
const EMPTY: IamEntry = { users: [], roles: [], groups: [], policies: [], accessKeys: {} };

function iamOf(ctx: ServiceContext): IamEntry {
  return (ctx.world.accounts.get(ctx.account) as { iam?: IamEntry } | undefined)?.iam ?? EMPTY;
}

/** Policy documents (PolicyDocument, Document) URL-encoded wherever they occur. */
function encodeDocuments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(encodeDocuments);
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  const out: Obj = {};
  for (const [key, item] of Object.entries(value)) out[key] = (key === 'PolicyDocument' || key === 'Document') && typeof item === 'string' ? encodeURIComponent(item) : encodeDocuments(item);
  return out;
}

function pageOptions(scope: string, input: Obj) {
  return {
    scope,
    nextToken: input.Marker,
    maxResults: input.MaxItems,
    defaultSize: 100,
    maxSize: 1000,
    invalidToken: () => validation('Invalid Marker.'),
    invalidMaxResults: (n: number) => validation(`1 validation error detected: Value '${n}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000`),
  };
}

function getAccountAuthorizationDetails(ctx: ServiceContext, input: Obj) {
  const filter = Array.isArray(input.Filter) && input.Filter.length > 0 ? (input.Filter as string[]) : [...ENTITY_TYPES];
  const unknown = filter.find((f) => !(ENTITY_TYPES as readonly string[]).includes(f));
  if (unknown) throw validation(`1 validation error detected: Value '[${unknown}]' at 'filter' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [User, Role, Group, LocalManagedPolicy, AWSManagedPolicy]]`);
  const iam = iamOf(ctx);
  const awsManaged = (p: Obj) => /^arn:[\w-]+:iam::aws:policy\//.test(String(p.Arn));
  const items: { list: string; item: Obj }[] = [
    ...(filter.includes('User') ? iam.users.map((item) => ({ list: 'UserDetailList', item })) : []),
    ...(filter.includes('Group') ? iam.groups.map((item) => ({ list: 'GroupDetailList', item })) : []),
    ...(filter.includes('Role') ? iam.roles.map((item) => ({ list: 'RoleDetailList', item })) : []),
    ...iam.policies
      .filter((p) => (awsManaged(p) ? filter.includes('AWSManagedPolicy') : filter.includes('LocalManagedPolicy')))
      .map((item) => ({ list: 'Policies', item })),
  ];
  const page = paginate(items, pageOptions(`iam:GetAccountAuthorizationDetails:${ctx.account}:${[...filter].sort().join(',')}`, input));
  const out: Obj = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [], IsTruncated: page.nextToken !== undefined };
  for (const { list, item } of page.items) (out[list] as unknown[]).push(encodeDocuments(item));
  if (page.nextToken) out.Marker = page.nextToken;
  return out;
}

function listAccessKeys(ctx: ServiceContext, input: Obj) {
  const iam = iamOf(ctx);
  const userName = str(input.UserName);
  if (!userName) throw validation('UserName is required for this sandbox (the caller\'s own keys are not modelled).');
  if (!iam.users.some((u) => u.UserName === userName)) throw new AwsError('NoSuchEntity', `The user with name ${userName} cannot be found.`, 404);
  const keys = (iam.accessKeys[userName] ?? []).map((k) => ({ UserName: userName, ...k }));
  const page = paginate(keys, pageOptions(`iam:ListAccessKeys:${ctx.account}:${userName}`, input));
  return { AccessKeyMetadata: page.items, IsTruncated: page.nextToken !== undefined, ...(page.nextToken ? { Marker: page.nextToken } : {}) };
}

export function iamService(): ServiceDefinition {
  return {
    signingName: 'iam',
    iamPrefix: 'iam',
    global: true,
    protocol: new AwsQueryProtocol('https://iam.amazonaws.com/doc/2010-05-08/', '2010-05-08', {
      GetAccountAuthorizationDetails: GetAccountAuthorizationDetails$,
      ListAccessKeys: ListAccessKeys$,
    }),
    handlers: { GetAccountAuthorizationDetails: getAccountAuthorizationDetails, ListAccessKeys: listAccessKeys },
    errors: {
      throttle: () => new AwsError('Throttling', 'Rate exceeded', 400),
      internal: () => new AwsError('ServiceFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500),
      unavailable: () => new AwsError('ServiceUnavailable', 'Service Unavailable', 503),
      accessDenied: (message) => new AwsError('AccessDenied', message, 403),
    },
  };
}
