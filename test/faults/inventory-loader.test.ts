/**
 * Issue 10, "Hostile and malformed data": the inventory loader (loadInventory) on hostile files. Each file is
 * either refused with one clear line naming it (a UsageError, exit 2 in the CLI), or loaded into facts the
 * checks turn into NOT_AVAILABLE — never a crash, never a silent PASS.
 */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import { buildScanResult } from '../../src/audit.js';
import { DEFAULT_THRESHOLDS } from '../../src/check/index.js';
import { UsageError } from '../../src/errors.js';
import { available } from '../../src/inventory/index.js';
import { loadInventory } from '../../src/inventory/load.js';
import { accountRegion, provisionedCluster } from '../support/fixtures.js';
import { inventoryOf } from '../support/inventory.js';
import { richRegion } from './hostile-data-support.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'msk-audit-hostile-inventory-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const valid = () => JSON.parse(JSON.stringify(inventoryOf([richRegion()]))) as Record<string, any>;
const HUGE = 'x'.repeat(100_000);

/** Documents the loader must refuse, each with the words its one-line error must carry. */
const REFUSED: [string, () => string | Buffer, RegExp][] = [
  ['empty file', () => '', /not valid JSON/],
  ['truncated JSON', () => JSON.stringify(valid()).slice(0, 500), /not valid JSON/],
  ['JSON null', () => 'null', /not an msk-audit inventory/],
  ['JSON array', () => '[]', /not an msk-audit inventory/],
  ['JSON string', () => '"msk-audit-inventory"', /not an msk-audit inventory/],
  ['a baseline instead', () => JSON.stringify({ kind: 'msk-audit-baseline', schemaVersion: 1 }), /not an msk-audit inventory/],
  ['future schema', () => JSON.stringify({ ...valid(), schemaVersion: 2 }), /schema version 2 is not supported/],
  ['schema version as string', () => JSON.stringify({ ...valid(), schemaVersion: '1' }), /schema version "1" is not supported/],
  ['accountRegions null', () => JSON.stringify({ ...valid(), accountRegions: null }), /accountRegions/],
  ['accountRegions an object', () => JSON.stringify({ ...valid(), accountRegions: {} }), /accountRegions/],
  ['caller missing', () => JSON.stringify({ ...valid(), caller: undefined }), /caller/],
  ['collectedAt not a time', () => JSON.stringify({ ...valid(), collectedAt: '\u202Eyesterday' }), /collectedAt/],
  ['account id with unicode digits', () => { const v = valid(); v.accountRegions[0].account = '１１１１２２２２３３３３'; return JSON.stringify(v); }, /accountRegions\.0\.account/],
  ['clusters fact without ok', () => { const v = valid(); v.accountRegions[0].clusters = { value: [] }; return JSON.stringify(v); }, /accountRegions\.0\.clusters/],
  ['fact ok:"true" (string)', () => { const v = valid(); v.accountRegions[0].kafkaVersions.ok = 'true'; return JSON.stringify(v); }, /kafkaVersions/],
  ['fact ok:false without error', () => { const v = valid(); v.accountRegions[0].kafkaVersions = { ok: false }; return JSON.stringify(v); }, /kafkaVersions/],
  ['fact ok:true with an error too', () => { const v = valid(); v.accountRegions[0].kafkaVersions.error = { service: 'x', operation: 'y', code: 'z', message: 'm' }; return JSON.stringify(v); }, /kafkaVersions/],
  ['cluster without ARN', () => { const v = valid(); delete v.accountRegions[0].clusters.value[0].ClusterArn; return JSON.stringify(v); }, /clusters\.value\.0\.ClusterArn/],
  ['cluster ARN a number', () => { const v = valid(); v.accountRegions[0].clusters.value[0].ClusterArn = 12; return JSON.stringify(v); }, /ClusterArn/],
  ['cluster is null', () => { const v = valid(); v.accountRegions[0].clusters.value[0] = null; return JSON.stringify(v); }, /clusters\.value\.0/],
  ['KMS key state a number', () => { const v = valid(); const k = Object.keys(v.accountRegions[0].kmsKeys)[0]!; v.accountRegions[0].kmsKeys[k].value.keyState = 1; return JSON.stringify(v); }, /kmsKeys/],
  ['trail management events unknown enum', () => { const v = valid(); v.accountRegions[0].trails.value[0].managementEvents.value = 'everything'; return JSON.stringify(v); }, /managementEvents/],
  ['security group rule ranges null', () => { const v = valid(); const g = Object.keys(v.accountRegions[0].securityGroups)[0]!; v.accountRegions[0].securityGroups[g].value.ingress[0].ipv4Ranges = null; return JSON.stringify(v); }, /ipv4Ranges/],
  ['SCP effect unknown enum', () => { const v = valid(); v.accountRegions[0].accountWide.guardrails.value.path[1].policies.value[0].statements.value[0].effect = 'Maybe'; return JSON.stringify(v); }, /effect/],
  ['errors not a list', () => JSON.stringify({ ...valid(), errors: 'none' }), /errors/],
  ['UTF-16 file', () => Buffer.from(`\ufeff${JSON.stringify(valid())}`, 'utf16le'), /not valid JSON/],
  ['deeply nested JSON', () => `${'['.repeat(200_000)}${']'.repeat(200_000)}`, /not an msk-audit inventory|not valid JSON|too deeply nested/],
];

describe('loadInventory refuses hostile files with one clear line', () => {
  for (const [name, content, expected] of REFUSED) {
    it(name, async () => {
      const file = join(dir, `${name.replace(/\W+/g, '-')}.json`);
      await writeFile(file, content());
      const error = await loadInventory(file).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, 'accepted').toBeInstanceOf(UsageError);
      const message = (error as Error).message;
      expect(message.startsWith(`inventory ${file}: `), message.slice(0, 300)).toBe(true);
      expect(message).toMatch(expected);
      expect(message).not.toContain('\n');
      expect(message.length).toBeLessThan(1000);
    });
  }

  it('a missing file, a directory and (unless root) an unreadable file', async () => {
    await expect(loadInventory(join(dir, 'nope.json'))).rejects.toThrow(/: no such file$/);
    await mkdir(join(dir, 'a-dir.json'));
    await expect(loadInventory(join(dir, 'a-dir.json'))).rejects.toThrow(/: not a regular file$/);
    if (process.getuid?.() !== 0) {
      const file = join(dir, 'unreadable.json');
      await writeFile(file, JSON.stringify(valid()));
      await chmod(file, 0o000);
      await expect(loadInventory(file)).rejects.toThrow(/cannot be read \(EACCES\)/);
    }
  });
});

/** Documents the loader accepts: every fact they leave unusable must cost the verdict (no PASS on it). */
describe('loadInventory accepts odd but valid files, and the checks do not PASS on what is missing', () => {
  const evaluate = async (document: unknown, name: string) => {
    const file = join(dir, `${name}.json`);
    await writeFile(file, JSON.stringify(document));
    const inventory = await loadInventory(file);
    return [...buildScanResult(inventory, { checks: builtinChecks, thresholds: DEFAULT_THRESHOLDS, severityOverrides: {}, tagFilters: {} }, { startedAt: new Date() }).findings];
  };

  it('a cluster reduced to its ARN gets no PASSED verdict', async () => {
    const bare = { ClusterArn: provisionedCluster().ClusterArn };
    const findings = await evaluate(inventoryOf([accountRegion((r) => (r.clusters = available([bare as never])))]), 'bare-cluster');
    const onCluster = findings.filter((f) => f.resource.arn === bare.ClusterArn);
    expect(onCluster.length).toBeGreaterThan(10);
    expect(onCluster.filter((f) => f.status === 'PASSED').map((f) => f.checkId)).toEqual([]);
  });

  it('unknown fields, huge and odd unicode strings, prototype keys and unknown enums: loaded, judged, never PASSED on them', async () => {
    const document = valid();
    const region = document.accountRegions[0];
    const cluster = region.clusters.value[0];
    cluster.ExtraFieldFromTheFuture = { nested: [1, 'two', null] };
    cluster.ClusterName = `\u202E${HUGE}\u200B\uD800\u0000🔥`;
    cluster.Tags = { ['__proto__']: 'x', constructor: '\u001b[31m', [HUGE]: HUGE };
    cluster.Provisioned.EncryptionInfo.EncryptionInTransit.ClientBroker = 'TLS\u200B'; // zero-width: not "TLS"
    cluster.Provisioned.BrokerNodeGroupInfo.ConnectivityInfo.PublicAccess.Type = 'disabled'; // wrong case: not recognised
    cluster.Provisioned.ClientAuthentication.Unauthenticated.Enabled = 'false'; // a string, not false
    cluster.Provisioned.EncryptionInfo.EncryptionInTransit.InCluster = 1;
    cluster.Provisioned.EnhancedMonitoring = 'PER_TOPIC_PER_BROKER\u0000';
    cluster.Provisioned.CurrentBrokerSoftwareInfo.KafkaVersion = '3.6.0 ';
    region.unknownTopLevelFact = { ok: true, value: 'ignored' };
    const findings = await evaluate(document, 'odd-values');
    const status = (checkId: string) => findings.find((f) => f.checkId === checkId && f.resource.arn === cluster.ClusterArn)?.status;
    for (const checkId of ['msk-tls-client-broker', 'msk-no-public-access', 'msk-no-unauthenticated-access', 'msk-tls-in-cluster', 'msk-enhanced-monitoring', 'msk-kafka-version-supported']) {
      expect([checkId, status(checkId)]).toEqual([checkId, 'NOT_AVAILABLE']);
    }
  });

  it('a cluster whose ARN is "constructor" or "__proto__" is judged like any other (no prototype lookups)', async () => {
    for (const arn of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const region = richRegion();
      if (region.clusters.ok) region.clusters.value[0]!.ClusterArn = arn;
      const findings = await evaluate(inventoryOf([region]), `proto-${arn.replace(/\W/g, '')}`);
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.filter((f) => f.resource.arn === arn).length).toBeGreaterThan(10);
    }
  });
});
