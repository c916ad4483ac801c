import { CommanderError } from 'commander';
import { CredentialsError } from '../aws/errors.js';
import { UsageError } from '../errors.js';
import { buildProgram } from './program.js';
import { forTerminal } from './terminal.js';

/**
 * The CLI, without touching the process's exit code: `argv` as process.argv (node, script, args…) → the exit code.
 * Exit codes: 0 no gating failure, 1 a FAILED finding at or above --fail-on, 2 usage/config/credential error,
 * 3 internal error. src/cli.ts runs it; tests call it in-process.
 */
export async function main(argv: string[]): Promise<number> {
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
      process.stderr.write(`msk-audit: error: ${oneLine(error.message)}\n`);
      if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`msk-audit: internal error: ${oneLine(message.split('\n')[0] ?? '')}${debug ? '' : ' (run with --debug for details)'}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return 3;
  }
}

/** An error message as exactly one terminal line: no escape sequence or control character, line breaks as spaces. */
function oneLine(text: string): string {
  return forTerminal(text).replace(/\s*[\n\u2028\u2029]\s*/g, ' ').trim();
}
