import type { AccountRegionInventory, Inventory } from '../../src/inventory/index.js';
import { INVENTORY_SCHEMA_VERSION } from '../../src/inventory/index.js';
import { ACCOUNT } from './fixtures.js';

export function inventoryOf(accountRegions: AccountRegionInventory[]): Inventory {
  return {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    kind: 'msk-audit-inventory',
    tool: { name: 'msk-audit', version: '0.0.0-test' },
    collectedAt: '2026-11-23T10:00:00.000Z',
    caller: { account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/auditor`, userId: 'AIDAEXAMPLE' },
    partition: 'aws',
    scope: { accounts: [ACCOUNT], regions: [...new Set(accountRegions.map((r) => r.region))] },
    accountRegions,
    errors: [],
  };
}
