import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DescribeClusterV2Command,
  DescribeConfigurationRevisionCommand,
  KafkaClient,
  ListClustersV2Command,
  ListKafkaVersionsCommand,
  paginateListClustersV2,
} from '@aws-sdk/client-kafka';
import { generateEstate, startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { DEV, PROD, SEC, asJson, assume, cfg, clustersOf, errorOf, exampleEstate, regionOf } from './helpers.js';

const estate = exampleEstate();
let sb: RunningSandbox;

beforeAll(async () => {
  sb = await startSandbox({ estate });
});
afterAll(() => sb.close());

describe('kafka: fidelity of every cluster field (real SDK vs estate)', () => {
  for (const account of [SEC, PROD, DEV]) {
    for (const region of ['eu-west-1', 'us-east-1']) {
      it(`ListClustersV2 + DescribeClusterV2 in ${account}/${region} deep-equal the estate`, async () => {
        const creds = account === SEC ? undefined : await assume(sb, account);
        const kafka = new KafkaClient(cfg(sb, region, creds));
        const expected = clustersOf(estate, account, region);
        const listed = [];
        for await (const page of paginateListClustersV2({ client: kafka }, {})) listed.push(...(page.ClusterInfoList ?? []));
        // Dates arrive as Date objects; as JSON they are the estate's ISO strings
        expect(listed.every((c) => c.CreationTime instanceof Date)).toBe(true);
        expect(asJson(listed)).toEqual(expected);
        for (const c of expected) {
          const d = await kafka.send(new DescribeClusterV2Command({ ClusterArn: String(c.ClusterArn) }));
          expect(asJson(d.ClusterInfo)).toEqual(c);
        }
      });
    }
  }

  it('DescribeConfigurationRevision returns server.properties bytes (base64 on the wire)', async () => {
    const creds = await assume(sb, PROD);
    const kafka = new KafkaClient(cfg(sb, 'eu-west-1', creds));
    const configs = (regionOf(estate, PROD, 'eu-west-1').msk as { configurations: { Arn: string; Revisions: { Revision: number; ServerProperties: string; CreationTime: string; Description?: string }[] }[] }).configurations;
    for (const c of configs) {
      for (const r of c.Revisions) {
        const out = await kafka.send(new DescribeConfigurationRevisionCommand({ Arn: c.Arn, Revision: r.Revision }));
        expect(out.ServerProperties).toBeInstanceOf(Uint8Array);
        expect(new TextDecoder().decode(out.ServerProperties)).toBe(r.ServerProperties);
        expect(out.Arn).toBe(c.Arn);
        expect(out.Revision).toBe(r.Revision);
        expect(out.CreationTime?.toISOString()).toBe(r.CreationTime);
        expect(out.Description).toBe(r.Description);
      }
    }
    const missing = await errorOf(() => kafka.send(new DescribeConfigurationRevisionCommand({ Arn: configs[0]!.Arn, Revision: 99 })));
    expect(missing.name).toBe('NotFoundException');
  });

  it('ListKafkaVersions pages through every version with status', async () => {
    const kafka = new KafkaClient(cfg(sb));
    const first = await kafka.send(new ListKafkaVersionsCommand({}));
    expect(first.KafkaVersions).toHaveLength(10);
    expect(first.NextToken).toBeTruthy();
    const second = await kafka.send(new ListKafkaVersionsCommand({ NextToken: first.NextToken }));
    expect([...(first.KafkaVersions ?? []), ...(second.KafkaVersions ?? [])]).toEqual(estate.kafkaVersions);
    expect(second.NextToken).toBeUndefined();
  });

  it('unknown cluster ARN → NotFoundException (404)', async () => {
    const kafka = new KafkaClient(cfg(sb));
    const e = await errorOf(() => kafka.send(new DescribeClusterV2Command({ ClusterArn: `arn:aws:kafka:eu-west-1:${SEC}:cluster/nope/00000000-0000-0000-0000-000000000000-1` })));
    expect(e.name).toBe('NotFoundException');
    expect(e.$metadata?.httpStatusCode).toBe(404);
  });

  it('a cluster of another account is not visible with the caller credentials', async () => {
    const kafka = new KafkaClient(cfg(sb));
    const prodArn = String(clustersOf(estate, PROD, 'eu-west-1')[0]?.ClusterArn);
    expect((await errorOf(() => kafka.send(new DescribeClusterV2Command({ ClusterArn: prodArn })))).name).toBe('NotFoundException');
  });
});

describe('kafka: pagination as AWS does it', () => {
  let big: RunningSandbox;
  beforeAll(async () => {
    const e = generateEstate({ accounts: 1, regionsPerAccount: 1, clustersPerAccount: 125, seed: 'pages', misconfigurationRate: 0.3 });
    // force exactly 250 clusters in us-east-1
    const account = e.accounts[0]!;
    const region = (account.regions as Record<string, { msk?: { clusters: Record<string, unknown>[] } }>)['us-east-1']!;
    const base = region.msk!.clusters[0]!;
    region.msk!.clusters = Array.from({ length: 250 }, (_, i) => ({
      ...base,
      ClusterName: `c-${String(i).padStart(3, '0')}`,
      ClusterArn: `arn:aws:kafka:us-east-1:${account.id}:cluster/c-${String(i).padStart(3, '0')}/uuid-${i}`,
    }));
    big = await startSandbox({ estate: e, region: 'us-east-1' });
  });
  afterAll(() => big.close());

  it('250 clusters: default page 10, MaxResults up to 100, every cluster exactly once', async () => {
    const kafka = new KafkaClient(cfg(big, 'us-east-1'));
    const firstDefault = await kafka.send(new ListClustersV2Command({}));
    expect(firstDefault.ClusterInfoList).toHaveLength(10);
    const sizes: number[] = [];
    const names: string[] = [];
    for await (const page of paginateListClustersV2({ client: kafka, pageSize: 100 }, {})) {
      sizes.push(page.ClusterInfoList?.length ?? 0);
      names.push(...(page.ClusterInfoList ?? []).map((c) => String(c.ClusterName)));
    }
    expect(sizes).toEqual([100, 100, 50]);
    expect(new Set(names).size).toBe(250);
  });

  it('MaxResults > 100 and a forged NextToken → BadRequestException', async () => {
    const kafka = new KafkaClient(cfg(big, 'us-east-1'));
    expect((await errorOf(() => kafka.send(new ListClustersV2Command({ MaxResults: 101 })))).name).toBe('BadRequestException');
    expect((await errorOf(() => kafka.send(new ListClustersV2Command({ NextToken: 'garbage' })))).name).toBe('BadRequestException');
    // a token from another listing (different filter) is not accepted either
    const page = await kafka.send(new ListClustersV2Command({ MaxResults: 5 }));
    const e = await errorOf(() => kafka.send(new ListClustersV2Command({ NextToken: page.NextToken, ClusterNameFilter: 'c-1' })));
    expect(e.name).toBe('BadRequestException');
  });

  it('ClusterNameFilter (prefix) and ClusterTypeFilter', async () => {
    const kafka = new KafkaClient(cfg(big, 'us-east-1'));
    const out = await kafka.send(new ListClustersV2Command({ ClusterNameFilter: 'c-24', MaxResults: 100 }));
    expect(out.ClusterInfoList?.map((c) => c.ClusterName)).toEqual(['c-240', 'c-241', 'c-242', 'c-243', 'c-244', 'c-245', 'c-246', 'c-247', 'c-248', 'c-249']);
    const serverless = await kafka.send(new ListClustersV2Command({ ClusterTypeFilter: 'SERVERLESS', MaxResults: 100 }));
    expect(serverless.ClusterInfoList?.every((c) => c.ClusterType === 'SERVERLESS')).toBe(true);
  });
});
