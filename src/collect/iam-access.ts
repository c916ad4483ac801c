import {
  GetAccountAuthorizationDetailsCommand,
  ListAccessKeysCommand,
  type AttachedPolicy,
  type EntityType,
  type GroupDetail,
  type IAMClient,
  type ManagedPolicyDetail,
  type PolicyDetail,
  type RoleDetail,
  type UserDetail,
} from '@aws-sdk/client-iam';
import pLimit from 'p-limit';
import { malformedResponse, toCollectionError } from '../aws/errors.js';
import {
  available,
  parsePolicyDocument,
  statementCanConcernService,
  unavailable,
  type AccessKeyFacts,
  type CollectionError,
  type Fact,
  type IamAccessFacts,
  type IamPrincipalFacts,
  type PolicyStatement,
} from '../inventory/index.js';
import { compact, isoDate } from './json.js';

/**
 * Users, roles, groups and the managed policies (customer-managed and the AWS-managed ones the answer includes),
 * so that AdministratorAccess and the like are read rather than guessed.
 */
export const AUTHORIZATION_DETAILS_FILTER: EntityType[] = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'];

/** IAM is global: its API is called in one region of the partition. */
export function iamRegion(partition: string): string {
  if (partition === 'aws-cn') return 'cn-north-1';
  if (partition === 'aws-us-gov') return 'us-gov-west-1';
  return 'us-east-1';
}

const KAFKA_CLUSTER = 'kafka-cluster';

interface Policies {
  /** Statements of each readable policy document (all statements; filtered per principal). */
  statements: PolicyStatement[];
  unreadable: string[];
}

/**
 * GetAccountAuthorizationDetails (every page), then ListAccessKeys (every page) for each user with a statement that
 * can concern a `kafka-cluster:` action. Only such principals are kept, with only such statements: the rest of the
 * account's IAM is not needed by any check. Never throws; a failure is in the fact it concerns.
 */
export async function collectIamAccess(
  iam: IAMClient,
  account: string,
  region: string,
  concurrency = 4,
): Promise<{ iam: Fact<IamAccessFacts>; errors: CollectionError[] }> {
  const context = { service: 'iam', operation: 'GetAccountAuthorizationDetails', account, region };
  const details = { users: [] as UserDetail[], roles: [] as RoleDetail[], groups: [] as GroupDetail[], policies: [] as ManagedPolicyDetail[] };
  const seen = new Set<string>();
  let marker: string | undefined;
  try {
    do {
      const page = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: AUTHORIZATION_DETAILS_FILTER, ...(marker ? { Marker: marker } : {}) }));
      details.users.push(...(page.UserDetailList ?? []));
      details.roles.push(...(page.RoleDetailList ?? []));
      details.groups.push(...(page.GroupDetailList ?? []));
      details.policies.push(...(page.Policies ?? []));
      marker = page.IsTruncated ? page.Marker || undefined : undefined;
      if (page.IsTruncated && !marker) return failed(malformedResponse('GetAccountAuthorizationDetails was truncated but returned no Marker.', context));
      if (marker && seen.has(marker)) return failed(malformedResponse('GetAccountAuthorizationDetails returned the same Marker twice.', context));
      if (marker) seen.add(marker);
    } while (marker);
  } catch (error) {
    return failed(toCollectionError(error, context));
  }

  const managed = new Map<string, Policies>();
  for (const policy of details.policies) {
    if (!policy.Arn) continue;
    const version = (policy.PolicyVersionList ?? []).find((v) => v.IsDefaultVersion) ?? (policy.PolicyVersionList ?? []).find((v) => v.VersionId === policy.DefaultVersionId);
    managed.set(policy.Arn, readDocument(version?.Document, policy.Arn));
  }
  const attached = (list: AttachedPolicy[] | undefined, prefix = ''): Policies =>
    merge(
      (list ?? []).map((entry) => {
        const arn = entry.PolicyArn ?? entry.PolicyName ?? 'unknown managed policy';
        const policies = managed.get(arn);
        return policies ? relabel(policies, prefix) : { statements: [], unreadable: [`${prefix}${arn} (not in GetAccountAuthorizationDetails)`] };
      }),
    );
  const inline = (list: PolicyDetail[] | undefined, prefix = ''): Policies =>
    merge((list ?? []).map((entry) => readDocument(entry.PolicyDocument, `${prefix}inline ${entry.PolicyName ?? '(unnamed)'}`)));

  const groupPolicies = new Map<string, Policies>();
  const principals: IamPrincipalFacts[] = [];
  for (const group of details.groups) {
    if (!group.GroupName) continue;
    const policies = merge([inline(group.GroupPolicyList), attached(group.AttachedManagedPolicies)]);
    groupPolicies.set(group.GroupName, policies);
    principals.push(principal('group', group.GroupName, group.Arn, policies));
  }
  for (const role of details.roles) {
    if (!role.RoleName) continue;
    principals.push(principal('role', role.RoleName, role.Arn, merge([inline(role.RolePolicyList), attached(role.AttachedManagedPolicies)])));
  }
  for (const user of details.users) {
    if (!user.UserName) continue;
    const groups = (user.GroupList ?? []).filter((name): name is string => typeof name === 'string');
    const fromGroups = groups.map((name) => {
      const policies = groupPolicies.get(name);
      return policies ? relabel(policies, `group ${name}: `) : { statements: [], unreadable: [`group ${name} (not in GetAccountAuthorizationDetails)`] };
    });
    const facts = principal('user', user.UserName, user.Arn, merge([inline(user.UserPolicyList), attached(user.AttachedManagedPolicies), ...fromGroups]));
    facts.groups = groups;
    principals.push(facts);
  }

  const kept = principals.filter((p) => p.statements.length > 0 || p.unreadablePolicies.length > 0);
  const errors: CollectionError[] = [];
  const limit = pLimit(concurrency);
  await Promise.all(
    kept
      .filter((p) => p.kind === 'user' && (p.unreadablePolicies.length > 0 || p.statements.some((s) => s.effect === 'Allow')))
      .map((user) =>
        limit(async () => {
          user.accessKeys = await listAccessKeys(iam, user.name, account, region);
          if (!user.accessKeys.ok) errors.push(user.accessKeys.error);
        }),
      ),
  );
  return {
    iam: available({ principals: kept, counts: { users: details.users.length, roles: details.roles.length, groups: details.groups.length } }),
    errors,
  };
}

function failed(error: CollectionError): { iam: Fact<IamAccessFacts>; errors: CollectionError[] } {
  return { iam: unavailable(error), errors: [error] };
}

function readDocument(document: string | undefined, source: string): Policies {
  if (document === undefined || document === '') return { statements: [], unreadable: [`${source} (no document)`] };
  const parsed = parsePolicyDocument(document, source);
  return parsed.ok ? { statements: parsed.statements, unreadable: [] } : { statements: [], unreadable: [`${source} (${parsed.reason})`] };
}

function relabel(policies: Policies, prefix: string): Policies {
  if (!prefix) return policies;
  return {
    statements: policies.statements.map((s) => ({ ...s, policy: `${prefix}${s.policy}` })),
    unreadable: policies.unreadable.map((u) => `${prefix}${u}`),
  };
}

function merge(list: Policies[]): Policies {
  return { statements: list.flatMap((p) => p.statements), unreadable: list.flatMap((p) => p.unreadable) };
}

function principal(kind: IamPrincipalFacts['kind'], name: string, arn: string | undefined, policies: Policies): IamPrincipalFacts {
  return {
    kind,
    name,
    arn: arn ?? name,
    statements: policies.statements.filter((s) => statementCanConcernService(s, KAFKA_CLUSTER)),
    unreadablePolicies: policies.unreadable,
  };
}

async function listAccessKeys(iam: IAMClient, userName: string, account: string, region: string): Promise<Fact<AccessKeyFacts[]>> {
  const context = { service: 'iam', operation: 'ListAccessKeys', account, region, resource: userName };
  const keys: AccessKeyFacts[] = [];
  const seen = new Set<string>();
  let marker: string | undefined;
  try {
    do {
      const page = await iam.send(new ListAccessKeysCommand({ UserName: userName, ...(marker ? { Marker: marker } : {}) }));
      for (const key of page.AccessKeyMetadata ?? []) {
        if (!key.AccessKeyId) return unavailable(malformedResponse('ListAccessKeys returned a key without AccessKeyId.', context));
        keys.push(compact<AccessKeyFacts>({ accessKeyId: key.AccessKeyId, status: key.Status, createDate: isoDate(key.CreateDate) }));
      }
      marker = page.IsTruncated ? page.Marker || undefined : undefined;
      if (page.IsTruncated && !marker) return unavailable(malformedResponse('ListAccessKeys was truncated but returned no Marker.', context));
      if (marker && seen.has(marker)) return unavailable(malformedResponse('ListAccessKeys returned the same Marker twice.', context));
      if (marker) seen.add(marker);
    } while (marker);
  } catch (error) {
    return unavailable(toCollectionError(error, context));
  }
  return available(keys);
}
