import { describe, expect, it } from 'vitest';
import { parseInventory } from '../src/inventory/load.js';
import { available, unavailable } from '../src/inventory/index.js';
import {
  CA_ARN,
  SECRET_ARN,
  SECRET_KEY_ARN,
  connector,
  guardrails,
  mapping,
  principal,
  privateCa,
  scramCluster,
  secret,
  secretKey,
  statement,
} from './support/client-access-fixtures.js';
import { accessDenied, accountRegion } from './support/fixtures.js';
import { inventoryOf } from './support/inventory.js';

describe('loading an inventory with the client-access facts', () => {
  const full = inventoryOf([
    accountRegion((r) => {
      r.clusters = available([scramCluster()]);
      r.collectedAt = '2026-11-01T00:00:00.000Z';
      r.scramSecretLists = { [scramCluster().ClusterArn]: available([SECRET_ARN]) };
      r.secrets = { [SECRET_ARN]: available(secret((s) => (s.resourcePolicy = available('{"Statement":[]}')))) };
      r.kmsKeys[SECRET_KEY_ARN] = available(secretKey());
      r.privateCas = { [CA_ARN]: available(privateCa()) };
      r.connectors = available([connector()]);
      r.eventSourceMappings = unavailable(accessDenied('lambda', 'ListEventSourceMappings'));
      r.accountWide = {
        heldIn: 'eu-west-1',
        organizationScan: true,
        iam: available({
          principals: [principal('user', 'etl', [statement('Allow', ['kafka-cluster:*'], ['*'], { condition: { StringEquals: { 'aws:SourceVpc': ['vpc-1'] } } })])],
          counts: { users: 1, roles: 0, groups: 0 },
        }),
        guardrails: available(guardrails()),
      };
    }),
    accountRegion((r) => {
      r.region = 'us-east-1';
      r.eventSourceMappings = available([mapping()]);
      r.accountWide = { heldIn: 'eu-west-1' };
    }),
  ]);

  it('round-trips every new fact unchanged', () => {
    expect(parseInventory(JSON.parse(JSON.stringify(full)), 'f.json')).toEqual(full);
  });

  it('still loads inventories written before these facts existed', () => {
    expect(parseInventory(JSON.parse(JSON.stringify(inventoryOf([accountRegion()]))), 'old.json').accountRegions[0]!.accountWide).toBeUndefined();
  });

  it('rejects a malformed fact, naming its path', () => {
    const bad = structuredClone(full) as unknown as { accountRegions: { accountWide: { iam: { value: { principals: { kind: string }[] } } } }[] };
    bad.accountRegions[0]!.accountWide.iam.value.principals[0]!.kind = 'robot';
    expect(() => parseInventory(bad, 'f.json')).toThrow(/f\.json: accountRegions\.0\.accountWide\.iam/);
    const noHolder = structuredClone(full) as unknown as { accountRegions: { accountWide: Record<string, unknown> }[] };
    delete noHolder.accountRegions[1]!.accountWide.heldIn;
    expect(() => parseInventory(noHolder, 'f.json')).toThrow(/accountRegions\.1\.accountWide\.heldIn/);
  });
});
