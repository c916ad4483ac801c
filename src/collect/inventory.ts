import pLimit from 'p-limit';
import { createClientFactory, type RetryOptions } from '../aws/clients.js';
import type { CredentialProvider } from '../aws/credentials.js';
import { CredentialsError, toCollectionError } from '../aws/errors.js';
import { INVENTORY_SCHEMA_VERSION, type CallerIdentity, type Inventory } from '../inventory/index.js';
import { TOOL } from '../package-info.js';
import { collectAccountRegion } from './account-region.js';
import { getCallerIdentity, partitionFromArn } from './identity.js';

/** Regions scanned at the same time. */
export const DEFAULT_REGION_CONCURRENCY = 4;

export interface CollectConcurrency {
  /** Regions scanned at the same time. Default 4. */
  regions?: number;
  /** KMS keys in flight per account-region. Default 8. */
  kmsKeys?: number;
  /** DescribeConfigurationRevision calls in flight per account-region. Default 8. */
  configurations?: number;
}

export interface CollectInventoryOptions {
  /** The caller's credentials; the SDK's default provider chain when absent (see resolveCredentials). */
  credentials?: CredentialProvider;
  /** The regions to scan (at least one). Duplicates are ignored; the first is where STS is called. */
  regions: readonly string[];
  retry?: RetryOptions;
  concurrency?: CollectConcurrency;
  /** The clock for `collectedAt` (tests). */
  now?: () => Date;
}

/**
 * Scans the caller's account in every region. Throws CredentialsError when the caller identity cannot be
 * established (no, invalid or expired credentials); every other AWS error is recorded in the inventory.
 */
export async function collectInventory(options: CollectInventoryOptions): Promise<Inventory> {
  const regions = [...new Set(options.regions)];
  const [homeRegion] = regions;
  if (homeRegion === undefined) throw new RangeError('collectInventory needs at least one region.');
  const collectedAt = (options.now ?? (() => new Date()))().toISOString();
  const factory = createClientFactory({
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
  });
  try {
    let caller: CallerIdentity;
    try {
      caller = await getCallerIdentity(factory.sts(homeRegion));
    } catch (error) {
      throw new CredentialsError(toCollectionError(error, { service: 'sts', operation: 'GetCallerIdentity', region: homeRegion }), {
        cause: error,
      });
    }

    const limit = pLimit(options.concurrency?.regions ?? DEFAULT_REGION_CONCURRENCY);
    const accountRegions = await Promise.all(
      regions.map((region) =>
        limit(() =>
          collectAccountRegion(factory.forRegion(region), caller.account, region, {
            ...(options.concurrency?.kmsKeys !== undefined ? { kmsConcurrency: options.concurrency.kmsKeys } : {}),
            ...(options.concurrency?.configurations !== undefined ? { configurationConcurrency: options.concurrency.configurations } : {}),
          }),
        ),
      ),
    );

    return {
      schemaVersion: INVENTORY_SCHEMA_VERSION,
      kind: 'msk-audit-inventory',
      tool: { name: TOOL.name, version: TOOL.version },
      collectedAt,
      caller,
      partition: partitionFromArn(caller.arn),
      scope: { accounts: [caller.account], regions },
      accountRegions,
      errors: [],
    };
  } finally {
    factory.destroy();
  }
}
