/**
 * A one-off memory measurement, not a test: serves a generated organization (default 200 accounts × 17
 * regions, 5 clusters per account on average, no latency, no rate limits) from a sandbox in its own process,
 * scans it with the CLI (`scan --org --format json`) in another, and prints the scanner's peak RSS and memory
 * timeline (bench/peak-rss.mjs) and the report's size.
 *
 *   npx tsx bench/memory-probe.ts [ACCOUNTS] [FORMATS]
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const root = resolve(import.meta.dirname, '..');
const accounts = Number(process.argv[2] ?? 200);
const formats = process.argv[3] ?? 'json';
const work = await mkdtemp(join(tmpdir(), 'msk-audit-memory-'));
const sandbox = spawn(process.execPath, ['--import', 'tsx', 'src/sandbox/main.ts', '--generate', `${accounts},17,5,0.2`, '--latency-ms', '0', '--jitter-ms', '0', '--rate-limits', 'off'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
});
try {
  const line = await new Promise<string>((done, fail) => {
    createInterface({ input: sandbox.stdout }).once('line', done);
    sandbox.once('exit', (code) => fail(new Error(`sandbox exited ${String(code)}`)));
  });
  const { env } = JSON.parse(line) as { env: Record<string, string> };
  const rssFile = join(work, 'rss.json');
  const out = join(work, 'out');
  const started = performance.now();
  const code = await new Promise<number | null>((done) => {
    const scanner = spawn(
      process.execPath,
      ['--import', 'tsx', '--import', './bench/peak-rss.mjs', 'src/cli.ts', 'scan', '--org', '--format', formats, '--output-dir', out, '--quiet'],
      { cwd: root, stdio: 'inherit', env: { ...process.env, ...env, AWS_CONFIG_FILE: '/dev/null', BENCH_PEAK_RSS_FILE: rssFile } },
    );
    scanner.once('exit', done);
  });
  const wall = (performance.now() - started) / 1000;
  const rss = JSON.parse(await readFile(rssFile, 'utf8')) as { userCpuMicros: number; systemCpuMicros: number; maxRssKiB: number; memoryPeakMiB: unknown; memoryTimelineMiB: unknown[] };
  const report = await stat(join(out, 'msk-audit-report.json'));
  const parsed = JSON.parse(await readFile(join(out, 'msk-audit-report.json'), 'utf8')) as { summary: { findings: number; clusters: number } };
  console.log(
    JSON.stringify(
      {
        accounts,
        formats,
        exitCode: code,
        wallSeconds: Math.round(wall),
        peakRssMiB: Math.round(rss.maxRssKiB / 1024),
        memoryPeakMiB: rss.memoryPeakMiB,
        reportMiB: Math.round(report.size / 2 ** 20),
        cpuSeconds: Math.round((rss.userCpuMicros + rss.systemCpuMicros) / 1e5) / 10,
        findings: parsed.summary.findings,
        clusters: parsed.summary.clusters,
        timeline: rss.memoryTimelineMiB,
      },
      null,
      1,
    ),
  );
} finally {
  sandbox.kill('SIGTERM');
  await rm(work, { recursive: true, force: true });
}
