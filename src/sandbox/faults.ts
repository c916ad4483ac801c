/**
 * Injectable faults, declared in the estate or added at run time, matched by service / operation /
 * account / region, firing with a probability (seeded RNG) and at most `count` times.
 */
import { FaultSchema, type Fault, type FaultInput } from './estate.js';
import type { Rng } from './rng.js';

export interface ActiveFault extends Fault {
  id: string;
  fired: number;
}

export interface FaultTarget {
  service: string;
  operation: string;
  account: string;
  region: string;
}

export class FaultRegistry {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  constructor(private readonly rng: Rng) {}

  add(input: FaultInput | Fault): string {
    const parsed = FaultSchema.parse(input);
    const id = parsed.id ?? `fault-${this.nextId++}`;
    this.faults = this.faults.filter((f) => f.id !== id);
    this.faults.push({ ...parsed, id, fired: 0 });
    return id;
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length !== before;
  }

  clear(): void {
    this.faults = [];
  }

  list(): ActiveFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** The first fault that matches and fires for this call (consumes one of its `count`). */
  pick(target: FaultTarget): ActiveFault | undefined {
    for (const f of this.faults) {
      if (f.service && f.service !== target.service) continue;
      if (f.operation && f.operation !== target.operation) continue;
      if (f.account && f.account !== target.account) continue;
      if (f.region && f.region !== target.region) continue;
      if (f.count !== undefined && f.fired >= f.count) continue;
      if (f.probability < 1 && !this.rng.chance(f.probability)) continue;
      f.fired++;
      return f;
    }
    return undefined;
  }
}

/** Every enum-valued member name the sandbox's operations return; the unknown-enum fault rewrites them. */
export const ENUM_MEMBERS = new Set([
  'ClusterType', 'State', 'ClientBroker', 'EnhancedMonitoring', 'Type', 'StorageMode', 'CustomerActionStatus', 'BrokerAZDistribution', 'NetworkType',
  'KeyState', 'KeyManager', 'KeySpec', 'CustomerMasterKeySpec', 'KeyUsage', 'Origin', 'ExpirationModel',
  'Status', 'JoinedMethod', 'FeatureSet', 'RegionOptStatus', 'OptInStatus', 'ReadOnly', 'RecordState', 'WorkflowState',
]);

/** Replaces every string value of an enum member (deeply) with `value`. */
export function rewriteEnums(output: unknown, value: string): unknown {
  if (Array.isArray(output)) return output.map((v) => rewriteEnums(v, value));
  if (typeof output === 'object' && output !== null && !(output instanceof Date) && !(output instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(output)) out[k] = ENUM_MEMBERS.has(k) && typeof v === 'string' ? value : rewriteEnums(v, value);
    return out;
  }
  return output;
}
