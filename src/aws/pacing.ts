/**
 * Client-side pacing for the operations whose rate AWS publishes, per account × region × operation, so a scan
 * stays under the limit instead of leaning on throttling and retries. Operations without a published rate
 * are not paced (the SDK's adaptive retry still backs off when throttled).
 */

export interface Rate {
  /** Sustained requests per second. */
  rps: number;
  /** Requests allowed at once after a quiet period. */
  burst: number;
}

/** `service:Operation` → AWS's published rate (per account per region). */
export const PUBLISHED_RATES: Readonly<Record<string, Rate>> = {
  'cloudtrail:LookupEvents': { rps: 2, burst: 2 },
  'securityhub:BatchImportFindings': { rps: 10, burst: 30 },
  'securityhub:BatchUpdateFindings': { rps: 10, burst: 30 },
  'securityhub:GetFindings': { rps: 3, burst: 6 },
  'organizations:ListAccounts': { rps: 8, burst: 12 },
  'kms:DescribeKey': { rps: 2000, burst: 2000 },
  'kms:GetKeyRotationStatus': { rps: 1000, burst: 1000 },
};

export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: PacerClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

interface Bucket {
  tokens: number;
  at: number;
  rate: Rate;
}

/** Token buckets that reserve: a caller that finds the bucket empty waits for its own future token. */
export class Pacer {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly rates: Readonly<Record<string, Rate>> = PUBLISHED_RATES,
    private readonly clock: PacerClock = realClock,
  ) {
    for (const [key, rate] of Object.entries(rates)) {
      if (!(rate.rps > 0) || !(rate.burst >= 1)) throw new RangeError(`pacing rate for ${key} needs rps > 0 and burst ≥ 1`);
    }
  }

  rateFor(service: string, operation: string): Rate | undefined {
    return this.rates[`${service}:${operation}`];
  }

  /** Waits until the operation may be sent; resolves at once for operations without a published rate. */
  async acquire(account: string, region: string, service: string, operation: string): Promise<void> {
    const rate = this.rateFor(service, operation);
    if (!rate) return;
    const key = `${account}/${region}/${service}:${operation}`;
    const now = this.clock.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: rate.burst, at: now, rate };
      this.buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(rate.burst, bucket.tokens + ((now - bucket.at) / 1000) * rate.rps);
      bucket.at = now;
    }
    bucket.tokens -= 1;
    // A negative balance is a queue of reservations: this caller's token arrives after the ones before it.
    if (bucket.tokens < 0) await this.clock.sleep((-bucket.tokens / rate.rps) * 1000);
  }
}

/** Shared by every client factory of the process, so two factories for one account share its limits. */
export const sharedPacer = new Pacer();
