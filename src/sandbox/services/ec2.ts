/** Amazon EC2 (ec2Query): DescribeRegions, DescribeSecurityGroups. */
import { DescribeRegions$, DescribeSecurityGroups$ } from '@aws-sdk/client-ec2';
import { AwsError } from '../errors.js';
import { paginate } from '../pagination.js';
import { Ec2QueryProtocol } from '../protocols/ec2-query.js';
import type { AwsObject } from '../world.js';
import type { ServiceContext, ServiceDefinition } from './types.js';

interface Filter {
  Name?: string;
  Values?: string[];
}

const filtersOf = (input: Record<string, unknown>): Filter[] => (Array.isArray(input.Filters) ? (input.Filters as Filter[]) : []);
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map(String) : undefined);

function describeRegions(ctx: ServiceContext, input: Record<string, unknown>) {
  const names = strings(input.RegionNames);
  const all = input.AllRegions === true;
  if (names) {
    const unknown = names.filter((n) => !ctx.world.catalogue.has(n));
    if (unknown.length) throw new AwsError('InvalidParameterValue', `Invalid region names: [${unknown.join(', ')}]`, 400);
  }
  let regions = [...ctx.world.catalogue.values()].map((r) => {
    const status = ctx.world.regionStatus(ctx.account, r.name);
    const optIn = !r.optIn ? 'opt-in-not-required' : status === 'ENABLED' || status === 'DISABLING' ? 'opted-in' : 'not-opted-in';
    return { RegionName: r.name, Endpoint: `ec2.${r.name}.amazonaws.com`, OptInStatus: optIn };
  });
  if (!all && !names) regions = regions.filter((r) => r.OptInStatus !== 'not-opted-in');
  if (names) regions = regions.filter((r) => names.includes(r.RegionName));
  for (const f of filtersOf(input)) {
    const values = f.Values ?? [];
    const field = f.Name === 'region-name' ? 'RegionName' : f.Name === 'endpoint' ? 'Endpoint' : f.Name === 'opt-in-status' ? 'OptInStatus' : undefined;
    if (!field) throw new AwsError('InvalidParameterValue', `The filter '${f.Name ?? ''}' is invalid`, 400);
    regions = regions.filter((r) => values.includes(r[field]));
  }
  return { Regions: regions };
}

const sgFilterFields: Record<string, (g: AwsObject) => unknown> = {
  'group-id': (g) => g.GroupId,
  'group-name': (g) => g.GroupName,
  'vpc-id': (g) => g.VpcId,
  'owner-id': (g) => g.OwnerId,
  description: (g) => g.Description,
};

function describeSecurityGroups(ctx: ServiceContext, input: Record<string, unknown>) {
  let groups: AwsObject[] = (ctx.world.region(ctx.account, ctx.region)?.securityGroups ?? []).map((g) => ({ OwnerId: ctx.account, ...g }));
  const ids = strings(input.GroupIds);
  if (ids) {
    const missing = ids.filter((id) => !groups.some((g) => g.GroupId === id));
    if (missing.length) throw new AwsError('InvalidGroup.NotFound', `The security group '${missing.join("', '")}' does not exist`, 400);
    groups = groups.filter((g) => ids.includes(String(g.GroupId)));
  }
  const names = strings(input.GroupNames);
  if (names) groups = groups.filter((g) => names.includes(String(g.GroupName)));
  for (const f of filtersOf(input)) {
    const get = sgFilterFields[f.Name ?? ''];
    if (!get) throw new AwsError('InvalidParameterValue', `The filter '${f.Name ?? ''}' is invalid`, 400);
    groups = groups.filter((g) => (f.Values ?? []).includes(String(get(g))));
  }
  if (input.MaxResults === undefined && input.NextToken === undefined) return { SecurityGroups: groups };
  const page = paginate(groups, {
    scope: `ec2:DescribeSecurityGroups:${ctx.account}:${ctx.region}:${JSON.stringify([ids, names, input.Filters])}`,
    nextToken: input.NextToken,
    maxResults: input.MaxResults,
    defaultSize: 1000,
    maxSize: 1000,
    minSize: 5,
    invalidToken: () => new AwsError('InvalidPaginationToken', 'The pagination token is invalid.', 400),
    invalidMaxResults: (n) => new AwsError('InvalidParameterValue', `Value (${n}) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`, 400),
  });
  return { SecurityGroups: page.items, NextToken: page.nextToken };
}

export function ec2Service(): ServiceDefinition {
  return {
    signingName: 'ec2',
    iamPrefix: 'ec2',
    protocol: new Ec2QueryProtocol('http://ec2.amazonaws.com/doc/2016-11-15/', { DescribeRegions: DescribeRegions$, DescribeSecurityGroups: DescribeSecurityGroups$ }),
    handlers: { DescribeRegions: describeRegions, DescribeSecurityGroups: describeSecurityGroups },
    errors: {
      throttle: () => new AwsError('RequestLimitExceeded', 'Request limit exceeded.', 503),
      internal: () => new AwsError('InternalError', 'An internal error has occurred', 500),
      unavailable: () => new AwsError('Unavailable', 'The server is overloaded and can\'t handle the request.', 503),
      accessDenied: (message) => new AwsError('UnauthorizedOperation', `You are not authorized to perform this operation. ${message}`, 403),
    },
  };
}
