import { InvalidArgumentError, Option, type Command } from 'commander';
import { REPORT_FORMATS } from '../../reports/index.js';
import { isSupportedFrameworkId, SUPPORTED_FRAMEWORK_IDS, type SupportedFrameworkId } from '../frameworks/index.js';
import { parseFailOn, parseList, parseTag } from './options.js';

/** The report formats, from the renderer registry (reports/index.ts): one list, never a copy. */
export { REPORT_FORMATS };

const DEFAULT_FORMATS: string[] = ['json', 'html'];

function parseFormats(value: string, previous: string[] = []): string[] {
  const formats = parseList(value, []);
  const unknown = formats.filter((format) => !(REPORT_FORMATS as readonly string[]).includes(format));
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown report format ${unknown.join(', ')} (expected ${REPORT_FORMATS.join(', ')})`);
  // Commander hands the default in as `previous` on the first --format: an explicit list replaces it.
  const base = previous === DEFAULT_FORMATS ? [] : previous;
  return [...new Set([...base, ...formats])];
}

export function parseFramework(value: string): SupportedFrameworkId {
  const id = value.trim();
  if (!isSupportedFrameworkId(id)) {
    throw new InvalidArgumentError(`unknown framework ${JSON.stringify(id)} (expected one of ${SUPPORTED_FRAMEWORK_IDS.join(', ')})`);
  }
  return id;
}

/** The options shared by every command that evaluates checks (scan, evaluate). */
export function addEvaluationOptions(command: Command): Command {
  return command
    .option('--config <file>', 'config file (default: ./msk-audit.config.json when present)')
    .option('--checks <ids>', 'run only these checks (comma-separated ids)', parseList)
    .option('--exclude-checks <ids>', 'do not run these checks (comma-separated ids)', parseList)
    .option('--checks-dir <dir>', 'also load custom checks from this directory (.js/.mjs/.ts modules)')
    .option('--framework <id>', `only run the checks mapped to this framework, and report only its requirements (${SUPPORTED_FRAMEWORK_IDS.join(', ')})`, parseFramework)
    .option('--exceptions <file>', 'accepted risks: JSON { "exceptions": [{ checkId, resource, reason, owner, expires }] }')
    .option('--tag <key=value>', 'only evaluate clusters carrying this tag (repeatable; all must match)', parseTag)
    .option('--baseline <file|s3://bucket/key>', 'compare with this approved baseline (`msk-audit baseline approve`): runs the drift checks and adds the drift to the report')
    .option('--output-dir <dir>', 'where reports are written', 'msk-audit-report')
    .addOption(
      new Option('--format <formats>', `report formats, comma-separated (${REPORT_FORMATS.join(', ')})`)
        .argParser(parseFormats)
        .default(DEFAULT_FORMATS, 'json,html'),
    )
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a FAILED finding has this severity or higher (critical|high|medium|low|informational|none)')
        .argParser(parseFailOn)
        .default('LOW', 'low'),
    )
    .option('--quiet', 'print nothing but errors');
}
