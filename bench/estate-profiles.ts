/** The generated estates the benchmark scans: a realistic one (the headline numbers) and the generator's worst case. */
import type { GenerateEstateOptions } from '../src/sandbox/index.js';

export interface EstateProfile {
  name: 'realistic' | 'worst-case';
  description: string;
  /** Everything but the account count. */
  options: Omit<GenerateEstateOptions, 'accounts'>;
}

const COMMON = { regionsPerAccount: 17, clustersPerAccount: 5, misconfigurationRate: 0.2, serverlessRate: 0.1, deniedRoleRate: 0 } as const;

export const REALISTIC: EstateProfile = {
  name: 'realistic',
  description:
    '80% of an account\'s clusters in its home region, the rest spread; 70% of customer-key clusters share their ' +
    'account-region\'s MSK key; 80% of custom configurations are an account-region\'s shared one (per ACL setting); ' +
    'an organization trail',
  options: { ...COMMON, seed: 'bench', homeRegionShare: 0.8, sharedKeyRate: 0.7, sharedConfigurationRate: 0.8, organizationTrail: true },
};

export const WORST_CASE: EstateProfile = {
  name: 'worst-case',
  description: 'the generator\'s defaults: every cluster in a uniformly random region, with its own customer key and configuration; an organization trail',
  options: { ...COMMON, seed: 'bench', organizationTrail: true },
};

/** Per-call latency of the sandbox (ms) and its jitter (uniform ±). */
export const LATENCY = { meanMs: 50, jitterMs: 0 } as const;
