/**
 * One organization scan at scale: generate the estate, serve it from a sandbox process (latency, AWS-like rate
 * limits), run the built CLI (`scan --org`) as a child process with the peak-RSS preload, then read the report,
 * the sandbox's call summary and the process measurements, and compare them with the call model and the
 * lower bound.
 */
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DEFAULT_ACCOUNT_CONCURRENCY,
  DEFAULT_REGION_CONCURRENCY,
} from '../src/collect/inventory.js';
import { DEFAULT_KMS_CONCURRENCY } from '../src/collect/kms-keys.js';
import { DEFAULT_CONFIGURATION_CONCURRENCY } from '../src/collect/configurations.js';
import { generateEstate } from '../src/sandbox/index.js';
import { pagesAsMade, visibleClusters } from './call-model.js';
import { callStats, type CallStats } from './call-stats.js';
import { chainCheckOf, timeline, type ChainCheck, type Timeline } from './chain-check.js';
import { estateFacts, type EstateFacts } from './estate-facts.js';
import type { EstateProfile } from './estate-profiles.js';
import { lowerBound, type Concurrency, type LowerBound } from './lower-bound.js';
import { startSandboxProcess } from './sandbox-process.js';
import { summariseProfile, type ProfileSummary } from './cpu-profile.js';

const HOME_REGION = 'us-east-1';

export const SCANNER_CONCURRENCY: Concurrency = {
  accounts: DEFAULT_ACCOUNT_CONCURRENCY,
  regions: DEFAULT_REGION_CONCURRENCY,
  kmsKeys: DEFAULT_KMS_CONCURRENCY,
  configurations: DEFAULT_CONFIGURATION_CONCURRENCY,
};


export interface Target {
  name: string;
  target: string;
  measured: string;
  pass: boolean;
}

export interface OrgScanResult {
  /**
   * Set by run.ts from measureSdkFloor (sdk-floor.ts): the scan's calls × the SDK's own CPU per call on this machine,
   * what one thread cannot go below.
   */
  sdkFloor?: { cpuPerCallMs: number; cpuPerClientMs: number; cpuFloorMs: number; singleThreadBoundMs: number; singleThreadRatio: number };
  profile: string;
  description: string;
  accounts: number;
  settings: Record<string, unknown>;
  estate: EstateFacts['totals'] & { generateMs: number; fileMiB: number };
  sandbox: { startupMs: number; cpuSecondsDuringScan?: number; peakRssMiB?: number };
  scanner: {
    exitCode: number | null;
    wallMs: number;
    peakRssMiB?: number;
    cpuUserSeconds?: number;
    cpuSystemSeconds?: number;
    eventLoopDelayMs?: { p50: number; p99: number; max: number; mean: number };
    /** Peaks of the 1-second memory samples (MiB) and when the RSS peaked (s after start). */
    memoryPeakMiB?: { rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number; rssAtS: number };
    memoryTimelineMiB?: { atS: number; rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number }[];
    stderr: string;
    /** With `profile`: the scanner's CPU profile (node --cpu-prof), summarised. */
    profile?: ProfileSummary;
  };
  report: { found: boolean; clusters?: number; expectedClusters: number; match: boolean; findings?: number; fileMiB?: number };
  calls: CallStats;

  /** Wall time split by the call log (sandbox clock = this machine's clock). */
  timeline?: Timeline;
  /** Whether the scan read CloudTrail (seen in the call log), and so whether the model includes it. */
  cloudTrail: boolean;
  bound: Omit<LowerBound, 'accountTimes'> & { ratio: number };
  /** The same bound with the ListRegions / ListKafkaVersions page counts the scanner actually made. */
  boundAsMade: { listRegionsPages: number; kafkaVersionsPages: number; boundMs: number; ratio: number; meanAccountMs: number };
  chainCheck?: ChainCheck;

  targets: Target[];
}

export interface OrgScanOptions {
  root: string;
  workDir: string;
  profile: EstateProfile;
  accounts: number;
  latency: { meanMs: number; jitterMs: number };
  /** Extra arguments for `msk-audit scan` (e.g. --no-cloudtrail). */
  scannerArgs?: string[];
  /** Run the scanner under `node --cpu-prof` (slows it a little) and summarise the profile. */
  cpuProfile?: boolean;
}

export async function runOrgScan(options: OrgScanOptions): Promise<OrgScanResult> {
  const { root, profile, accounts, latency } = options;
  const dir = join(options.workDir, `${profile.name}-${accounts}${(options.scannerArgs ?? []).join('')}`);
  await mkdir(dir, { recursive: true });

  let t = performance.now();
  const estate = generateEstate({ ...profile.options, accounts });
  const facts = estateFacts(estate);
  const generateMs = performance.now() - t;
  const estateFile = join(dir, 'estate.json');
  const estateText = JSON.stringify(estate);
  await writeFile(estateFile, estateText);

  const sandbox = await startSandboxProcess({ root, estateFile, latencyMs: latency.meanMs, jitterMs: latency.jitterMs, rateLimits: true });
  try {
    const outDir = join(dir, 'report');
    const rssFile = join(dir, 'scanner-usage.json');
    const cpuBefore = sandbox.cpuSeconds();
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      ...sandbox.env,
      BENCH_PEAK_RSS_FILE: rssFile,
    };
    const profileDir = join(dir, 'cpu-profile');
    const args = [...(options.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), '--import', join(root, 'bench/peak-rss.mjs'), join(root, 'dist/src/cli.js'), 'scan', '--org', '--format', 'json', '--output-dir', outDir, '--quiet', ...(options.scannerArgs ?? [])];
    const spawnEpoch = Date.now();
    t = performance.now();
    const { code, stderr } = await run(process.execPath, args, { cwd: dir, env });
    const wallMs = performance.now() - t;
    const exitEpoch = Date.now();
    const cpuAfter = sandbox.cpuSeconds();

    const usage = await readJson<{
      maxRssKiB: number;
      userCpuMicros: number;
      systemCpuMicros: number;
      eventLoopDelayMs: OrgScanResult['scanner']['eventLoopDelayMs'];
      memoryPeakMiB: OrgScanResult['scanner']['memoryPeakMiB'];
      memoryTimelineMiB: OrgScanResult['scanner']['memoryTimelineMiB'];
    }>(rssFile);
    const reportFile = join(outDir, 'msk-audit-report.json');
    const reportBytes = (await stat(reportFile).catch(() => undefined))?.size;
    // A JSON text is read as one string: V8 strings stop at 2^29 − 24 characters.
    const report =
      reportBytes !== undefined && reportBytes < 2 ** 29 - 24
        ? await readJson<{ clusters?: unknown[]; summary?: { clusters?: number; findings?: number } }>(reportFile)
        : undefined;
    const summary = await sandbox.summary({ byAccount: true });
    const cpuProfile = options.cpuProfile ? await readProfile(profileDir) : undefined;

    const expectedClusters = visibleClusters(facts);
    const reportClusters = Array.isArray(report?.clusters) ? report.clusters.length : report?.summary?.clusters;
    const cloudTrail = (summary.byOperation['cloudtrail:DescribeTrails']?.calls ?? 0) > 0;
    const calls = callStats(summary, facts, expectedClusters, cloudTrail);

    const bound = lowerBound({ facts, latencyMs: latency.meanMs, concurrency: SCANNER_CONCURRENCY, homeRegion: HOME_REGION, cloudTrail });
    const reachable = facts.accounts.filter((a) => a.reachable).length;
    const listRegionsPages = Math.max(1, Math.round((summary.byOperation['account:ListRegions']?.ok ?? reachable) / Math.max(1, reachable)));
    // ListKafkaVersions is read only in account-regions with a cluster.
    const kafkaVersionsPages = Math.max(1, Math.round((summary.byOperation['kafka:ListKafkaVersions']?.ok ?? 0) / Math.max(1, facts.totals.accountRegionsWithClusters)));
    const asMade = lowerBound({
      facts,
      latencyMs: latency.meanMs,
      concurrency: SCANNER_CONCURRENCY,
      homeRegion: HOME_REGION,
      cloudTrail,
      pages: pagesAsMade(listRegionsPages, kafkaVersionsPages),
    });
    const { accountTimes: _ideal, ...boundFigures } = bound;

    const result: OrgScanResult = {
      profile: profile.name,
      description: profile.description,
      accounts,
      settings: {
        ...profile.options,
        accounts,
        latencyMs: latency.meanMs,
        jitterMs: latency.jitterMs,
        rateLimits: 'on (AWS-like defaults)',
        concurrency: SCANNER_CONCURRENCY,
        scannerArgs: options.scannerArgs ?? [],
      },
      estate: { ...facts.totals, generateMs, fileMiB: Buffer.byteLength(estateText) / 2 ** 20 },
      sandbox: {
        startupMs: sandbox.startupMs,
        ...(cpuBefore !== undefined && cpuAfter !== undefined ? { cpuSecondsDuringScan: cpuAfter - cpuBefore } : {}),
        ...(sandbox.peakRssMiB() !== undefined ? { peakRssMiB: sandbox.peakRssMiB()! } : {}),
      },
      scanner: {
        exitCode: code,
        wallMs,
        ...(usage
          ? {
              peakRssMiB: usage.maxRssKiB / 1024,
              cpuUserSeconds: usage.userCpuMicros / 1e6,
              cpuSystemSeconds: usage.systemCpuMicros / 1e6,
              ...(usage.eventLoopDelayMs ? { eventLoopDelayMs: usage.eventLoopDelayMs } : {}),
              ...(usage.memoryPeakMiB ? { memoryPeakMiB: usage.memoryPeakMiB } : {}),
              ...(usage.memoryTimelineMiB ? { memoryTimelineMiB: usage.memoryTimelineMiB } : {}),
            }
          : {}),
        stderr: stderr.slice(-4000),
        ...(cpuProfile ? { profile: cpuProfile } : {}),
      },
      report: {
        found: report !== undefined,
        ...(reportClusters !== undefined ? { clusters: reportClusters } : {}),
        expectedClusters,
        match: reportClusters === expectedClusters,
        ...(report?.summary?.findings !== undefined ? { findings: report.summary.findings } : {}),
        ...(reportBytes !== undefined ? { fileMiB: reportBytes / 2 ** 20 } : {}),
      },
      calls,
      cloudTrail,
      ...(summary.firstAt ? { timeline: timeline(summary, latency.meanMs, spawnEpoch, exitEpoch) } : {}),
      bound: { ...boundFigures, ratio: wallMs / bound.boundMs },
      boundAsMade: { listRegionsPages, kafkaVersionsPages, boundMs: asMade.boundMs, ratio: wallMs / asMade.boundMs, meanAccountMs: asMade.meanAccountMs },
      ...chainCheckOf(summary, facts, asMade, latency.meanMs),
      targets: [],
    };
    result.targets = targets(result);
    return result;
  } finally {
    await sandbox.stop();
  }
}

function targets(r: OrgScanResult): Target[] {
  const out: Target[] = [
    { name: 'wall time / lower bound', target: '≤ 1.5', measured: r.bound.ratio.toFixed(2), pass: r.bound.ratio <= 1.5 },
    {
      name: 'scanner peak RSS',
      target: '< 512 MiB',
      measured: r.scanner.peakRssMiB !== undefined ? `${r.scanner.peakRssMiB.toFixed(0)} MiB` : 'n/a',
      pass: r.scanner.peakRssMiB !== undefined && r.scanner.peakRssMiB < 512,
    },
    {
      name: 'calls per cluster above the floor',
      target: '≤ 1.1',
      measured: r.calls.aboveFloorPerCluster.toFixed(2),
      pass: r.calls.aboveFloorPerCluster <= 1.1,
    },
    {
      name: '  … of MSK / KMS (+ STS, Account, Organizations) only',
      target: '≤ 1.1',
      measured: r.calls.corePerCluster.toFixed(2),
      pass: r.calls.corePerCluster <= 1.1,
    },
    {
      name: 'report has every cluster of the estate',
      target: String(r.report.expectedClusters),
      measured: String(r.report.clusters ?? 'no report'),
      pass: r.report.match,
    },
    { name: 'scanner exit code', target: '0 or 1', measured: String(r.scanner.exitCode), pass: r.scanner.exitCode === 0 || r.scanner.exitCode === 1 },
  ];
  return out;
}

async function readProfile(dir: string): Promise<ProfileSummary | undefined> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.cpuprofile'));
  const file = files.sort().at(-1);
  return file ? summariseProfile(JSON.parse(await readFile(join(dir, file), 'utf8')) as Parameters<typeof summariseProfile>[0], 15) : undefined;
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function run(command: string, args: string[], options: { cwd: string; env: Record<string, string> }): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-64_000);
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stderr }));
  });
}
