import { AccountClient, paginateListRegions } from '@aws-sdk/client-account';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import type { Fact } from '../inventory/index.js';
import { available, unavailable } from '../inventory/index.js';
import { toCollectionError } from './errors.js';

export interface RegionAvailability {
  /** Regions the account can use (enabled by default, or opted in). */
  enabled: string[];
  /** Opt-in regions the account has not enabled: skipped, not failed. */
  notEnabled: string[];
}

/** Account ListRegions' largest page. */
export const LIST_REGIONS_PAGE_SIZE = 50;

const ENABLED = new Set(['ENABLED', 'ENABLED_BY_DEFAULT', 'opt-in-not-required', 'opted-in']);
/**
 * The statuses of a region the account cannot use yet (or any more). Any other status — missing or one this
 * version does not know — is not proof the region is off: it is collected, and fails loudly if it is.
 */
const NOT_ENABLED = new Set(['DISABLED', 'ENABLING', 'DISABLING', 'not-opted-in']);

/**
 * The account's enabled regions from Account ListRegions, falling back to EC2 DescribeRegions when the
 * Account API is denied. Both failing leaves the fact unavailable with the Account API's error.
 */
export async function enabledRegions(
  clients: { account: AccountClient; ec2: EC2Client },
  account: string,
): Promise<Fact<RegionAvailability>> {
  try {
    const regions: { name: string; status: string }[] = [];
    // 50 regions a page (the API's maximum; its default is 20): every partition's regions in one call.
    for await (const page of paginateListRegions({ client: clients.account }, { MaxResults: LIST_REGIONS_PAGE_SIZE })) {
      for (const region of page.Regions ?? []) {
        if (region.RegionName) regions.push({ name: region.RegionName, status: region.RegionOptStatus ?? '' });
      }
    }
    return available(split(regions));
  } catch (accountError) {
    try {
      const response = await clients.ec2.send(new DescribeRegionsCommand({ AllRegions: true }));
      const regions = (response.Regions ?? []).flatMap((region) =>
        region.RegionName ? [{ name: region.RegionName, status: region.OptInStatus ?? '' }] : [],
      );
      return available(split(regions));
    } catch {
      return unavailable(toCollectionError(accountError, { service: 'account', operation: 'ListRegions', account }));
    }
  }
}

function split(regions: { name: string; status: string }[]): RegionAvailability {
  const sorted = [...regions].sort((a, b) => a.name.localeCompare(b.name));
  return {
    enabled: sorted.filter((region) => ENABLED.has(region.status) || !NOT_ENABLED.has(region.status)).map((region) => region.name),
    notEnabled: sorted.filter((region) => NOT_ENABLED.has(region.status)).map((region) => region.name),
  };
}
