import type { Command } from 'commander';
import { baselineFromInventory } from '../../drift/baseline.js';
import { parseBaseline, parseJsonText, readLocation, type StorageOptions } from '../../drift/baseline-file.js';
import { observationsOfBaseline } from '../../drift/diff.js';
import { formatDriftReport } from '../../drift/format.js';
import { DriftAccumulator } from '../../drift/report.js';
import { hasDrift, type DriftReport } from '../../drift/types.js';
import { UsageError } from '../../errors.js';
import type { Baseline, Inventory } from '../../inventory/index.js';
import { parseInventory } from '../../inventory/load.js';

type Side = { kind: 'baseline'; baseline: Baseline } | { kind: 'inventory'; inventory: Inventory };

interface DiffFlags {
  json?: boolean;
  profile?: string;
}

export function registerDiff(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('diff')
    .description('show the drift between two states: each a baseline or a saved inventory (exit 0 no drift, 1 drift)')
    .argument('<old>', 'the approved state: a baseline, or an inventory (file or s3://bucket/key)')
    .argument('<new>', 'the current state: an inventory (its CloudTrail events explain the changes), or a baseline')
    .option('--json', 'print the drift report as JSON')
    .option('--profile <name>', 'AWS profile for s3:// locations')
    .action(async (oldLocation: string, newLocation: string, flags: DiffFlags) => {
      const storage: StorageOptions = flags.profile === undefined ? {} : { profile: flags.profile };
      const before = await readSide(oldLocation, 'OLD', storage);
      const after = await readSide(newLocation, 'NEW', storage);
      const report = driftBetween(before.kind === 'baseline' ? before.baseline : baselineFromInventory(before.inventory).baseline, after);
      process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatDriftReport(report)}\n`);
      setExitCode(hasDrift(report) ? 1 : 0);
    });
}

/** The drift of NEW against the approved state; an inventory's own events explain its changes. */
export function driftBetween(approved: Baseline, current: Side): DriftReport {
  const drift = new DriftAccumulator(approved);
  if (current.kind === 'inventory') {
    for (const accountRegion of current.inventory.accountRegions) drift.addAccountRegion(accountRegion);
    return drift.finish(current.inventory.collectedAt);
  }
  for (const observed of observationsOfBaseline(current.baseline)) {
    drift.addObserved(observed, { available: false, reason: 'NEW is a baseline, which carries no CloudTrail events' });
  }
  return drift.finish(current.baseline.approvedAt);
}

async function readSide(location: string, label: string, storage: StorageOptions): Promise<Side> {
  const json = parseJsonText(await readLocation(location, label, storage), `${label} ${location}`);
  const kind = typeof json === 'object' && json !== null ? (json as { kind?: unknown }).kind : undefined;
  if (kind === 'msk-audit-baseline') return { kind: 'baseline', baseline: parseBaseline(json, location) };
  if (kind === 'msk-audit-inventory') return { kind: 'inventory', inventory: parseInventory(json, location) };
  throw new UsageError(
    `${label} ${location}: neither an msk-audit baseline nor an inventory (kind ${JSON.stringify(kind ?? null)}; expected "msk-audit-baseline" or "msk-audit-inventory")`,
  );
}
