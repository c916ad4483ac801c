/**
 * `npm run bench`: the scale benchmark. Prints measured numbers and ratios; asserts nothing (targets are
 * shown as PASS / MISS) and exits 0 unless something crashed.
 *
 * Part 1 — organization scan at scale (org-scan.ts): for each size (default 100 and 1,000 accounts) a
 * realistic generated estate (17 regions per account, ~5 clusters per account, see estate-profiles.ts) is
 * served by a sandbox process with 50 ms per call and AWS-like rate limits, and the built CLI runs
 * `scan --org` against it as a child process. Then the generator's worst case at 100 accounts.
 *
 *   Floor: per account AssumeRole (member accounts) + GetCallerIdentity + the first ListRegions page (Account
 *   API); per account-region the first page of ListClustersV2 and, when the scan reads CloudTrail, DescribeTrails
 *   and the first LookupEvents page for kafka.amazonaws.com (see call-model.ts).
 *   Calls per cluster above the floor = (total calls − floor calls) / clusters. Target ≤ 1.1.
 *   Lower bound: organization listing + scan phase, from the estate, the latency, the rate limits and the
 *   scanner's concurrency (lower-bound.ts). Targets at 1,000 accounts: measured / bound ≤ 1.5,
 *   peak RSS < 512 MiB.
 *
 * The scanner reads CloudTrail by default (trails and MSK events in every account-region); the model includes
 * those calls when the call log shows them. The largest size is also scanned with `--no-cloudtrail`, the MSK
 * collection alone, which is what the floor and the targets were defined for.
 *
 * Part 2 — evaluation alone (evaluation.ts): 100,000 clusters, saved, loaded with loadInventory, evaluated
 * with every built-in check. Target < 2 s.
 *
 *   npm run bench [-- --sizes 100,1000] [--quick] [--worst-case-accounts 100] [--eval-clusters 100000]
 *                    [--skip-no-cloudtrail] [--skip-scan] [--skip-eval] [--keep] [--profile-scanner]
 *                    [--out bench-results/latest.json]
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PACKAGE_ROOT } from '../src/package-info.js';
import { LATENCY, REALISTIC, WORST_CASE, type EstateProfile } from './estate-profiles.js';
import type { EvaluationResult } from './evaluation.js';
import { formatEvaluation } from './evaluation-report.js';
import { fixed, heading, mark, mib, ms, num, table } from './format.js';
import { runOrgScan, type OrgScanResult } from './org-scan.js';
import { formatOrgScan } from './org-scan-report.js';
import { measureSdkFloor, type SdkFloor } from './sdk-floor.js';

const ROOT = PACKAGE_ROOT;

const DEFINITIONS = `Definitions
  floor                 the calls fixed by the number of accounts and account-regions, whatever they hold:
                        per account: AssumeRole (member accounts) + GetCallerIdentity + the first ListRegions page;
                        per account-region: the first ListClustersV2 page and, when the scan reads CloudTrail,
                        DescribeTrails + the first LookupEvents page for kafka.amazonaws.com
  above the floor       (total calls − floor calls) / clusters; target ≤ 1.1 (per operation in the tables); everything
                        there is per cluster, key, configuration, trail or region with clusters, split by kind into
                        MSK / KMS (+ STS, Account, Organizations), CloudTrail and other collectors
  minimal               floor + further pages at the APIs' largest page sizes + the ListAccounts pages (20 per page) +
                        only where an account-region has a cluster: ListKafkaVersions, one DescribeConfigurationRevision
                        per distinct arn#revision, one DescribeKey (+ GetKeyRotationStatus if customer-managed) per
                        distinct key, and with CloudTrail the kafka-cluster.amazonaws.com LookupEvents pages (also where
                        a kafka.amazonaws.com event shows a cluster) + with CloudTrail, per account, GetTrailStatus
                        (+ GetEventSelectors for custom selectors) once per distinct trail, in its home region: what a
                        perfect scanner makes, no retries
  lower bound           organization listing (GetCallerIdentity + ListAccounts pages: max(pages × latency,
                        (pages − 12) / 8 rps)) + scan phase = max(longest account, Σ account times / account concurrency,
                        every rate-limit bucket's (calls − burst) / rps); account = setup chain (AssumeRole →
                        GetCallerIdentity → ListRegions) + max(longest region chain, Σ region chains / region concurrency);
                        region chain = max(MSK chain, CloudTrail chain); MSK chain = ListClustersV2 pages + (with a
                        cluster) max(DescribeKey → GetKeyRotationStatus, DescribeConfigurationRevision, ListKafkaVersions
                        pages); CloudTrail chain = max(DescribeTrails (→ the trails' details, once per account),
                        LookupEvents pages at 2 rps), at the APIs' largest page sizes
  ratio                 measured wall time / lower bound; target ≤ 1.5 at 1,000 accounts
  SDK CPU floor         the scan's calls × the AWS SDK's own CPU per call on this machine (sdk-floor.ts: one warm client
                        of the scanner's factory, empty answers from a loopback server in another process): the scanner
                        runs on one thread, so its wall time is at least max(lower bound, SDK CPU floor)
  wall time, peak RSS   the scanner process from spawn to exit; its process.resourceUsage().maxRSS (target < 512 MiB)`;

interface BenchResults {
  startedAt: string;
  finishedAt?: string;
  durationMs?: number;
  machine: { cpus: number; cpuModel: string; totalMemMiB: number; node: string; loadAverageAtStart: number[]; loadAverageAtEnd?: number[] };
  options: Record<string, unknown>;
  definitions: string;
  orgScans: OrgScanResult[];
  /** The SDK's own CPU cost per call and per client on this machine (sdk-floor.ts). */
  sdkFloor?: SdkFloor;
  evaluation?: EvaluationResult;
  crashes: string[];
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string' },
      quick: { type: 'boolean', default: false },
      'worst-case-accounts': { type: 'string' },
      'eval-clusters': { type: 'string' },
      'skip-scan': { type: 'boolean', default: false },
      'skip-no-cloudtrail': { type: 'boolean', default: false },
      'skip-eval': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      'profile-scanner': { type: 'boolean', default: false },
      out: { type: 'string', default: 'bench-results/latest.json' },
    },
  });
  const quick = values.quick ?? false;
  const sizes = (values.sizes ?? (quick ? '20' : '100,1000')).split(',').map((s) => positiveInt(s, '--sizes'));
  const worstCaseAccounts = nonNegativeInt(values['worst-case-accounts'] ?? (quick ? '20' : '100'), '--worst-case-accounts');
  const evalClusters = nonNegativeInt(values['eval-clusters'] ?? (quick ? '10000' : '100000'), '--eval-clusters');
  for (const file of ['dist/src/cli.js', 'dist/src/sandbox/main.js']) {
    if (!existsSync(join(ROOT, file))) throw new Error(`${file} is missing: run \`npm run build\` first (npm run bench does)`);
  }

  const started = performance.now();
  const results: BenchResults = {
    startedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', totalMemMiB: Math.round(totalmem() / 2 ** 20), node: process.version, loadAverageAtStart: loadavg() },
    options: { sizes, worstCaseAccounts, evalClusters, latency: LATENCY, realistic: REALISTIC.options, worstCase: WORST_CASE.options },
    definitions: DEFINITIONS,
    orgScans: [],
    crashes: [],
  };
  const say = (text: string) => process.stdout.write(`${text}\n`);
  say(heading('msk-audit scale benchmark'));
  say(`  machine: ${results.machine.cpus} × ${results.machine.cpuModel}, ${num(results.machine.totalMemMiB)} MiB, Node ${process.version}; load average ${loadavg().map((l) => fixed(l, 1)).join(' ')}`);
  if ((loadavg()[0] ?? 0) > cpus().length * 0.75) say('  WARNING: the machine is busy (1-minute load average near or above the CPU count): timings will be inflated.');
  say('');
  say(DEFINITIONS);

  const workDir = await mkdtemp(join(tmpdir(), 'msk-audit-bench-'));
  try {
    if (!values['skip-scan']) {
      const cases: [EstateProfile, number, string[]][] = sizes.map((n) => [REALISTIC, n, []]);
      if (!values['skip-no-cloudtrail']) cases.push([REALISTIC, Math.max(...sizes), ['--no-cloudtrail']]);
      if (worstCaseAccounts > 0) cases.push([WORST_CASE, worstCaseAccounts, []]);
      say(`\n… measuring the SDK's own CPU cost per call (sdk-floor.ts)`);
      results.sdkFloor = await measureSdkFloor();
      say(`  SDK CPU per call ${fixed(results.sdkFloor.cpuPerCallMs, 3)} ms (one warm client, ${num(results.sdkFloor.calls)} calls); per client built ${fixed(results.sdkFloor.cpuPerClientMs, 2)} ms (${num(results.sdkFloor.clients)} clients)`);
      for (const [profile, accounts, scannerArgs] of cases) {
        say(`\n… scanning ${num(accounts)} accounts (${profile.name}${scannerArgs.length ? `, ${scannerArgs.join(' ')}` : ''}); load average ${loadavg().map((l) => fixed(l, 1)).join(' ')}`);
        try {
          const r = await runOrgScan({ root: ROOT, workDir, profile, accounts, latency: LATENCY, scannerArgs, cpuProfile: values['profile-scanner'] ?? false });
          const cpuFloorMs = r.calls.total * results.sdkFloor.cpuPerCallMs;
          const singleThreadBoundMs = Math.max(r.bound.boundMs, cpuFloorMs);
          r.sdkFloor = { ...results.sdkFloor, cpuFloorMs, singleThreadBoundMs, singleThreadRatio: r.scanner.wallMs / singleThreadBoundMs };
          results.orgScans.push(r);
          say(formatOrgScan(r));
          if (r.scanner.exitCode !== 0 && r.scanner.exitCode !== 1) results.crashes.push(`scan of ${accounts} accounts (${profile.name}) exited ${String(r.scanner.exitCode)}`);
        } catch (error) {
          results.crashes.push(`scan of ${accounts} accounts (${profile.name}): ${String(error)}`);
          say(`  CRASHED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        }
      }
    }
    if (!values['skip-eval'] && evalClusters > 0) {
      say(`\n… evaluating ${num(evalClusters)} clusters; load average ${loadavg().map((l) => fixed(l, 1)).join(' ')}`);
      try {
        results.evaluation = await runEvaluationProcess(evalClusters, workDir);
        say(formatEvaluation(results.evaluation));
      } catch (error) {
        results.crashes.push(`evaluation: ${String(error)}`);
        say(`  CRASHED: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } finally {
    if (values.keep) say(`\n(kept the work directory ${workDir})`);
    else await rm(workDir, { recursive: true, force: true });
  }

  say(summary(results));
  results.finishedAt = new Date().toISOString();
  results.durationMs = performance.now() - started;
  results.machine.loadAverageAtEnd = loadavg();
  const out = resolve(ROOT, values.out ?? 'bench-results/latest.json');
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
  say(`\nbenchmark took ${ms(results.durationMs)}; results written to ${out}`);
  if (results.crashes.length) say(`CRASHES:\n  ${results.crashes.join('\n  ')}`);
  return results.crashes.length ? 1 : 0;
}

function summary(r: BenchResults): string {
  const out = [heading('Summary')];
  if (r.orgScans.length) {
    out.push(
      table(
        ['estate', 'accounts', 'clusters', 'wall', 'bound', 'ratio', 'calls', 'calls/cluster', 'above floor/cluster', 'peak RSS', 'ratio/RSS/calls'],
        r.orgScans.map((s) => [
          `${s.profile}${s.cloudTrail ? '' : ', no CloudTrail'}`,
          num(s.accounts),
          num(s.calls.clusters),
          ms(s.scanner.wallMs),
          ms(s.bound.boundMs),
          fixed(s.bound.ratio),
          num(s.calls.total),
          fixed(s.calls.perCluster),
          fixed(s.calls.aboveFloorPerCluster),
          mib(s.scanner.peakRssMiB),
          s.targets.slice(0, 3).map((t) => mark(t.pass)).join(' '),
        ]),
      ),
    );
    out.push('  targets: ratio ≤ 1.5, peak RSS < 512 MiB, ≤ 1.1 calls per cluster above the floor (set for 1,000 accounts)');
    for (const s of r.orgScans.filter((x) => x.sdkFloor)) {
      const f = s.sdkFloor!;
      out.push(
        `  ${s.profile}${s.cloudTrail ? '' : ', no CloudTrail'}, ${num(s.accounts)} accounts: SDK CPU floor ${ms(f.cpuFloorMs)} (${num(s.calls.total)} calls × ${fixed(f.cpuPerCallMs, 3)} ms); ` +
          `one thread's bound max(bound, floor) ${ms(f.singleThreadBoundMs)}, measured / that ${fixed(f.singleThreadRatio)}`,
      );
    }
  }
  if (r.evaluation) {
    const e = r.evaluation;
    out.push(`  evaluation of ${num(e.clusters)} clusters: load ${ms(e.loadMs)}, evaluate ${ms(e.evaluationMs)} (target < 2 s: ${mark(e.evaluationMs < 2000)}), ${num(e.findings)} findings`);
  }
  return out.join('\n');
}

/**
 * The evaluation in its own process with a 6 GiB heap: the build's dist/bench/evaluation.js (the code the CLI
 * ships, with line numbers in profiles) when present, else bench/evaluation.ts through tsx.
 */
function runEvaluationProcess(clusters: number, workDir: string): Promise<EvaluationResult> {
  const out = join(workDir, 'evaluation.json');
  const built = join(ROOT, 'dist/bench/evaluation.js');
  const entry = existsSync(built) ? [built] : ['--import', 'tsx', join(ROOT, 'bench/evaluation.ts')];
  const args = ['--max-old-space-size=6144', '--expose-gc', ...entry, '--clusters', String(clusters), '--out', out];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-8000);
    });
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) return reject(new Error(`the evaluation process exited ${String(code)}: ${stderr}`));
      readFile(out, 'utf8').then((text) => resolvePromise(JSON.parse(text) as EvaluationResult), reject);
    });
  });
}

function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: expected positive integers, got ${value}`);
  return n;
}

function nonNegativeInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag}: expected an integer ≥ 0, got ${value}`);
  return n;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
