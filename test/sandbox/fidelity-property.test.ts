/**
 * Property-based fidelity: random clusters built from the SDK's own Cluster schema (every member, any
 * nesting the model allows) go through the sandbox's REST-JSON wire and come back from the real SDK
 * client deep-equal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Cluster$, KafkaClient, paginateListClustersV2 } from '@aws-sdk/client-kafka';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { shapeOf, type Shape } from '../../src/sandbox/wire/shapes.js';
import { SEC, asJson, cfg, tinyEstate } from './helpers.js';

function arbitraryOf(shape: Shape, depth = 0): fc.Arbitrary<unknown> {
  switch (shape.kind) {
    case 'struct': {
      const entries = shape.members.map((m) => [m.name, arbitraryOf(m.shape, depth + 1)] as const);
      return fc.record(Object.fromEntries(entries), { requiredKeys: [] });
    }
    case 'list':
      return fc.array(arbitraryOf(shape.member.shape, depth + 1), { maxLength: depth > 4 ? 0 : 3 });
    case 'map':
      return fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), arbitraryOf(shape.value.shape, depth + 1), { maxKeys: 3 });
    case 'timestamp':
      return fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'number':
      return fc.integer({ min: 0, max: 100_000 });
    case 'boolean':
      return fc.boolean();
    default:
      return fc.string({ unit: 'grapheme', maxLength: 20 });
  }
}

const clusters = fc
  .sample(arbitraryOf(shapeOf(Cluster$)), { numRuns: 60, seed: 20261123 })
  .map((c, i) => ({ ...(c as Record<string, unknown>), ClusterArn: `arn:aws:kafka:eu-west-1:${SEC}:cluster/p-${i}/uuid-${i}`, ClusterName: `p-${i}`, ClusterType: i % 2 ? 'PROVISIONED' : 'SERVERLESS' }));

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await startSandbox({ estate: tinyEstate({ regions: { 'eu-west-1': { msk: { clusters } } } }) });
});
afterAll(() => sb.close());

describe('kafka wire fidelity (property)', () => {
  it('60 random model-shaped clusters round-trip through the real SDK unchanged', async () => {
    const kafka = new KafkaClient(cfg(sb));
    const got: unknown[] = [];
    for await (const page of paginateListClustersV2({ client: kafka, pageSize: 100 }, {})) got.push(...(page.ClusterInfoList ?? []));
    expect(asJson(got)).toEqual(clusters);
  });
});
