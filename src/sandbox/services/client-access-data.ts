/** Lookups of the estate's client-access resources (issue 9) for the services that serve them. */
import type { EstateAccount, RegionResources } from '../estate.js';
import type { World } from '../world.js';

/** The estate's resources of one account-region (undefined when the estate declares none). */
export function regionResources(world: World, account: string, region: string): RegionResources | undefined {
  return (world.accounts.get(account) as EstateAccount | undefined)?.regions[region];
}

/** `arn:partition:service:region:account:…` → its region and account. */
export function arnPlace(arn: string): { region: string; account: string } | undefined {
  const m = /^arn:[\w-]+:[\w-]+:([a-z0-9-]*):(\d{12}):/.exec(arn);
  return m ? { region: m[1] ?? '', account: m[2] ?? '' } : undefined;
}
