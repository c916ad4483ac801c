/**
 * The fault-injection harness (issue 10): full organization scans of the sandbox (runScan, as `msk-audit scan --org`
 * runs it), optionally published to the sandbox's Security Hub with the scan's own per-account credentials, and
 * the invariants every scan under a fault must keep, compared with a clean run of the same estate.
 *
 * The invariants are computed as lists of violations (strings), not as expect() calls, so a scenario's report
 * names every broken rule at once and the checker itself can be tested on hand-made results (org-fault-invariants.test.ts).
 */
import { fromEnv } from '@aws-sdk/credential-providers';
import { runScan, type EvaluationPlan } from '../../src/audit.js';
import { builtinChecks } from '../../checks/index.js';
import { DEFAULT_THRESHOLDS, type Check } from '../../src/check/index.js';
import { createClientFactory } from '../../src/aws/clients.js';
import { Pacer } from '../../src/aws/pacing.js';
import type { CollectionStart } from '../../src/collect/inventory.js';
import type { CoverageEntry } from '../../src/engine/coverage.js';
import type { Finding } from '../../src/engine/finding.js';
import type { SecurityHubPublication } from '../../src/engine/publication.js';
import type { ScanResult } from '../../src/engine/scan-result.js';
import { publishToSecurityHub } from '../../src/publish/index.js';
import type { AwsObject, FaultInput, RunningSandbox } from '../../src/sandbox/index.js';

/** The example estate's accounts (src/sandbox/estates/README.md). */
export const SEC = '111111111111'; // the management account: the caller
export const PROD = '222222222222';
export const DEV = '333333333333';
export const LEGACY = '444444444444'; // its role cannot be assumed

/** One fixed CloudTrail window, so verdicts' reasons compare equal across runs. */
export const WINDOW = { since: new Date(Date.now() - 7 * 86_400_000), until: new Date(Date.now() + 3_600_000) };

/** No client-side pacing: the sandbox's rate limits are off too, so only injected faults throttle. */
const NO_PACING = new Pacer({});

export interface ScanSettings {
  regions?: 'all' | readonly string[];
  /** SDK attempts per call (default 3: a storm of count 2 on one operation always clears). */
  maxAttempts?: number;
  /** Per-attempt request timeout (ms) of the scan's clients. */
  requestTimeoutMs?: number;
  /** Publish to Security Hub after the scan (default false). */
  publish?: boolean;
  checks?: readonly Check[];
  /** Called before every request the scan sends (retries included). */
  onRequest?: (request: { account: string; region: string; service: string; operation: string }) => void;
}

export interface ScanRun {
  result: ScanResult;
  /** result.findings read once (it may be a re-iterable collection). */
  findings: Finding[];
  collection: CollectionStart;
  publication?: SecurityHubPublication;
}

export function plan(checks: readonly Check[] = builtinChecks): EvaluationPlan {
  return { checks, thresholds: DEFAULT_THRESHOLDS, severityOverrides: {}, tagFilters: {}, cloudTrail: true };
}

/** A full organization scan of the sandbox (and a publication when asked), with `faults` active throughout. */
export async function scanOrg(sandbox: RunningSandbox, faults: readonly FaultInput[] = [], settings: ScanSettings = {}): Promise<ScanRun> {
  Object.assign(process.env, sandbox.env);
  sandbox.clearFaults();
  for (const fault of faults) sandbox.addFault(fault);
  const maxAttempts = settings.maxAttempts ?? 3;
  const scanId = 'faults'; // one id: it is in the member sessions' names, so in reasons compared across runs
  try {
    const { result, collection } = await runScan({
      collect: {
        credentials: fromEnv(),
        regions: settings.regions ?? 'all',
        homeRegion: 'us-east-1',
        accounts: { kind: 'organization' },
        cloudTrail: WINDOW,
        retry: { maxAttempts, ...(settings.requestTimeoutMs ? { requestTimeoutMs: settings.requestTimeoutMs } : {}) },
        pacer: NO_PACING,
        scanId,
        ...(settings.onRequest ? { onRequest: settings.onRequest } : {}),
      },
      plan: plan(settings.checks),
      scanId,
      startedAt: new Date(),
    });
    const run: ScanRun = { result, findings: [...result.findings], collection };
    if (settings.publish) {
      run.publication = await publishToSecurityHub(result, {
        credentialsFor: collection.credentialsFor,
        retry: { maxAttempts, rounds: 2, baseDelayMs: 10 },
        clientFactory: (account, credentials) => createClientFactory({ ...(credentials ? { credentials } : {}), account, retry: { maxAttempts }, pacer: false }),
      });
      result.securityHub = run.publication;
    }
    return run;
  } finally {
    sandbox.clearFaults();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Views

export const key = (account: string, region: string) => `${account} ${region}`;
export const coverageLines = (result: ScanResult) => result.coverage.entries.map((e) => `${e.account} ${e.region} ${e.status}`);
export const verdict = (finding: Finding) => `${finding.status} ${finding.reason}`;
export const verdicts = (findings: readonly Finding[]) => new Map(findings.map((f) => [f.id, verdict(f)]));
const entriesByKey = (result: ScanResult) => new Map(result.coverage.entries.map((e) => [key(e.account, e.region), e]));
const RANK: Record<CoverageEntry['status'], number> = { complete: 0, skipped: 0, partial: 1, 'not-evaluated': 2 };

// ---------------------------------------------------------------------------------------------------------
// The invariants

export interface FaultScope {
  /** The injected faults (their service / operation / account / region say what they can reach). */
  faults: readonly FaultInput[];
  /** The fault clears within the retries: the scan must equal the clean run exactly. */
  clears?: boolean;
  /**
   * The fault cost a verdict somewhere: some coverage entry must be worse than in the clean run, naming it. Default:
   * not asserted (a fault on an operation the estate calls rarely may cost nothing).
   */
  costs?: boolean;
  /** What a coverage reason the fault added must match (default: it names the fault's `service:Operation`). */
  reasonPattern?: RegExp;
}

/** `service:Operation` (or `service:` for a whole service) a coverage reason must name for this fault. */
export function faultNames(fault: FaultInput): string {
  return `${fault.service ?? ''}:${fault.operation ?? ''}`;
}

/** Can this fault touch the account's facts? Organization and STS calls are the caller's, on behalf of every account. */
function reaches(fault: FaultInput, account: string): boolean {
  if (fault.account === undefined) return true;
  if (fault.service === 'organizations' || fault.service === 'sts') return true;
  return fault.account === account;
}

/** A verdict's reason saying a fact it did not need could not be read. */
const UNREAD = /could not be read|could not be described|could not be listed/;

/**
 * Every invariant a scan under `scope` must keep against the clean run of the same estate and settings.
 * Returns the violations (empty when all hold).
 */
export function scanViolations(clean: ScanRun, faulted: ScanRun, scope: FaultScope): string[] {
  const violations: string[] = [];
  const cleanEntries = entriesByKey(clean.result);
  const faultedEntries = entriesByKey(faulted.result);
  const cleanVerdicts = verdicts(clean.findings);

  // No duplicate finding id.
  const seen = new Set<string>();
  for (const f of faulted.findings) {
    if (seen.has(f.id)) violations.push(`duplicate finding id ${f.id}`);
    seen.add(f.id);
  }

  // The same account-regions, each with an exact coverage entry. An account that could not be accessed at all (its
  // role not assumed) is reported in the regions presumed for it (the caller's): its own opt-in regions are unknown.
  const inaccessible = new Set(
    [...new Set(faulted.result.coverage.entries.map((e) => e.account))].filter((account) =>
      faulted.result.coverage.entries.filter((e) => e.account === account).every((e) => e.status === 'not-evaluated' && e.reasons.some((r) => r.startsWith('sts:AssumeRole'))),
    ),
  );
  for (const k of cleanEntries.keys()) {
    if (!faultedEntries.has(k) && !inaccessible.has(k.split(' ')[0]!)) violations.push(`coverage lost the account-region ${k}`);
  }
  for (const k of faultedEntries.keys()) if (!cleanEntries.has(k)) violations.push(`coverage gained the account-region ${k}`);
  let worse = 0;
  for (const [k, entry] of faultedEntries) {
    const before = cleanEntries.get(k);
    if (!before) continue;
    const reachable = scope.reasonPattern !== undefined || scope.faults.some((fault) => reaches(fault, entry.account));
    if (!reachable && (entry.status !== before.status || entry.reasons.join('|') !== before.reasons.join('|'))) {
      violations.push(`coverage of ${k} changed although no fault reaches it: ${before.status} → ${entry.status} (${entry.reasons.join('; ')})`);
    }
    if (RANK[entry.status] < RANK[before.status]) violations.push(`coverage of ${k} is better under the fault: ${before.status} → ${entry.status}`);
    if (entry.status === 'skipped' !== (before.status === 'skipped')) violations.push(`coverage of ${k}: ${before.status} → ${entry.status}`);
    const added = entry.reasons.filter((reason) => !before.reasons.includes(reason));
    if (RANK[entry.status] > RANK[before.status] || (entry.status !== 'complete' && added.length > 0)) {
      worse += 1;
      const named = added.filter((reason) =>
        scope.reasonPattern ? scope.reasonPattern.test(reason) : scope.faults.some((fault) => reason.includes(faultNames(fault)) || reason.startsWith(`${fault.service ?? ''}:`)),
      );
      // An account whose role could not be assumed, or the caller's listing, fails as a whole: name sts / organizations.
      if (added.length > 0 && named.length === 0) violations.push(`coverage of ${k} lost completeness but no reason names the fault: ${added.join('; ')}`);
      if (entry.reasons.length === 0) violations.push(`coverage of ${k} is ${entry.status} without a reason`);
    }
    if (entry.status !== 'complete' && entry.status !== 'skipped' && entry.reasons.length === 0) violations.push(`coverage of ${k} is ${entry.status} without a reason`);
  }
  if (scope.costs && worse === 0) violations.push('the fault cost nothing: no account-region lost completeness');

  // Findings: under a fault a verdict can only be lost (NOT_AVAILABLE), never changed — and never silently. A
  // verdict may stand on the facts that were read only when it says which one was not (a check passing on any one
  // compliant broker-log destination) or when it is a failure found anyway.
  const cleanStatus = new Map(clean.findings.map((f) => [f.id, f.status]));
  const lostIn = new Set<string>();
  for (const f of faulted.findings) {
    const before = cleanVerdicts.get(f.id);
    if (before === verdict(f)) continue;
    const where = key(f.resource.account, f.resource.region);
    lostIn.add(where);
    const kept = cleanStatus.get(f.id) === f.status && (f.status === 'FAILED' || UNREAD.test(f.reason));
    if (f.status !== 'NOT_AVAILABLE' && !kept) {
      violations.push(`${f.id}: ${f.status} under the fault but ${before ?? 'absent'} in the clean run (${f.reason})`);
    }
    const entry = faultedEntries.get(where);
    if (entry?.status === 'complete') violations.push(`${f.id} lost its verdict (${f.reason}) but ${where} is reported complete`);
  }
  const faultedIds = new Set(faulted.findings.map((f) => f.id));
  for (const f of clean.findings) {
    if (faultedIds.has(f.id)) continue;
    const where = key(f.resource.account, f.resource.region);
    const entry = faultedEntries.get(where);
    if (!entry && inaccessible.has(f.resource.account)) continue;
    if (!entry || entry.status === 'complete' || entry.status === 'skipped') violations.push(`${f.id} (${f.status} in the clean run) is missing although ${where} is ${entry?.status ?? 'absent'}`);
  }

  if (scope.clears) {
    const lines = coverageLines(faulted.result).join('\n');
    if (lines !== coverageLines(clean.result).join('\n')) violations.push(`a fault that clears changed the coverage:\n${lines}`);
    if (lostIn.size > 0 || faultedIds.size !== cleanVerdicts.size) violations.push(`a fault that clears changed verdicts in ${[...lostIn].join(', ')}`);
  }
  return violations;
}

/** A re-run after the fault cleared gives exactly the clean run: every finding's id, status and reason, and the coverage. */
export function convergenceViolations(clean: ScanRun, rerun: ScanRun): string[] {
  const violations: string[] = [];
  const expected = verdicts(clean.findings);
  const actual = verdicts(rerun.findings);
  for (const [id, v] of expected) if (actual.get(id) !== v) violations.push(`re-run: ${id} is ${actual.get(id) ?? 'absent'}, clean ${v}`);
  for (const [id, v] of actual) if (!expected.has(id)) violations.push(`re-run: extra finding ${id} ${v}`);
  if (coverageLines(rerun.result).join('\n') !== coverageLines(clean.result).join('\n')) violations.push(`re-run coverage:\n${coverageLines(rerun.result).join('\n')}`);
  return violations;
}

// ---------------------------------------------------------------------------------------------------------
// Security Hub

/** What the hub holds, per account-region, per finding Id: the fields a converged run must keep. */
export type HubSnapshot = Map<string, Map<string, { recordState: string; compliance: string; createdAt: string }>>;

export function hubSnapshot(sandbox: RunningSandbox, accountRegions: readonly { account: string; region: string }[]): HubSnapshot {
  const snapshot: HubSnapshot = new Map();
  for (const { account, region } of accountRegions) {
    const findings = sandbox.securityHubFindings(account, region);
    const byId = new Map<string, { recordState: string; compliance: string; createdAt: string }>();
    for (const f of findings) {
      const id = String(f.Id);
      if (byId.has(id)) throw new Error(`duplicate Security Hub Id ${id} in ${account} ${region}`);
      byId.set(id, { recordState: String(f.RecordState), compliance: String((f.Compliance as AwsObject | undefined)?.Status), createdAt: String(f.CreatedAt) });
    }
    snapshot.set(key(account, region), byId);
  }
  return snapshot;
}

/** No finding went ACTIVE → ARCHIVED in an account-region the faulted scan did not fully evaluate. */
export function archiveViolations(before: HubSnapshot, after: HubSnapshot, faulted: ScanRun): string[] {
  const violations: string[] = [];
  const entries = entriesByKey(faulted.result);
  for (const [where, findings] of after) {
    const status = entries.get(where)?.status;
    if (status === 'complete') continue;
    for (const [id, f] of findings) {
      if (f.recordState === 'ARCHIVED' && before.get(where)?.get(id)?.recordState === 'ACTIVE') {
        violations.push(`${id} archived in ${where}, whose coverage is ${status ?? 'absent'}`);
      }
    }
  }
  return violations;
}

/**
 * After the converged run the hub holds what it held after the clean run: every Id again, ACTIVE or ARCHIVED as
 * then, with the same compliance status and the original CreatedAt. Ids the faulted run added (the NOT_AVAILABLE
 * findings of an account-region it could not list) are archived again where the converged run was complete.
 */
export function hubConvergenceViolations(reference: HubSnapshot, after: HubSnapshot, converged: ScanRun): string[] {
  const violations: string[] = [];
  const entries = entriesByKey(converged.result);
  for (const [where, expected] of reference) {
    const actual = after.get(where) ?? new Map();
    for (const [id, f] of expected) {
      const got = actual.get(id);
      if (!got) violations.push(`hub ${where}: ${id} disappeared`);
      else if (got.recordState !== f.recordState || got.compliance !== f.compliance || got.createdAt !== f.createdAt) {
        violations.push(`hub ${where}: ${id} is ${JSON.stringify(got)}, was ${JSON.stringify(f)}`);
      }
    }
    for (const [id, got] of actual) {
      if (expected.has(id) || got.recordState === 'ARCHIVED') continue;
      if (entries.get(where)?.status === 'complete') violations.push(`hub ${where}: ${id} left ACTIVE (${got.compliance}) by the converged run`);
    }
  }
  return violations;
}

// ---------------------------------------------------------------------------------------------------------
// Table-driven suites

export interface Scenario extends FaultScope {
  name: string;
  /** Explicit regions for this scenario (its clean run is of the same regions); default every enabled region. */
  regions?: readonly string[];
  /** SDK attempts (default 3). */
  maxAttempts?: number;
  /** The scan cannot start and must say so (a one-line error naming the failed call), never report a guess. */
  rejects?: RegExp;
  /** Publish this scenario's runs (default: as the suite does). */
  publish?: boolean;
  /** Called before every request of the faulted scan (e.g. to move the sandbox's clock mid-scan). */
  onRequest?: ScanSettings['onRequest'];
  /**
   * A known defect this scenario exposes (the violations are expected until it is fixed; the test is `it.fails`).
   * Names who must fix what.
   */
  /** More assertions on the faulted run (and the sandbox's calls during it). */
  also?: (faulted: ScanRun, clean: ScanRun, sandbox: RunningSandbox) => void | Promise<void>;
}

export interface SuiteContext {
  sandbox: RunningSandbox;
  /** The clean run of these regions (cached), published when the suite publishes. */
  clean(regions?: readonly string[]): Promise<ScanRun>;
  /** The hub after the first clean publication. */
  hub: HubSnapshot;
  accountRegions: { account: string; region: string }[];
  /** The plan's checks (default the built-in ones). */
  checks?: readonly Check[];
}

/**
 * Runs one scenario against the suite's sandbox: the scan under the faults, every invariant, then a re-run with the
 * faults cleared, which must converge to the clean run (and, publishing, to the clean hub). Returns every violation.
 */
export async function runScenario(context: SuiteContext, scenario: Scenario, suitePublishes: boolean): Promise<{ violations: string[]; faulted?: ScanRun }> {
  const { sandbox } = context;
  const publish = scenario.publish ?? suitePublishes;
  const settings: ScanSettings = { publish, ...(scenario.regions ? { regions: scenario.regions } : {}), ...(scenario.maxAttempts ? { maxAttempts: scenario.maxAttempts } : {}), ...(context.checks ? { checks: context.checks } : {}) };
  const clean = await context.clean(scenario.regions);
  const violations: string[] = [];
  const before = hubSnapshot(sandbox, context.accountRegions);
  sandbox.resetCalls();
  let faulted: ScanRun | undefined;
  try {
    faulted = await scanOrg(sandbox, scenario.faults, { ...settings, ...(scenario.onRequest ? { onRequest: scenario.onRequest } : {}) });
    if (scenario.rejects) violations.push('the scan resolved although it should have failed loudly');
  } catch (error) {
    if (!scenario.rejects) violations.push(`the scan threw: ${error instanceof Error ? error.stack : String(error)}`);
    else if (!(error instanceof Error) || !scenario.rejects.test(error.message) || /\n/.test(error.message.trim())) {
      violations.push(`the scan failed with ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}, expected ${String(scenario.rejects)}`);
    }
  }
  const fired = sandbox.calls().filter((call) => call.faultId !== undefined).length;
  if (fired === 0 && scenario.faults.length > 0) violations.push('no injected fault fired: the scenario tests nothing');
  if (faulted) {
    violations.push(...scanViolations(clean, faulted, scenario));
    if (publish) violations.push(...archiveViolations(before, hubSnapshot(sandbox, context.accountRegions), faulted));
    await scenario.also?.(faulted, clean, sandbox);
  }
  const rerun = await scanOrg(sandbox, [], settings);
  violations.push(...convergenceViolations(clean, rerun));
  if (publish && !scenario.regions) {
    // Publish once more: an account-region the re-run proves complete archives what the faulted run added there.
    violations.push(...hubConvergenceViolations(context.hub, hubSnapshot(sandbox, context.accountRegions), rerun));
  }
  return { violations, ...(faulted ? { faulted } : {}) };
}

/** Starts the suite's sandbox (rate limits off), and makes and caches clean runs per region selection. */
export async function startSuite(start: () => Promise<RunningSandbox>, publish: boolean, checks?: readonly Check[]): Promise<SuiteContext> {
  const sandbox = await start();
  sandbox.setRateLimitsEnabled(false);
  Object.assign(process.env, sandbox.env);
  const cleans = new Map<string, Promise<ScanRun>>();
  const clean = (regions?: readonly string[]) => {
    const k = regions ? regions.join(',') : 'all';
    let run = cleans.get(k);
    if (!run) {
      run = scanOrg(sandbox, [], { publish: publish && !regions, ...(regions ? { regions } : {}), ...(checks ? { checks } : {}) });
      cleans.set(k, run);
    }
    return run;
  };
  const first = await clean();
  const accountRegions = first.result.coverage.entries.map(({ account, region }) => ({ account, region }));
  return { sandbox, clean, hub: hubSnapshot(sandbox, accountRegions), accountRegions, ...(checks ? { checks } : {}) };
}

/** A scenario's own time limit: a faulted scan, a re-run and two publications, on a shared machine. */
export const SCENARIO_TIMEOUT_MS = 120_000;
