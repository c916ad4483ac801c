import type { AccountRegionInventory, Inventory } from '../../src/inventory/index.js';
import { INVENTORY_SCHEMA_VERSION, available } from '../../src/inventory/index.js';
import { ACCOUNT } from './fixtures.js';

export function inventoryOf(accountRegions: AccountRegionInventory[]): Inventory {
  return {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    kind: 'msk-audit-inventory',
    tool: { name: 'msk-audit', version: '0.0.0-test' },
    collectedAt: '2026-11-23T10:00:00.000Z',
    caller: { account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/auditor`, userId: 'AIDAEXAMPLE' },
    partition: 'aws',
    scope: { accounts: [ACCOUNT], regions: [...new Set(accountRegions.map((r) => r.region))], regionSelection: 'explicit' },
    accounts: [
      {
        account: ACCOUNT,
        via: 'caller',
        access: available({ principalArn: `arn:aws:iam::${ACCOUNT}:user/auditor` }),
        regions: available({ enabled: ['eu-west-1', 'us-east-1'], notEnabled: ['ap-east-1'] }),
        skippedRegions: [],
      },
    ],
    accountRegions,
    errors: [],
  };
}
