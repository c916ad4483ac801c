import type { Check, CheckMeta } from '../check/index.js';
import { awsFsbp } from './aws-fsbp.js';
import { iso27001 } from './iso-27001.js';
import { nist80053 } from './nist-800-53.js';
import { pciDss } from './pci-dss.js';
import { soc2 } from './soc2.js';
import { AWS_FSBP, SUPPORTED_FRAMEWORK_IDS, type FrameworkDefinition, type SupportedFrameworkId } from './types.js';

/** Every framework definition, in SUPPORTED_FRAMEWORK_IDS order. */
export const FRAMEWORKS: Readonly<Record<SupportedFrameworkId, FrameworkDefinition>> = Object.freeze({
  'pci-dss-4.0.1': pciDss,
  soc2,
  'nist-800-53-r5': nist80053,
  'iso-27001-2022': iso27001,
  [AWS_FSBP]: awsFsbp,
});

export function frameworkDefinition(id: SupportedFrameworkId): FrameworkDefinition {
  const definition = (FRAMEWORKS as Partial<Record<string, FrameworkDefinition>>)[id];
  if (!definition) throw new Error(`Unknown framework ${JSON.stringify(id)}; expected one of ${SUPPORTED_FRAMEWORK_IDS.join(', ')}.`);
  return definition;
}

/** What carries a mapping: a check's metadata or a finding (both have `frameworks` and `securityHubControl`). */
export type MappingSource = Pick<CheckMeta, 'frameworks' | 'securityHubControl'>;

function metaOf(check: Check | CheckMeta): CheckMeta {
  return 'meta' in check ? check.meta : check;
}

/**
 * The requirement ids of `framework` a check (or finding) gives evidence for, de-duplicated, in the order the
 * mapping lists them. For `aws-fsbp` that is its Security Hub control, if it has one.
 */
export function requirementIdsOf(source: MappingSource, framework: SupportedFrameworkId): string[] {
  if (framework === AWS_FSBP) return source.securityHubControl ? [source.securityHubControl] : [];
  const ids = source.frameworks?.[framework];
  return Array.isArray(ids) ? [...new Set(ids)] : [];
}

/** True when the check (or finding) gives evidence for at least one requirement of `framework`. */
export function isMappedTo(source: MappingSource, framework: SupportedFrameworkId): boolean {
  return requirementIdsOf(source, framework).length > 0;
}

/** The checks mapped to `framework`, in the order given. */
export function checksForFramework<T extends Check | CheckMeta>(framework: SupportedFrameworkId, checks: readonly T[]): T[] {
  return checks.filter((check) => isMappedTo(metaOf(check), framework));
}

/**
 * Requirement id → the ids of the checks that give evidence for it, by inverting the checks' mappings over the
 * framework's definition. Every defined requirement is a key, in definition order (with `[]` when no check maps
 * to it); a requirement id a check names but the definition does not know (a custom check's, or a typo) follows,
 * in sorted order, so no mapping is ever dropped. Check ids keep the order of `checks`.
 */
export function requirementsFor(framework: SupportedFrameworkId, checks: readonly (Check | CheckMeta)[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const requirement of frameworkDefinition(framework).requirements) map.set(requirement.id, []);
  const extra = new Map<string, string[]>();
  for (const check of checks) {
    const meta = metaOf(check);
    for (const id of requirementIdsOf(meta, framework)) {
      const target = map.get(id) ?? extra.get(id) ?? [];
      if (!map.has(id)) extra.set(id, target);
      if (!target.includes(meta.id)) target.push(meta.id);
    }
  }
  for (const id of [...extra.keys()].sort(compareRequirementIds)) map.set(id, extra.get(id) ?? []);
  return map;
}

/** Requirement ids the checks reference that `framework`'s definition does not contain (sorted, unique). */
export function undefinedRequirementIds(framework: SupportedFrameworkId, checks: readonly (Check | CheckMeta)[]): string[] {
  const known = new Set(frameworkDefinition(framework).requirements.map((requirement) => requirement.id));
  const unknown = new Set<string>();
  for (const check of checks) for (const id of requirementIdsOf(metaOf(check), framework)) if (!known.has(id)) unknown.add(id);
  return [...unknown].sort(compareRequirementIds);
}

/** A deterministic order for requirement ids: numeric parts compared as numbers ("3.10" after "3.9"). */
export function compareRequirementIds(a: string, b: string): number {
  const byNumber = a.localeCompare(b, 'en', { numeric: true, sensitivity: 'variant' });
  if (byNumber !== 0) return byNumber;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A check's or finding's requirements per framework, for the given frameworks (those without any are left out). */
export function requirementsByFramework(
  source: MappingSource,
  frameworks: readonly SupportedFrameworkId[] = SUPPORTED_FRAMEWORK_IDS,
): { framework: FrameworkDefinition; ids: string[] }[] {
  return frameworks
    .map((id) => ({ framework: frameworkDefinition(id), ids: requirementIdsOf(source, id) }))
    .filter((entry) => entry.ids.length > 0);
}

/** "PCI DSS v4.0.1 3.5.1"-style labels of a check's or finding's requirements, framework by framework. */
export function qualifiedRequirements(source: MappingSource, frameworks: readonly SupportedFrameworkId[] = SUPPORTED_FRAMEWORK_IDS): string[] {
  return requirementsByFramework(source, frameworks).flatMap(({ framework, ids }) => ids.map((id) => `${framework.label} ${id}`));
}
