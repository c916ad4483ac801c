import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInventory, parseInventory } from '../src/inventory/load.js';
import { available, unavailable } from '../src/inventory/index.js';
import { accessDenied, accountRegion, provisionedCluster, serverlessCluster } from './support/fixtures.js';
import { inventoryOf } from './support/inventory.js';

describe('loading a saved inventory', () => {
  const inventory = inventoryOf([
    accountRegion((r) => {
      r.clusters = available([provisionedCluster(), serverlessCluster()]);
      r.kafkaVersions = unavailable(accessDenied('kafka', 'ListKafkaVersions'));
    }),
  ]);

  it('round-trips through JSON unchanged', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'msk-audit-inv-'));
    await writeFile(join(dir, 'inv.json'), JSON.stringify(inventory));
    expect(await loadInventory(join(dir, 'inv.json'))).toEqual(inventory);
  });

  it('rejects a foreign document, a newer schema and a corrupt field with a clear message', () => {
    expect(() => parseInventory({ kind: 'something-else' }, 'f.json')).toThrow(/f\.json: not an msk-audit inventory/);
    expect(() => parseInventory({ ...inventory, schemaVersion: 99 }, 'f.json')).toThrow(/schema version 99 is not supported/);
    const corrupt = structuredClone(inventory) as unknown as { accountRegions: { account: string }[] };
    corrupt.accountRegions[0]!.account = 'not-an-account';
    expect(() => parseInventory(corrupt, 'f.json')).toThrow(/f\.json: accountRegions\.0\.account/);
    const noArn = structuredClone(inventory);
    (noArn.accountRegions[0]!.clusters as { value: unknown[] }).value.push({ ClusterName: 'x' });
    expect(() => parseInventory(noArn, 'f.json')).toThrow(/clusters/);
  });

  it('names missing files, directories and invalid JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'msk-audit-inv-'));
    await expect(loadInventory(join(dir, 'none.json'))).rejects.toThrow(/none\.json: no such file/);
    await expect(loadInventory(dir)).rejects.toThrow(/not a regular file/);
    await writeFile(join(dir, 'bad.json'), '{"kind":');
    await expect(loadInventory(join(dir, 'bad.json'))).rejects.toThrow(/not valid JSON/);
  });
});
