import { STATUSES, type CheckMeta, type Status } from '../check/index.js';
import type { ScanResult } from '../engine/scan-result.js';
import { compareRequirementIds, frameworkDefinition, requirementIdsOf, requirementsFor } from './mapping.js';
import { isSupportedFrameworkId, SUPPORTED_FRAMEWORK_IDS, type SupportedFrameworkId } from './types.js';

/**
 * A requirement's status in a controls matrix:
 *   FAILED                 at least one mapped finding FAILED;
 *   NOT_AVAILABLE          none FAILED but at least one has no verdict (NOT_AVAILABLE or an unknown status), or
 *                          checks map to the requirement but produced no finding at all (no evidence either way);
 *   NOT_APPLICABLE         every mapped finding is NOT_APPLICABLE;
 *   PASSED                 every mapped finding is PASSED or NOT_APPLICABLE, and at least one is PASSED;
 *   NO_AUTOMATED_EVIDENCE  no check that ran maps to the requirement: evidence must come from elsewhere.
 * A requirement is never PASSED while any mapped finding lacks a verdict.
 */
export const CONTROL_STATUSES = ['FAILED', 'NOT_AVAILABLE', 'PASSED', 'NOT_APPLICABLE', 'NO_AUTOMATED_EVIDENCE'] as const;
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

export interface ControlRow {
  requirementId: string;
  /** '' for a requirement the definition does not know (named by a custom check). */
  title: string;
  description: string;
  /** False when a check maps to a requirement id that msk-audit's definition of the framework does not contain. */
  defined: boolean;
  status: ControlStatus;
  /** The checks that give evidence for the requirement. */
  checkIds: string[];
  /** The findings of those checks, in the scan result's order. */
  findingIds: string[];
  /** Those findings per status. */
  counts: Record<Status, number>;
}

export interface ControlsMatrix {
  framework: { id: SupportedFrameworkId; name: string; version: string; label: string };
  rows: ControlRow[];
  /** Rows per status. */
  counts: Record<ControlStatus, number>;
}

const KNOWN_STATUSES: ReadonlySet<string> = new Set(STATUSES);

/** The status of a requirement from the statuses of its mapped findings (see ControlStatus). */
export function controlStatus(statuses: readonly string[], hasMappedChecks: boolean): ControlStatus {
  if (statuses.length === 0) return hasMappedChecks ? 'NOT_AVAILABLE' : 'NO_AUTOMATED_EVIDENCE';
  if (statuses.includes('FAILED')) return 'FAILED';
  // NOT_AVAILABLE, and anything that is not a known verdict (a damaged or newer result file), is no evidence.
  if (statuses.some((status) => status === 'NOT_AVAILABLE' || !KNOWN_STATUSES.has(status))) return 'NOT_AVAILABLE';
  if (statuses.every((status) => status === 'NOT_APPLICABLE')) return 'NOT_APPLICABLE';
  if (statuses.every((status) => status === 'PASSED' || status === 'NOT_APPLICABLE')) return 'PASSED';
  return 'NOT_AVAILABLE'; // unreachable with today's statuses; never a pass by default
}

function emptyCounts<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
}

/**
 * The controls matrix of one framework for a scan result: every defined requirement, then any requirement id a
 * check names that the definition does not know. A finding counts for a requirement when its own mapping or its
 * check's mapping (in `result.checks`) names it — the union, so no finding is ever left out of a requirement.
 */
export function controlsMatrix(result: Pick<ScanResult, 'checks' | 'findings'>, frameworkId: SupportedFrameworkId): ControlsMatrix {
  const framework = frameworkDefinition(frameworkId);
  const checks: CheckMeta[] = result.checks;
  const checkIdsByRequirement = requirementsFor(frameworkId, checks);
  const checkRequirements = new Map(checks.map((meta) => [meta.id, requirementIdsOf(meta, frameworkId)]));

  // What each requirement's findings contribute (not the findings themselves: a large scan's are read from disk).
  const findingsByRequirement = new Map<string, { ids: string[]; statuses: string[]; checkIds: string[] }>();
  for (const finding of result.findings) {
    const ids = new Set([...requirementIdsOf(finding, frameworkId), ...(checkRequirements.get(finding.checkId) ?? [])]);
    for (const id of ids) {
      let entry = findingsByRequirement.get(id);
      if (!entry) {
        entry = { ids: [], statuses: [], checkIds: [] };
        findingsByRequirement.set(id, entry);
      }
      entry.ids.push(finding.id);
      entry.statuses.push(finding.status);
      if (!entry.checkIds.includes(finding.checkId)) entry.checkIds.push(finding.checkId);
      if (!checkIdsByRequirement.has(id)) checkIdsByRequirement.set(id, []);
    }
  }

  const definitions = new Map(framework.requirements.map((requirement) => [requirement.id, requirement]));
  const undefinedIds = [...checkIdsByRequirement.keys()].filter((id) => !definitions.has(id));
  const order = [...framework.requirements.map((requirement) => requirement.id), ...undefinedIds.sort(compareRequirementIds)];
  const rows = order.map((requirementId): ControlRow => {
    const definition = definitions.get(requirementId);
    const findings = findingsByRequirement.get(requirementId) ?? { ids: [], statuses: [], checkIds: [] };
    const checkIds = [...(checkIdsByRequirement.get(requirementId) ?? [])];
    for (const checkId of findings.checkIds) if (!checkIds.includes(checkId)) checkIds.push(checkId);
    const counts = emptyCounts(STATUSES);
    for (const status of findings.statuses) if (KNOWN_STATUSES.has(status)) counts[status as Status] += 1;
    return {
      requirementId,
      title: definition?.title ?? '',
      description: definition?.description ?? '',
      defined: definition !== undefined,
      status: controlStatus(findings.statuses, checkIds.length > 0),
      checkIds,
      findingIds: findings.ids,
      counts,
    };
  });
  const counts = emptyCounts(CONTROL_STATUSES);
  for (const row of rows) counts[row.status] += 1;
  return { framework: { id: framework.id, name: framework.name, version: framework.version, label: framework.label }, rows, counts };
}

/**
 * The frameworks a report shows: the one the scan was limited to (`scope.framework`, from --framework), or
 * every supported framework. An unknown id in the scope is an error, not silently ignored.
 */
export function frameworksInScope(result: Pick<ScanResult, 'scope'>): SupportedFrameworkId[] {
  const scoped = result.scope.framework;
  if (scoped === undefined) return [...SUPPORTED_FRAMEWORK_IDS];
  if (!isSupportedFrameworkId(scoped)) {
    throw new Error(`The scan result is limited to an unknown framework ${JSON.stringify(scoped)}; expected one of ${SUPPORTED_FRAMEWORK_IDS.join(', ')}.`);
  }
  return [scoped];
}

/** The controls matrix of every framework in the scan's scope (see frameworksInScope). */
export function controlsMatrices(result: Pick<ScanResult, 'scope' | 'checks' | 'findings'>): ControlsMatrix[] {
  return frameworksInScope(result).map((framework) => controlsMatrix(result, framework));
}
