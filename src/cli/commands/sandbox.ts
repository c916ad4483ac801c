import { InvalidArgumentError, type Command } from 'commander';
import { EXAMPLE_ESTATE_PATH, EstateValidationError, loadEstate, startSandbox } from '../../sandbox/index.js';
import { UsageError } from '../../errors.js';
import { parsePositiveInt } from '../options.js';

/** A TCP port: 1 to 65535 (0, "a free port", is the default when --port is not given). */
function parsePort(value: string): number {
  const port = parsePositiveInt(value);
  if (port > 65_535) throw new InvalidArgumentError('expected a port from 1 to 65535');
  return port;
}

export function registerSandbox(program: Command): void {
  program
    .command('sandbox')
    .description('run the local AWS sandbox (for demos and tests) until interrupted')
    .option('--estate <file>', 'estate JSON file (default: the bundled example organization)')
    .option('--port <n>', 'port on 127.0.0.1 (default: a free port)', parsePort)
    .action(async (flags: { estate?: string; port?: number }) => {
      const source = flags.estate ?? EXAMPLE_ESTATE_PATH;
      const estate = await loadEstate(source).catch((error: unknown) => {
        if (error instanceof EstateValidationError) {
          const [first] = error.issues;
          const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
          throw new UsageError(`--estate ${source}: ${first ? `${first.path}: ${first.message}` : 'invalid'}${more}`);
        }
        if (error instanceof Error && error.message.startsWith(`estate ${source} is not valid JSON`)) {
          throw new UsageError(`--estate ${source}: not valid JSON`);
        }
        if ((error as NodeJS.ErrnoException).code) {
          throw new UsageError(`--estate ${source}: ${(error as Error).message.split('\n')[0]}`);
        }
        throw error;
      });
      const sandbox = await startSandbox({ estate, port: flags.port ?? 0 });
      process.stdout.write(`msk-audit sandbox listening on ${sandbox.url}\n\nPoint msk-audit or the AWS CLI at it with:\n\n`);
      for (const [name, value] of Object.entries(sandbox.env)) process.stdout.write(`export ${name}=${value}\n`);
      process.stdout.write('\nThen e.g.: msk-audit scan --org\nPress Ctrl-C to stop.\n');
      await new Promise<void>((done) => {
        const stop = () => done();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await sandbox.close();
    });
}
