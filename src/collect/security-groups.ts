import { paginateDescribeSecurityGroups, type EC2Client, type IpPermission, type SecurityGroup } from '@aws-sdk/client-ec2';
import { toCollectionError } from '../aws/errors.js';
import { available, unavailable, type CollectionError, type Fact, type MskCluster, type SecurityGroupFacts, type SecurityGroupRule } from '../inventory/index.js';
import { compact } from './json.js';

/** EC2 accepts at most 200 values in one filter. */
export const SECURITY_GROUP_BATCH = 200;
/** DescribeSecurityGroups page size (EC2 accepts 5–1000). */
export const SECURITY_GROUP_PAGE_SIZE = 1000;

export interface SecurityGroupsResult {
  groups: Record<string, Fact<SecurityGroupFacts>>;
  /** One error per failed batch, and one per referenced group the answer left out. */
  errors: CollectionError[];
}

/** The distinct security group ids the clusters reference: provisioned brokers' SecurityGroups, serverless VpcConfigs. */
export function referencedSecurityGroups(clusters: readonly MskCluster[]): string[] {
  const ids = new Set<string>();
  const add = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const id of list) if (typeof id === 'string' && id !== '') ids.add(id);
  };
  for (const cluster of clusters) {
    add(cluster.Provisioned?.BrokerNodeGroupInfo?.SecurityGroups);
    const configs = cluster.Serverless?.VpcConfigs;
    if (Array.isArray(configs)) for (const config of configs) add(config?.SecurityGroupIds);
  }
  return [...ids];
}

/**
 * DescribeSecurityGroups for every group the clusters reference, once per account-region, in batches of up to 200
 * ids (a `group-id` filter, which — unlike GroupIds — does not fail the whole call for one deleted group), every
 * page. A failing batch makes each of its groups unavailable; a group the answer leaves out is unavailable too.
 */
export async function collectSecurityGroups(
  ec2: EC2Client,
  clusters: readonly MskCluster[],
  account: string,
  region: string,
): Promise<SecurityGroupsResult> {
  const ids = referencedSecurityGroups(clusters);
  const groups: Record<string, Fact<SecurityGroupFacts>> = {};
  const errors: CollectionError[] = [];
  for (let start = 0; start < ids.length; start += SECURITY_GROUP_BATCH) {
    const batch = ids.slice(start, start + SECURITY_GROUP_BATCH);
    const found = new Map<string, SecurityGroupFacts>();
    try {
      for await (const page of paginateDescribeSecurityGroups(
        { client: ec2, pageSize: SECURITY_GROUP_PAGE_SIZE, stopOnSameToken: true },
        { Filters: [{ Name: 'group-id', Values: batch }] },
      )) {
        for (const group of page.SecurityGroups ?? []) {
          const facts = toSecurityGroupFacts(group);
          if (facts && batch.includes(facts.groupId)) found.set(facts.groupId, facts);
        }
      }
    } catch (error) {
      const failure = toCollectionError(error, {
        service: 'ec2',
        operation: 'DescribeSecurityGroups',
        account,
        region,
        resource: batch.length === 1 ? batch[0]! : `${batch.length} security groups`,
      });
      errors.push(failure);
      for (const id of batch) groups[id] = unavailable({ ...failure, resource: id });
      continue;
    }
    for (const id of batch) {
      const facts = found.get(id);
      if (facts) {
        groups[id] = available(facts);
      } else {
        const missing: CollectionError = {
          service: 'ec2',
          operation: 'DescribeSecurityGroups',
          code: 'InvalidGroup.NotFound',
          message: `DescribeSecurityGroups did not return the security group ${id} (deleted, or not visible to this account).`,
          account,
          region,
          resource: id,
        };
        errors.push(missing);
        groups[id] = unavailable(missing);
      }
    }
  }
  return { groups, errors };
}

function toSecurityGroupFacts(group: SecurityGroup): SecurityGroupFacts | undefined {
  if (typeof group.GroupId !== 'string' || group.GroupId === '') return undefined;
  return compact<SecurityGroupFacts>({
    groupId: group.GroupId,
    groupName: group.GroupName,
    vpcId: group.VpcId,
    ownerId: group.OwnerId,
    ingress: (group.IpPermissions ?? []).map((permission) => toRule(permission, group.OwnerId)),
  });
}

const strings = (values: (string | undefined)[]): string[] => values.filter((value): value is string => typeof value === 'string' && value !== '');

/** An inbound rule; a missing protocol is taken as every protocol, so a malformed rule can only fail, never pass. */
function toRule(permission: IpPermission, ownerId: string | undefined): SecurityGroupRule {
  return compact<SecurityGroupRule>({
    ipProtocol: permission.IpProtocol ?? '-1',
    fromPort: permission.FromPort,
    toPort: permission.ToPort,
    ipv4Ranges: strings((permission.IpRanges ?? []).map((range) => range.CidrIp)),
    ipv6Ranges: strings((permission.Ipv6Ranges ?? []).map((range) => range.CidrIpv6)),
    prefixListIds: strings((permission.PrefixListIds ?? []).map((list) => list.PrefixListId)),
    groupReferences: strings(
      (permission.UserIdGroupPairs ?? []).map((pair) =>
        pair.GroupId && pair.UserId && ownerId && pair.UserId !== ownerId ? `${pair.UserId}/${pair.GroupId}` : pair.GroupId,
      ),
    ),
  });
}
