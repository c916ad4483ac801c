import type { AccountCollection, CollectionStart } from '../collect/inventory.js';
import { forTerminal } from './terminal.js';

/** Where progress goes: process.stderr, or a fake in tests. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ProgressOptions {
  /** A live status line (rewritten in place); only on a TTY. */
  live: boolean;
  /** One line per account as it completes. */
  verbose: boolean;
  now?: () => number;
  /** Redraw interval of the live line, ms. */
  intervalMs?: number;
}

/** Decides what to show: nothing when quiet; the live line on a TTY; per-account lines with --verbose. */
export function progressOptions(stream: ProgressStream, flags: { quiet?: boolean; verbose?: boolean }): ProgressOptions {
  if (flags.quiet) return { live: false, verbose: false };
  return { live: stream.isTTY === true, verbose: flags.verbose === true };
}

const CLEAR_LINE = '\r\u001b[2K';

/**
 * Scan progress on stderr: account-regions done / total (the total grows as each account's regions are
 * known and is extrapolated for accounts not yet started), accounts, calls per second and an ETA.
 */
export class ScanProgress {
  private readonly now: () => number;
  private startedAt = 0;
  private accountsTotal = 0;
  private accountsPlanned = 0;
  private accountsDone = 0;
  private regionsPlanned = 0;
  private regionsDone = 0;
  private calls = 0;
  private rate = { at: 0, calls: 0, perSecond: Number.NaN };
  private timer: NodeJS.Timeout | undefined;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly options: ProgressOptions,
  ) {
    this.now = options.now ?? (() => Date.now());
  }

  get active(): boolean {
    return this.options.live || this.options.verbose;
  }

  onStart(start: CollectionStart): void {
    this.startedAt = this.now();
    this.rate = { at: this.startedAt, calls: this.calls, perSecond: Number.NaN };
    this.accountsTotal = start.accounts.length;
    if (this.options.verbose) this.line(`scanning ${start.accounts.length} account(s) as ${forTerminal(start.caller.arn)}`);
    if (this.options.live) {
      this.timer = setInterval(() => this.draw(), this.options.intervalMs ?? 250);
      this.timer.unref();
    }
  }

  onRequest(): void {
    this.calls += 1;
  }

  onAccountPlanned(_account: string, accountRegions: number): void {
    this.accountsPlanned += 1;
    this.regionsPlanned += accountRegions;
  }

  onAccountRegion(): void {
    this.regionsDone += 1;
  }

  onAccount(collection: AccountCollection): void {
    this.accountsDone += 1;
    if (this.options.verbose) this.line(describeAccount(collection));
  }

  /** The live line's text (exposed for tests). */
  status(): string {
    const now = this.now();
    const elapsed = Math.max(now - this.startedAt, 1);
    if (now - this.rate.at >= 1000) {
      this.rate = { at: now, calls: this.calls, perSecond: ((this.calls - this.rate.calls) * 1000) / (now - this.rate.at) };
    }
    // Calls in the last window of at least a second; the average until the first window closes.
    const perSecond = Number.isNaN(this.rate.perSecond) ? (this.calls * 1000) / elapsed : this.rate.perSecond;
    const total = this.estimatedTotal();
    const remaining = total - this.regionsDone;
    const eta = this.regionsDone > 0 && remaining > 0 ? formatDuration((remaining * elapsed) / this.regionsDone) : this.regionsDone > 0 ? '0s' : '…';
    const totalText = this.accountsPlanned < this.accountsTotal ? `~${total}` : String(total);
    return `msk-audit  account-regions ${this.regionsDone}/${totalText}  accounts ${this.accountsDone}/${this.accountsTotal}  ${perSecond.toFixed(0)} calls/s  ETA ${eta}`;
  }

  /** Stops the live line and clears it. */
  finish(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.drawn) this.stream.write(CLEAR_LINE);
    this.drawn = false;
  }

  private estimatedTotal(): number {
    if (this.accountsPlanned === 0) return 0;
    const perAccount = this.regionsPlanned / this.accountsPlanned;
    return Math.round(this.regionsPlanned + (this.accountsTotal - this.accountsPlanned) * perAccount);
  }

  private draw(): void {
    this.stream.write(`${CLEAR_LINE}${this.status()}`);
    this.drawn = true;
  }

  private line(text: string): void {
    this.stream.write(`${this.drawn ? CLEAR_LINE : ''}${text}\n`);
    if (this.drawn) this.draw();
  }
}

function describeAccount(collection: AccountCollection): string {
  const { access, accountRegions } = collection;
  const name = access.name ? ` (${forTerminal(access.name)})` : '';
  if (!access.access.ok) return `account ${access.account}${name}: not scanned — ${forTerminal(access.access.error.message)}`;
  const clusters = accountRegions.reduce((sum, entry) => sum + (entry.clusters.ok ? entry.clusters.value.length : 0), 0);
  const notListed = accountRegions.filter((entry) => !entry.clusters.ok).length;
  const partial = accountRegions.filter((entry) => entry.clusters.ok && entry.errors.length > 0).length;
  const parts = [`${accountRegions.length} region(s)`, `${clusters} cluster(s)`];
  if (partial > 0) parts.push(`${partial} partial`);
  if (notListed > 0) parts.push(`${notListed} not evaluated`);
  if (access.skippedRegions.length > 0) parts.push(`${access.skippedRegions.length} opt-in region(s) skipped`);
  return `account ${access.account}${name}: ${parts.join(', ')}`;
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}
