/** The measured calls against the call model: per operation, the floor, above the floor by kind (see call-model.ts). */
import type { CallSummary } from '../src/sandbox/index.js';
import { floorCalls, minimalCalls, sumCalls } from './call-model.js';
import type { EstateFacts } from './estate-facts.js';

export interface OperationRow {
  operation: string;
  calls: number;
  ok: number;
  throttled: number;
  errors: number;
  floor: number;
  minimal: number;
  perCluster: number;
  aboveFloorPerCluster: number;
}

export interface CallStats {
  total: number;
  clusters: number;
  perCluster: number;
  floor: number;
  aboveFloor: number;
  aboveFloorPerCluster: number;
  minimal: number;
  /** Of the calls above the floor, those to CloudTrail (per cluster): CloudTrail calls − CloudTrail floor. */
  cloudTrailPerCluster: number;
  /** Operations the call model does not know (other collectors): counted above the floor, not in the bound. */
  unmodeled: string[];
  unmodeledPerCluster: number;
  /** Calls above the floor of the modelled MSK / KMS / STS / Account / Organizations operations, per cluster. */
  corePerCluster: number;
  throttled: number;
  failed: number;
  byOperation: OperationRow[];
  byErrorCode: Record<string, number>;
}

export function callStats(summary: CallSummary, facts: EstateFacts, clusters: number, cloudTrail: boolean): CallStats {
  const floor = floorCalls(facts, { cloudTrail });
  const minimal = minimalCalls(facts, { cloudTrail });
  const ops = new Set([...Object.keys(summary.byOperation), ...Object.keys(minimal)]);
  const perCluster = (n: number) => (clusters > 0 ? n / clusters : 0);
  const byOperation: OperationRow[] = [...ops].sort().map((operation) => {
    const counts = summary.byOperation[operation] ?? { calls: 0, ok: 0, throttled: 0, errors: 0 };
    const f = floor[operation] ?? 0;
    return {
      operation,
      calls: counts.calls,
      ok: counts.ok,
      throttled: counts.throttled,
      errors: counts.errors,
      floor: f,
      minimal: minimal[operation] ?? 0,
      perCluster: perCluster(counts.calls),
      aboveFloorPerCluster: perCluster(counts.calls - f),
    };
  });
  const floorTotal = sumCalls(floor);
  const total = summary.total;
  const isCloudTrail = (r: OperationRow) => r.operation.startsWith('cloudtrail:');
  const unmodeled = byOperation.filter((r) => r.calls > 0 && r.minimal === 0 && !isCloudTrail(r));
  // Above the floor, by kind: the floor's CloudTrail calls (DescribeTrails, first LookupEvents page) are not CloudTrail's share.
  const cloudTrailAbove = byOperation.filter(isCloudTrail).reduce((n, r) => n + r.calls - r.floor, 0);
  const unmodeledCalls = unmodeled.reduce((n, r) => n + r.calls, 0);
  return {
    total,
    clusters,
    perCluster: perCluster(total),
    floor: floorTotal,
    aboveFloor: total - floorTotal,
    aboveFloorPerCluster: perCluster(total - floorTotal),
    minimal: sumCalls(minimal),
    cloudTrailPerCluster: perCluster(cloudTrailAbove),
    unmodeled: unmodeled.map((r) => r.operation),
    unmodeledPerCluster: perCluster(unmodeledCalls),
    corePerCluster: perCluster(total - floorTotal - cloudTrailAbove - unmodeledCalls),
    throttled: byOperation.reduce((n, r) => n + r.throttled, 0),
    failed: byOperation.reduce((n, r) => n + r.errors, 0),
    byOperation,
    byErrorCode: summary.byErrorCode,
  };
}
