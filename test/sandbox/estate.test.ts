import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KafkaClient, paginateListClustersV2 } from '@aws-sdk/client-kafka';
import { EXAMPLE_ESTATE, EXAMPLE_ESTATE_PATH, EstateValidationError, generateEstate, loadEstate, startSandbox, validateEstate } from '../../src/sandbox/index.js';
import { CHECKS, evaluateExample } from './example-checks.js';
import { assume, cfg, exampleEstate, tinyEstate } from './helpers.js';

function issuesOf(json: unknown): { path: string; message: string }[] {
  try {
    validateEstate(json);
  } catch (e) {
    if (e instanceof EstateValidationError) return e.issues;
    throw e;
  }
  throw new Error('expected the estate to be invalid');
}

describe('estate validation names the JSON path', () => {
  it('accepts the example estate and fills defaults', async () => {
    const e = await loadEstate(EXAMPLE_ESTATE_PATH);
    expect(e.accounts).toHaveLength(4);
    expect(e.accounts[3]?.roles[0]).toMatchObject({ name: 'MskAuditReadOnly', assumable: false, maxSessionDuration: 3600, path: '/' });
    const once = validateEstate(EXAMPLE_ESTATE);
    expect(validateEstate(once)).toEqual(once); // idempotent: a validated estate can be passed again
  });

  it('a mistyped MSK cluster member is rejected against the SDK Cluster model', () => {
    const e = exampleEstate() as any; // eslint-disable-line @typescript-eslint/no-explicit-any -- editing raw JSON
    e.accounts[1].regions['eu-west-1'].msk.clusters[2].Provisioned.EncryptionInfo.EncryptionAtRest = { DataVolumeKmsKeyId: 'x' };
    e.accounts[1].regions['eu-west-1'].msk.clusters[0].Provisioned.NumberOfBrokerNodes = 'three';
    const issues = issuesOf(e);
    expect(issues).toContainEqual({
      path: 'accounts[1].regions.eu-west-1.msk.clusters[2].Provisioned.EncryptionInfo.EncryptionAtRest.DataVolumeKmsKeyId',
      message: expect.stringContaining('unknown field "DataVolumeKmsKeyId"'),
    });
    expect(issues).toContainEqual({ path: 'accounts[1].regions.eu-west-1.msk.clusters[0].Provisioned.NumberOfBrokerNodes', message: 'expected a number' });
  });

  it('structural errors: bad account id, missing field, unknown key, bad enum, ARN in the wrong place, dangling parent', () => {
    const issues = issuesOf({
      caller: { accountId: '123', arn: 'arn:aws:iam::123:user/x' },
      organization: { id: 'o-abcdefghij', managementAccountId: '111111111111', roots: [{ id: 'r-ab12' }] },
      accounts: [
        {
          id: '111111111111',
          name: 'a',
          email: 'a@example.com',
          parentId: 'ou-ab12-missing1',
          status: 'GONE',
          colour: 'blue',
          regions: {
            'eu-west-1': {
              msk: { clusters: [{ ClusterArn: 'arn:aws:kafka:us-east-1:111111111111:cluster/x/u-1', ClusterName: 'x', ClusterType: 'PROVISIONED' }] },
              kms: { keys: [{ metadata: { Arn: 'arn:aws:kms:eu-west-1:111111111111:key/k' } }] },
            },
          },
        },
      ],
    });
    const paths = issues.map((i) => i.path);
    expect(paths).toContain('caller.accountId');
    expect(paths).toContain('accounts[0].status');
    expect(paths).toContain('accounts[0]'); // unrecognized key "colour"
    expect(issues.find((i) => i.path === 'accounts[0]')?.message).toContain('colour');
    expect(paths).toContain('accounts[0].regions.eu-west-1.kms.keys[0].metadata.KeyId');
    const parsed = issuesOf({ ...tinyEstate(), accounts: [{ id: '111111111111', name: 'a', email: 'a@example.com', parentId: 'ou-ab12-missing1', regions: { 'eu-west-1': { msk: { clusters: [{ ClusterArn: 'arn:aws:kafka:us-east-1:111111111111:cluster/x/u-1', ClusterName: 'x', ClusterType: 'PROVISIONED' }] } } } }] });
    expect(parsed).toContainEqual({ path: 'accounts[0].parentId', message: 'unknown parent ou-ab12-missing1' });
    expect(parsed.find((i) => i.path === 'accounts[0].regions.eu-west-1.msk.clusters[0].ClusterArn')?.message).toContain('does not match its place');
  });

  it('resources in an opt-in region the account has not enabled are rejected', () => {
    const issues = issuesOf(tinyEstate({ regions: { 'ap-east-1': { securityHub: { enabled: true } } } }));
    expect(issues).toEqual([{ path: 'accounts[0].regions.ap-east-1', message: expect.stringContaining('not enabled for account 111111111111') }]);
    expect(() => validateEstate(tinyEstate({ enabledRegions: ['ap-east-1'], regions: { 'ap-east-1': { securityHub: { enabled: true } } } }))).not.toThrow();
  });

  it('the error message lists every path; startSandbox rejects an invalid estate', async () => {
    await expect(startSandbox({ estate: { caller: {}, accounts: [] } as never })).rejects.toThrow(/caller\.accountId: .*\n.*caller\.arn/s);
  });
});

describe('the example estate', () => {
  it('every one of the 11 checks has at least one PASS and one FAIL cluster', () => {
    const verdicts = evaluateExample(exampleEstate());
    expect(verdicts.size).toBe(13);
    CHECKS.forEach((_, i) => {
      const column = [...verdicts.values()].map((v) => v[i]);
      expect(column, CHECKS[i]).toContain('PASS');
      expect(column, CHECKS[i]).toContain('FAIL');
    });
  });

  it('estates/README.md table matches the data', () => {
    const readme = readFileSync(fileURLToPath(new URL('../../src/sandbox/estates/README.md', import.meta.url)), 'utf8');
    const rows = readme
      .split('\n')
      .filter((l) => /^\| [a-z-]+ \(\d{12}\//.test(l))
      .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
    const table = new Map(rows.map(([name, ...cells]) => [name!, cells]));
    expect(table).toEqual(evaluateExample(exampleEstate()));
  });
});

describe('generateEstate', () => {
  const opts = { accounts: 30, regionsPerAccount: 4, clustersPerAccount: 3, seed: 'det', misconfigurationRate: 0.25 };

  it('is deterministic: same seed → same estate; another seed → another', () => {
    expect(JSON.stringify(generateEstate(opts))).toBe(JSON.stringify(generateEstate(opts)));
    expect(JSON.stringify(generateEstate({ ...opts, seed: 'other' }))).not.toBe(JSON.stringify(generateEstate(opts)));
  });

  it('produces a valid estate with a mix of misconfigurations', () => {
    const e = validateEstate(generateEstate(opts));
    expect(e.accounts).toHaveLength(30);
    const clusters = e.accounts.flatMap((a) => Object.values(a.regions).flatMap((r) => r.msk?.clusters ?? []));
    expect(clusters.length).toBeGreaterThan(30);
    const brokers = clusters.map((c) => (c.Provisioned as { EncryptionInfo?: { EncryptionInTransit?: { ClientBroker?: string } } } | undefined)?.EncryptionInfo?.EncryptionInTransit?.ClientBroker).filter(Boolean);
    expect(new Set(brokers).size).toBeGreaterThan(1);
    const clean = validateEstate(generateEstate({ ...opts, misconfigurationRate: 0 }));
    const cleanBrokers = clean.accounts.flatMap((a) => Object.values(a.regions).flatMap((r) => r.msk?.clusters ?? [])).map((c) => (c.Provisioned as { EncryptionInfo?: { EncryptionInTransit?: { ClientBroker?: string } } } | undefined)?.EncryptionInfo?.EncryptionInTransit?.ClientBroker).filter(Boolean);
    expect(new Set(cleanBrokers)).toEqual(new Set(['TLS']));
  });

  it('1,000 accounts × 17 regions generates and loads quickly; the sandbox serves it', async () => {
    const t = performance.now();
    const big = generateEstate({ accounts: 1000, regionsPerAccount: 17, clustersPerAccount: 5, seed: 1, misconfigurationRate: 0.2 });
    const sb = await startSandbox({ estate: big });
    try {
      expect(performance.now() - t).toBeLessThan(15_000);
      const target = big.accounts[500]!;
      const expected = Object.values(target.regions as Record<string, { msk?: { clusters: unknown[] } }>).reduce((n, r) => n + (r.msk?.clusters.length ?? 0), 0);
      const creds = await assume(sb, target.id);
      let seen = 0;
      for (const region of Object.keys(target.regions as object)) {
        const kafka = new KafkaClient(cfg(sb, region, creds));
        for await (const page of paginateListClustersV2({ client: kafka }, {})) seen += page.ClusterInfoList?.length ?? 0;
      }
      expect(seen).toBe(expected);
    } finally {
      await sb.close();
    }
  });
});
