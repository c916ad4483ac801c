import type { Command } from 'commander';
import { buildScanResult } from '../../audit.js';
import { loadInventory } from '../../inventory/load.js';
import { addEvaluationOptions } from '../common-options.js';
import { buildPlan, type PlanFlags } from '../plan.js';
import { assertWritableDirectory } from '../paths.js';
import { emitResult, type OutputFlags } from '../report-output.js';

export function registerEvaluate(program: Command, setExitCode: (code: number) => void): void {
  const command = program
    .command('evaluate')
    .description('re-evaluate a saved inventory offline (no AWS calls) and write the reports')
    .argument('<inventory>', 'inventory file written by `msk-audit scan --save-inventory`');
  addEvaluationOptions(command).action(async (file: string, flags: PlanFlags & OutputFlags) => {
    const plan = await buildPlan(flags);
    await assertWritableDirectory(flags.outputDir, '--output-dir');
    const inventory = await loadInventory(file);
    const result = buildScanResult(inventory, plan, { startedAt: new Date() });
    setExitCode(await emitResult(result, flags));
  });
}
