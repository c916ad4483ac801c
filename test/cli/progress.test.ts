import { describe, expect, it } from 'vitest';
import { formatDuration, progressOptions, ScanProgress } from '../../src/cli/progress.js';
import type { AccountCollection, CollectionStart } from '../../src/collect/inventory.js';

const start = (accounts: number): CollectionStart => ({
  collectedAt: '2026-11-23T10:00:00.000Z',
  caller: { account: '111111111111', arn: 'arn:aws:iam::111111111111:user/\u001b[31mauditor', userId: 'AIDA' },
  partition: 'aws',
  accounts: Array.from({ length: accounts }, (_, i) => String(100000000000 + i)),
  regionSelection: 'all-enabled',
  credentialsFor: () => undefined,
});

const collected = (account: string, overrides: Partial<AccountCollection['access']> = {}): AccountCollection => ({
  access: { account, via: 'assumed-role', access: { ok: true, value: { principalArn: 'arn' } }, regions: { ok: true, value: { enabled: [], notEnabled: [] } }, skippedRegions: ['ap-east-1'], ...overrides },
  accountRegions: [
    { account, region: 'eu-west-1', clusters: { ok: true, value: [{ ClusterArn: 'a' }, { ClusterArn: 'b' }] }, configurations: {}, kmsKeys: {}, kafkaVersions: { ok: true, value: [] }, errors: [] },
  ],
});

function harness(options: { live: boolean; verbose: boolean }) {
  let now = 0;
  const out: string[] = [];
  const progress = new ScanProgress({ write: (text: string) => out.push(text), isTTY: options.live }, { ...options, now: () => now, intervalMs: 60_000 });
  return { progress, out, advance: (ms: number) => (now += ms) };
}

describe('ScanProgress', () => {
  it('shows account-regions done / total, accounts, calls per second and an ETA extrapolated from the planned accounts', () => {
    const { progress, advance } = harness({ live: true, verbose: false });
    progress.onStart(start(4));
    progress.onAccountPlanned('100000000000', 10);
    progress.onAccountPlanned('100000000001', 10);
    for (let i = 0; i < 50; i++) progress.onRequest();
    for (let i = 0; i < 10; i++) progress.onAccountRegion();
    advance(10_000);
    // 2 of 4 accounts planned at 10 regions each → about 40 account-regions; 10 done in 10 s → 30 s left.
    expect(progress.status()).toBe('msk-audit  account-regions 10/~40  accounts 0/4  5 calls/s  ETA 30s');
    progress.onAccountPlanned('100000000002', 10);
    progress.onAccountPlanned('100000000003', 10);
    for (let i = 0; i < 30; i++) progress.onAccountRegion();
    advance(30_000);
    expect(progress.status()).toMatch(/^msk-audit {2}account-regions 40\/40 {2}accounts 0\/4 {2}0 calls\/s {2}ETA 0s$/);
    progress.finish();
  });

  it('prints one line per account with --verbose, stripped of terminal escapes, even when stderr is not a TTY', () => {
    const { progress, out } = harness({ live: false, verbose: true });
    progress.onStart(start(2));
    progress.onAccount(collected('100000000000', { name: 'pay\u001b[2Jments' }));
    progress.onAccount(
      collected('100000000001', {
        access: { ok: false, error: { service: 'sts', operation: 'AssumeRole', code: 'AccessDenied', message: 'not authorized' } },
      }),
    );
    progress.finish();
    expect(out).toEqual([
      'scanning 2 account(s) as arn:aws:iam::111111111111:user/auditor\n',
      'account 100000000000 (payments): 1 region(s), 2 cluster(s), 1 opt-in region(s) skipped\n',
      'account 100000000001: not scanned — not authorized\n',
    ]);
  });

  it('is silent with --quiet, and shows no live line when stderr is not a TTY', () => {
    expect(progressOptions({ write: () => true, isTTY: true }, { quiet: true, verbose: false })).toEqual({ live: false, verbose: false });
    expect(progressOptions({ write: () => true, isTTY: false }, {})).toEqual({ live: false, verbose: false });
    expect(progressOptions({ write: () => true, isTTY: true }, {})).toEqual({ live: true, verbose: false });
    const { progress, out } = harness({ live: false, verbose: false });
    expect(progress.active).toBe(false);
    progress.onStart(start(1));
    progress.onAccount(collected('100000000000'));
    progress.finish();
    expect(out).toEqual([]);
  });

  it('formats durations for people', () => {
    expect([formatDuration(4_400), formatDuration(65_000), formatDuration(3_725_000)]).toEqual(['4s', '1m 05s', '1h 02m']);
  });
});
