import { STSClient } from '@aws-sdk/client-sts';
import { UsageError } from '../errors.js';

/** The region the SDK would use by default (AWS_REGION, AWS_DEFAULT_REGION, or the profile's `region`). */
export async function defaultRegion(profile: string | undefined): Promise<string> {
  const client = new STSClient(profile === undefined ? {} : { profile });
  try {
    const region = await client.config.region();
    if (region) return region;
  } catch {
    // fall through to the clear error below
  } finally {
    client.destroy();
  }
  throw new UsageError('no region given: pass --regions (e.g. --regions eu-west-1,us-east-1) or set AWS_REGION');
}
