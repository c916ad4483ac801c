import { UsageError } from '../errors.js';
import type { Check } from '../check/index.js';
import { loadConfig } from '../config/config.js';
import { loadExceptions } from '../config/exceptions.js';
import { CheckRegistry } from '../engine/registry.js';
import { loadPluginChecks } from '../engine/plugins.js';
import { builtinChecks } from '../../checks/index.js';
import { loadBaseline } from '../drift/baseline-file.js';
import type { EvaluationPlan } from '../audit.js';
import { checksForFramework, isSupportedFrameworkId, SUPPORTED_FRAMEWORK_IDS, type SupportedFrameworkId } from '../frameworks/index.js';

export interface PlanFlags {
  config?: string;
  checks?: string[];
  excludeChecks?: string[];
  checksDir?: string;
  tag?: Record<string, string>;
  /** --framework: only the checks mapped to this framework run. */
  framework?: string;
  /** --baseline FILE|s3://bucket/key: the approved baseline the drift checks compare with. */
  baseline?: string;
  /** --exceptions FILE: accepted risks. */
  exceptions?: string;
  /** The AWS profile an s3:// baseline is read with (scan's --profile). */
  profile?: string;
}

/**
 * The evaluation plan plus what the scan was limited to. `framework` (from --framework) must end up in
 * `ScanResult.scope.framework` so reports show only that framework's controls matrix.
 */
export interface PlannedEvaluation extends EvaluationPlan {
  framework?: SupportedFrameworkId;
}

export async function buildRegistry(checksDir: string | undefined): Promise<CheckRegistry> {
  const plugins: Check[] = checksDir ? await loadPluginChecks(checksDir) : [];
  return new CheckRegistry([...builtinChecks, ...plugins]);
}

/** Config file and flags → the evaluation plan. Flags narrow what the config file selected. */
export async function buildPlan(flags: PlanFlags): Promise<PlannedEvaluation> {
  const framework = flags.framework;
  // The CLI parser already rejects an unknown id; this guards programmatic callers.
  if (framework !== undefined && !isSupportedFrameworkId(framework)) {
    throw new UsageError(`--framework: unknown framework ${JSON.stringify(framework)} (expected one of ${SUPPORTED_FRAMEWORK_IDS.join(', ')})`);
  }
  const config = await loadConfig(flags.config);
  const registry = await buildRegistry(flags.checksDir);
  const configSource = `config ${config.source ?? ''}`.trim();
  registry.assertKnown(Object.keys(config.severityOverrides), `${configSource}: severityOverrides`);
  const fromConfig = registry.select({ include: config.include, exclude: config.exclude }, `${configSource}: checks`);
  const fromFlags = registry.select({ include: flags.checks, exclude: flags.excludeChecks }, '--checks/--exclude-checks');
  const flagIds = new Set(fromFlags.map((check) => check.meta.id));
  const selected = fromConfig.filter((check) => flagIds.has(check.meta.id));
  if (selected.length === 0) {
    throw new UsageError('the config file and the --checks flags together leave no check to run');
  }
  const checks = framework === undefined ? selected : checksForFramework(framework, selected);
  if (checks.length === 0) {
    throw new UsageError(`--framework ${framework}: none of the selected checks is mapped to it`);
  }
  const plan: PlannedEvaluation = {
    checks,
    thresholds: config.thresholds,
    severityOverrides: config.severityOverrides,
    tagFilters: flags.tag ?? {},
  };
  if (framework !== undefined) plan.framework = framework;
  if (flags.exceptions !== undefined) {
    plan.exceptions = await loadExceptions(flags.exceptions, new Set(registry.all().map((check) => check.meta.id)));
  }
  if (flags.baseline !== undefined) {
    plan.baseline = await loadBaseline(flags.baseline, flags.profile === undefined ? {} : { profile: flags.profile });
  } else {
    const needBaseline = (flags.checks ?? []).filter((id) => checks.some((check) => check.meta.id === id && check.requires === 'baseline'));
    if (needBaseline.length > 0) throw new UsageError(`--checks ${needBaseline.join(', ')}: needs --baseline (an approved baseline to compare with)`);
  }
  return plan;
}
