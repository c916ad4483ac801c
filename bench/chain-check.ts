/** The scan's timeline and each account's measured span against the modeled one, from the call summary. */
import type { CallSummary } from '../src/sandbox/index.js';
import type { EstateFacts } from './estate-facts.js';
import type { LowerBound } from './lower-bound.js';

export interface Timeline {
  startupMs: number;
  organizationListingMs: number;
  scanPhaseMs: number;
  tailMs: number;
}

export interface ChainCheck {
  accounts: number;
  measuredMeanMs: number;
  modeledMeanMs: number;
  ratio: number;
  ratioP50: number;
  ratioP90: number;
  ratioMax: number;
  accountsInFlight: number;
}

/** Start-up (spawn → first call), organization listing (→ last ListAccounts + L), account scan (→ last call + L), the rest. */
export function timeline(summary: CallSummary, L: number, spawnEpoch: number, exitEpoch: number): Timeline {
  const first = Date.parse(summary.firstAt!);
  const last = Date.parse(summary.lastAt!) + L;
  const listed = summary.byOperation['organizations:ListAccounts'];
  const orgEnd = listed ? Date.parse(listed.lastAt) + L : first;
  return { startupMs: first - spawnEpoch, organizationListingMs: orgEnd - first, scanPhaseMs: last - orgEnd, tailMs: exitEpoch - last };
}

/**
 * Each member account's measured span in the call log (its own principal's first call → last call + latency;
 * the AssumeRole before it is the caller's call) against the modeled span at the page counts the scanner made.
 */
export function chainCheckOf(summary: CallSummary, facts: EstateFacts, asMade: LowerBound, L: number): { chainCheck?: ChainCheck } {
  const ratios: number[] = [];
  let measured = 0;
  let modeled = 0;
  for (const account of facts.accounts) {
    if (account.caller || !account.reachable) continue;
    const span = summary.byAccount?.[account.id];
    const time = asMade.accountTimes.get(account.id);
    if (!span || !time) continue;
    const m = Date.parse(span.lastAt) - Date.parse(span.firstAt) + L;
    const model = (time.setupRoundTrips - 1) * L + time.regionsMs;
    measured += m;
    modeled += model;
    ratios.push(m / model);
  }
  if (ratios.length === 0) return {};
  ratios.sort((a, b) => a - b);
  const q = (p: number) => ratios[Math.min(ratios.length - 1, Math.floor(p * ratios.length))]!;
  const listed = summary.byOperation['organizations:ListAccounts'];
  const scanStart = listed ? Date.parse(listed.lastAt) + L : Date.parse(summary.firstAt!);
  const scanMs = Date.parse(summary.lastAt!) + L - scanStart;
  return {
    chainCheck: {
      accounts: ratios.length,
      measuredMeanMs: measured / ratios.length,
      modeledMeanMs: modeled / ratios.length,
      ratio: measured / modeled,
      ratioP50: q(0.5),
      ratioP90: q(0.9),
      ratioMax: ratios[ratios.length - 1]!,
      // + one round trip per account for its AssumeRole
      accountsInFlight: scanMs > 0 ? (measured + ratios.length * L) / scanMs : 0,
    },
  };
}
