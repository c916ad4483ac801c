import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from './finding.js';

/**
 * The findings of a scan result: re-iterable, in the result's order (by account, then region, evaluation order
 * within), iterated synchronously. A plain `Finding[]` is one (results built from a held inventory, a loaded
 * JSON report, tests); a large scan's are a `SpooledFindings`, read back from disk on every iteration so they are
 * never all in memory. Consumers iterate (`for … of`) and read `length`; the array-like helpers below return
 * arrays of what they select, so use them only for small selections.
 */
export interface FindingSet extends Iterable<Finding> {
  readonly length: number;
  filter(predicate: (finding: Finding) => boolean): Finding[];
  map<T>(mapper: (finding: Finding) => T): T[];
  find(predicate: (finding: Finding) => boolean): Finding | undefined;
  some(predicate: (finding: Finding) => boolean): boolean;
  every(predicate: (finding: Finding) => boolean): boolean;
}

/** The findings of one account-region, as they are stored. */
export interface AccountRegionFindings {
  account: string;
  region: string;
  /** How many findings the account-region has. */
  count: number;
  /** Reads them (again, for a spooled set). */
  read(): Finding[];
}

/** The findings grouped by the account-region they were evaluated in, in the set's order. */
export function accountRegionGroups(findings: FindingSet): AccountRegionFindings[] {
  if (findings instanceof SpooledFindings) return findings.groups();
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = `${finding.resource.account}\n${finding.resource.region}`;
    let list = groups.get(key);
    if (!list) {
      list = [];
      groups.set(key, list);
    }
    list.push(finding);
  }
  return [...groups.values()].map((list) => ({
    account: list[0]!.resource.account,
    region: list[0]!.resource.region,
    count: list.length,
    read: () => list,
  }));
}

/** The first finding, without reading the others. */
export function firstFinding(findings: FindingSet): Finding | undefined {
  for (const finding of findings) return finding;
  return undefined;
}

/** Releases what a finding set holds on disk (a no-op for an array). Idempotent. */
export function disposeFindings(findings: FindingSet): void {
  if (findings instanceof SpooledFindings) findings.dispose();
}

// ---------------------------------------------------------------------------------------------------------

/** One account-region's findings in the spool file: a byte range of NDJSON lines. */
interface SpoolGroup {
  account: string;
  region: string;
  offset: number;
  bytes: number;
  count: number;
}

/** The fields every finding of a check repeats: stored once per shape, not per finding. */
const SHARED_KEYS: ReadonlySet<string> = new Set(['title', 'remediation', 'frameworks', 'securityHubControl']);
/** Beyond this many distinct shapes (e.g. a custom check putting the resource in its title), findings are stored whole. */
const MAX_SHAPES = 10_000;

const liveSpools = new Set<FindingSpool>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Where the spool could not be unlinked while open: removed at exit if its owner did not dispose of it.
  process.once('exit', () => {
    for (const spool of liveSpools) spool.remove();
  });
}

/**
 * An append-only file of findings, one JSON line each, grouped by account-region: appended as each
 * account-region is evaluated, read back by byte range. The file is created (mode 0600) in a private directory
 * (mkdtemp, mode 0700) and at once unlinked, directory included: it is reached only through its descriptor, so
 * nothing is left on disk whatever happens to the process (a crash, a signal, SIGKILL), and its space is freed
 * when `remove()` closes it or the process ends. Where an open file cannot be unlinked (Windows), the directory
 * stays until `remove()` or process exit.
 */
export class FindingSpool {
  private readonly dir: string;
  private readonly path: string;
  private fd: number | undefined;
  private size = 0;
  private removed = false;
  private unlinked = false;
  private readonly shapes: { keys: string[]; shared: Record<string, unknown> }[] = [];
  private readonly shapeIndex = new Map<string, number>();
  /** Per check, the last shape used and the metadata objects it was found for (compared by reference). */
  private readonly recentShapes = new Map<
    string,
    { keyList: string; title: string; remediation: unknown; frameworks: unknown; securityHubControl: string | undefined; shape: number }
  >();
  readonly groups: SpoolGroup[] = [];

  constructor(parent: string = tmpdir()) {
    this.dir = mkdtempSync(join(parent, 'msk-audit-findings-'));
    this.path = join(this.dir, 'findings.ndjson');
    this.fd = openSync(this.path, 'wx+', 0o600);
    try {
      rmSync(this.dir, { recursive: true, force: true });
      this.unlinked = true;
    } catch {
      liveSpools.add(this);
      installExitHook();
    }
  }

  /** The spool's directory: already gone, unless the file could not be unlinked while open. */
  get directory(): string {
    return this.dir;
  }

  /** Whether the spool is still open (readable). */
  get open(): boolean {
    return this.fd !== undefined;
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.size;
  }

  /** Appends one account-region's findings, in evaluation order. */
  append(account: string, region: string, findings: readonly Finding[]): void {
    if (this.fd === undefined) throw new Error('internal: the findings spool is closed');
    let text = '';
    for (const finding of findings) text += `${this.encode(finding)}\n`;
    const buffer = Buffer.from(text, 'utf8');
    let written = 0;
    while (written < buffer.length) written += writeSync(this.fd, buffer, written, buffer.length - written, this.size + written);
    this.groups.push({ account, region, offset: this.size, bytes: buffer.length, count: findings.length });
    this.size += buffer.length;
  }

  /** The findings of one group, parsed. */
  read(group: SpoolGroup): Finding[] {
    if (this.fd === undefined) throw new Error('the findings of this scan were released (their spool is removed)');
    if (group.bytes === 0) return [];
    const buffer = Buffer.allocUnsafe(group.bytes);
    let read = 0;
    while (read < group.bytes) {
      const n = readSync(this.fd, buffer, read, group.bytes - read, group.offset + read);
      if (n === 0) throw new Error('internal: the findings spool is shorter than its index');
      read += n;
    }
    const findings: Finding[] = [];
    let start = 0;
    for (let end = buffer.indexOf(10, start); end !== -1; end = buffer.indexOf(10, start)) {
      findings.push(this.decode(buffer.toString('utf8', start, end)));
      start = end + 1;
    }
    return findings;
  }

  /**
   * One line: `<shape>\t<the finding without its check's fields>`, or `-\t<the whole finding>` for a finding
   * whose check fields or key order match no shape (when there are already too many). The shape holds the key
   * order and the fields every finding of a check repeats (title, remediation, frameworks, Security Hub
   * control: about 40% of a finding's bytes), stored once in memory.
   */
  private encode(finding: Finding): string {
    const record = finding as unknown as Record<string, unknown>;
    const keys = Object.keys(record).filter((key) => record[key] !== undefined);
    const shared: Record<string, unknown> = {};
    const rest: Record<string, unknown> = {};
    for (const key of keys) (SHARED_KEYS.has(key) ? shared : rest)[key] = record[key];
    const shape = this.shapeOf(finding, keys, shared);
    return shape === undefined ? `-\t${JSON.stringify(finding)}` : `${shape}\t${JSON.stringify(rest)}`;
  }

  /** The shape of a finding: found by reference first (a check's findings share its metadata objects). */
  private shapeOf(finding: Finding, keys: string[], shared: Record<string, unknown>): number | undefined {
    const keyList = keys.join(',');
    const recent = this.recentShapes.get(finding.checkId);
    if (
      recent &&
      recent.keyList === keyList &&
      recent.title === finding.title &&
      recent.remediation === finding.remediation &&
      recent.frameworks === finding.frameworks &&
      recent.securityHubControl === finding.securityHubControl
    ) {
      return recent.shape;
    }
    const signature = `${keyList}\n${JSON.stringify(shared)}`;
    let shape = this.shapeIndex.get(signature);
    if (shape === undefined && this.shapes.length < MAX_SHAPES) {
      shape = this.shapes.length;
      this.shapes.push({ keys, shared: JSON.parse(JSON.stringify(shared)) as Record<string, unknown> });
      this.shapeIndex.set(signature, shape);
    }
    if (shape !== undefined) {
      this.recentShapes.set(finding.checkId, {
        keyList,
        title: finding.title,
        remediation: finding.remediation,
        frameworks: finding.frameworks,
        securityHubControl: finding.securityHubControl,
        shape,
      });
    }
    return shape;
  }

  private decode(line: string): Finding {
    const tab = line.indexOf('\t');
    const body = JSON.parse(line.slice(tab + 1)) as Record<string, unknown>;
    const tag = line.slice(0, tab);
    if (tag === '-') return body as unknown as Finding;
    const shape = this.shapes[Number(tag)];
    if (!shape) throw new Error('internal: the findings spool names an unknown shape');
    // The shared values are shared by the findings read: treat findings as read-only.
    const finding: Record<string, unknown> = {};
    for (const key of shape.keys) finding[key] = SHARED_KEYS.has(key) ? shape.shared[key] : body[key];
    return finding as unknown as Finding;
  }

  /** Closes and deletes the spool. Idempotent. */
  remove(): void {
    if (this.removed) return;
    this.removed = true;
    liveSpools.delete(this);
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // already closed
      }
      this.fd = undefined;
    }
    if (!this.unlinked) rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * The findings of a scan, held in a FindingSpool: each iteration reads them back group by group (one
 * account-region in memory at a time), in the order of `order` (sorted by account, then region), with
 * `decorate` applied to each (e.g. the accepted-risk marks, known only once the scan is finished).
 */
export class SpooledFindings implements FindingSet {
  private readonly order: SpoolGroup[];

  constructor(
    private readonly spool: FindingSpool,
    private readonly decorate: (finding: Finding) => Finding = (finding) => finding,
  ) {
    this.order = [...spool.groups].sort((a, b) => a.account.localeCompare(b.account) || a.region.localeCompare(b.region));
    this.length = this.order.reduce((sum, group) => sum + group.count, 0);
  }

  readonly length: number;

  *[Symbol.iterator](): Iterator<Finding> {
    for (const group of this.order) {
      for (const finding of this.spool.read(group)) yield this.decorate(finding);
    }
  }

  groups(): AccountRegionFindings[] {
    return this.order.map((group) => ({
      account: group.account,
      region: group.region,
      count: group.count,
      read: () => this.spool.read(group).map(this.decorate),
    }));
  }

  filter(predicate: (finding: Finding) => boolean): Finding[] {
    const selected: Finding[] = [];
    for (const finding of this) if (predicate(finding)) selected.push(finding);
    return selected;
  }

  map<T>(mapper: (finding: Finding) => T): T[] {
    const mapped: T[] = [];
    for (const finding of this) mapped.push(mapper(finding));
    return mapped;
  }

  find(predicate: (finding: Finding) => boolean): Finding | undefined {
    for (const finding of this) if (predicate(finding)) return finding;
    return undefined;
  }

  some(predicate: (finding: Finding) => boolean): boolean {
    return this.find(predicate) !== undefined;
  }

  every(predicate: (finding: Finding) => boolean): boolean {
    for (const finding of this) if (!predicate(finding)) return false;
    return true;
  }

  /** `JSON.stringify(result)` still works (small results; the JSON report streams instead). */
  toJSON(): Finding[] {
    return [...this];
  }

  /** Deletes the spool: the set cannot be iterated afterwards. */
  dispose(): void {
    this.spool.remove();
  }
}
