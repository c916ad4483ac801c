/**
 * Re-performance: evaluate the pack's own raw facts (inventory.json) again and compare every verdict with
 * the pack's findings.json — an auditor's independent re-performance of the control, offline.
 */
import { buildScanResult, type EvaluationPlan } from '../audit.js';
import type { ScanResult } from '../engine/scan-result.js';
import type { Thresholds } from '../check/index.js';
import { UsageError } from '../errors.js';
import { parseInventory } from '../inventory/load.js';
import { parseScanResult } from './scan-file.js';
import { inspectPack, type VerificationReport } from './verify.js';
import type { ZipLimits } from './zip.js';

export const INVENTORY_FILE = 'inventory.json';
export const FINDINGS_FILE = 'findings.json';

export interface Verdict {
  status: string;
  reason: string;
}

export interface VerdictMismatch {
  /** The finding id (stable: check id + resource). */
  id: string;
  checkId: string;
  resourceArn: string;
  /** status and/or reason differ, or the verdict exists on one side only. */
  kind: 'status' | 'reason' | 'status-and-reason' | 'only-in-pack' | 'only-in-reperformance';
  packed?: Verdict;
  reperformed?: Verdict;
}

export interface ReperformOptions {
  /**
   * `pack` (default): re-run exactly what the pack records — its check ids (taken from the plan's checks),
   * thresholds and tag filters; the plan supplies the check implementations and severity overrides.
   * `plan`: use the plan as it is (e.g. to see what a stricter config would have said).
   */
  parameters?: 'pack' | 'plan';
  limits?: ZipLimits;
  /** The re-performance's startedAt (default now). */
  now?: Date;
}

export interface ReperformanceResult {
  /** The pack is intact and every verdict (id, status, reason) matches. */
  ok: boolean;
  /** Hash check of the pack (the signature is not checked here: use verifyEvidencePack). */
  integrity: VerificationReport;
  parameters: 'pack' | 'plan';
  /** The scan id of the pack's findings.json. */
  scanId?: string;
  /** Verdicts compared (the union of both sides' finding ids). */
  compared: number;
  matched: number;
  /** Sorted by finding id. */
  mismatches: VerdictMismatch[];
  /** The re-performed scan result (absent when the pack failed its integrity check). */
  result?: ScanResult;
}

/**
 * Re-evaluates the pack's inventory.json with buildScanResult and compares every verdict (id, status,
 * reason) with its findings.json. A pack that fails its hash check is not re-performed (ok false, the
 * problems in `integrity`). Throws UsageError when the archive is unreadable, lacks inventory.json or
 * findings.json, or when a check the pack ran is not in the plan.
 */
export function reperformPack(zipBytes: Uint8Array, plan: EvaluationPlan, options: ReperformOptions = {}): ReperformanceResult {
  const parameters = options.parameters ?? 'pack';
  const inspection = inspectPack(zipBytes, { ...(options.limits ? { limits: options.limits } : {}), keep: [INVENTORY_FILE, FINDINGS_FILE] });
  const integrity = inspection.report;
  const base = { integrity, parameters, compared: 0, matched: 0, mismatches: [] as VerdictMismatch[] };
  if (!integrity.ok) return { ok: false, ...base };

  const listed = new Set(integrity.manifest?.files.map((file) => file.name));
  if (!listed.has(INVENTORY_FILE)) throw new UsageError('the pack has no inventory.json: re-performance needs the raw facts (pack with --inventory)');
  if (!listed.has(FINDINGS_FILE)) throw new UsageError('the pack has no findings.json to compare with');
  const decode = (name: string) => new TextDecoder('utf-8').decode(inspection.kept.get(name));

  let inventoryJson: unknown;
  try {
    inventoryJson = JSON.parse(decode(INVENTORY_FILE));
  } catch {
    throw new UsageError('inventory.json in the pack: not valid JSON');
  }
  const inventory = parseInventory(inventoryJson, 'inventory.json in the pack');
  const packed = parseScanResult(decode(FINDINGS_FILE), 'findings.json in the pack');

  const effective = parameters === 'pack' ? planFromPack(plan, packed) : plan;
  const result = buildScanResult(inventory, effective, {
    startedAt: options.now ?? new Date(),
    scanId: packed.scanId,
  });

  const before = new Map(packed.findings.map((finding) => [finding.id, finding]));
  const after = new Map(result.findings.map((finding) => [finding.id, finding]));
  const ids = [...new Set([...before.keys(), ...after.keys()])].sort();
  const mismatches: VerdictMismatch[] = [];
  for (const id of ids) {
    const a = before.get(id);
    const b = after.get(id);
    const packedVerdict = a && { status: a.status, reason: a.reason };
    const reperformed = b && { status: b.status, reason: b.reason };
    const where = { id, checkId: (a ?? b)!.checkId, resourceArn: (a ?? b)!.resource.arn };
    if (!a) mismatches.push({ ...where, kind: 'only-in-reperformance', reperformed: reperformed! });
    else if (!b) mismatches.push({ ...where, kind: 'only-in-pack', packed: packedVerdict! });
    else if (a.status !== b.status || a.reason !== b.reason) {
      const kind = a.status !== b.status && a.reason !== b.reason ? 'status-and-reason' : a.status !== b.status ? 'status' : 'reason';
      mismatches.push({ ...where, kind, packed: packedVerdict!, reperformed: reperformed! });
    }
  }
  return {
    ok: mismatches.length === 0,
    integrity,
    parameters,
    scanId: packed.scanId,
    compared: ids.length,
    matched: ids.length - mismatches.length,
    mismatches,
    result,
  };
}

/** The plan narrowed to what the pack records: its checks (in the plan's order), thresholds and tag filters. */
export function planFromPack(plan: EvaluationPlan, packed: ScanResult): EvaluationPlan {
  const wanted = packed.scope.checkIds;
  const available = new Set(plan.checks.map((check) => check.meta.id));
  const missing = wanted.filter((id) => !available.has(id));
  if (missing.length > 0) {
    throw new UsageError(`the pack was evaluated with check(s) ${missing.join(', ')} that are not loaded (custom checks: pass --checks-dir)`);
  }
  const ids = new Set(wanted);
  return {
    ...plan,
    checks: plan.checks.filter((check) => ids.has(check.meta.id)),
    thresholds: { ...plan.thresholds, ...(packed.thresholds as Partial<Thresholds>) },
    tagFilters: { ...packed.scope.tagFilters },
  };
}

/**
 * The outcome as text lines for a terminal (names and reasons come from the pack: the caller strips escape
 * sequences, e.g. with forTerminal): a summary line, then one line per mismatch or integrity problem.
 */
export function describeReperformance(outcome: ReperformanceResult): string[] {
  if (!outcome.integrity.ok) {
    return [
      'not re-performed: the pack failed its integrity check',
      ...outcome.integrity.problems.map((problem) => `  ${problem.file}: ${problem.problem}`),
    ];
  }
  const using = outcome.parameters === 'pack' ? "the pack's parameters" : 'the given plan';
  const lines = [
    `re-performed ${outcome.compared} verdict(s) of scan ${outcome.scanId ?? '?'} from inventory.json with ${using}: ${outcome.matched} match, ${outcome.mismatches.length} differ`,
  ];
  const verdict = (v: Verdict | undefined) => (v ? `${v.status} (${v.reason})` : '—');
  for (const m of outcome.mismatches) {
    switch (m.kind) {
      case 'only-in-pack':
        lines.push(`  only in the pack      ${m.id}: ${verdict(m.packed)}`);
        break;
      case 'only-in-reperformance':
        lines.push(`  not in the pack       ${m.id}: re-performed ${verdict(m.reperformed)}`);
        break;
      default:
        lines.push(`  ${m.kind.padEnd(20)}  ${m.id}: pack ${verdict(m.packed)}, re-performed ${verdict(m.reperformed)}`);
    }
  }
  return lines;
}
