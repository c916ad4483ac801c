/**
 * Publishing to Security Hub end to end: full organization scans of the sandbox's example estate (the library
 * pipeline: streamInventory → buildScanResult), then publishToSecurityHub with the scan's own per-account
 * credentials, against the sandbox's Security Hub. Between runs the estate changes (clusters deleted, faults).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import { buildScanResult } from '../../src/audit.js';
import { DEFAULT_THRESHOLDS, defineCheck, passed, type Check } from '../../src/check/index.js';
import { factsForChecks } from '../../src/collect/client-access-facts.js';
import { streamInventory, type AccountCollection } from '../../src/collect/inventory.js';
import type { CredentialProvider } from '../../src/aws/credentials.js';
import type { ScanResult } from '../../src/engine/scan-result.js';
import { INVENTORY_SCHEMA_VERSION, type Inventory } from '../../src/inventory/index.js';
import { TOOL } from '../../src/package-info.js';
import { publishToSecurityHub, type PublishOptions, type SecurityHubPublication } from '../../src/publish/index.js';
import { EXAMPLE_ESTATE_PATH, loadEstate, startSandbox, type AwsObject, type RunningSandbox } from '../../src/sandbox/index.js';

const SEC = '111111111111';
const PROD = '222222222222';
const DEV = '333333333333';
const LEGACY = '444444444444';

interface Scan {
  result: ScanResult;
  credentialsFor: (account: string) => CredentialProvider | undefined;
}

interface ScanOptions {
  checks?: readonly Check[];
  tagFilters?: Record<string, string>;
  accountConcurrency?: number;
}

let scanCounter = 0;

/** A full `--org` scan of the sandbox, in-process, as `msk-audit scan` runs it. */
async function scanOrg(sb: RunningSandbox, options: ScanOptions = {}): Promise<Scan> {
  Object.assign(process.env, sb.env);
  const scanId = `e2e-${++scanCounter}`;
  const startedAt = new Date();
  const collections: AccountCollection[] = [];
  const start = await streamInventory(
    {
      credentials: async () => ({ ...sb.credentials }),
      regions: 'all',
      accounts: { kind: 'organization' },
      scanId,
      // The facts the checks read, as runScan collects them: a check left without its facts is NOT_AVAILABLE.
      facts: factsForChecks(options.checks ?? builtinChecks),
      ...(options.accountConcurrency ? { concurrency: { accounts: options.accountConcurrency } } : {}),
    },
    { onAccount: (collection) => void collections.push(collection) },
  );
  const accountRegions = collections.flatMap((c) => c.accountRegions);
  const inventory: Inventory = {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    kind: 'msk-audit-inventory',
    tool: { name: TOOL.name, version: TOOL.version },
    collectedAt: start.collectedAt,
    caller: start.caller,
    partition: start.partition,
    scope: { accounts: start.accounts, regions: [...new Set(accountRegions.map((r) => r.region))].sort(), regionSelection: start.regionSelection },
    accounts: collections.map((c) => c.access),
    accountRegions,
    errors: [],
  };
  const result = buildScanResult(
    inventory,
    { checks: options.checks ?? builtinChecks, thresholds: DEFAULT_THRESHOLDS, severityOverrides: {}, tagFilters: options.tagFilters ?? {} },
    { startedAt, scanId },
  );
  return { result, credentialsFor: (account) => start.credentialsFor(account) };
}

function publish(scan: Scan, over: Partial<PublishOptions> = {}): Promise<SecurityHubPublication> {
  return publishToSecurityHub(scan.result, { credentialsFor: scan.credentialsFor, retry: { baseDelayMs: 50 }, ...over });
}

const entry = (publication: SecurityHubPublication, account: string, region: string) =>
  publication.accountRegions.find((e) => e.account === account && e.region === region)!;

/** What Security Hub holds in an account-region, by finding Id. */
function hubState(sb: RunningSandbox, account: string, region: string): Map<string, AwsObject> {
  return new Map(sb.securityHubFindings(account, region).map((f) => [String(f.Id), f]));
}

/** Findings about clusters only (account-region findings, such as the account-wide checks', are re-imported by every run). */
const onlyClusters = (state: Map<string, AwsObject>) => new Map([...state].filter(([, f]) => String((f.Resources as AwsObject[])[0]!.Id).includes(':cluster/')));

const clusterFindings = (state: Map<string, AwsObject>, clusterName: string) =>
  [...state.values()].filter((f) => String((f.Resources as AwsObject[])[0]!.Id).includes(`:cluster/${clusterName}/`));

/** The checks of the run that judge clusters (one finding per cluster each). */
const clusterCheckIds = (result: ScanResult) => new Set(result.checks.filter((c) => c.resourceType === 'AwsMskCluster').map((c) => c.id));

/** Findings ACTIVE before and ARCHIVED after. */
const newlyArchived = (before: Map<string, AwsObject>, after: Map<string, AwsObject>) =>
  [...after.values()].filter((f) => f.RecordState === 'ARCHIVED' && before.get(String(f.Id))?.RecordState === 'ACTIVE');

function clusterArn(result: ScanResult, name: string): string {
  const cluster = result.clusters.find((c) => c.name === name);
  if (!cluster) throw new Error(`no cluster ${name}`);
  return cluster.arn;
}

describe('publishing the example organization', () => {
  let sb: RunningSandbox;
  let first: Scan;
  let firstPublication: SecurityHubPublication;
  beforeAll(async () => {
    sb = await startSandbox({ estate: await loadEstate(EXAMPLE_ESTATE_PATH) });
    first = await scanOrg(sb);
    firstPublication = await publish(first);
  });
  afterAll(() => sb?.close());

  it('records each account-region’s outcome: published, hub not enabled, role failed, opt-in region skipped', () => {
    const statuses = firstPublication.accountRegions.map((e) => `${e.account} ${e.region} ${e.status}`);
    expect(statuses).toEqual([
      `${SEC} ap-east-1 not-attempted`,
      `${SEC} eu-west-1 published`,
      `${SEC} us-east-1 published`,
      `${PROD} ap-east-1 hub-not-enabled`,
      `${PROD} eu-west-1 published`,
      `${PROD} us-east-1 published`,
      `${DEV} ap-east-1 not-attempted`,
      `${DEV} eu-west-1 published`,
      `${DEV} us-east-1 hub-not-enabled`,
      `${LEGACY} eu-west-1 failed`,
      `${LEGACY} us-east-1 failed`,
    ]);
    expect(entry(firstPublication, DEV, 'us-east-1').error).toMatchObject({ code: 'InvalidAccessException' });
    expect(entry(firstPublication, LEGACY, 'eu-west-1').error?.code).toMatch(/AccessDenied/);
    expect(firstPublication.complete).toBe(false);
    for (const e of firstPublication.accountRegions.filter((x) => x.status === 'published')) expect(e.failed).toEqual([]);
  });

  it('imports every finding of each published account-region into that account’s own default product, with its own credentials', () => {
    for (const e of firstPublication.accountRegions.filter((x) => x.status === 'published')) {
      const expected = first.result.findings.filter((f) => f.resource.account === e.account && f.resource.region === e.region);
      const state = hubState(sb, e.account, e.region);
      expect([...state.keys()].sort()).toEqual(expected.map((f) => f.id).sort());
      expect(e.imported).toBe(expected.length);
      for (const f of state.values()) {
        expect(f).toMatchObject({ AwsAccountId: e.account, ProductArn: `arn:aws:securityhub:${e.region}:${e.account}:product/${e.account}/default` });
      }
    }
    const imports = sb.calls({ service: 'securityhub', operation: 'BatchImportFindings' });
    expect(imports.length).toBeGreaterThan(0);
    for (const call of imports) {
      if (call.account === SEC) expect(call.principalArn).toBe(`arn:aws:iam::${SEC}:user/msk-auditor`);
      else expect(call.principalArn).toMatch(new RegExp(`^arn:aws:sts::${call.account}:assumed-role/MskAuditReadOnly/msk-audit-`));
    }
  });

  it('PASSED findings land PASSED and RESOLVED; NOT_APPLICABLE ones NOT_AVAILABLE and archived; never a false PASS', () => {
    const state = hubState(sb, PROD, 'eu-west-1');
    for (const finding of first.result.findings.filter((f) => f.resource.account === PROD && f.resource.region === 'eu-west-1')) {
      const landed = state.get(finding.id)!;
      const compliance = (landed.Compliance as AwsObject).Status;
      if (finding.status === 'PASSED') expect(landed).toMatchObject({ Compliance: { Status: 'PASSED' }, RecordState: 'ACTIVE', Workflow: { Status: 'RESOLVED' } });
      else expect(compliance).not.toBe('PASSED');
      if (finding.status === 'NOT_APPLICABLE') expect(landed).toMatchObject({ Compliance: { Status: 'NOT_AVAILABLE' }, RecordState: 'ARCHIVED' });
      if (finding.status === 'FAILED') expect(landed).toMatchObject({ Compliance: { Status: 'FAILED' }, RecordState: 'ACTIVE' });
    }
  });

  it('is idempotent: a second run over the unchanged estate adds no Id, keeps CreatedAt and FirstObservedAt, moves UpdatedAt forward', async () => {
    const before = new Map(firstPublication.accountRegions.map((e) => [`${e.account}/${e.region}`, hubState(sb, e.account, e.region)]));
    const second = await scanOrg(sb);
    const publication = await publish(second);
    expect(publication.accountRegions.map((e) => e.status)).toEqual(firstPublication.accountRegions.map((e) => e.status));
    expect(publication.totals).toMatchObject({ archived: 0, imported: firstPublication.totals.imported });
    for (const e of publication.accountRegions.filter((x) => x.status === 'published')) {
      const old = before.get(`${e.account}/${e.region}`)!;
      const now = hubState(sb, e.account, e.region);
      expect([...now.keys()].sort()).toEqual([...old.keys()].sort());
      expect(sb.securityHubFindings(e.account, e.region)).toHaveLength(old.size); // no duplicates
      for (const [id, f] of now) {
        const was = old.get(id)!;
        expect(f.CreatedAt).toBe(was.CreatedAt);
        expect(f.FirstObservedAt).toBe(was.FirstObservedAt);
        expect(Date.parse(String(f.UpdatedAt))).toBeGreaterThan(Date.parse(String(was.UpdatedAt)));
        expect(f.RecordState).toBe(was.RecordState);
        expect((f.ProductFields as Record<string, string>)['msk-audit/ScanId']).toBe(second.result.scanId);
      }
    }
  });
});

describe('archiving only what a run proves obsolete', () => {
  let sb: RunningSandbox;
  let baseline: Scan;
  beforeAll(async () => {
    sb = await startSandbox({ estate: await loadEstate(EXAMPLE_ESTATE_PATH) });
    baseline = await scanOrg(sb);
    await publish(baseline);
  });
  afterAll(() => sb?.close());

  it('a deleted cluster’s findings are archived where coverage is complete, and left alone where it is partial', async () => {
    expect(sb.removeCluster(clusterArn(baseline.result, 'orders-prod'))).toBe(true); // 222/eu-west-1: complete
    expect(sb.removeCluster(clusterArn(baseline.result, 'analytics-prod'))).toBe(true); // 222/us-east-1: partial (rotation status denied)
    const beforeEu = hubState(sb, PROD, 'eu-west-1');
    const beforeUs = hubState(sb, PROD, 'us-east-1');
    const run = await scanOrg(sb);
    expect(run.result.coverage.entries.find((e) => e.account === PROD && e.region === 'us-east-1')?.status).toBe('partial');
    const publication = await publish(run);

    const after = hubState(sb, PROD, 'eu-west-1');
    const current = new Set(run.result.findings.map((f) => f.id));
    const orders = clusterFindings(after, 'orders-prod');
    // every cluster check's finding of the deleted cluster is there, and archived
    const fromClusterChecks = orders.filter((f) => clusterCheckIds(run.result).has(String(f.GeneratorId).slice('msk-audit/'.length)));
    expect(fromClusterChecks).toHaveLength(clusterCheckIds(run.result).size);
    for (const f of fromClusterChecks) expect(f.RecordState).toBe('ARCHIVED');
    // what this run no longer reports about it is archived; what it still reports (CloudTrail events about it) is current
    for (const f of orders) expect(f.RecordState).toBe(current.has(String(f.Id)) ? (f.RecordState as string) : 'ARCHIVED');
    const wasActive = clusterFindings(beforeEu, 'orders-prod').filter((f) => f.RecordState === 'ACTIVE' && !current.has(String(f.Id)));
    expect(wasActive.length).toBeGreaterThan(0);
    for (const was of wasActive) {
      const f = after.get(String(was.Id))!;
      expect((f.ProductFields as Record<string, string>)['msk-audit/ArchiveReason']).toMatch(/no longer exists/);
      expect(f.CreatedAt).toBe(was.CreatedAt);
    }
    expect(entry(publication, PROD, 'eu-west-1')).toMatchObject({ status: 'published', archived: newlyArchived(beforeEu, after).length, failed: [] });
    expect(newlyArchived(beforeEu, after).map((f) => f.Id).sort()).toEqual(wasActive.map((f) => f.Id).sort());

    const analytics = clusterFindings(hubState(sb, PROD, 'us-east-1'), 'analytics-prod');
    expect(analytics).toEqual(clusterFindings(beforeUs, 'analytics-prod')); // untouched, byte for byte
    expect(analytics.some((f) => f.RecordState === 'ACTIVE')).toBe(true);
    expect(entry(publication, PROD, 'us-east-1')).toMatchObject({ archived: 0, archivingSkipped: expect.stringContaining('partial') });
  });

  it('clusters a tag filter leaves out keep their findings untouched', async () => {
    const before = hubState(sb, DEV, 'eu-west-1');
    const run = await scanOrg(sb, { tagFilters: { 'data-classification': 'cardholder' } });
    expect(run.result.clusters.filter((c) => c.evaluated).map((c) => c.name).sort()).toEqual(['ledger-prod', 'payments-prod']);
    const publication = await publish(run);
    expect(onlyClusters(hubState(sb, DEV, 'eu-west-1'))).toEqual(onlyClusters(before));
    // Only the account-region findings (not about a cluster, so not left out by the tag filter) are imported again.
    const regionLevel = before.size - onlyClusters(before).size;
    expect(entry(publication, DEV, 'eu-west-1')).toMatchObject({ imported: regionLevel, archived: 0, unchanged: before.size - regionLevel });
    expect(publication.totals.archived).toBe(0);
  });

  it('running a subset of checks archives only that check’s findings of a deleted cluster; the other checks’ stay as they were', async () => {
    expect(sb.removeCluster(clusterArn(baseline.result, 'dev-streams'))).toBe(true); // 333/eu-west-1: complete
    const before = hubState(sb, DEV, 'eu-west-1');
    const tls = builtinChecks.filter((c) => c.meta.id === 'msk-tls-client-broker');
    const publication = await publish(await scanOrg(sb, { checks: tls }));
    const after = hubState(sb, DEV, 'eu-west-1');
    for (const f of clusterFindings(after, 'dev-streams')) {
      if (f.GeneratorId === 'msk-audit/msk-tls-client-broker') expect(f.RecordState).toBe('ARCHIVED');
      else expect(f).toEqual(before.get(String(f.Id)));
    }
    for (const [id, f] of after) if (f.GeneratorId !== 'msk-audit/msk-tls-client-broker') expect(f).toEqual(before.get(id));
    expect(entry(publication, DEV, 'eu-west-1')).toMatchObject({ archived: 1 });
  });

  it('an account whose role failed during the scan keeps its findings, even of a deleted cluster; its NOT_AVAILABLE findings are added', async () => {
    expect(sb.removeCluster(clusterArn(baseline.result, 'payments-prod'))).toBe(true); // 222/eu-west-1
    const before = hubState(sb, PROD, 'eu-west-1');
    const fault = sb.addFault({ kind: 'access-denied', service: 'sts', operation: 'AssumeRole', count: 1 });
    const run = await scanOrg(sb, { accountConcurrency: 1 }); // accounts in id order: 222's AssumeRole is the first
    sb.removeFault(fault);
    // the account's own regions could not be read either: the caller's (eu-west-1, us-east-1) are presumed
    expect(run.result.coverage.entries.filter((e) => e.account === PROD).map((e) => `${e.region} ${e.status}`)).toEqual(['eu-west-1 not-evaluated', 'us-east-1 not-evaluated']);
    expect(run.result.coverage.entries.find((e) => e.account === DEV && e.region === 'eu-west-1')?.status).toBe('complete');

    const publication = await publish(run); // the role can be assumed again now
    const after = hubState(sb, PROD, 'eu-west-1');
    for (const [id, f] of onlyClusters(before)) expect(after.get(id)).toEqual(f);
    expect(clusterFindings(after, 'payments-prod').filter((f) => f.RecordState === 'ACTIVE').length).toBeGreaterThan(0);
    const whole = run.result.findings.filter((f) => f.resource.account === PROD && f.resource.region === 'eu-west-1');
    expect(whole.map((f) => f.checkId)).toEqual(run.result.scope.checkIds); // one NOT_AVAILABLE per check that ran
    for (const f of whole) expect(after.get(f.id)).toMatchObject({ RecordState: 'ACTIVE', Compliance: { Status: 'NOT_AVAILABLE' }, Resources: [{ Id: `arn:aws:kafka:eu-west-1:${PROD}:*` }] });
    expect(entry(publication, PROD, 'eu-west-1')).toMatchObject({ status: 'published', archived: 0, imported: whole.length, archivingSkipped: expect.stringContaining('not-evaluated') });
  });

  it('once the account is scanned completely again, the deleted cluster and the account-region NOT_AVAILABLE findings are archived', async () => {
    const before = hubState(sb, PROD, 'eu-west-1');
    const run = await scanOrg(sb);
    const publication = await publish(run);
    const after = hubState(sb, PROD, 'eu-west-1');
    const current = new Set(run.result.findings.map((f) => f.id));
    const reported = run.result.findings.filter((f) => f.resource.account === PROD && f.resource.region === 'eu-west-1');
    for (const f of clusterFindings(after, 'payments-prod')) if (!current.has(String(f.Id))) expect(f.RecordState).toBe('ARCHIVED');
    // the NOT_AVAILABLE findings of the account-region, of every check this run did not report that way again
    const whole = [...before.values()].filter(
      (f) => String((f.Resources as AwsObject[])[0]!.Id) === `arn:aws:kafka:eu-west-1:${PROD}:*` && f.RecordState === 'ACTIVE' && !current.has(String(f.Id)),
    );
    // Every check of the failed-role run left one there; those this run answers with other findings (per cluster, per
    // connector or mapping) are archived, and a check answering for the account-region as a whole again keeps its Id.
    const wholeId = (checkId: string) => `msk-audit/${checkId}/arn:aws:kafka:eu-west-1:${PROD}:*`;
    expect(whole.map((f) => String(f.GeneratorId).slice('msk-audit/'.length)).sort()).toEqual(run.result.scope.checkIds.filter((id) => !current.has(wholeId(id))).sort());
    expect(whole.length).toBeGreaterThanOrEqual(clusterCheckIds(run.result).size);
    for (const f of whole) expect(after.get(String(f.Id))).toMatchObject({ RecordState: 'ARCHIVED', ProductFields: { 'msk-audit/ArchiveReason': expect.stringContaining('were listed') } });
    // Archived as obsolete: what this run no longer reports (what it reports NOT_APPLICABLE is imported archived).
    const archivedNow = newlyArchived(before, after).filter((f) => !current.has(String(f.Id)));
    expect(entry(publication, PROD, 'eu-west-1')).toMatchObject({ status: 'published', archived: archivedNow.length, failed: [] });
    const paymentsActive = clusterFindings(before, 'payments-prod').filter((f) => f.RecordState === 'ACTIVE' && !current.has(String(f.Id)));
    expect(archivedNow.map((f) => f.Id).sort()).toEqual([...whole, ...paymentsActive].map((f) => f.Id).sort());
    // the clusters that still exist: re-imported by this run, active unless not applicable
    for (const f of reported) {
      const landed = after.get(f.id)!;
      expect((landed.ProductFields as Record<string, string>)['msk-audit/ScanId']).toBe(run.result.scanId);
      expect(landed.RecordState).toBe(f.status === 'NOT_APPLICABLE' ? 'ARCHIVED' : 'ACTIVE');
    }
  });
});

describe('failures while importing', () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await startSandbox({ estate: await loadEstate(EXAMPLE_ESTATE_PATH) });
  });
  afterAll(() => sb?.close());

  it('a throttling storm on BatchImportFindings loses no finding', async () => {
    const scan = await scanOrg(sb);
    sb.resetCalls();
    sb.addFault({ kind: 'throttle', service: 'securityhub', operation: 'BatchImportFindings', count: 12 });
    const publication = await publish(scan, { retry: { maxAttempts: 2, rounds: 6, baseDelayMs: 20 } });
    const throttled = sb.calls({ service: 'securityhub', operation: 'BatchImportFindings' }).filter((c) => c.status === 429);
    expect(throttled).toHaveLength(12);
    for (const e of publication.accountRegions.filter((x) => x.status === 'published')) {
      expect(e.failed).toEqual([]);
      const expected = scan.result.findings.filter((f) => f.resource.account === e.account && f.resource.region === e.region);
      expect([...hubState(sb, e.account, e.region).keys()].sort()).toEqual(expected.map((f) => f.id).sort());
    }
    expect(publication.totals.failed).toBe(0);
  });

  it('findings Security Hub rejects (FailedFindings) are reported with its code and message; the rest land', async () => {
    sb.clearFaults();
    sb.resetCalls();
    // A custom check whose id is too long for Security Hub's 512-character Id and GeneratorId.
    const longId = `msk-${'x'.repeat(520)}`;
    const custom = defineCheck({
      meta: {
        id: longId,
        title: 'A custom check with a very long id',
        severity: 'LOW',
        resourceType: 'AwsMskCluster',
        rationale: 'Ids have limits.',
        remediation: { text: 'Use a shorter id.', url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-findings-format.html' },
        frameworks: {},
      },
      evaluate: () => passed('Fine.', {}),
    });
    const scan = await scanOrg(sb, { checks: [builtinChecks[0]!, custom] });
    const publication = await publish(scan);
    const e = entry(publication, SEC, 'eu-west-1');
    const rejected = scan.result.findings.filter((f) => f.checkId === longId && f.resource.account === SEC && f.resource.region === 'eu-west-1');
    expect(rejected).toHaveLength(1);
    expect(e.status).toBe('published');
    expect(e.failed).toEqual([{ id: rejected[0]!.id, code: 'InvalidInput', message: expect.stringContaining('should NOT be longer than 512') }]);
    expect(e.imported).toBe(1);
    expect(publication.complete).toBe(false);
    expect(publication.totals.failed).toBe(publication.accountRegions.reduce((n, x) => n + x.failed.length, 0));
    // a permanent rejection is not re-sent: one import call in the account-region
    expect(sb.calls({ service: 'securityhub', operation: 'BatchImportFindings', account: SEC, region: 'eu-west-1' })).toHaveLength(1);
  });
});
