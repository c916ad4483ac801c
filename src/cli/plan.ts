import { UsageError } from '../errors.js';
import type { Check } from '../check/index.js';
import { loadConfig } from '../config/config.js';
import { CheckRegistry } from '../engine/registry.js';
import { loadPluginChecks } from '../engine/plugins.js';
import { builtinChecks } from '../../checks/index.js';
import type { EvaluationPlan } from '../audit.js';

export interface PlanFlags {
  config?: string;
  checks?: string[];
  excludeChecks?: string[];
  checksDir?: string;
  tag?: Record<string, string>;
}

export async function buildRegistry(checksDir: string | undefined): Promise<CheckRegistry> {
  const plugins: Check[] = checksDir ? await loadPluginChecks(checksDir) : [];
  return new CheckRegistry([...builtinChecks, ...plugins]);
}

/** Config file and flags → the evaluation plan. Flags narrow what the config file selected. */
export async function buildPlan(flags: PlanFlags): Promise<EvaluationPlan> {
  const config = await loadConfig(flags.config);
  const registry = await buildRegistry(flags.checksDir);
  const configSource = `config ${config.source ?? ''}`.trim();
  registry.assertKnown(Object.keys(config.severityOverrides), `${configSource}: severityOverrides`);
  const fromConfig = registry.select({ include: config.include, exclude: config.exclude }, `${configSource}: checks`);
  const fromFlags = registry.select({ include: flags.checks, exclude: flags.excludeChecks }, '--checks/--exclude-checks');
  const flagIds = new Set(fromFlags.map((check) => check.meta.id));
  const checks = fromConfig.filter((check) => flagIds.has(check.meta.id));
  if (checks.length === 0) {
    throw new UsageError('the config file and the --checks flags together leave no check to run');
  }
  return {
    checks,
    thresholds: config.thresholds,
    severityOverrides: config.severityOverrides,
    tagFilters: flags.tag ?? {},
  };
}
