import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import { DEFAULT_THRESHOLDS } from '../../src/check/index.js';
import type { RiskException } from '../../src/engine/exceptions.js';
import { accountRegionGroups, disposeFindings, FindingSpool, SpooledFindings } from '../../src/engine/finding-set.js';
import type { Finding } from '../../src/engine/finding.js';
import { ScanAccumulator, type AccumulatorOptions, type ScanHeader } from '../../src/engine/scan-accumulator.js';
import type { ScanResult } from '../../src/engine/scan-result.js';
import { summarize } from '../../src/engine/summary.js';
import { available, type AccountAccess, type AccountRegionInventory } from '../../src/inventory/index.js';
import { renderers, REPORT_FORMATS } from '../../reports/index.js';
import { accountRegion, provisionedCluster } from '../support/fixtures.js';

const ACCOUNTS = ['333333333333', '111111111111', '222222222222'];
const REGIONS = ['us-east-1', 'eu-west-1'];

function cluster(account: string, region: string, name: string, plaintext: boolean) {
  return provisionedCluster((c) => {
    c.ClusterName = name;
    c.ClusterArn = `arn:aws:kafka:${region}:${account}:cluster/${name}/0b6e5c0e-aaaa-4a8b-9d1e-000000000001-1`;
    if (plaintext) c.Provisioned!.EncryptionInfo!.EncryptionInTransit!.ClientBroker = 'TLS_PLAINTEXT';
  });
}

/** Per account: its access and account-regions (one with two clusters, one with none), in a scrambled order. */
function estate(): { access: AccountAccess; accountRegions: AccountRegionInventory[] }[] {
  return ACCOUNTS.map((account) => ({
    access: { account, via: 'assumed-role', status: 'ok', enabledRegions: available(REGIONS), skippedRegions: [] } as unknown as AccountAccess,
    accountRegions: REGIONS.map((region, index) =>
      accountRegion((r) => {
        r.account = account;
        r.region = region;
        r.clusters = available(index === 0 ? [] : [cluster(account, region, 'legacy', true), cluster(account, region, 'payments', account !== '222222222222')]);
      }),
    ),
  }));
}

const header: ScanHeader = {
  scanId: 'spool',
  tool: { name: 'msk-audit', version: '0.0.0-test' },
  startedAt: '2026-11-23T10:00:00.000Z',
  finishedAt: '2026-11-23T10:05:00.000Z',
  collectedAt: '2026-11-23T10:00:00.000Z',
  caller: { account: '111111111111', arn: 'arn:aws:iam::111111111111:user/auditor', userId: 'AIDAEXAMPLE' },
  accounts: [...ACCOUNTS].sort(),
  regionSelection: 'explicit',
  errors: [],
};

const exceptions: RiskException[] = [
  { id: 'expired', checkId: 'msk-tls-client-broker', resource: 'arn:aws:kafka:*:111111111111:cluster/legacy/*', reason: 'old', owner: 'a@example.com', expires: '2026-01-01' },
  { id: 'in-force', checkId: 'msk-tls-client-broker', resource: 'arn:aws:kafka:*:cluster/legacy/*', reason: 'migrating', owner: 'b@example.com', expires: '2026-12-31' },
  { id: 'nothing', checkId: 'msk-tls-client-broker', resource: 'arn:aws:kafka:*:999999999999:*', reason: 'none', owner: 'c@example.com', expires: '2026-12-31' },
];

function options(mode: 'spool' | 'memory', extra: Partial<AccumulatorOptions> = {}): AccumulatorOptions {
  return { checks: builtinChecks, thresholds: DEFAULT_THRESHOLDS, severityOverrides: {}, tagFilters: {}, cloudTrail: false, findings: mode, ...extra };
}

let spoolParent: string;
beforeEach(async () => {
  spoolParent = await mkdtemp(join(tmpdir(), 'msk-audit-spool-test-'));
});
afterEach(async () => {
  await rm(spoolParent, { recursive: true, force: true });
});

function accumulate(mode: 'spool' | 'memory', extra: Partial<AccumulatorOptions> = {}, order = [2, 0, 1]): { accumulator: ScanAccumulator; result: ScanResult } {
  const accumulator = new ScanAccumulator('aws', options(mode, { spoolDir: spoolParent, ...extra }));
  const accounts = estate();
  for (const index of order) accumulator.addAccount(accounts[index]!.access, accounts[index]!.accountRegions);
  return { accumulator, result: accumulator.finish(header) };
}

describe('ScanAccumulator: findings spooled to disk', () => {
  it('keeps no finding in memory: each account-region goes to the spool as it is evaluated', () => {
    const accumulator = new ScanAccumulator('aws', options('spool', { spoolDir: spoolParent }));
    const accounts = estate();
    let bytes = accumulator.spooledBytes;
    expect(bytes).toBe(0);
    for (const { access, accountRegions } of accounts) {
      accumulator.addAccount(access, accountRegions);
      expect(accumulator.heldFindingCount).toBe(0);
      expect(accumulator.spooledBytes).toBeGreaterThan(bytes);
      bytes = accumulator.spooledBytes;
    }
    const result = accumulator.finish(header);
    expect(result.findings).toBeInstanceOf(SpooledFindings);
    expect(result.findings.length).toBeGreaterThan(0);
    disposeFindings(result.findings);
    // the memory mode, by contrast, holds them
    const held = new ScanAccumulator('aws', options('memory'));
    held.addAccount(accounts[0]!.access, accounts[0]!.accountRegions);
    expect(held.heldFindingCount).toBeGreaterThan(0);
    expect(held.spooledBytes).toBe(0);
  });

  it('gives the same result as holding the findings, whatever order the accounts finish in (exceptions included)', () => {
    for (const extra of [{}, { exceptions }]) {
      const held = accumulate('memory', extra, [0, 1, 2]).result;
      const spooled = accumulate('spool', extra, [2, 0, 1]).result;
      const findings = [...spooled.findings];
      expect(findings).toEqual(held.findings);
      // twice: the set is re-iterable
      expect([...spooled.findings]).toEqual(findings);
      expect(spooled.findings.length).toBe(held.findings.length);
      expect({ ...spooled, findings: [] }).toEqual({ ...held, findings: [] });
      // the incremental summary is the summary of the findings
      expect(spooled.summary).toEqual(summarize(findings));
      disposeFindings(spooled.findings);
    }
  });

  it('marks accepted risks on read, and counts them, as applyExceptions does', () => {
    const { result } = accumulate('spool', { exceptions });
    const legacy = result.findings.filter((f) => f.checkId === 'msk-tls-client-broker' && f.resource.name === 'legacy');
    expect(legacy).toHaveLength(3);
    expect(legacy.every((f) => f.status === 'FAILED' && f.accepted?.exceptionId === 'in-force')).toBe(true);
    expect(result.summary.accepted).toBe(3);
    expect(result.exceptions?.applied.map((a) => [a.exception.id, a.findingIds.length])).toEqual([
      ['in-force', 3],
      ['nothing', 0],
    ]);
    expect(result.exceptions?.expired.map((a) => [a.exception.id, a.findingIds])).toEqual([['expired', [legacy[0]!.id]]]);
    disposeFindings(result.findings);
  });

  it('reads the findings in order by account and region, and per account-region', () => {
    const { result } = accumulate('spool');
    const order = result.findings.map((f) => `${f.resource.account} ${f.resource.region}`);
    expect(order).toEqual([...order].sort());
    const groups = accountRegionGroups(result.findings);
    expect(groups.map((g) => `${g.account} ${g.region}`)).toEqual(ACCOUNTS.flatMap((a) => REGIONS.map((r) => `${a} ${r}`)).sort());
    expect(groups.flatMap((g) => g.read())).toEqual([...result.findings]);
    expect(groups.reduce((sum, g) => sum + g.count, 0)).toBe(result.findings.length);
    disposeFindings(result.findings);
  });

  it('renders every report format from a spooled set byte for byte as from held findings', () => {
    const held = accumulate('memory', { exceptions }, [0, 1, 2]).result;
    const spooled = accumulate('spool', { exceptions }).result;
    for (const format of REPORT_FORMATS) {
      const renderer = renderers[format];
      const expected = renderer.render(held);
      expect(renderer.render(spooled), format).toBe(expected);
      if (renderer.chunks) expect([...renderer.chunks(spooled)].join(''), format).toBe(expected);
    }
    expect(JSON.stringify(spooled, null, 2)).toBe(JSON.stringify(held, null, 2));
    disposeFindings(spooled.findings);
  });

  it('leaves nothing on disk (the spool is unlinked while open) and closes it when disposed of or aborted', () => {
    const { result } = accumulate('spool');
    expect(readdirSync(spoolParent)).toEqual([]);
    expect([...result.findings].length).toBe(result.findings.length);
    disposeFindings(result.findings);
    disposeFindings(result.findings); // idempotent
    expect(() => [...result.findings]).toThrow(/released/);

    const accumulator = new ScanAccumulator('aws', options('spool', { spoolDir: spoolParent }));
    accumulator.addAccount(estate()[0]!.access, estate()[0]!.accountRegions);
    expect(accumulator.spooledBytes).toBeGreaterThan(0);
    expect(readdirSync(spoolParent)).toEqual([]);
    accumulator.abort();
    expect(accumulator.spooledBytes).toBe(0);
    expect(() => accumulator.finish(header)).toThrow(/already finished/);
  });

  it('stores what every finding of a check repeats once, and reads each finding back exactly (key order included)', () => {
    const held = accumulate('memory', {}, [0, 1, 2]).result.findings as Finding[];
    const spool = new FindingSpool(spoolParent);
    const { title, id, ...others } = held[0]!;
    const odd: Finding[] = [
      { ...held[0]!, securityHubControl: undefined }, // an undefined field, left out as JSON.stringify does
      { title, ...others, id }, // another key order
      { ...held[1]!, title: `${held[1]!.title} (custom)` },
    ];
    spool.append('111111111111', 'eu-west-1', [...held, ...odd]);
    const read = spool.read(spool.groups[0]!);
    expect(read.map((f) => JSON.stringify(f))).toEqual([...held, ...odd].map((f) => JSON.stringify(f)));
    expect(read).toEqual([...held, ...odd]);
    const whole = [...held, ...odd].reduce((sum, f) => sum + Buffer.byteLength(JSON.stringify(f)) + 1, 0);
    expect(spool.bytes).toBeLessThan(whole * 0.8);
    spool.remove();
  });
});
