/**
 * Issue 10, "Hostile and malformed data": every check (checks/index.ts, the drift checks with a baseline) on
 * inventories derived from valid ones by fast-check mutations.
 *
 *  (a) evaluate never throws and always returns a well-formed verdict — for every inventory the loader accepts
 *      (a mutated inventory the loader rejects must be rejected with a one-line UsageError, never a crash);
 *  (b) never PASSED on missing data — exhaustively, for every (check, subject) PASSED on a base: removing or nulling
 *      each field its evidence cites (a cluster path such as `Provisioned.EncryptionInfo…`, a field of an inventory
 *      object the evidence names by ARN — trail, secret, CA, VPC connection —, a server property of the cluster's
 *      configuration), and turning each fact the check read while judging it (seen through a Proxy) into an error or
 *      removing it, is never PASSED — except where the check's own semantics make the field irrelevant (EXCEPTIONS
 *      below, each with its reason and condition); plus random combinations of those removals;
 *  (c) determinism — the same input (the same file read twice) gives the same verdict;
 *  and the engine path (evaluateAccountRegion) and the whole pipeline (buildScanResult, every report renderer, the
 *  terminal summary) never throw on the mutated inventories.
 *
 * Mutations: delete, null, odd strings (100 kB, RTL override, zero-width, lone surrogates, NUL, emoji, ANSI, prototype
 * keys, wrong-case enums), wrong types, empty arrays, facts turned into errors. Every mutated inventory goes through
 * JSON and the loader, as `msk-audit evaluate` reads it. FAULT_RUNS=N runs N cases per property (a longer sweep).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import { isAccountRegionCheck, SEVERITIES, STATUSES, type Check, type Verdict } from '../../src/check/index.js';
import { evaluateAccountRegion } from '../../src/engine/evaluate.js';
import { UsageError } from '../../src/errors.js';
import { parseInventory } from '../../src/inventory/load.js';
import type { AccountRegionInventory, Baseline, MskCluster } from '../../src/inventory/index.js';
import { parseBaseline } from '../../src/drift/baseline-file.js';
import { buildScanResult } from '../../src/audit.js';
import { formatSummary } from '../../src/cli/terminal.js';
import { REPORT_FORMATS, renderers } from '../../reports/index.js';
import {
  BASES,
  DELETE,
  THRESHOLDS,
  allPaths,
  baselineFor,
  clone,
  factError,
  getAt,
  inventoryWith,
  isFact,
  setAt,
  trackFactReads,
  type Path,
} from './hostile-data-support.js';

export const NUM_RUNS = { mutate: Number(process.env.FAULT_RUNS ?? 250), baseline: 150, missingSubsets: 200, reports: Number(process.env.FAULT_RUNS ?? 150) };

/** One verdict per (check, subject): cluster checks per cluster ARN, account-region checks per subject key. */
function evaluateAll(check: Check, region: AccountRegionInventory, baseline: Baseline | undefined): Map<string, Verdict> {
  const context = { account: region.account, region: region.region, inventory: region, thresholds: THRESHOLDS, ...(baseline ? { baseline } : {}) };
  const out = new Map<string, Verdict>();
  if (isAccountRegionCheck(check)) {
    const outcome = check.evaluate(context);
    if (Array.isArray(outcome)) outcome.forEach((v) => out.set(`subject:${v.subject.key}`, v));
    else out.set('account-region', outcome);
    return out;
  }
  if (!region.clusters.ok) return out;
  region.clusters.value.forEach((cluster, index) => out.set(`cluster:${index}:${cluster.ClusterArn}`, check.evaluate(cluster, context)));
  return out;
}

function expectWellFormed(verdict: Verdict, label: string): void {
  expect(STATUSES, label).toContain(verdict.status);
  if (verdict.severity !== undefined) expect(SEVERITIES, label).toContain(verdict.severity);
  expect(typeof verdict.reason, label).toBe('string');
  expect(verdict.reason.trim().length, label).toBeGreaterThan(0);
  expect(typeof verdict.evidence, label).toBe('object');
  expect(JSON.parse(JSON.stringify(verdict.evidence)), label).toEqual(verdict.evidence);
}

// ---------------------------------------------------------------------------------------------------------
// Mutations

const HUGE = 'A'.repeat(100_000);
export const ODD_STRINGS = [
  '',
  ' ',
  HUGE,
  '\u202Eevil\u202C', // RTL override
  'pay\u200Bments\u200D\uFEFF', // zero-width
  '\uD800', // lone high surrogate
  'x\uDC00y', // lone low surrogate
  'nul\u0000byte',
  '🔥💥\u{1F600}',
  '\u001b[31mred\u001b[0m',
  'TLS\u0000',
  'tls',
  'DISABLED ',
  'UNKNOWN_ENUM_VALUE',
  '__proto__',
  'constructor',
  '<script>alert(1)</script>',
  '1e309',
  'NaN',
];
const WRONG_TYPES: unknown[] = [0, -1, 1.5, 1e308, Number.MAX_SAFE_INTEGER, true, false, [], {}, [null], { ok: 'yes' }, ['a', 1]];

type Mutation = { at: number; kind: 'delete' | 'null' | 'string' | 'wrong-type' | 'empty-array' | 'fact-error'; pick: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('delete', 'null', 'string', 'wrong-type', 'empty-array', 'fact-error'),
  pick: fc.nat(),
});

/** Applies a mutation to the region at the path picked among its paths (or, for fact-error, among its facts). */
function applyMutation(region: AccountRegionInventory, mutation: Mutation): string {
  const paths = allPaths(region);
  if (mutation.kind === 'fact-error') {
    const facts = paths.filter((p) => isFact(getAt(region, p)));
    if (facts.length === 0) return 'no fact';
    const path = facts[mutation.at % facts.length]!;
    setAt(region, path, factError());
    return `fact-error ${path.join('.')}`;
  }
  const path = paths[mutation.at % paths.length]!;
  const value =
    mutation.kind === 'delete'
      ? DELETE
      : mutation.kind === 'null'
        ? null
        : mutation.kind === 'string'
          ? ODD_STRINGS[mutation.pick % ODD_STRINGS.length]
          : mutation.kind === 'wrong-type'
            ? clone(WRONG_TYPES[mutation.pick % WRONG_TYPES.length])
            : [];
  setAt(region, path, value);
  return `${mutation.kind} ${path.join('.')}`;
}

/** The mutated region through the loader (as `msk-audit evaluate` would read it): the parsed region, or the loader's rejection. */
function load(region: AccountRegionInventory): { ok: true; region: AccountRegionInventory } | { ok: false; error: unknown } {
  // What a file holds: JSON text (undefined dropped, lone surrogates escaped) parsed back.
  const json: unknown = JSON.parse(JSON.stringify(inventoryWith(region)));
  try {
    return { ok: true, region: parseInventory(json, 'mutated.json').accountRegions[0]! };
  } catch (error) {
    return { ok: false, error };
  }
}

const counters = { accepted: 0, rejected: 0, verdicts: 0 };

describe('(a)+(c) every check on mutated inventories', () => {
  for (const [name, make] of Object.entries(BASES)) {
    it(`${name}: never throws, well-formed verdicts, deterministic, engine path never throws (${NUM_RUNS.mutate} runs)`, () => {
      const base = make();
      const baseline = baselineFor(base);
      fc.assert(
        fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (mutations) => {
          const region = clone(base);
          const applied = mutations.map((m) => applyMutation(region, m));
          const loaded = load(region);
          if (!loaded.ok) {
            counters.rejected++;
            // The loader's answer to a malformed file: a clear, one-line UsageError naming the file.
            expect(loaded.error, applied.join('; ')).toBeInstanceOf(UsageError);
            expect((loaded.error as Error).message).toMatch(/^inventory mutated\.json: /);
            expect((loaded.error as Error).message).not.toContain('\n');
            return;
          }
          counters.accepted++;
          // Determinism: the same file read twice (two independent objects) gives the same verdicts.
          const again = load(region);
          if (!again.ok) throw new Error('the loader is not deterministic');
          for (const check of builtinChecks) {
            const first = evaluateAll(check, loaded.region, baseline);
            const second = evaluateAll(check, again.region, baseline);
            for (const [subject, verdict] of first) {
              counters.verdicts++;
              expectWellFormed(verdict, `${check.meta.id} ${subject} after ${applied.join('; ')}`);
            }
            expect(JSON.stringify([...second]), `${check.meta.id} is not deterministic after ${applied.join('; ')}`).toBe(JSON.stringify([...first]));
          }
          const findings = evaluateAccountRegion(loaded.region, 'aws', { checks: builtinChecks, thresholds: THRESHOLDS, baseline, cloudTrail: true });
          for (const finding of findings) expectWellFormed(finding, `engine ${finding.checkId} after ${applied.join('; ')}`);
        }),
        { numRuns: NUM_RUNS.mutate, ...(process.env.FAULT_RUNS ? {} : { seed: 20261123 + name.length }) },
      );
      // The mutations must exercise both sides of the loader.
      expect(counters.accepted).toBeGreaterThan(0);
    }, 60_000 + NUM_RUNS.mutate * 20);
  }

  it(`the whole pipeline (buildScanResult, every report format, the summary) never throws on what the loader accepts (${NUM_RUNS.reports} runs)`, () => {
    const base = BASES.rich!();
    const baseline = baselineFor(base);
    let rendered = 0;
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (mutations) => {
        const region = clone(base);
        for (const m of mutations) applyMutation(region, m);
        const json: unknown = JSON.parse(JSON.stringify(inventoryWith(region)));
        let inventory;
        try {
          inventory = parseInventory(json, 'mutated.json');
        } catch {
          return;
        }
        const result = buildScanResult(inventory, { checks: builtinChecks, thresholds: THRESHOLDS, severityOverrides: {}, tagFilters: {}, baseline }, { startedAt: new Date('2026-11-23T10:00:00Z') });
        for (const format of REPORT_FORMATS) expect(typeof renderers[format].render(result)).toBe('string');
        expect(formatSummary(result).length).toBeGreaterThan(0);
        rendered++;
      }),
      { numRuns: NUM_RUNS.reports, ...(process.env.FAULT_RUNS ? {} : { seed: 99 }) },
    );
    expect(rendered).toBeGreaterThan(0);
  }, 120_000);

  it(`a mutated baseline is rejected by the baseline loader or judged without throwing (${NUM_RUNS.baseline} runs)`, () => {
    const base = BASES.rich!();
    const baseline = baselineFor(base);
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (mutations) => {
        const mutated = clone(baseline) as unknown as AccountRegionInventory;
        for (const m of mutations) applyMutation(mutated, m.kind === 'fact-error' ? { ...m, kind: 'null' } : m);
        let parsed: Baseline;
        try {
          parsed = parseBaseline(JSON.parse(JSON.stringify(mutated)), 'mutated-baseline.json');
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
          expect((error as Error).message).not.toContain('\n');
          return;
        }
        for (const check of builtinChecks.filter((c) => c.requires === 'baseline')) {
          for (const [subject, verdict] of evaluateAll(check, clone(base), parsed)) expectWellFormed(verdict, `${check.meta.id} ${subject}`);
        }
        evaluateAccountRegion(clone(base), 'aws', { checks: builtinChecks, thresholds: THRESHOLDS, baseline: parsed, cloudTrail: true });
      }),
      { numRuns: NUM_RUNS.baseline, seed: 42 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// (b) never PASSED on missing data

/**
 * Fields whose absence does not matter to a check, by its own semantics: each exception names the check and the
 * field (cluster path, or fact path in the account-region), says why, and applies only under its stated condition.
 */
interface Exception {
  check: string;
  field: RegExp;
  reason: string;
  /** When the exception holds, judged on the mutated cluster / region. */
  when?: (cluster: MskCluster | undefined, region: AccountRegionInventory) => boolean;
}

const strongModeStillOn = (path: string) => (cluster: MskCluster | undefined) => {
  const auth = cluster?.Provisioned?.ClientAuthentication;
  const modes = {
    iam: auth?.Sasl?.Iam?.Enabled === true,
    scram: auth?.Sasl?.Scram?.Enabled === true,
    tls: auth?.Tls?.Enabled === true && Array.isArray(auth.Tls.CertificateAuthorityArnList) && auth.Tls.CertificateAuthorityArnList.length > 0,
  };
  const touched = path.includes('Iam') ? 'iam' : path.includes('Scram') ? 'scram' : 'tls';
  return Object.entries(modes).some(([mode, on]) => mode !== touched && on);
};

export const EXCEPTIONS: Exception[] = [
  {
    check: '*',
    field: /^State$/,
    reason:
      'State only routes DELETING and FAILED clusters to NOT_APPLICABLE; a cluster whose state is not reported is judged on its settings, which are all present.',
  },
  {
    check: 'msk-strong-client-auth',
    field: /^Provisioned\.ClientAuthentication\.(Sasl\.(Iam|Scram)\.Enabled|Tls\.Enabled|Tls\.CertificateAuthorityArnList)$/,
    reason:
      'The check asks that at least one strong mode (IAM, SCRAM, mutual TLS with a CA) be on; while another strong mode is definitely on, an unknown switch cannot turn the verdict (unauthenticated access is judged by msk-no-unauthenticated-access).',
    when: (cluster, _region) => cluster !== undefined,
  },
  {
    check: 'msk-zookeeper-tls-only',
    field: /^Provisioned\.CurrentBrokerSoftwareInfo\.KafkaVersion$/,
    reason: 'The Kafka version only tells KRaft clusters (no ZooKeeper) apart when there is no TLS connection string; here ZookeeperConnectStringTls is present and no plaintext string is.',
    when: (cluster) => typeof cluster?.Provisioned?.ZookeeperConnectStringTls === 'string' && cluster.Provisioned.ZookeeperConnectString === undefined,
  },
  {
    check: 'cloudtrail-region-covered',
    field: /^trails\.value\.\d+\.logging$/,
    reason:
      'This check judges which management events a trail selects; whether the trail is logging is cloudtrail-trail-logging\'s verdict (the logging fact is read only to show it in the evidence).',
  },
  {
    check: 'msk-acl-deny-by-default',
    field: /^Provisioned\.ClientAuthentication\.(Sasl\.Scram|Tls)\.Enabled$/,
    reason:
      'allow.everyone.if.no.acl.found=false is cluster-wide: while the other ACL-authorized mode (SCRAM or mutual TLS) is definitely on, the configuration is judged, and an unknown switch for this mode is covered by the same setting.',
    when: (cluster, _region) => {
      const auth = cluster?.Provisioned?.ClientAuthentication;
      return auth?.Sasl?.Scram?.Enabled === true || auth?.Tls?.Enabled === true;
    },
  },
  {
    check: 'msk-config-hygiene',
    field: /^serverProperties\.(auto\.create\.topics\.enable|unclean\.leader\.election\.enable|min\.insync\.replicas|default\.replication\.factor)$/,
    reason:
      'A property the configuration does not set takes the value of MSK\'s documented default configuration, which the check applies (replication settings by the number of Availability Zones, known here from the client subnets): an unset property is not missing data.',
    when: (cluster) => (cluster?.Provisioned?.BrokerNodeGroupInfo?.ClientSubnets?.length ?? 0) >= 2,
  },
  {
    check: 'msk-drift-from-baseline',
    field: /^kafkaEvents$/,
    reason: 'CloudTrail events only attribute changes; when every approved field matches there is no change to attribute.',
  },
  {
    check: 'msk-connect-secure',
    field: /^clusters$/,
    reason: 'A connector is judged on its own encryption, authentication and log delivery; the cluster list only decides NOT_APPLICABLE when there is no connector at all.',
  },
  {
    check: 'org-scp-denies-msk-security-changes',
    field: /^accountWide\.guardrails\.value\.path\.\d+\.policies(\.value\.\d+\.statements)?$/,
    reason:
      'An SCP Deny on any target of the account\'s path applies to the account; while a readable target still denies every guardrail action, an unreadable target elsewhere on the path cannot allow them back.',
    when: (_cluster, region) => {
      const g = region.accountWide?.guardrails;
      if (!g?.ok) return false;
      return g.value.path.some((target) => target.policies.ok && target.policies.value.some((p) => p.statements.ok && p.statements.value.some((st) => st.effect === 'Deny')));
    },
  },
  {
    check: 'cloudtrail-*',
    field: /^trails\.value\.\d+\.(homeRegion|multiRegion|organizationTrail)$/,
    reason:
      'DescribeTrails in an account-region lists the trails that apply to it (shadow copies of multi-region and organization trails included); the trail\'s scope fields are shown in the evidence for context, no CloudTrail check judges them.',
  },
  {
    check: 'cloudtrail-region-covered',
    field: /^trails\.value\.\d+\.(kmsKeyId|logFileValidation)$/,
    reason: 'The trail evidence is shared by the CloudTrail checks; KMS encryption and log file validation are judged by cloudtrail-logs-encrypted and cloudtrail-log-file-validation.',
  },
  {
    check: 'cloudtrail-trail-logging',
    field: /^trails\.value\.\d+\.(kmsKeyId|logFileValidation)$/,
    reason: 'The trail evidence is shared by the CloudTrail checks; KMS encryption and log file validation are judged by cloudtrail-logs-encrypted and cloudtrail-log-file-validation.',
  },
  {
    check: 'cloudtrail-log-file-validation',
    field: /^trails\.value\.\d+\.kmsKeyId$/,
    reason: 'The trail evidence is shared by the CloudTrail checks; KMS encryption is judged by cloudtrail-logs-encrypted.',
  },
  {
    check: 'cloudtrail-logs-encrypted',
    field: /^trails\.value\.\d+\.logFileValidation$/,
    reason: 'The trail evidence is shared by the CloudTrail checks; log file validation is judged by cloudtrail-log-file-validation.',
  },
  {
    check: 'msk-private-ca-healthy',
    field: /^privateCas\..+\.value\.type$/,
    reason: 'Whether the CA is a root or a subordinate is shown for context; either may issue client certificates, and the check does not judge it.',
  },
  {
    check: 'msk-private-ca-healthy',
    field: /^privateCas\..+\.value\.ocspEnabled$/,
    reason: 'The CA must publish revocation information by CRL or OCSP; with the CRL definitely enabled, OCSP is not needed.',
    when: (_cluster, region) => Object.values(region.privateCas ?? {}).every((ca) => ca.ok && ca.value.crlEnabled === true),
  },
  {
    check: 'msk-scram-secrets-protected',
    field: /^secrets\..+\.value\.rotationRules$/,
    reason: 'A secret passes on RotationEnabled true (Secrets Manager only enables rotation with a schedule); the rules are shown for context.',
    when: (_cluster, region) => Object.values(region.secrets ?? {}).every((secret) => secret.ok && secret.value.rotationEnabled === true),
  },
  {
    check: 'msk-vpc-connections-authenticated',
    field: /^clientVpcConnections\..+\.value\.\d+\.state$/,
    reason: 'The state only lets closed connections (rejected, deleted …) be skipped; a connection whose state is unknown is judged as open, on its authentication and owner, which are present.',
  },
];

const matchesCheck = (pattern: string, checkId: string) => pattern === '*' || pattern === checkId || (pattern.endsWith('*') && checkId.startsWith(pattern.slice(0, -1)));

function exceptionFor(checkId: string, path: string, cluster: MskCluster | undefined, region: AccountRegionInventory): string | undefined {
  const found = EXCEPTIONS.find((e) => matchesCheck(e.check, checkId) && e.field.test(path) && (e.when === undefined || e.when(cluster, region)));
  if (found?.check === 'msk-strong-client-auth' && !strongModeStillOn(path)(cluster)) return undefined;
  return found?.reason;
}

/** Resolves an evidence key (`Provisioned.X.Y`, `Serverless.VpcConfigs[].SecurityGroupIds`) to the cluster paths it names. */
function clusterPathsOf(cluster: MskCluster, key: string): Path[] {
  let paths: Path[] = [[]];
  for (const segment of key.split('.')) {
    const many = segment.endsWith('[]');
    const name = many ? segment.slice(0, -2) : segment;
    const next: Path[] = [];
    for (const path of paths) {
      const node = getAt(cluster, path);
      if (node === null || typeof node !== 'object' || !(name in node)) continue;
      const child = getAt(cluster, [...path, name]);
      if (many) {
        if (Array.isArray(child)) child.forEach((_, i) => next.push([...path, name, i]));
      } else next.push([...path, name]);
    }
    paths = next;
  }
  return paths.filter((p) => p.length > 0);
}

const ARN_KEYS = ['arn', 'vpcConnectionArn'];

/**
 * For every object of the evidence that carries an ARN (`arn`, `VpcConnectionArn`), the inventory objects (outside
 * the clusters) with that ARN and the evidence keys that are fields of them (compared case-insensitively).
 */
function citedByArn(region: AccountRegionInventory, evidence: unknown): [Path, string[]][] {
  const byArn = new Map<string, Path[]>();
  for (const path of allPaths(region)) {
    if (path[0] === 'clusters') continue;
    const node = getAt(region, path);
    if (node === null || typeof node !== 'object' || Array.isArray(node)) continue;
    for (const key of ARN_KEYS) {
      const arn = (node as Record<string, unknown>)[key];
      if (typeof arn === 'string') byArn.set(arn, [...(byArn.get(arn) ?? []), path]);
    }
  }
  const out: [Path, string[]][] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    const arnKey = Object.keys(record).find((k) => ARN_KEYS.includes(k.charAt(0).toLowerCase() + k.slice(1)));
    const arn = arnKey ? record[arnKey] : undefined;
    if (typeof arn === 'string') {
      for (const objectPath of byArn.get(arn) ?? []) {
        const target = getAt(region, objectPath) as Record<string, unknown>;
        const fields = Object.keys(record)
          .filter((k) => k !== arnKey)
          .map((k) => Object.keys(target).find((field) => field.toLowerCase() === k.toLowerCase()))
          .filter((field): field is string => field !== undefined && !ARN_KEYS.includes(field));
        if (fields.length > 0) out.push([objectPath, [...new Set(fields)]]);
      }
    }
    Object.values(record).forEach(visit);
  };
  visit(evidence);
  return out;
}

interface MissingCase {
  label: string;
  checkId: string;
  subject: string;
  mutate: (region: AccountRegionInventory, cluster: MskCluster | undefined) => void;
  exceptionKey: string;
}

/** Every (check, subject) that PASSES on a base, with the missing-data mutations its verdict must not survive. */
function missingCases(): { base: string; cases: MissingCase[]; passes: number; citedFields: number; factsRead: number } [] {
  return Object.entries(BASES).map(([baseName, make]) => {
    const region = make();
    const baseline = baselineFor(region);
    const cases: MissingCase[] = [];
    let passes = 0;
    let citedFields = 0;
    let factsRead = 0;
    for (const check of builtinChecks) {
      // One tracker per subject: the facts read while judging this cluster (or this account-region) only.
      const subjects: [string, Verdict, Path[]][] = [];
      if (isAccountRegionCheck(check)) {
        const tracked = trackFactReads(region);
        for (const [subject, verdict] of evaluateAll(check, tracked.proxy, baseline)) subjects.push([subject, verdict, tracked.reads]);
      } else if (region.clusters.ok) {
        region.clusters.value.forEach((cluster, index) => {
          const tracked = trackFactReads(region);
          const context = { account: region.account, region: region.region, inventory: tracked.proxy, thresholds: THRESHOLDS, baseline };
          subjects.push([`cluster:${index}:${cluster.ClusterArn}`, check.evaluate(cluster, context), tracked.reads]);
        });
      }
      for (const [subject, verdict, reads] of subjects) {
        if (verdict.status !== 'PASSED') continue;
        passes++;
        const clusterIndex = subject.startsWith('cluster:') ? Number(subject.split(':')[1]) : undefined;
        const cluster = clusterIndex !== undefined && region.clusters.ok ? region.clusters.value[clusterIndex] : undefined;
        if (cluster) {
          for (const key of Object.keys(verdict.evidence)) {
            for (const path of clusterPathsOf(cluster, key)) {
              citedFields++;
              const pathText = path.join('.');
              for (const [how, value] of [['remove', DELETE], ['null', null]] as const) {
                cases.push({
                  label: `${how} cluster field ${pathText}`,
                  checkId: check.meta.id,
                  subject,
                  exceptionKey: pathText,
                  mutate: (_r, c) => void setAt(c, path, value),
                });
              }
            }
          }
        }
        // Evidence about one inventory object (a trail, a secret, a CA, a VPC connection) names it by ARN: the fields it
        // cites of that object are cited fields too.
        for (const [objectPath, keys] of citedByArn(region, verdict.evidence)) {
          for (const key of keys) {
            const path = [...objectPath, key];
            const pathText = path.join('.');
            citedFields++;
            for (const [how, value] of [['remove', DELETE], ['null', null]] as const) {
              cases.push({ label: `${how} ${pathText}`, checkId: check.meta.id, subject, exceptionKey: pathText, mutate: (r) => void setAt(r, path, value) });
            }
          }
        }
        // Evidence about the cluster's configuration names server properties: remove each cited one from the revision.
        const properties = new Set(
          Object.keys(verdict.evidence).flatMap((key) => /^(?:Configuration\.ServerProperties|effective|source)\.(.+)$/.exec(key)?.[1] ?? []),
        );
        for (const property of properties) {
          citedFields++;
          cases.push({
            label: `remove server property ${property}`,
            checkId: check.meta.id,
            subject,
            exceptionKey: `serverProperties.${property}`,
            mutate: (r) => {
              for (const revision of Object.values(r.configurations)) {
                if (!revision.ok) continue;
                delete revision.value.serverProperties[property];
                revision.value.serverPropertiesText = revision.value.serverPropertiesText
                  .split('\n')
                  .filter((line) => !line.trim().startsWith(`${property}=`))
                  .join('\n');
              }
            },
          });
        }
        // Facts the check read while deciding (the tracker sees every evaluation of this check; keep them all).
        for (const path of reads) {
          const pathText = path.join('.');
          if (cluster && pathText === 'clusters') continue; // the cluster under judgement is handed over directly
          factsRead++;
          cases.push({ label: `fact ${pathText} unavailable`, checkId: check.meta.id, subject, exceptionKey: pathText, mutate: (r) => void setAt(r, path, factError()) });
          cases.push({ label: `fact ${pathText} removed`, checkId: check.meta.id, subject, exceptionKey: pathText, mutate: (r) => void setAt(r, path, DELETE) });
        }
      }
    }
    return { base: baseName, cases, passes, citedFields, factsRead };
  });
}

describe('(b) never PASSED on missing data', () => {
  it('covers every check: each PASSES on at least one base (so each has cited fields and read facts to remove)', () => {
    const passing = new Set<string>();
    for (const make of Object.values(BASES)) {
      const region = make();
      const baseline = baselineFor(region);
      for (const check of builtinChecks) {
        for (const verdict of evaluateAll(check, region, baseline).values()) if (verdict.status === 'PASSED') passing.add(check.meta.id);
      }
    }
    expect(builtinChecks.map((c) => c.meta.id).filter((id) => !passing.has(id))).toEqual([]);
  });

  for (const { base, cases, passes, citedFields, factsRead } of missingCases()) {
    it(`${base}: ${passes} PASSED verdicts, ${citedFields} cited cluster fields, ${factsRead} facts read → ${cases.length} removals, none PASSED`, () => {
      expect(passes).toBeGreaterThan(10);
      const problems: string[] = [];
      let checked = 0;
      let skippedInvalid = 0;
      let excepted = 0;
      for (const testCase of cases) {
        const region = BASES[base]!();
        const baseline = baselineFor(region);
        const check = builtinChecks.find((c) => c.meta.id === testCase.checkId)!;
        const clusterIndex = testCase.subject.startsWith('cluster:') ? Number(testCase.subject.split(':')[1]) : undefined;
        const cluster = clusterIndex !== undefined && region.clusters.ok ? region.clusters.value[clusterIndex] : undefined;
        testCase.mutate(region, cluster);
        // Only what a file could hold: a removal the loader rejects is the loader's to report (checked in (a)).
        const loaded = load(region);
        if (!loaded.ok) {
          skippedInvalid++;
          continue;
        }
        const subjectCluster = clusterIndex !== undefined && loaded.region.clusters.ok ? loaded.region.clusters.value[clusterIndex] : undefined;
        const context = { account: region.account, region: region.region, inventory: loaded.region, thresholds: THRESHOLDS, baseline };
        let verdict: Verdict | undefined;
        if (isAccountRegionCheck(check)) {
          const outcome = check.evaluate(context);
          const list = Array.isArray(outcome) ? outcome : [outcome];
          verdict = testCase.subject === 'account-region' ? (Array.isArray(outcome) ? undefined : outcome) : list.find((v) => `subject:${(v as { subject?: { key: string } }).subject?.key}` === testCase.subject);
          // A PASSED account-region verdict that became a list of subjects (or vanished) is not PASSED.
          if (verdict === undefined && list.some((v) => v.status === 'PASSED')) verdict = list.find((v) => v.status === 'PASSED');
        } else {
          // The cluster under judgement: if the clusters fact itself was removed, judge the mutated cluster object.
          verdict = check.evaluate(subjectCluster ?? cluster!, context);
        }
        checked++;
        if (verdict?.status === 'PASSED') {
          if (exceptionFor(testCase.checkId, testCase.exceptionKey, subjectCluster ?? cluster, loaded.region)) {
            excepted++;
            continue;
          }
          problems.push(`${testCase.checkId} [${testCase.subject}] PASSED after: ${testCase.label} — ${verdict.reason}`);
        }
      }
      expect(problems).toEqual([]);
      expect(checked).toBeGreaterThan(0);
      console.info(`(b) ${base}: ${checked} removals judged, ${skippedInvalid} rejected by the loader, ${excepted} documented exceptions`);
    });
  }
});

describe('(b) never PASSED on missing data, several at once', () => {
  it(`a random non-empty set of removals of one PASSED verdict's cited fields and read facts is never PASSED (${NUM_RUNS.missingSubsets} runs)`, () => {
    // Only removals no exception covers: each alone is not PASSED (above), so together they must not be either.
    const groups = missingCases().flatMap(({ base, cases }) => {
      const byVerdict = new Map<string, MissingCase[]>();
      for (const c of cases) {
        if (EXCEPTIONS.some((e) => matchesCheck(e.check, c.checkId) && e.field.test(c.exceptionKey))) continue;
        const key = `${c.checkId}|${c.subject}`;
        byVerdict.set(key, [...(byVerdict.get(key) ?? []), c]);
      }
      return [...byVerdict.values()].map((list) => ({ base, list }));
    });
    fc.assert(
      fc.property(
        fc.nat().chain((g) => {
          const group = groups[g % groups.length]!;
          return fc.subarray(group.list, { minLength: 1 }).map((picked) => ({ base: group.base, picked }));
        }),
        ({ base, picked }) => {
          const region = BASES[base]!();
          const baseline = baselineFor(region);
          const { checkId, subject } = picked[0]!;
          const clusterIndex = subject.startsWith('cluster:') ? Number(subject.split(':')[1]) : undefined;
          const cluster = clusterIndex !== undefined && region.clusters.ok ? region.clusters.value[clusterIndex] : undefined;
          for (const c of picked) c.mutate(region, cluster);
          const loaded = load(region);
          if (!loaded.ok) return;
          const check = builtinChecks.find((c) => c.meta.id === checkId)!;
          const context = { account: region.account, region: region.region, inventory: loaded.region, thresholds: THRESHOLDS, baseline };
          const subjectCluster = clusterIndex !== undefined && loaded.region.clusters.ok ? loaded.region.clusters.value[clusterIndex] : cluster;
          const outcome = isAccountRegionCheck(check) ? check.evaluate(context) : check.evaluate(subjectCluster!, context);
          const list = Array.isArray(outcome) ? outcome : [outcome];
          const verdict = subject === 'account-region' ? list[0] : list.find((v) => `subject:${(v as { subject?: { key: string } }).subject?.key}` === subject) ?? list[0];
          if (!Array.isArray(outcome) || subject !== 'account-region') {
            expect(verdict?.status, `${checkId} ${subject} after ${picked.map((c) => c.label).join('; ')}`).not.toBe('PASSED');
          }
        },
      ),
      { numRuns: NUM_RUNS.missingSubsets, seed: 7 },
    );
  });
});

