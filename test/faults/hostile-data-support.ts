/**
 * Shared material of the hostile-data suites (issue 10): valid account-regions on which as many checks as
 * possible PASS, a baseline approved from them, a generic JSON-path mutator and a fact-read tracker.
 */
import { available, type AccountRegionInventory, type Baseline, type Inventory } from '../../src/inventory/index.js';
import { baselineFromInventory } from '../../src/drift/baseline.js';
import { parseBaseline } from '../../src/drift/baseline-file.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../../src/check/index.js';
import { REGION, provisionedCluster, serverlessCluster } from '../support/fixtures.js';
import { inventoryOf } from '../support/inventory.js';
import { compliantCluster, compliantRegion } from '../support/exposure-fixtures.js';
import { trail } from '../support/trail-fixtures.js';
import { COLLECTED_AT, CA_ARN, SECRET_ARN, SECRET_KEY_ARN, connector, guardrails, mapping, principal, privateCa, secret, secretKey, statement } from '../support/client-access-fixtures.js';

export const THRESHOLDS: Thresholds = { ...DEFAULT_THRESHOLDS };

/** The compliant provisioned cluster with SCRAM and mutual TLS on too (IAM stays on), so the SCRAM and CA checks judge it. */
function fullyAuthenticatedCluster() {
  const cluster = compliantCluster();
  cluster.Provisioned!.ClientAuthentication = {
    Sasl: { Scram: { Enabled: true }, Iam: { Enabled: true } },
    Tls: { Enabled: true, CertificateAuthorityArnList: [CA_ARN] },
    Unauthenticated: { Enabled: false },
  };
  return cluster;
}

/** A region where (nearly) every check PASSES: every optional fact collected and compliant. */
export function richRegion(): AccountRegionInventory {
  const provisioned = fullyAuthenticatedCluster();
  const region = compliantRegion([provisioned, serverlessCluster()]);
  region.collectedAt = COLLECTED_AT;
  region.trails = available([trail()]);
  region.kafkaEvents = available({ start: '2026-10-25T00:00:00.000Z', end: COLLECTED_AT, events: [] });
  region.scramSecretLists = { [provisioned.ClusterArn]: available([SECRET_ARN]) };
  region.secrets = { [SECRET_ARN]: available(secret()) };
  region.kmsKeys[SECRET_KEY_ARN] = available(secretKey());
  region.privateCas = { [CA_ARN]: available(privateCa()) };
  region.connectors = available([connector()]);
  region.eventSourceMappings = available([mapping()]);
  region.accountWide = {
    heldIn: REGION,
    organizationScan: true,
    iam: available({
      principals: [principal('role', 'kafka-client', [statement('Allow', ['kafka-cluster:Connect'], [provisioned.ClusterArn])])],
      counts: { users: 1, roles: 1, groups: 0 },
    }),
    guardrails: available(guardrails()),
  };
  return region;
}

/** The plain compliant region of the shared fixtures (IAM-only cluster, no optional client-access facts). */
export function plainRegion(): AccountRegionInventory {
  const region = compliantRegion([provisionedCluster((c) => Object.assign(c, compliantCluster())), serverlessCluster()]);
  region.collectedAt = COLLECTED_AT;
  region.trails = available([trail()]);
  return region;
}

/** The rich region with multi-VPC private connectivity on and one authenticated, trusted client VPC connection. */
export function vpcRegion(): AccountRegionInventory {
  const region = richRegion();
  if (region.clusters.ok) {
    const cluster = region.clusters.value[0]!;
    cluster.Provisioned!.BrokerNodeGroupInfo!.ConnectivityInfo!.VpcConnectivity = { ClientAuthentication: { Sasl: { Iam: { Enabled: true } } } };
    region.clientVpcConnections = {
      [cluster.ClusterArn]: available([
        {
          vpcConnectionArn: `arn:aws:kafka:${REGION}:${region.account}:vpc-connection/${region.account}/payments/0b6e5c0e-9999`,
          owner: region.account,
          authentication: 'SASL_IAM',
          state: 'AVAILABLE',
        },
      ]),
    };
  }
  return region;
}

export const BASES: Record<string, () => AccountRegionInventory> = { rich: richRegion, plain: plainRegion, vpc: vpcRegion };

/** The baseline approved from the region, read back as `--baseline` reads it (JSON text through the baseline loader). */
export function baselineFor(region: AccountRegionInventory): Baseline {
  return parseBaseline(JSON.parse(JSON.stringify(baselineFromInventory(inventoryOf([region])).baseline)), 'baseline.json');
}

export function inventoryWith(region: AccountRegionInventory): Inventory {
  return inventoryOf([region]);
}

export type Path = (string | number)[];

export const clone = <T>(value: T): T => structuredClone(value);

export function getAt(root: unknown, path: Path): unknown {
  let node: unknown = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/** Sets (or with `DELETE`, removes) the value at the path; returns false when the parent does not exist. */
export const DELETE = Symbol('delete');
export function setAt(root: unknown, path: Path, value: unknown): boolean {
  if (path.length === 0) return false;
  const parent = getAt(root, path.slice(0, -1));
  if (parent === null || typeof parent !== 'object') return false;
  const key = path[path.length - 1]!;
  if (value === DELETE) {
    if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
    else delete (parent as Record<string | number, unknown>)[key];
  } else {
    (parent as Record<string | number, unknown>)[key] = value;
  }
  return true;
}

/** Every path in a JSON tree (objects and arrays included), depth-first. */
export function allPaths(root: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (root === null || typeof root !== 'object') return out;
  const entries: [string | number, unknown][] = Array.isArray(root) ? root.map((v, i) => [i, v]) : Object.entries(root);
  for (const [key, value] of entries) {
    const path = [...prefix, key];
    out.push(path);
    allPaths(value, path, out);
  }
  return out;
}

export function isFact(value: unknown): value is { ok: boolean } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { ok?: unknown }).ok === 'boolean' && ('value' in value || 'error' in value);
}

export const INJECTED_ERROR = {
  service: 'fault',
  operation: 'Injected',
  code: 'InjectedFault',
  message: 'the fault-injection test made this fact unavailable',
};

export const factError = () => ({ ok: false, error: { ...INJECTED_ERROR } });

/** Records the path of every fact (object with a boolean `ok`) whose `ok` a reader looks at. */
export function trackFactReads<T extends object>(root: T): { proxy: T; reads: Path[] } {
  const reads: Path[] = [];
  const seen = new Set<string>();
  const cache = new WeakMap<object, unknown>();
  const wrap = (target: object, path: Path): unknown => {
    const cached = cache.get(target);
    if (cached) return cached;
    const proxy = new Proxy(target, {
      get(object, key, receiver) {
        const value = Reflect.get(object, key, receiver) as unknown;
        if (typeof key === 'symbol') return value;
        const step = Array.isArray(object) && /^\d+$/.test(key) ? Number(key) : key;
        if (key === 'ok' && isFact(object)) {
          const id = JSON.stringify(path);
          if (!seen.has(id)) {
            seen.add(id);
            reads.push(path);
          }
        }
        if (value !== null && typeof value === 'object') return wrap(value, [...path, step]);
        return value;
      },
    });
    cache.set(target, proxy);
    return proxy;
  };
  return { proxy: wrap(root, []) as T, reads };
}
