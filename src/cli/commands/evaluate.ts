import type { Command } from 'commander';
import { buildScanResult } from '../../audit.js';
import { loadInventory } from '../../inventory/load.js';
import { describeReperformance, PackFormatError, readPackFile, reperformPack } from '../../evidence/index.js';
import { UsageError } from '../../errors.js';
import { forTerminal } from '../terminal.js';
import { addEvaluationOptions } from '../common-options.js';
import { buildPlan, type PlanFlags } from '../plan.js';
import { assertWritableDirectory } from '../paths.js';
import { emitResult, type OutputFlags } from '../report-output.js';

export function registerEvaluate(program: Command, setExitCode: (code: number) => void): void {
  const command = program
    .command('evaluate')
    .description('re-evaluate a saved inventory offline (no AWS calls) and write the reports; given an evidence pack (.zip), re-perform its checks and report whether every verdict matches')
    .argument('<inventory>', 'inventory file written by `msk-audit scan --save-inventory`, or an evidence pack FILE.zip');
  addEvaluationOptions(command).action(async (file: string, flags: PlanFlags & OutputFlags) => {
    const plan = await buildPlan(flags);
    if (file.toLowerCase().endsWith('.zip')) {
      // Re-performance: the pack's own inventory, the pack's recorded parameters, this version's check code.
      const bytes = await readPackFile(file);
      let outcome: ReturnType<typeof reperformPack>;
      try {
        outcome = reperformPack(bytes, plan);
      } catch (error) {
        // Name the file: "not a readable evidence pack" alone does not say which one.
        if (error instanceof PackFormatError) throw new UsageError(`${file}: ${error.message}`);
        throw error;
      }
      const lines = describeReperformance(outcome).map(forTerminal);
      (outcome.ok ? process.stdout : process.stderr).write(`${lines.join('\n')}\n`);
      setExitCode(outcome.ok ? 0 : 1);
      return;
    }
    await assertWritableDirectory(flags.outputDir, '--output-dir');
    const inventory = await loadInventory(file);
    const result = buildScanResult(inventory, plan, { startedAt: new Date() });
    setExitCode(await emitResult(result, flags));
  });
}
