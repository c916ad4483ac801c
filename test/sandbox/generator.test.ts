import { describe, expect, it } from 'vitest';
import { generateEstate, validateEstate, type GenerateEstateOptions } from '../../src/sandbox/index.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- reading raw estate JSON

const base: GenerateEstateOptions = { accounts: 40, regionsPerAccount: 17, clustersPerAccount: 6, seed: 'gen', misconfigurationRate: 0.3 };

function regionsOf(estate: ReturnType<typeof generateEstate>): { account: string; region: string; block: Obj }[] {
  return estate.accounts.flatMap((a) => Object.entries(a.regions as Record<string, Obj>).map(([region, block]) => ({ account: a.id, region, block })));
}
const clustersIn = (block: Obj): Obj[] => block.msk?.clusters ?? [];
const keyArnOf = (cluster: Obj): string | undefined => cluster.Provisioned?.EncryptionInfo?.EncryptionAtRest?.DataVolumeKMSKeyId;
const configArnOf = (cluster: Obj): string | undefined => cluster.Provisioned?.CurrentBrokerSoftwareInfo?.ConfigurationArn;

describe('generateEstate: realistic-estate options', () => {
  it('without the options the estate is the worst case: one customer key and one configuration per cluster', () => {
    const e = generateEstate(base);
    for (const { block } of regionsOf(e)) {
      const customerKeys = (block.kms?.keys ?? []).filter((k: Obj) => k.metadata.KeyManager === 'CUSTOMER');
      const clustersWithCustomerKey = clustersIn(block).filter((c) => customerKeys.some((k: Obj) => k.metadata.Arn === keyArnOf(c)));
      expect(customerKeys).toHaveLength(clustersWithCustomerKey.length);
      expect(block.msk?.configurations.length ?? 0).toBe(clustersIn(block).filter(configArnOf).length);
    }
    // explicitly undefined options change nothing
    expect(JSON.stringify(generateEstate({ ...base, homeRegionShare: undefined, sharedKeyRate: undefined }))).toBe(JSON.stringify(e));
  });

  it('homeRegionShare 1 puts every cluster of an account in one region', () => {
    const e = validateEstate(generateEstate({ ...base, homeRegionShare: 1 }));
    for (const account of e.accounts) {
      const used = Object.entries(account.regions).filter(([, r]) => (r.msk?.clusters.length ?? 0) > 0);
      expect(used.length).toBeLessThanOrEqual(1);
    }
    const spread = generateEstate({ ...base, homeRegionShare: 0.5 });
    const regionsUsed = spread.accounts.map((a) => Object.values(a.regions as Record<string, Obj>).filter((r) => clustersIn(r).length > 0).length);
    expect(Math.max(...regionsUsed)).toBeGreaterThan(1);
  });

  it('sharedKeyRate 1 gives each account-region at most one customer key, used by every customer-key cluster', () => {
    const e = generateEstate({ ...base, sharedKeyRate: 1 });
    validateEstate(e);
    let shared = 0;
    for (const { block } of regionsOf(e)) {
      const customerKeys = (block.kms?.keys ?? []).filter((k: Obj) => k.metadata.KeyManager === 'CUSTOMER');
      expect(customerKeys.length).toBeLessThanOrEqual(1);
      if (customerKeys[0]) {
        expect(customerKeys[0].aliases).toEqual(['alias/msk/shared']);
        shared += clustersIn(block).filter((c) => keyArnOf(c) === customerKeys[0].metadata.Arn).length;
      }
      // every provisioned cluster's key exists in the region (customer or AWS-managed)
      for (const c of clustersIn(block).filter((c) => c.ClusterType === 'PROVISIONED')) {
        expect((block.kms?.keys ?? []).some((k: Obj) => keyArnOf(c)?.endsWith(`:key/${k.metadata.KeyId}`))).toBe(true);
      }
    }
    expect(shared).toBeGreaterThan(e.accounts.length);
  });

  it('sharedConfigurationRate 1 gives each account-region at most one configuration per ACL setting', () => {
    const e = generateEstate({ ...base, sharedConfigurationRate: 1 });
    validateEstate(e);
    let reused = 0;
    for (const { block } of regionsOf(e)) {
      const configs: Obj[] = block.msk?.configurations ?? [];
      expect(configs.length).toBeLessThanOrEqual(3);
      expect(new Set(configs.map((c) => c.Name)).size).toBe(configs.length);
      for (const c of configs) expect(c.Name).toMatch(/^shared-acl-(true|false|absent)$/);
      const refs = clustersIn(block).map(configArnOf).filter(Boolean);
      for (const arn of refs) expect(configs.some((c) => c.Arn === arn)).toBe(true);
      reused += refs.length - new Set(refs).size;
    }
    expect(reused).toBeGreaterThan(0);
  });

  it('rejects rates outside 0–1', () => {
    expect(() => generateEstate({ ...base, sharedKeyRate: 1.5 })).toThrow(/sharedKeyRate/);
    expect(() => generateEstate({ ...base, homeRegionShare: -0.1 })).toThrow(/homeRegionShare/);
  });
});

describe('generateEstate: organizationTrail', () => {
  it('adds one logging organization trail in the management account, seen as a shadow trail by every account and region', async () => {
    const { startSandbox } = await import('../../src/sandbox/index.js');
    const { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } = await import('@aws-sdk/client-cloudtrail');
    const { assume, cfg } = await import('./helpers.js');
    const e = generateEstate({ ...base, accounts: 3, regionsPerAccount: 2, organizationTrail: true });
    const trails = regionsOf(e).flatMap(({ block }) => block.cloudtrail?.trails ?? []);
    expect(trails).toHaveLength(1);
    expect(trails[0].trail).toMatchObject({ IsOrganizationTrail: true, IsMultiRegionTrail: true, HomeRegion: 'us-east-1' });
    // without the option the estate is unchanged
    expect(JSON.stringify(generateEstate({ ...base, accounts: 3, regionsPerAccount: 2, organizationTrail: false }))).toBe(JSON.stringify(generateEstate({ ...base, accounts: 3, regionsPerAccount: 2 })));

    const sb = await startSandbox({ estate: e });
    try {
      const member = e.accounts[2]!.id;
      const ct = new CloudTrailClient(cfg(sb, 'us-east-2', await assume(sb, member)));
      const listed = await ct.send(new DescribeTrailsCommand({ includeShadowTrails: true }));
      expect(listed.trailList?.map((t) => t.Name)).toEqual(['organization-trail']);
      const status = await ct.send(new GetTrailStatusCommand({ Name: listed.trailList![0]!.TrailARN! }));
      expect(status.IsLogging).toBe(true);
    } finally {
      await sb.close();
    }
  });
});

describe('generateEstate: private CAs', () => {
  it('creates every private CA a mutual-TLS cluster trusts, in its account-region, and the sandbox describes it', async () => {
    const e = generateEstate(base);
    expect(() => validateEstate(e)).not.toThrow();
    let referenced = 0;
    for (const { account, region, block } of regionsOf(e)) {
      const cas = new Map<string, Obj>((block.acmPca?.certificateAuthorities ?? []).map((ca: Obj) => [ca.Arn as string, ca]));
      const trusted = clustersIn(block).flatMap((cluster) => (cluster.Provisioned?.ClientAuthentication?.Tls?.CertificateAuthorityArnList ?? []) as string[]);
      referenced += trusted.length;
      for (const arn of trusted) {
        expect(arn).toContain(`:${region}:${account}:`);
        expect(cas.get(arn)).toMatchObject({ Arn: arn, Status: 'ACTIVE', OwnerAccount: account });
      }
      // No CA is left without a cluster that trusts it.
      expect([...cas.keys()].sort()).toEqual([...new Set(trusted)].sort());
    }
    expect(referenced).toBeGreaterThan(10);

    const { startSandbox } = await import('../../src/sandbox/index.js');
    const { ACMPCAClient, DescribeCertificateAuthorityCommand } = await import('@aws-sdk/client-acm-pca');
    const { assume, cfg } = await import('./helpers.js');
    const where = regionsOf(e).find(({ block }) => (block.acmPca?.certificateAuthorities ?? []).length > 0)!;
    const arn = where.block.acmPca.certificateAuthorities[0].Arn as string;
    const sb = await startSandbox({ estate: e });
    try {
      const credentials = where.account === e.accounts[0]!.id ? undefined : await assume(sb, where.account);
      const pca = new ACMPCAClient(cfg(sb, where.region, credentials));
      const described = await pca.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: arn }));
      expect(described.CertificateAuthority).toMatchObject({ Arn: arn, Status: 'ACTIVE' });
      pca.destroy();
    } finally {
      await sb.close();
    }
  });
});
