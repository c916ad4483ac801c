import { partition } from '@aws-sdk/core/client';

/** Whether the AWS SDK's partition data knows this region (so a typo is an error, not an empty scan). */
export function isKnownRegion(region: string): boolean {
  return (partition(region) as { description?: string }).description !== undefined;
}

/** The partition (aws, aws-cn, aws-us-gov, …) a region belongs to. */
export function partitionOfRegion(region: string): string {
  return partition(region).name;
}
