import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BatchImportFindingsCommand,
  BatchUpdateFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
  paginateGetFindings,
  type AwsSecurityFinding,
  type GetFindingsCommandInput,
} from '@aws-sdk/client-securityhub';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { DEV, PROD, SEC, asJson, assume, cfg, errorOf, tinyEstate } from './helpers.js';

const REGION = 'eu-west-1';
const productArn = (account: string, region = REGION) => `arn:aws:securityhub:${region}:${account}:product/${account}/default`;

function finding(id: string, over: Partial<AwsSecurityFinding> = {}, account = SEC): AwsSecurityFinding {
  return {
    SchemaVersion: '2018-10-08',
    Id: id,
    ProductArn: productArn(account),
    GeneratorId: 'msk-audit/msk-tls-client-broker',
    AwsAccountId: account,
    Types: ['Software and Configuration Checks/Industry and Regulatory Standards'],
    CreatedAt: '2026-01-01T00:00:00.000Z',
    UpdatedAt: '2026-01-01T00:00:00.000Z',
    Severity: { Label: 'HIGH' },
    Title: 'MSK cluster allows plaintext client traffic',
    Description: 'ClientBroker is TLS_PLAINTEXT',
    Resources: [{ Type: 'AwsMskCluster', Id: `arn:aws:kafka:${REGION}:${account}:cluster/${id}/u-1`, Partition: 'aws', Region: REGION }],
    Compliance: { Status: 'FAILED', RelatedRequirements: ['PCI DSS v4.0.1/4.2.1'] },
    ...over,
  };
}

let sb: RunningSandbox;
let hub: SecurityHubClient;
beforeAll(async () => {
  sb = await startSandbox({
    estate: tinyEstate(
      { regions: { [REGION]: { securityHub: { enabled: true } }, 'us-east-1': { securityHub: { enabled: false } } } },
      { rateLimits: { enabled: false } },
    ),
  });
  hub = new SecurityHubClient(cfg(sb, REGION));
});
afterAll(() => sb.close());

describe('securityhub BatchImportFindings', () => {
  it('imports valid findings; the stored finding keeps every field sent (PascalCase round trip)', async () => {
    const f = finding('f-1');
    const out = await hub.send(new BatchImportFindingsCommand({ Findings: [f] }));
    expect(out).toMatchObject({ SuccessCount: 1, FailedCount: 0, FailedFindings: [] });
    const [stored] = sb.securityHubFindings(SEC, REGION);
    expect(stored).toMatchObject(asJson(f) as object);
    expect(stored).toMatchObject({ RecordState: 'ACTIVE', Workflow: { Status: 'NEW' }, Region: REGION });
    const got = await hub.send(new GetFindingsCommand({ Filters: { Id: [{ Value: 'f-1', Comparison: 'EQUALS' }] } }));
    expect(got.Findings?.[0]).toMatchObject(f);
  });

  it('validates required ASFF fields and limits into FailedFindings', async () => {
    const { Severity: _s, ...noSeverity } = finding('bad-1');
    const out = await hub.send(
      new BatchImportFindingsCommand({
        Findings: [
          noSeverity as AwsSecurityFinding,
          finding('bad-2', { SchemaVersion: '2020-01-01' }),
          finding('bad-3', { Description: 'x'.repeat(1025) }),
          finding('bad-4', { Resources: [] }),
          finding('bad-5', { Resources: Array.from({ length: 33 }, (_, i) => ({ Type: 'Other', Id: `r${i}` })) }),
          finding('bad-6', { UpdatedAt: 'yesterday' }),
          finding('bad-7', { Description: 'y'.repeat(1000), ProductFields: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, 'z'.repeat(4500)])) }),
          finding('ok-1'),
        ],
      }),
    );
    expect(out.SuccessCount).toBe(1);
    expect(out.FailedCount).toBe(7);
    expect(out.FailedFindings?.map((f) => f.Id)).toEqual(['bad-1', 'bad-2', 'bad-3', 'bad-4', 'bad-5', 'bad-6', 'bad-7']);
    expect(out.FailedFindings?.[0]).toMatchObject({ ErrorCode: 'InvalidInput', ErrorMessage: expect.stringContaining("required property 'Severity'") });
    expect(out.FailedFindings?.[6]?.ErrorMessage).toContain('240 KB');
  });

  it('caller account must equal AwsAccountId and the ProductArn account', async () => {
    const out = await hub.send(
      new BatchImportFindingsCommand({ Findings: [finding('x-1', { AwsAccountId: PROD }), finding('x-2', { ProductArn: productArn(PROD) }), finding('x-3', { ProductArn: productArn(SEC, 'us-east-1') })] }),
    );
    expect(out.FailedCount).toBe(3);
    expect(out.FailedFindings?.every((f) => f.ErrorCode === 'AccessDeniedException')).toBe(true);
  });

  it('more than 100 findings in one call → InvalidInputException', async () => {
    const e = await errorOf(() => hub.send(new BatchImportFindingsCommand({ Findings: Array.from({ length: 101 }, (_, i) => finding(`many-${i}`)) })));
    expect(e.name).toBe('InvalidInputException');
  });

  it('re-import updates only when UpdatedAt is newer, keeps CreatedAt, supports ARCHIVED and PASSED → RESOLVED', async () => {
    await hub.send(new BatchImportFindingsCommand({ Findings: [finding('u-1', { CreatedAt: '2026-01-01T00:00:00.000Z', UpdatedAt: '2026-01-02T00:00:00.000Z' })] }));
    const stale = await hub.send(new BatchImportFindingsCommand({ Findings: [finding('u-1', { UpdatedAt: '2026-01-01T12:00:00.000Z', Title: 'stale' })] }));
    expect(stale.SuccessCount).toBe(1);
    const get = async () => (await hub.send(new GetFindingsCommand({ Filters: { Id: [{ Value: 'u-1', Comparison: 'EQUALS' }] } }))).Findings![0]!;
    expect((await get()).Title).toBe('MSK cluster allows plaintext client traffic');
    await hub.send(
      new BatchImportFindingsCommand({ Findings: [finding('u-1', { CreatedAt: '2026-05-05T00:00:00.000Z', UpdatedAt: '2026-01-03T00:00:00.000Z', Title: 'fixed', Compliance: { Status: 'PASSED' } })] }),
    );
    const passed = await get();
    expect(passed).toMatchObject({ Title: 'fixed', CreatedAt: '2026-01-01T00:00:00.000Z', UpdatedAt: '2026-01-03T00:00:00.000Z', Workflow: { Status: 'RESOLVED' } });
    await hub.send(new BatchImportFindingsCommand({ Findings: [finding('u-1', { UpdatedAt: '2026-01-04T00:00:00.000Z', RecordState: 'ARCHIVED', Compliance: { Status: 'PASSED' } })] }));
    expect((await get()).RecordState).toBe('ARCHIVED');
  });

  it('hub not enabled in the account-region → InvalidAccessException (401)', async () => {
    const us = new SecurityHubClient(cfg(sb, 'us-east-1'));
    const e = await errorOf(() => us.send(new BatchImportFindingsCommand({ Findings: [finding('h-1', { ProductArn: productArn(SEC, 'us-east-1') })] })));
    expect(e.name).toBe('InvalidAccessException');
    expect(e.message).toBe(`Account ${SEC} is not subscribed to AWS Security Hub`);
    expect(e.$metadata?.httpStatusCode).toBe(401);
    const prod = new SecurityHubClient(cfg(sb, REGION, await assume(sb, PROD)));
    expect((await errorOf(() => prod.send(new GetFindingsCommand({})))).name).toBe('InvalidAccessException');
  });
});

describe('securityhub GetFindings / BatchUpdateFindings', () => {
  let gf: RunningSandbox;
  let client: SecurityHubClient;
  beforeAll(async () => {
    gf = await startSandbox({ estate: tinyEstate({ regions: { [REGION]: { securityHub: { enabled: true } } } }, { rateLimits: { enabled: false } }) });
    client = new SecurityHubClient(cfg(gf, REGION));
    const all = Array.from({ length: 230 }, (_, i) =>
      finding(`msk/${i % 2 ? 'tls' : 'cmk'}/${i}`, {
        GeneratorId: `msk-audit/${i % 2 ? 'tls' : 'cmk'}`,
        Compliance: { Status: i % 3 === 0 ? 'PASSED' : 'FAILED' },
        RecordState: i % 10 === 0 ? 'ARCHIVED' : 'ACTIVE',
        Resources: [{ Type: 'AwsMskCluster', Id: `arn:aws:kafka:${REGION}:${SEC}:cluster/c${i % 7}/u-1` }],
      }),
    );
    for (let i = 0; i < all.length; i += 100) await client.send(new BatchImportFindingsCommand({ Findings: all.slice(i, i + 100) }));
  });
  afterAll(() => gf.close());

  const count = async (filters: NonNullable<GetFindingsCommandInput['Filters']>) => {
    let n = 0;
    for await (const page of paginateGetFindings({ client }, { Filters: filters })) n += page.Findings?.length ?? 0;
    return n;
  };

  it('pages of at most 100 with NextToken; forged token → InvalidInputException', async () => {
    const sizes: number[] = [];
    for await (const page of paginateGetFindings({ client }, {})) sizes.push(page.Findings?.length ?? 0);
    expect(sizes).toEqual([100, 100, 30]);
    expect((await errorOf(() => client.send(new GetFindingsCommand({ MaxResults: 101 })))).name).toBe('InvalidInputException');
    expect((await errorOf(() => client.send(new GetFindingsCommand({ NextToken: 'forged' })))).name).toBe('InvalidInputException');
  });

  it('filters: EQUALS / PREFIX / NOT_EQUALS on ProductArn, GeneratorId, Id, AwsAccountId, RecordState, ComplianceStatus, ResourceId', async () => {
    expect(await count({ ProductArn: [{ Value: productArn(SEC), Comparison: 'EQUALS' }] })).toBe(230);
    expect(await count({ GeneratorId: [{ Value: 'msk-audit/tls', Comparison: 'EQUALS' }] })).toBe(115);
    expect(await count({ Id: [{ Value: 'msk/cmk/', Comparison: 'PREFIX' }] })).toBe(115);
    expect(await count({ Id: [{ Value: 'msk/cmk/0', Comparison: 'EQUALS' }, { Value: 'msk/tls/1', Comparison: 'EQUALS' }] })).toBe(2);
    expect(await count({ AwsAccountId: [{ Value: SEC, Comparison: 'NOT_EQUALS' }] })).toBe(0);
    expect(await count({ RecordState: [{ Value: 'ARCHIVED', Comparison: 'EQUALS' }] })).toBe(23);
    expect(await count({ RecordState: [{ Value: 'ARCHIVED', Comparison: 'NOT_EQUALS' }] })).toBe(207);
    expect(await count({ ComplianceStatus: [{ Value: 'PASSED', Comparison: 'EQUALS' }] })).toBe(77);
    expect(await count({ ResourceId: [{ Value: `arn:aws:kafka:${REGION}:${SEC}:cluster/c3/`, Comparison: 'PREFIX' }] })).toBe(33);
    expect(
      await count({ GeneratorId: [{ Value: 'msk-audit/tls', Comparison: 'EQUALS' }], RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }], ComplianceStatus: [{ Value: 'FAILED', Comparison: 'EQUALS' }] }),
    ).toBe(Array.from({ length: 230 }, (_, i) => i).filter((i) => i % 2 === 1 && i % 10 !== 0 && i % 3 !== 0).length);
  });

  it('BatchUpdateFindings: Workflow/Note/Severity updates; unknown ids unprocessed', async () => {
    const out = await client.send(
      new BatchUpdateFindingsCommand({
        FindingIdentifiers: [{ Id: 'msk/tls/1', ProductArn: productArn(SEC) }, { Id: 'nope', ProductArn: productArn(SEC) }],
        Workflow: { Status: 'SUPPRESSED' },
        Note: { Text: 'accepted risk', UpdatedBy: 'alice' },
        Severity: { Label: 'LOW' },
      }),
    );
    expect(out.ProcessedFindings).toEqual([{ Id: 'msk/tls/1', ProductArn: productArn(SEC) }]);
    expect(out.UnprocessedFindings?.[0]).toMatchObject({ ErrorCode: 'FindingNotFound' });
    const f = (await client.send(new GetFindingsCommand({ Filters: { Id: [{ Value: 'msk/tls/1', Comparison: 'EQUALS' }] } }))).Findings![0]!;
    expect(f).toMatchObject({ Workflow: { Status: 'SUPPRESSED' }, Note: { Text: 'accepted risk', UpdatedBy: 'alice' }, Severity: { Label: 'LOW' } });
    // a later import by the provider cannot overwrite the customer's Workflow / Note
    await client.send(new BatchImportFindingsCommand({ Findings: [finding('msk/tls/1', { UpdatedAt: '2027-01-01T00:00:00.000Z', GeneratorId: 'msk-audit/tls' })] }));
    const after = (await client.send(new GetFindingsCommand({ Filters: { Id: [{ Value: 'msk/tls/1', Comparison: 'EQUALS' }] } }))).Findings![0]!;
    expect(after).toMatchObject({ Workflow: { Status: 'SUPPRESSED' }, Note: { Text: 'accepted risk' }, UpdatedAt: '2027-01-01T00:00:00.000Z' });
  });

  it('a member account imports into its own hub only after AssumeRole', async () => {
    const other = await startSandbox({ estate: tinyEstate({}, { accounts: [
      { id: SEC, name: 'sec', email: 's@example.com' },
      { id: DEV, name: 'dev', email: 'd@example.com', roles: [{ name: 'MskAuditReadOnly' }], regions: { [REGION]: { securityHub: { enabled: true } } } },
    ] }) });
    try {
      const dev = new SecurityHubClient(cfg(other, REGION, await assume(other, DEV)));
      const out = await dev.send(new BatchImportFindingsCommand({ Findings: [finding('d-1', {}, DEV)] }));
      expect(out.SuccessCount).toBe(1);
      expect(other.securityHubFindings(DEV, REGION).map((f) => f.Id)).toEqual(['d-1']);
    } finally {
      await other.close();
    }
  });
});

describe('securityhub: provider updates vs customer updates, and ASFF limits', () => {
  let fresh: RunningSandbox;
  let client: SecurityHubClient;
  beforeAll(async () => {
    fresh = await startSandbox({ estate: tinyEstate({ regions: { [REGION]: { securityHub: { enabled: true } } } }, { rateLimits: { enabled: false } }) });
    client = new SecurityHubClient(cfg(fresh, REGION));
  });
  afterAll(() => fresh.close());

  const get = async (id: string) => (await client.send(new GetFindingsCommand({ Filters: { Id: [{ Value: id, Comparison: 'EQUALS' }] } }))).Findings![0]!;

  it('BatchUpdateFindings leaves UpdatedAt alone (a provider update dated after the original still applies)', async () => {
    await client.send(new BatchImportFindingsCommand({ Findings: [finding('ua-1', { UpdatedAt: '2026-01-05T00:00:00.000Z' })] }));
    await client.send(new BatchUpdateFindingsCommand({ FindingIdentifiers: [{ Id: 'ua-1', ProductArn: productArn(SEC) }], Workflow: { Status: 'NOTIFIED' } }));
    expect((await get('ua-1')).UpdatedAt).toBe('2026-01-05T00:00:00.000Z');
    await client.send(new BatchImportFindingsCommand({ Findings: [finding('ua-1', { UpdatedAt: '2026-01-06T00:00:00.000Z', Title: 'newer' })] }));
    expect(await get('ua-1')).toMatchObject({ Title: 'newer', UpdatedAt: '2026-01-06T00:00:00.000Z', Workflow: { Status: 'NOTIFIED' } });
  });

  it('top-level Severity follows FindingProviderFields on a provider update, unless a customer changed it', async () => {
    const fpf = (label: 'HIGH' | 'LOW' | 'CRITICAL' | 'MEDIUM', at: string) =>
      finding('p-1', { UpdatedAt: at, Severity: { Label: label }, FindingProviderFields: { Severity: { Label: label, Original: label }, Types: ['Software and Configuration Checks/AWS Security Best Practices'] } });
    await client.send(new BatchImportFindingsCommand({ Findings: [fpf('HIGH', '2026-02-01T00:00:00.000Z')] }));
    await client.send(new BatchImportFindingsCommand({ Findings: [fpf('LOW', '2026-02-02T00:00:00.000Z')] }));
    expect((await get('p-1')).Severity).toMatchObject({ Label: 'LOW' });
    await client.send(new BatchUpdateFindingsCommand({ FindingIdentifiers: [{ Id: 'p-1', ProductArn: productArn(SEC) }], Severity: { Label: 'CRITICAL' } }));
    await client.send(new BatchImportFindingsCommand({ Findings: [fpf('MEDIUM', '2026-02-03T00:00:00.000Z')] }));
    const after = await get('p-1');
    expect(after.Severity).toMatchObject({ Label: 'CRITICAL' });
    expect(after.FindingProviderFields?.Severity).toMatchObject({ Label: 'MEDIUM' });
  });

  it('a NOTIFIED or RESOLVED workflow goes back to NEW when Compliance.Status leaves PASSED', async () => {
    await client.send(new BatchImportFindingsCommand({ Findings: [finding('w-1', { Compliance: { Status: 'FAILED' } })] }));
    await client.send(new BatchUpdateFindingsCommand({ FindingIdentifiers: [{ Id: 'w-1', ProductArn: productArn(SEC) }], Workflow: { Status: 'NOTIFIED' } }));
    await client.send(new BatchImportFindingsCommand({ Findings: [finding('w-1', { UpdatedAt: '2026-03-01T00:00:00.000Z', Compliance: { Status: 'PASSED' } })] }));
    expect((await get('w-1')).Workflow?.Status).toBe('RESOLVED');
    await client.send(new BatchUpdateFindingsCommand({ FindingIdentifiers: [{ Id: 'w-1', ProductArn: productArn(SEC) }], Workflow: { Status: 'NOTIFIED' } }));
    await client.send(new BatchImportFindingsCommand({ Findings: [finding('w-1', { UpdatedAt: '2026-03-02T00:00:00.000Z', Compliance: { Status: 'FAILED' } })] }));
    // PASSED → FAILED resets the customer's NOTIFIED to NEW (before the fix only RESOLVED was reset)
    expect((await get('w-1')).Workflow?.Status).toBe('NEW');
  });

  it('rejects Types outside the ASFF taxonomy and ProductFields over their limits', async () => {
    const out = await client.send(
      new BatchImportFindingsCommand({
        Findings: [
          finding('t-1', { Types: ['Compliance/PCI'] }),
          finding('t-2', { ProductFields: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) }),
          finding('t-3', { ProductFields: { ['k'.repeat(129)]: 'v' } }),
          finding('t-4', { ProductFields: { long: 'v'.repeat(2049) } }),
          finding('t-5', { Types: ['Software and Configuration Checks/Industry and Regulatory Standards/PCI-DSS'], ProductFields: { 'msk-audit/CheckId': 'x' } }),
        ],
      }),
    );
    expect(out.FailedFindings?.map((f) => [f.Id, f.ErrorCode])).toEqual([
      ['t-1', 'InvalidInput'],
      ['t-2', 'InvalidInput'],
      ['t-3', 'InvalidInput'],
      ['t-4', 'InvalidInput'],
    ]);
    expect(out.SuccessCount).toBe(1);
  });
});
