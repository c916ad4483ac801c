import { Command } from 'commander';
import { TOOL } from '../package-info.js';
import { registerChecks } from './commands/checks.js';
import { registerEvaluate } from './commands/evaluate.js';
import { registerScan } from './commands/scan.js';
import { registerBaseline } from './commands/baseline.js';
import { registerDiff } from './commands/diff.js';
import { registerSandbox } from './commands/sandbox.js';
import { registerPack } from './commands/pack.js';
import { registerVerify } from './commands/verify.js';
import { forTerminal } from './terminal.js';

export function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command()
    .name('msk-audit')
    .description('Compliance auditing and drift detection for Amazon MSK')
    .version(TOOL.version)
    .option('--debug', 'print stack traces of errors')
    .showSuggestionAfterError(true)
    .exitOverride()
    // Commander's own errors become the same one-line form as msk-audit's.
    .configureOutput({ outputError: (text, write) => write(`msk-audit: ${forTerminal(text.split('\n')[0] ?? '')}\n`) });
  registerScan(program, setExitCode);
  registerEvaluate(program, setExitCode);
  registerBaseline(program);
  registerDiff(program, setExitCode);
  registerChecks(program);
  registerSandbox(program);
  registerPack(program);
  registerVerify(program, setExitCode);
  for (const command of program.commands) command.exitOverride();
  return program;
}
