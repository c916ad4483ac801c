import { InvalidArgumentError, Option, type Command } from 'commander';
import { parseFailOn, parseList, parseTag } from './options.js';

export const REPORT_FORMATS = ['json', 'html'] as const;

function parseFormats(value: string, previous: string[] = []): string[] {
  const formats = parseList(value, []);
  const unknown = formats.filter((format) => !(REPORT_FORMATS as readonly string[]).includes(format));
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown report format ${unknown.join(', ')} (expected ${REPORT_FORMATS.join(', ')})`);
  return [...new Set([...previous, ...formats])];
}

/** The options shared by every command that evaluates checks (scan, evaluate). */
export function addEvaluationOptions(command: Command): Command {
  return command
    .option('--config <file>', 'config file (default: ./msk-audit.config.json when present)')
    .option('--checks <ids>', 'run only these checks (comma-separated ids)', parseList)
    .option('--exclude-checks <ids>', 'do not run these checks (comma-separated ids)', parseList)
    .option('--checks-dir <dir>', 'also load custom checks from this directory (.js/.mjs/.ts modules)')
    .option('--tag <key=value>', 'only evaluate clusters carrying this tag (repeatable; all must match)', parseTag)
    .option('--output-dir <dir>', 'where reports are written', 'msk-audit-report')
    .addOption(
      new Option('--format <formats>', `report formats, comma-separated (${REPORT_FORMATS.join(', ')})`)
        .argParser(parseFormats)
        .default(['json', 'html'], 'json,html'),
    )
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a FAILED finding has this severity or higher (critical|high|medium|low|informational|none)')
        .argParser(parseFailOn)
        .default('LOW', 'low'),
    )
    .option('--quiet', 'print nothing but errors');
}
