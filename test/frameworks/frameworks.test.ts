import { describe, expect, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import { FRAMEWORK_IDS, type Check, type CheckMeta } from '../../src/check/index.js';
import {
  AWS_FSBP,
  checksForFramework,
  compareRequirementIds,
  FRAMEWORKS,
  frameworkDefinition,
  isSupportedFrameworkId,
  qualifiedRequirements,
  requirementIdsOf,
  requirementsFor,
  SUPPORTED_FRAMEWORK_IDS,
  undefinedRequirementIds,
  type SupportedFrameworkId,
} from '../../src/frameworks/index.js';

const builtinIds = new Set(builtinChecks.map((check) => check.meta.id));

/** The frameworks a check claims: those with a non-empty list in meta.frameworks, plus aws-fsbp with a Security Hub control. */
function claimedFrameworks(meta: CheckMeta): SupportedFrameworkId[] {
  const claimed: SupportedFrameworkId[] = FRAMEWORK_IDS.filter((id) => (meta.frameworks[id]?.length ?? 0) > 0);
  if (meta.securityHubControl) claimed.push(AWS_FSBP);
  return claimed;
}

function customCheck(id: string, mapping: Partial<CheckMeta>): CheckMeta {
  return {
    id,
    title: id,
    severity: 'LOW',
    resourceType: 'AwsMskCluster',
    rationale: 'r',
    remediation: { text: 't', url: 'https://example.com' },
    frameworks: {},
    ...mapping,
  };
}

describe('framework definitions', () => {
  it('cover every framework id the checks use, plus the Security Hub view, in that order', () => {
    expect(SUPPORTED_FRAMEWORK_IDS).toEqual([...FRAMEWORK_IDS, 'aws-fsbp']);
    expect(Object.keys(FRAMEWORKS)).toEqual([...SUPPORTED_FRAMEWORK_IDS]);
    for (const id of SUPPORTED_FRAMEWORK_IDS) expect(frameworkDefinition(id).id).toBe(id);
    expect(isSupportedFrameworkId('soc2')).toBe(true);
    expect(isSupportedFrameworkId('hipaa')).toBe(false);
    expect(isSupportedFrameworkId('toString')).toBe(false);
    expect(() => frameworkDefinition('hipaa' as SupportedFrameworkId)).toThrow(/Unknown framework "hipaa"/);
  });

  describe.each(SUPPORTED_FRAMEWORK_IDS.map((id) => [id] as const))('%s', (id) => {
    const definition = frameworkDefinition(id);

    it('has a name, a version, a label and unique requirement ids', () => {
      expect(definition.name.trim()).not.toBe('');
      expect(definition.version.trim()).not.toBe('');
      expect(definition.label.trim()).not.toBe('');
      const ids = definition.requirements.map((requirement) => requirement.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBeGreaterThan(0);
    });

    it('gives every requirement a title and a one-line description', () => {
      for (const requirement of definition.requirements) {
        expect(requirement.id).toMatch(/^\S+$/);
        expect(requirement.title.trim(), requirement.id).not.toBe('');
        expect(requirement.description.trim(), requirement.id).not.toBe('');
        expect(requirement.description, requirement.id).not.toMatch(/\n/);
        expect(requirement.description.length, requirement.id).toBeLessThanOrEqual(160);
      }
    });

    it('knows every requirement id a built-in check references (a typo in a mapping fails here)', () => {
      expect(undefinedRequirementIds(id, builtinChecks)).toEqual([]);
    });

    it('lists, for every requirement, only checks that exist', () => {
      for (const [requirement, checkIds] of requirementsFor(id, builtinChecks)) {
        for (const checkId of checkIds) expect(builtinIds.has(checkId), `${requirement} → ${checkId}`).toBe(true);
      }
    });

    it('has at least one requirement with automated evidence from the built-in checks', () => {
      expect([...requirementsFor(id, builtinChecks).values()].some((checks) => checks.length > 0)).toBe(true);
    });
  });

  it('has the real titles of the Security Hub MSK controls', () => {
    expect(Object.fromEntries(frameworkDefinition('aws-fsbp').requirements.map((r) => [r.id, r.title]))).toEqual({
      'MSK.1': 'MSK clusters should be encrypted in transit among broker nodes',
      'MSK.2': 'MSK clusters should have enhanced monitoring configured',
      'MSK.3': 'MSK Connect connectors should be encrypted in transit',
      'MSK.4': 'MSK clusters should have public access disabled',
      'MSK.5': 'MSK connectors should have logging enabled',
      'MSK.6': 'MSK clusters should disable unauthenticated access',
    });
  });
});

describe('built-in check mappings', () => {
  describe.each(builtinChecks.map((check) => [check.meta.id, check.meta] as const))('%s', (_id, meta) => {
    it('claims at least one framework', () => {
      expect(claimedFrameworks(meta).length).toBeGreaterThan(0);
    });

    it('is mapped to at least one requirement of every framework it claims', () => {
      for (const framework of claimedFrameworks(meta)) {
        const requirements = [...requirementsFor(framework, builtinChecks)].filter(([, checks]) => checks.includes(meta.id));
        expect(requirements.length, framework).toBeGreaterThan(0);
        // …and each of those requirements is a defined one.
        const defined = new Set(frameworkDefinition(framework).requirements.map((r) => r.id));
        for (const [requirement] of requirements) expect(defined.has(requirement), `${framework} ${requirement}`).toBe(true);
      }
    });

    it('appears exactly under the requirements its metadata names', () => {
      for (const framework of SUPPORTED_FRAMEWORK_IDS) {
        const under = [...requirementsFor(framework, builtinChecks)].filter(([, checks]) => checks.includes(meta.id)).map(([r]) => r);
        expect(under.sort()).toEqual(requirementIdsOf(meta, framework).sort());
      }
    });
  });
});

describe('requirementsFor', () => {
  it('inverts the checks\' mappings over the definition, in definition order, with [] for requirements without evidence', () => {
    const checks = [
      customCheck('a', { frameworks: { soc2: ['CC6.7', 'CC6.1'] } }),
      customCheck('b', { frameworks: { soc2: ['CC6.1'], 'pci-dss-4.0.1': ['4.2.1'] } }),
    ];
    const map = requirementsFor('soc2', checks);
    expect([...map.keys()]).toEqual(frameworkDefinition('soc2').requirements.map((r) => r.id));
    expect(map.get('CC6.1')).toEqual(['a', 'b']);
    expect(map.get('CC6.7')).toEqual(['a']);
    expect(map.get('CC8.1')).toEqual([]);
  });

  it('accepts checks or their metadata, and de-duplicates', () => {
    const meta = { ...customCheck('dup', { frameworks: { soc2: ['CC6.1', 'CC6.1'] } }), resourceType: 'AwsMskCluster' as const };
    const check: Check = { meta, evaluate: () => ({ status: 'PASSED', reason: '', evidence: {} }) };
    expect(requirementsFor('soc2', [check, meta]).get('CC6.1')).toEqual(['dup']);
  });

  it('keeps a requirement id the definition does not know, after the defined ones, and reports it', () => {
    const checks = [customCheck('owner-tag', { frameworks: { soc2: ['CC1.3', 'CC6.l'] } })];
    const map = requirementsFor('soc2', checks);
    expect([...map.keys()].slice(-2)).toEqual(['CC1.3', 'CC6.l']);
    expect(map.get('CC6.l')).toEqual(['owner-tag']);
    expect(undefinedRequirementIds('soc2', checks)).toEqual(['CC1.3', 'CC6.l']);
  });

  it('derives the aws-fsbp view from securityHubControl', () => {
    const map = requirementsFor('aws-fsbp', builtinChecks);
    expect(map.get('MSK.1')).toContain('msk-tls-in-cluster');
    expect(map.get('MSK.2')).toContain('msk-enhanced-monitoring');
    expect(map.get('MSK.4')).toContain('msk-no-public-access');
    expect(map.get('MSK.6')).toContain('msk-no-unauthenticated-access');
    const custom = requirementsFor('aws-fsbp', [customCheck('a', { securityHubControl: 'MSK.3' }), customCheck('b', { frameworks: { soc2: ['CC6.1'] } })]);
    expect(custom.get('MSK.3')).toEqual(['a']);
    expect(custom.get('MSK.5')).toEqual([]);
    expect([...custom.values()].flat()).toEqual(['a']);
  });

  it('derives the PCI DSS view from meta.frameworks', () => {
    const map = requirementsFor('pci-dss-4.0.1', builtinChecks);
    expect(map.get('4.2.1')).toEqual(expect.arrayContaining(['msk-tls-client-broker', 'msk-tls-in-cluster']));
    expect(map.get('7.3.3')).toContain('msk-acl-deny-by-default');
  });
});

describe('helpers', () => {
  it('checksForFramework keeps only the checks mapped to the framework, in order', () => {
    expect(checksForFramework('aws-fsbp', builtinChecks)).toEqual(builtinChecks.filter((c) => c.meta.securityHubControl));
    expect(checksForFramework('aws-fsbp', builtinChecks).map((c) => c.meta.id)).toEqual(
      expect.arrayContaining(['msk-tls-in-cluster', 'msk-no-public-access', 'msk-no-unauthenticated-access', 'msk-enhanced-monitoring']),
    );
    expect(checksForFramework('soc2', builtinChecks)).toHaveLength(builtinChecks.filter((c) => (c.meta.frameworks.soc2?.length ?? 0) > 0).length);
    expect(checksForFramework('soc2', [customCheck('none', {})])).toEqual([]);
  });

  it('qualifiedRequirements labels requirement ids by framework', () => {
    const meta = customCheck('x', { frameworks: { 'pci-dss-4.0.1': ['3.5.1'], 'nist-800-53-r5': ['SC-28(1)'] }, securityHubControl: 'MSK.1' });
    expect(qualifiedRequirements(meta)).toEqual(['PCI DSS v4.0.1 3.5.1', 'NIST SP 800-53 r5 SC-28(1)', 'AWS FSBP MSK.1']);
    expect(qualifiedRequirements(meta, ['aws-fsbp'])).toEqual(['AWS FSBP MSK.1']);
  });

  it('compareRequirementIds orders numerically and deterministically', () => {
    expect(['10.2.1', '3.10', '3.9', 'CC6.10', 'CC6.2', 'AC-3'].sort(compareRequirementIds)).toEqual(['3.9', '3.10', '10.2.1', 'AC-3', 'CC6.2', 'CC6.10']);
  });
});
