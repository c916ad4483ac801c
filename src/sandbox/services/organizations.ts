/** AWS Organizations (JSON 1.1, AWSOrganizationsV20161128.*): read-only structure APIs. */
import {
  DescribeOrganization$,
  DescribePolicy$,
  ListParents$,
  ListPoliciesForTarget$,
  ListAccounts$,
  ListAccountsForParent$,
  ListChildren$,
  ListOrganizationalUnitsForParent$,
  ListRoots$,
} from '@aws-sdk/client-organizations';
import { AwsError } from '../errors.js';
import type { EstateAccount } from '../estate.js';
import { paginate } from '../pagination.js';
import { JsonRpcProtocol } from '../protocols/json-rpc.js';
import type { World } from '../world.js';
import { str, type ServiceContext, type ServiceDefinition } from './types.js';

type Org = NonNullable<World['estate']['organization']>;

function org(ctx: ServiceContext, managementOnly: boolean): Org {
  const o = ctx.world.estate.organization;
  if (!o || !ctx.world.accounts.has(ctx.account)) {
    throw new AwsError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.', 400);
  }
  if (managementOnly && ctx.account !== o.managementAccountId && !o.delegatedAdministrators.includes(ctx.account)) {
    throw new AwsError('AccessDeniedException', "You don't have permissions to access this resource.", 400);
  }
  return o;
}

function page<T>(ctx: ServiceContext, op: string, input: Record<string, unknown>, items: readonly T[], scope = '') {
  return paginate(items, {
    scope: `organizations:${op}:${ctx.account}:${scope}`,
    nextToken: input.NextToken,
    maxResults: input.MaxResults,
    defaultSize: 20,
    maxSize: 20,
    invalidToken: () =>
      new AwsError('InvalidInputException', 'You specified an invalid value for nextToken. You must get the value from the response to a previous call to the API.', 400, { Reason: 'INVALID_PAGINATION_TOKEN' }),
    invalidMaxResults: (n) => new AwsError('InvalidInputException', `You specified an invalid value for MaxResults: ${n}. It must be between 1 and 20.`, 400, { Reason: 'MAX_VALUE_EXCEEDED' }),
  });
}

const orgArn = (o: Org, partition: string, kind: string, id: string) => `arn:${partition}:organizations::${o.managementAccountId}:${kind}/${o.id}/${id}`;

function account(ctx: ServiceContext, o: Org, a: EstateAccount) {
  return {
    Id: a.id,
    Arn: orgArn(o, ctx.world.partition, 'account', a.id),
    Email: a.email,
    Name: a.name,
    Status: a.status,
    State: a.state ?? (a.status === 'PENDING_CLOSURE' ? 'PENDING_CLOSURE' : a.status),
    JoinedMethod: a.joinedMethod,
    JoinedTimestamp: a.joinedTimestamp ?? '2020-01-01T00:00:00.000Z',
  };
}

function checkParent(ctx: ServiceContext, o: Org, parentId: string): void {
  if (!o.roots.some((r) => r.id === parentId) && !ctx.world.ous.has(parentId)) {
    throw new AwsError('ParentNotFoundException', 'We can\'t find a root or OU with the ParentId that you specified.', 400);
  }
}

function describeOrganization(ctx: ServiceContext) {
  const o = org(ctx, false);
  const mgmt = ctx.world.accounts.get(o.managementAccountId);
  return {
    Organization: {
      Id: o.id,
      Arn: `arn:${ctx.world.partition}:organizations::${o.managementAccountId}:organization/${o.id}`,
      FeatureSet: o.featureSet,
      MasterAccountArn: orgArn(o, ctx.world.partition, 'account', o.managementAccountId),
      MasterAccountId: o.managementAccountId,
      MasterAccountEmail: mgmt?.email,
      AvailablePolicyTypes: [],
    },
  };
}

function listAccounts(ctx: ServiceContext, input: Record<string, unknown>) {
  const o = org(ctx, true);
  const p = page(ctx, 'ListAccounts', input, ctx.world.estate.accounts);
  return { Accounts: p.items.map((a) => account(ctx, o, a)), NextToken: p.nextToken };
}

function listRoots(ctx: ServiceContext, input: Record<string, unknown>) {
  const o = org(ctx, true);
  const p = page(ctx, 'ListRoots', input, o.roots);
  return {
    Roots: p.items.map((r) => ({ Id: r.id, Arn: orgArn(o, ctx.world.partition, 'root', r.id), Name: r.name, PolicyTypes: [] })),
    NextToken: p.nextToken,
  };
}

function listOusForParent(ctx: ServiceContext, input: Record<string, unknown>) {
  const o = org(ctx, true);
  const parentId = str(input.ParentId) ?? '';
  checkParent(ctx, o, parentId);
  const p = page(ctx, 'ListOrganizationalUnitsForParent', input, ctx.world.childOus.get(parentId) ?? [], parentId);
  return { OrganizationalUnits: p.items.map((ou) => ({ Id: ou.id, Arn: orgArn(o, ctx.world.partition, 'ou', ou.id), Name: ou.name })), NextToken: p.nextToken };
}

function listAccountsForParent(ctx: ServiceContext, input: Record<string, unknown>) {
  const o = org(ctx, true);
  const parentId = str(input.ParentId) ?? '';
  checkParent(ctx, o, parentId);
  const ids = ctx.world.childAccounts.get(parentId) ?? [];
  const p = page(ctx, 'ListAccountsForParent', input, ids, parentId);
  return { Accounts: p.items.flatMap((id) => { const a = ctx.world.accounts.get(id); return a ? [account(ctx, o, a)] : []; }), NextToken: p.nextToken };
}

function listChildren(ctx: ServiceContext, input: Record<string, unknown>) {
  const o = org(ctx, true);
  const parentId = str(input.ParentId) ?? '';
  const childType = str(input.ChildType);
  if (childType !== 'ACCOUNT' && childType !== 'ORGANIZATIONAL_UNIT') {
    throw new AwsError('InvalidInputException', 'You provided a value that does not match the required pattern.', 400, { Reason: 'INVALID_ENUM' });
  }
  checkParent(ctx, o, parentId);
  const ids = childType === 'ACCOUNT' ? (ctx.world.childAccounts.get(parentId) ?? []) : (ctx.world.childOus.get(parentId) ?? []).map((ou) => ou.id);
  const p = page(ctx, 'ListChildren', input, ids, `${parentId}:${childType}`);
  return { Children: p.items.map((id) => ({ Id: id, Type: childType })), NextToken: p.nextToken };
}

// ---------------------------------------------------------------------------------------------------------
// Service control policies (org-scp-denies-msk-security-changes): ListParents, ListPoliciesForTarget, DescribePolicy

type Scp = Org['policies'][number];

function policySummary(ctx: ServiceContext, o: Org, p: Scp) {
  return {
    Id: p.id,
    Arn: p.awsManaged
      ? `arn:${ctx.world.partition}:organizations::aws:policy/service_control_policy/${p.id}`
      : `arn:${ctx.world.partition}:organizations::${o.managementAccountId}:policy/${o.id}/service_control_policy/${p.id}`,
    Name: p.name,
    Description: p.description,
    Type: 'SERVICE_CONTROL_POLICY',
    AwsManaged: p.awsManaged,
  };
}

function listParents(ctx: ServiceContext, input: Record<string, unknown>) {
  const o = org(ctx, true);
  const childId = str(input.ChildId) ?? '';
  const parentId = ctx.world.parentOf.get(childId);
  if (!parentId) throw new AwsError('ChildNotFoundException', "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.", 400);
  const p = page(ctx, 'ListParents', input, [parentId], childId);
  return { Parents: p.items.map((id) => ({ Id: id, Type: o.roots.some((r) => r.id === id) ? 'ROOT' : 'ORGANIZATIONAL_UNIT' })), NextToken: p.nextToken };
}

function listPoliciesForTarget(ctx: ServiceContext, input: Record<string, unknown>) {
  const o = org(ctx, true);
  const targetId = str(input.TargetId) ?? '';
  const filter = str(input.Filter) ?? '';
  const known = o.roots.some((r) => r.id === targetId) || ctx.world.ous.has(targetId) || ctx.world.parentOf.has(targetId);
  if (!known) throw new AwsError('TargetNotFoundException', "We can't find a root, OU, account, or policy with the TargetId that you specified.", 400);
  const policies = filter === 'SERVICE_CONTROL_POLICY' ? o.policies.filter((p) => p.targets.includes(targetId)) : [];
  const p = page(ctx, 'ListPoliciesForTarget', input, policies, `${targetId}:${filter}`);
  return { Policies: p.items.map((policy) => policySummary(ctx, o, policy)), NextToken: p.nextToken };
}

function describePolicy(ctx: ServiceContext, input: Record<string, unknown>) {
  const o = org(ctx, true);
  const id = str(input.PolicyId) ?? '';
  const policy = o.policies.find((p) => p.id === id);
  if (!policy) throw new AwsError('PolicyNotFoundException', "We can't find a policy with the PolicyId that you specified.", 400);
  return { Policy: { PolicySummary: policySummary(ctx, o, policy), Content: policy.content } };
}

export function organizationsService(): ServiceDefinition {
  return {
    signingName: 'organizations',
    iamPrefix: 'organizations',
    global: true,
    protocol: new JsonRpcProtocol(
      'AWSOrganizationsV20161128',
      {
        DescribeOrganization: DescribeOrganization$,
        ListAccounts: ListAccounts$,
        ListRoots: ListRoots$,
        ListOrganizationalUnitsForParent: ListOrganizationalUnitsForParent$,
        ListAccountsForParent: ListAccountsForParent$,
        ListChildren: ListChildren$,
        ListParents: ListParents$,
        ListPoliciesForTarget: ListPoliciesForTarget$,
        DescribePolicy: DescribePolicy$,
      },
      '1.1',
      'Message',
    ),
    handlers: {
      DescribeOrganization: describeOrganization,
      ListAccounts: listAccounts,
      ListRoots: listRoots,
      ListOrganizationalUnitsForParent: listOusForParent,
      ListAccountsForParent: listAccountsForParent,
      ListChildren: listChildren,
      ListParents: listParents,
      ListPoliciesForTarget: listPoliciesForTarget,
      DescribePolicy: describePolicy,
    },
    errors: {
      throttle: () => new AwsError('TooManyRequestsException', 'You have sent too many requests in too short a period of time.', 400, { Type: 'AWSOrganizationsThrottling' }),
      internal: () => new AwsError('ServiceException', 'AWS Organizations can\'t complete your request because of an internal service error.', 500),
      unavailable: () => new AwsError('ServiceUnavailableException', 'Service Unavailable', 503),
      accessDenied: (message) => new AwsError('AccessDeniedException', message, 400),
    },
  };
}
