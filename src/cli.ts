#!/usr/bin/env node
import { CommanderError } from 'commander';
import { CredentialsError } from './aws/errors.js';
import { UsageError } from './errors.js';
import { buildProgram } from './cli/program.js';
import { forTerminal } from './cli/terminal.js';

/** Exit codes: 0 no gating failure, 1 a FAILED finding at or above --fail-on, 2 usage/config/credential error, 3 internal error. */
async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  // The SDK warns on every run that releases after January 2027 need Node 22; msk-audit supports Node 20, so
  // the notice is for --debug only and never breaks the one-line error contract on stderr.
  if (!debug) process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  let exitCode = 0;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its one-line message; help and version are not errors.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError || error instanceof CredentialsError) {
      process.stderr.write(`msk-audit: error: ${forTerminal(error.message)}\n`);
      if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`msk-audit: internal error: ${forTerminal(message.split('\n')[0] ?? '')}${debug ? '' : ' (run with --debug for details)'}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return 3;
  }
}

process.exitCode = await main(process.argv);
