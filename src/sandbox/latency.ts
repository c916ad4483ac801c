/** Per-call latency: mean ± uniform jitter (seeded), per service/operation overrides. */
import type { Latency } from './estate.js';
import type { Rng } from './rng.js';

export class LatencyModel {
  constructor(
    private readonly config: Latency | undefined,
    private readonly rng: Rng,
  ) {}

  delayFor(service: string, operation: string): number {
    if (!this.config) return 0;
    const rule =
      this.config.overrides.find((r) => r.service === service && r.operation === operation) ??
      this.config.overrides.find((r) => r.service === service && !r.operation) ??
      this.config.overrides.find((r) => !r.service && !r.operation);
    const mean = rule?.meanMs ?? this.config.meanMs;
    const jitter = rule?.jitterMs ?? this.config.jitterMs;
    if (mean <= 0 && jitter <= 0) return 0;
    return Math.max(0, mean + (this.rng.next() * 2 - 1) * jitter);
  }
}
