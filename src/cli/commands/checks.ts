import { Option, type Command } from 'commander';
import { buildRegistry } from '../plan.js';
import { forTerminal } from '../terminal.js';

export function registerChecks(program: Command): void {
  program
    .command('checks')
    .description('list the available checks with their metadata and framework mappings')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--checks-dir <dir>', 'also load custom checks from this directory')
    .action(async (flags: { format: 'text' | 'json'; checksDir?: string }) => {
      const registry = await buildRegistry(flags.checksDir);
      const metas = registry.all().map((check) => check.meta);
      if (flags.format === 'json') {
        process.stdout.write(`${JSON.stringify(metas, null, 2)}\n`);
        return;
      }
      const width = Math.max(...metas.map((meta) => meta.id.length));
      for (const meta of metas) {
        const control = meta.securityHubControl ? `  [${meta.securityHubControl}]` : '';
        process.stdout.write(`${forTerminal(`${meta.id.padEnd(width)}  ${meta.severity.padEnd(13)}  ${meta.title}${control}`)}\n`);
      }
    });
}
