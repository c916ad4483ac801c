import { openAtomicFileStream, type AtomicFileStream } from '../fs/atomic-stream.js';
import { TOOL } from '../package-info.js';
import type { CollectionError } from './fact.js';
import { INVENTORY_SCHEMA_VERSION, type AccountAccess, type AccountRegionInventory, type CallerIdentity } from './inventory.js';

export interface InventoryHeader {
  collectedAt: string;
  caller: CallerIdentity;
  partition: string;
  accounts: string[];
  regionSelection: 'all-enabled' | 'explicit';
}

/**
 * Writes an Inventory document account-region by account-region as the scan goes, so the whole inventory is
 * never held in memory. The file appears (atomically) only on finish(); abort() leaves nothing behind.
 * The document loads with loadInventory like one written whole.
 */
export class InventoryFileWriter {
  private readonly accounts: AccountAccess[] = [];
  private readonly regions = new Set<string>();
  private first = true;

  private constructor(
    private readonly file: AtomicFileStream,
    private readonly header: InventoryHeader,
  ) {}

  static async open(path: string, header: InventoryHeader): Promise<InventoryFileWriter> {
    const file = await openAtomicFileStream(path);
    const writer = new InventoryFileWriter(file, header);
    const opening = {
      schemaVersion: INVENTORY_SCHEMA_VERSION,
      kind: 'msk-audit-inventory',
      tool: { name: TOOL.name, version: TOOL.version },
      collectedAt: header.collectedAt,
      caller: header.caller,
      partition: header.partition,
    };
    await file.write(`${JSON.stringify(opening, null, 2).slice(0, -2)},\n  "accountRegions": [`);
    return writer;
  }

  async addAccount(access: AccountAccess, accountRegions: readonly AccountRegionInventory[]): Promise<void> {
    this.accounts.push(access);
    for (const accountRegion of accountRegions) {
      this.regions.add(accountRegion.region);
      await this.file.write(`${this.first ? '\n' : ',\n'}${indent(JSON.stringify(accountRegion, null, 2), '    ')}`);
      this.first = false;
    }
  }

  async finish(errors: readonly CollectionError[] = []): Promise<void> {
    const order = new Map(this.header.accounts.map((account, index) => [account, index]));
    const accounts = [...this.accounts].sort((a, b) => (order.get(a.account) ?? 0) - (order.get(b.account) ?? 0));
    const closing = {
      scope: { accounts: this.header.accounts, regions: [...this.regions].sort(), regionSelection: this.header.regionSelection },
      accounts,
      errors,
    };
    const body = indent(JSON.stringify(closing, null, 2).slice(2, -2), '');
    await this.file.write(`${this.first ? '' : '\n  '}],\n${body}\n}\n`);
    await this.file.commit();
  }

  abort(): Promise<void> {
    return this.file.abort();
  }
}

function indent(text: string, prefix: string): string {
  return prefix === '' ? text : text.split('\n').map((line) => `${prefix}${line}`).join('\n');
}
