import type { Command } from 'commander';
import { resolveCredentials } from '../../aws/credentials.js';
import { defaultRegion } from '../../aws/region.js';
import { collectInventory } from '../../collect/index.js';
import { buildScanResult } from '../../audit.js';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import { addEvaluationOptions } from '../common-options.js';
import { parseRegions } from '../options.js';
import { buildPlan, type PlanFlags } from '../plan.js';
import { assertWritableDirectory, assertWritableFile } from '../paths.js';
import { emitResult, type OutputFlags } from '../report-output.js';

interface ScanFlags extends PlanFlags, OutputFlags {
  profile?: string;
  regions?: string[];
  saveInventory?: string;
}

export function registerScan(program: Command, setExitCode: (code: number) => void): void {
  const command = program
    .command('scan')
    .description('collect the MSK estate read-only from AWS, evaluate every check, write the reports')
    .option('--profile <name>', 'AWS profile to use (default: the SDK default credential chain)')
    .option('--regions <regions>', 'regions to scan, comma-separated (default: the SDK default region)', parseRegions)
    .option('--region <regions>', 'alias of --regions', parseRegions)
    .option('--save-inventory <file>', 'also write the collected inventory (re-evaluate it later with `msk-audit evaluate`)');
  addEvaluationOptions(command).action(async (flags: ScanFlags & { region?: string[] }) => {
    const plan = await buildPlan(flags);
    await assertWritableDirectory(flags.outputDir, '--output-dir');
    if (flags.saveInventory) await assertWritableFile(flags.saveInventory, '--save-inventory');
    const regions = [...new Set([...(flags.regions ?? []), ...(flags.region ?? [])])];
    if (regions.length === 0) regions.push(await defaultRegion(flags.profile));

    const startedAt = new Date();
    const credentials = resolveCredentials(flags.profile === undefined ? {} : { profile: flags.profile });
    const inventory = await collectInventory({ credentials, regions });
    if (flags.saveInventory) await writeFileAtomic(flags.saveInventory, `${JSON.stringify(inventory, null, 2)}\n`);
    const result = buildScanResult(inventory, plan, { startedAt });
    setExitCode(await emitResult(result, flags));
  });
}
