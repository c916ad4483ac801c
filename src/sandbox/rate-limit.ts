/**
 * Token buckets per caller account × region × service × operation, with AWS's published defaults.
 * MSK publishes no control-plane rate: a conservative 10 rps / burst 20 is used (documented judgment).
 */
import type { RateLimitRule } from './estate.js';

export interface Rate {
  rps: number;
  burst: number;
}

/** Defaults: `service:Operation` beats `service:*`, beats the global default. */
export const DEFAULT_RATE_LIMITS: Readonly<Record<string, Rate>> = {
  'kafka:*': { rps: 10, burst: 20 },
  'kms:DescribeKey': { rps: 2000, burst: 2000 },
  'kms:GetKeyRotationStatus': { rps: 1000, burst: 1000 },
  'kms:*': { rps: 1000, burst: 1000 },
  'sts:*': { rps: 600, burst: 600 },
  'organizations:ListAccounts': { rps: 8, burst: 12 },
  'organizations:*': { rps: 10, burst: 20 },
  'cloudtrail:LookupEvents': { rps: 2, burst: 2 },
  'cloudtrail:*': { rps: 10, burst: 10 },
  'securityhub:BatchImportFindings': { rps: 10, burst: 30 },
  'securityhub:GetFindings': { rps: 3, burst: 6 },
  'securityhub:BatchUpdateFindings': { rps: 10, burst: 30 },
  'securityhub:*': { rps: 10, burst: 30 },
  'ec2:*': { rps: 20, burst: 100 },
  'account:*': { rps: 10, burst: 20 },
  // S3: 3,500 PUT and 5,500 GET per second per prefix; one bucket for both is close enough here.
  's3:*': { rps: 3500, burst: 3500 },
  '*': { rps: 10, burst: 20 },
};

interface Bucket {
  tokens: number;
  at: number;
  rate: Rate;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private enabled: boolean,
    private readonly overrides: RateLimitRule[] = [],
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
  }

  rateFor(service: string, operation: string): Rate {
    const o = this.overrides.find((r) => r.service === service && r.operation === operation) ?? this.overrides.find((r) => r.service === service && !r.operation);
    if (o) return { rps: o.rps, burst: o.burst ?? o.rps };
    return DEFAULT_RATE_LIMITS[`${service}:${operation}`] ?? DEFAULT_RATE_LIMITS[`${service}:*`] ?? (DEFAULT_RATE_LIMITS['*'] as Rate);
  }

  /** Takes a token; false when the bucket is empty (the call must be throttled). */
  take(account: string, region: string, service: string, operation: string): boolean {
    if (!this.enabled) return true;
    const key = `${account}/${region}/${service}/${operation}`;
    const now = this.nowMs();
    let b = this.buckets.get(key);
    if (!b) {
      const rate = this.rateFor(service, operation);
      b = { tokens: rate.burst, at: now, rate };
      this.buckets.set(key, b);
    } else {
      b.tokens = Math.min(b.rate.burst, b.tokens + ((now - b.at) / 1000) * b.rate.rps);
      b.at = now;
    }
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}
