import 'aws-sdk-client-mock-vitest/extend';
import { BatchImportFindingsCommand, GetFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createClientFactory } from '../../src/aws/clients.js';
import type { CredentialProvider } from '../../src/aws/credentials.js';
import type { ScanResult } from '../../src/engine/scan-result.js';
import { publishToSecurityHub, type PublishOptions } from '../../src/publish/index.js';
import { validateFinding } from '../../src/sandbox/services/securityhub-findings.js';
import { awsError, FakeHub } from './fake-hub.js';
import { A, B, CHECKS, EU, US, cluster, clusterResource, coverage, finding, productArn, regionResource, scan, stored } from './support.js';

const mock = mockClient(SecurityHubClient);
let hub: FakeHub;

beforeEach(() => {
  mock.reset();
  hub = new FakeHub();
  hub.install(mock);
});

const NOW = new Date('2026-03-01T10:00:00.000Z');

function options(over: Partial<PublishOptions> = {}): PublishOptions {
  return {
    credentialsFor: (account): CredentialProvider => async () => ({ accessKeyId: `AKID${account}`, secretAccessKey: 'secret' }),
    clientFactory: (account, credentials) => createClientFactory({ account, credentials, pacer: false, retry: { maxAttempts: 1 } }),
    retry: { baseDelayMs: 0 },
    now: () => NOW,
    ...over,
  };
}

const payments = cluster('payments');
const orders = cluster('orders');
const ledgerB = cluster('ledger', { account: B });

/** Two accounts, two regions each: A/eu-west-1 has two clusters, B/eu-west-1 one; the us-east-1 regions are empty. */
function twoAccounts(over: Partial<Parameters<typeof scan>[0]> = {}): ScanResult {
  return scan({
    findings: [
      finding(CHECKS.tls, clusterResource(payments), 'PASSED'),
      finding(CHECKS.cmk, clusterResource(payments), 'FAILED'),
      finding(CHECKS.tls, clusterResource(orders), 'FAILED'),
      finding(CHECKS.cmk, clusterResource(orders), 'NOT_APPLICABLE'),
      finding(CHECKS.tls, clusterResource(ledgerB), 'FAILED'),
      finding(CHECKS.cmk, clusterResource(ledgerB), 'NOT_AVAILABLE'),
    ],
    clusters: [payments, orders, ledgerB],
    coverage: [coverage(A, EU), coverage(A, US), coverage(B, EU), coverage(B, US)],
    ...over,
  });
}

describe('publishToSecurityHub: per-account import', () => {
  it('imports each account-region’s findings with that account’s credentials into its own default product', async () => {
    const publication = await publishToSecurityHub(twoAccounts(), options());
    expect(publication.accountRegions.map((e) => [e.account, e.region, e.status, e.findings, e.imported])).toEqual([
      [A, EU, 'published', 4, 4],
      [A, US, 'published', 0, 0],
      [B, EU, 'published', 2, 2],
      [B, US, 'published', 0, 0],
    ]);
    expect(publication).toMatchObject({ publishedAt: NOW.toISOString(), complete: true, totals: { imported: 6, archived: 0, failed: 0, accountRegions: { published: 4 } } });
    for (const call of hub.imports()) for (const f of call) expect(validateFinding(JSON.parse(JSON.stringify(f)) as Record<string, unknown>, 0)).toBeNull();
    for (const [account, region] of [[A, EU], [B, EU]] as const) {
      for (const f of hub.findings(account, region)) expect(f).toMatchObject({ AwsAccountId: account, ProductArn: productArn(account, region) });
    }
    expect(hub.findings(B, EU).map((f) => f.Id).sort()).toEqual([finding(CHECKS.tls, clusterResource(ledgerB)).id, finding(CHECKS.cmk, clusterResource(ledgerB)).id].sort());
  });

  it('reads existing findings first: GetFindings on the default product ARN and the msk-audit/ GeneratorId prefix, all pages of 100', async () => {
    hub.pageSize = 100;
    const many = Array.from({ length: 230 }, (_, i) => stored(finding(CHECKS.tls, clusterResource(cluster(`old-${i}`))), { recordState: 'ARCHIVED' }));
    hub.seed(A, EU, many);
    await publishToSecurityHub(twoAccounts(), options());
    expect(mock).toHaveReceivedCommandWith(GetFindingsCommand, {
      Filters: { ProductArn: [{ Value: productArn(A, EU), Comparison: 'EQUALS' }], GeneratorId: [{ Value: 'msk-audit/', Comparison: 'PREFIX' }] },
      MaxResults: 100,
    });
    const pages = hub.calls.filter((c) => c.operation === 'GetFindings' && c.account === A && c.region === EU);
    expect(pages.map((c) => (c.input as { NextToken?: string }).NextToken)).toEqual([undefined, '100', '200']);
    // every GetFindings precedes the import in its account-region
    const first = hub.calls.findIndex((c) => c.operation === 'BatchImportFindings' && c.account === A && c.region === EU);
    expect(hub.calls.slice(first).some((c) => c.operation === 'GetFindings' && c.account === A && c.region === EU)).toBe(false);
  });

  it('Security Hub not enabled in an account-region is recorded there, not thrown; the others are published', async () => {
    hub.disabled.add(`${B}/${EU}`);
    const publication = await publishToSecurityHub(twoAccounts(), options());
    const entry = publication.accountRegions.find((e) => e.account === B && e.region === EU)!;
    expect(entry).toMatchObject({ status: 'hub-not-enabled', imported: 0, error: { code: 'InvalidAccessException', message: expect.stringContaining('not subscribed') } });
    expect(hub.imports(B, EU)).toEqual([]);
    expect(publication.accountRegions.filter((e) => e.status === 'published')).toHaveLength(3);
    expect(publication.complete).toBe(false);
    expect(publication.totals.accountRegions['hub-not-enabled']).toBe(1);
  });

  it('a hub that answers every finding with InvalidAccess in FailedFindings is recorded as not enabled', async () => {
    for (const f of twoAccounts().findings.filter((x) => x.resource.account === B)) hub.rejections.set(f.id, { codes: ['InvalidAccess'], sticky: true });
    const publication = await publishToSecurityHub(twoAccounts(), options());
    expect(publication.accountRegions.find((e) => e.account === B && e.region === EU)).toMatchObject({ status: 'hub-not-enabled', imported: 0, error: { code: 'InvalidAccess' } });
    expect(hub.imports(B, EU)).toHaveLength(1); // not re-sent
  });

  it('any other error — access denied, a role that cannot be assumed, a failing import — is recorded and the rest go on', async () => {
    hub.getFindingsErrors.set(`${A}/${US}`, awsError('AccessDeniedException', 'not authorized to perform: securityhub:GetFindings', 403));
    const publication = await publishToSecurityHub(
      twoAccounts(),
      options({
        credentialsFor: (account) => {
          if (account === B) return async () => Promise.reject(awsError('AccessDenied', 'User is not authorized to perform: sts:AssumeRole', 403));
          return async () => ({ accessKeyId: `AKID${account}`, secretAccessKey: 'secret' });
        },
      }),
    );
    const status = Object.fromEntries(publication.accountRegions.map((e) => [`${e.account}/${e.region}`, [e.status, e.error?.code]]));
    expect(status).toEqual({
      [`${A}/${EU}`]: ['published', undefined],
      [`${A}/${US}`]: ['failed', 'AccessDeniedException'],
      [`${B}/${EU}`]: ['failed', 'AccessDenied'],
      [`${B}/${US}`]: ['failed', 'AccessDenied'],
    });
    expect(hub.findings(A, EU)).toHaveLength(4);
  });

  it('credentialsFor throwing (an account outside the scan) fails that account only', async () => {
    const publication = await publishToSecurityHub(
      twoAccounts(),
      options({
        credentialsFor: (account) => {
          if (account === B) throw new RangeError(`account ${account} is not in this scan's scope`);
          return async () => ({ accessKeyId: `AKID${account}`, secretAccessKey: 'secret' });
        },
      }),
    );
    expect(publication.accountRegions.filter((e) => e.account === B).map((e) => [e.status, e.error?.code])).toEqual([
      ['failed', 'RangeError'],
      ['failed', 'RangeError'],
    ]);
    expect(publication.accountRegions.filter((e) => e.account === A).every((e) => e.status === 'published')).toBe(true);
  });

  it('a skipped opt-in region is not attempted', async () => {
    const result = twoAccounts({ coverage: [coverage(A, EU), coverage(A, 'ap-east-1', 'skipped', ['opt-in region not enabled in this account']), coverage(B, EU)] });
    const publication = await publishToSecurityHub(result, options());
    expect(publication.accountRegions.find((e) => e.region === 'ap-east-1')).toMatchObject({ status: 'not-attempted', imported: 0, failed: [] });
    expect(hub.calls.some((c) => c.region === 'ap-east-1')).toBe(false);
    expect(publication.complete).toBe(true);
  });
});

describe('publishToSecurityHub: batches, FailedFindings and throttling', () => {
  function manyFindings(n: number): ScanResult {
    const clusters = Array.from({ length: n }, (_, i) => cluster(`c-${i}`));
    return scan({ findings: clusters.map((c) => finding(CHECKS.tls, clusterResource(c))), clusters, coverage: [coverage(A, EU)] });
  }

  it('sends at most 100 findings per BatchImportFindings', async () => {
    const publication = await publishToSecurityHub(manyFindings(250), options());
    expect(hub.imports(A, EU).map((batch) => batch.length)).toEqual([100, 100, 50]);
    expect(publication.accountRegions[0]).toMatchObject({ imported: 250, failed: [] });
  });

  it('retries FailedFindings with backoff and jitter until accepted', async () => {
    const result = manyFindings(3);
    const [first, second] = result.findings;
    hub.rejections.set(first!.id, { codes: ['InternalException', 'TooManyRequestsException'] });
    hub.rejections.set(second!.id, { codes: ['InternalException'] });
    const sleep = vi.fn(async (_ms: number) => undefined);
    const publication = await publishToSecurityHub(result, options({ retry: { baseDelayMs: 100, rounds: 4 }, backoff: { sleep, random: () => 1 } }));
    expect(publication.accountRegions[0]).toMatchObject({ status: 'published', imported: 3, failed: [] });
    expect(hub.imports(A, EU).map((batch) => batch.map((f) => f.Id))).toEqual([result.findings.map((f) => f.id), [first!.id, second!.id], [first!.id]]);
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([100, 200]); // exponential: 100 ms, then 200 ms
    expect(hub.findings(A, EU)).toHaveLength(3);
  });

  it('reports a finding still failing after every round, and one rejected for good at once — with code and message', async () => {
    const result = manyFindings(3);
    const [transient, invalid] = result.findings;
    hub.rejections.set(transient!.id, { codes: ['InternalException'], sticky: true });
    hub.rejections.set(invalid!.id, { codes: ['InvalidInput'], sticky: true });
    const publication = await publishToSecurityHub(result, options({ retry: { baseDelayMs: 0, rounds: 3 } }));
    const entry = publication.accountRegions[0]!;
    expect(entry).toMatchObject({ status: 'published', imported: 1 });
    expect(entry.failed).toEqual([
      { id: transient!.id, code: 'InternalException', message: 'scripted InternalException' },
      { id: invalid!.id, code: 'InvalidInput', message: 'scripted InvalidInput' },
    ]);
    const sent = hub.imports(A, EU).map((batch) => batch.map((f) => f.Id));
    expect(sent).toEqual([result.findings.map((f) => f.id), [transient!.id], [transient!.id]]); // InvalidInput is not re-sent
    expect(publication.complete).toBe(false);
    expect(publication.totals.failed).toBe(2);
  });

  it('a throttling storm on whole calls loses nothing: the batch is re-sent in later rounds', async () => {
    hub.importErrors.push(awsError('TooManyRequestsException', 'Rate exceeded', 429), awsError('TooManyRequestsException', 'Rate exceeded', 429), awsError('InternalException', 'boom', 500));
    const result = manyFindings(150);
    const publication = await publishToSecurityHub(result, options({ retry: { baseDelayMs: 0, rounds: 4 } }));
    expect(publication.accountRegions[0]).toMatchObject({ status: 'published', imported: 150, failed: [] });
    expect(hub.findings(A, EU)).toHaveLength(150);
    expect(publication.accountRegions[0]!.error).toBeUndefined();
  });

  it('when throttling outlasts every round, each finding is reported failed with the throttling error', async () => {
    for (let i = 0; i < 10; i++) hub.importErrors.push(awsError('TooManyRequestsException', 'Rate exceeded', 429));
    const result = manyFindings(5);
    const publication = await publishToSecurityHub(result, options({ retry: { baseDelayMs: 0, rounds: 3 } }));
    const entry = publication.accountRegions[0]!;
    expect(entry.status).toBe('failed');
    expect(entry.error).toEqual({ code: 'TooManyRequestsException', message: 'Rate exceeded' });
    expect(entry.failed.map((f) => f.id)).toEqual(result.findings.map((f) => f.id));
    expect(entry.failed.every((f) => f.code === 'TooManyRequestsException')).toBe(true);
    expect(hub.imports(A, EU)).toHaveLength(3);
  });

  it('a non-retryable failure of the whole call (AccessDenied) is reported without re-sending', async () => {
    hub.importErrors.push(awsError('AccessDeniedException', 'not authorized to perform: securityhub:BatchImportFindings', 403));
    const publication = await publishToSecurityHub(manyFindings(2), options());
    expect(publication.accountRegions[0]).toMatchObject({ status: 'failed', error: { code: 'AccessDeniedException' } });
    expect(publication.accountRegions[0]!.failed).toHaveLength(2);
    expect(hub.imports(A, EU)).toHaveLength(1);
  });

  it('retries a throttled GetFindings before giving up on the account-region', async () => {
    let calls = 0;
    mock.on(GetFindingsCommand).callsFake(async () => {
      calls += 1;
      if (calls < 3) throw awsError('TooManyRequestsException', 'Rate exceeded', 429);
      return { Findings: [] };
    });
    const publication = await publishToSecurityHub(manyFindings(1), options({ retry: { baseDelayMs: 0, rounds: 4 } }));
    expect(publication.accountRegions[0]).toMatchObject({ status: 'published', imported: 1 });
    expect(calls).toBe(3);
  });
});

describe('publishToSecurityHub: first seen kept, UpdatedAt strictly increasing', () => {
  it('a second publication keeps CreatedAt and FirstObservedAt and moves UpdatedAt forward; no new Ids', async () => {
    const first = twoAccounts();
    await publishToSecurityHub(first, options({ now: () => new Date('2026-03-01T10:00:00.000Z') }));
    const before = new Map(hub.findings(A, EU).map((f) => [f.Id, f]));
    const second = twoAccounts({ scanId: 'scan-3', collectedAt: '2026-03-02T09:00:00.000Z' });
    await publishToSecurityHub(second, options({ now: () => new Date('2026-03-02T10:00:00.000Z') }));
    const sent = hub.imports(A, EU).at(-1)!;
    for (const f of sent) {
      const old = before.get(f.Id)!;
      expect(f.CreatedAt).toBe(old.CreatedAt);
      expect(f.FirstObservedAt).toBe(old.FirstObservedAt);
      expect(f.LastObservedAt).toBe('2026-03-02T09:00:00.000Z');
      expect(Date.parse(f.UpdatedAt!)).toBeGreaterThan(Date.parse(old.UpdatedAt!));
    }
    expect(hub.findings(A, EU).map((f) => f.Id).sort()).toEqual([...before.keys()].sort());
  });

  it('UpdatedAt is still later than the existing one when that is in the future (clock skew), so the update is not ignored', async () => {
    const existing = stored(finding(CHECKS.tls, clusterResource(payments), 'FAILED'), { createdAt: '2025-12-01T00:00:00.000Z', updatedAt: '2026-03-01T11:00:00.000Z' });
    hub.seed(A, EU, [existing]);
    await publishToSecurityHub(twoAccounts(), options());
    const sent = hub.imports(A, EU)[0]!.find((f) => f.Id === existing.Id)!;
    expect(sent).toMatchObject({ CreatedAt: '2025-12-01T00:00:00.000Z', UpdatedAt: '2026-03-01T11:00:00.001Z' });
    expect(hub.findings(A, EU).find((f) => f.Id === existing.Id)).toMatchObject({ Compliance: { Status: 'PASSED' }, UpdatedAt: '2026-03-01T11:00:00.001Z' });
  });

  it('PASSED findings are imported as PASSED (not skipped); NOT_APPLICABLE ones as NOT_AVAILABLE and archived', async () => {
    await publishToSecurityHub(twoAccounts(), options());
    const byId = new Map(hub.findings(A, EU).map((f) => [f.Id, f]));
    expect(byId.get(finding(CHECKS.tls, clusterResource(payments)).id)).toMatchObject({ Compliance: { Status: 'PASSED' }, RecordState: 'ACTIVE' });
    expect(byId.get(finding(CHECKS.cmk, clusterResource(orders)).id)).toMatchObject({ Compliance: { Status: 'NOT_AVAILABLE' }, RecordState: 'ARCHIVED' });
  });
});

describe('publishToSecurityHub: archiving', () => {
  const gone = cluster('gone');

  function seeded(): Record<string, AwsSecurityFinding> {
    const f = {
      goneTls: stored(finding(CHECKS.tls, clusterResource(gone))),
      goneMonitoring: stored(finding(CHECKS.monitoring, clusterResource(gone))),
      regionTls: stored(finding(CHECKS.tls, regionResource(A, EU), 'NOT_AVAILABLE')),
      foreign: { ...stored(finding(CHECKS.tls, clusterResource(cluster('other-tool')))), GeneratorId: 'msk-audit/msk-tls-client-broker', ProductFields: { 'ProviderName': 'AnotherTool' } },
      goneB: stored(finding(CHECKS.tls, clusterResource(cluster('gone-b', { account: B })))),
    };
    hub.seed(A, EU, [f.goneTls, f.goneMonitoring, f.regionTls, f.foreign]);
    hub.seed(B, EU, [f.goneB]);
    return f;
  }

  const state = (account: string, id: string | undefined) => hub.findings(account, EU).find((f) => f.Id === id)!;

  it('archives findings proven obsolete — resource gone, account-region listed again — and leaves the rest untouched', async () => {
    const f = seeded();
    const publication = await publishToSecurityHub(twoAccounts({ coverage: [coverage(A, EU), coverage(B, EU, 'partial', ['kms:GetKeyRotationStatus failed'])] }), options());
    expect(state(A, f.goneTls!.Id)).toMatchObject({ RecordState: 'ARCHIVED', CreatedAt: f.goneTls!.CreatedAt, ProductFields: { 'msk-audit/ArchiveReason': expect.stringContaining('no longer exists') } });
    expect(state(A, f.regionTls!.Id).RecordState).toBe('ARCHIVED');
    expect(state(A, f.goneMonitoring!.Id)).toEqual(f.goneMonitoring); // check not run
    expect(state(A, f.foreign!.Id)).toEqual(f.foreign); // another tool's
    expect(state(B, f.goneB!.Id)).toEqual(f.goneB); // partial coverage
    const a = publication.accountRegions.find((e) => e.account === A)!;
    const b = publication.accountRegions.find((e) => e.account === B)!;
    expect(a).toMatchObject({ archived: 2, unchanged: 2, imported: 4 });
    expect(a.archivingSkipped).toBeUndefined();
    expect(b).toMatchObject({ archived: 0, unchanged: 1, archivingSkipped: expect.stringContaining('Coverage is partial') });
  });

  it('nothing is archived in an account-region that was not evaluated (its NOT_AVAILABLE findings are imported)', async () => {
    const f = seeded();
    const result = scan({
      findings: [finding(CHECKS.tls, regionResource(A, EU), 'NOT_AVAILABLE'), finding(CHECKS.cmk, regionResource(A, EU), 'NOT_AVAILABLE')],
      coverage: [coverage(A, EU, 'not-evaluated', ['kafka:ListClustersV2 failed with AccessDeniedException'])],
    });
    const publication = await publishToSecurityHub(result, options());
    expect(state(A, f.goneTls!.Id)).toEqual(f.goneTls);
    expect(state(A, f.regionTls!.Id)).toMatchObject({ RecordState: 'ACTIVE', UpdatedAt: NOW.toISOString() });
    expect(publication.accountRegions[0]).toMatchObject({ status: 'published', imported: 2, archived: 0, archivingSkipped: expect.stringContaining('not-evaluated') });
  });

  it('nothing is archived where reading the existing findings failed (and nothing is imported there either)', async () => {
    const f = seeded();
    hub.getFindingsErrors.set(`${A}/${EU}`, awsError('AccessDeniedException', 'denied', 403));
    const publication = await publishToSecurityHub(twoAccounts(), options());
    expect(state(A, f.goneTls!.Id)).toEqual(f.goneTls);
    expect(hub.imports(A, EU)).toEqual([]);
    expect(publication.accountRegions.find((e) => e.account === A && e.region === EU)).toMatchObject({ status: 'failed', archived: 0, imported: 0 });
  });

  it('findings of a cluster left out by a tag filter stay as they are', async () => {
    const tagged = cluster('untagged', { evaluated: false });
    const existing = stored(finding(CHECKS.tls, clusterResource(tagged)));
    hub.seed(A, EU, [existing]);
    const result = twoAccounts({ clusters: [payments, orders, ledgerB, tagged] });
    const publication = await publishToSecurityHub(result, options());
    expect(state(A, existing.Id)).toEqual(existing);
    expect(publication.accountRegions.find((e) => e.account === A && e.region === EU)).toMatchObject({ archived: 0, unchanged: 1 });
  });
});
