import { describe, expect, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import { parseFramework } from '../../src/cli/common-options.js';
import { buildPlan } from '../../src/cli/plan.js';
import { SUPPORTED_FRAMEWORK_IDS } from '../../src/frameworks/index.js';
import { UsageError } from '../../src/errors.js';

const NO_CONFIG = { config: undefined };

describe('buildPlan --framework', () => {
  it('runs every check and records no framework without --framework', async () => {
    const plan = await buildPlan(NO_CONFIG);
    expect(plan.checks).toEqual(builtinChecks);
    expect('framework' in plan).toBe(false);
  });

  it.each(SUPPORTED_FRAMEWORK_IDS.map((id) => [id] as const))('%s: only the mapped checks run, and the id is recorded in the plan', async (framework) => {
    const plan = await buildPlan({ ...NO_CONFIG, framework });
    expect(plan.framework).toBe(framework);
    const expected = builtinChecks.filter((check) =>
      framework === 'aws-fsbp' ? Boolean(check.meta.securityHubControl) : (check.meta.frameworks[framework]?.length ?? 0) > 0,
    );
    expect(plan.checks).toEqual(expected);
    expect(plan.checks.length).toBeGreaterThan(0);
  });

  it('intersects with --checks and refuses an empty result', async () => {
    const plan = await buildPlan({ ...NO_CONFIG, framework: 'aws-fsbp', checks: ['msk-tls-in-cluster', 'msk-at-rest-cmk'] });
    expect(plan.checks.map((c) => c.meta.id)).toEqual(['msk-tls-in-cluster']);
    await expect(buildPlan({ ...NO_CONFIG, framework: 'aws-fsbp', checks: ['msk-at-rest-cmk'] })).rejects.toThrow(
      new UsageError('--framework aws-fsbp: none of the selected checks is mapped to it'),
    );
  });

  it('refuses an unknown framework from a programmatic caller', async () => {
    await expect(buildPlan({ ...NO_CONFIG, framework: 'hipaa' })).rejects.toThrow(/--framework: unknown framework "hipaa" \(expected one of pci-dss-4\.0\.1, soc2, nist-800-53-r5, iso-27001-2022, aws-fsbp\)/);
  });

  it('parseFramework accepts the known ids only', () => {
    expect(parseFramework('soc2')).toBe('soc2');
    expect(parseFramework(' aws-fsbp ')).toBe('aws-fsbp');
    expect(() => parseFramework('SOC2')).toThrow(/unknown framework "SOC2"/);
    expect(() => parseFramework('__proto__')).toThrow(/unknown framework/);
  });
});
