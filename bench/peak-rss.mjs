/**
 * Preload for a measured child process: `node --import ./bench/peak-rss.mjs …` with BENCH_PEAK_RSS_FILE set.
 * On exit it writes one JSON object to that file: the process's peak resident set size
 * (process.resourceUsage().maxRSS, KiB), its CPU time (user / system, µs), its event-loop delay (perf_hooks
 * histogram, ms beyond the 10 ms sampling interval — the last two tell whether the process was CPU-bound), and
 * a memory timeline sampled every second (RSS, V8 heap used, external and array buffers, MiB) with the peak of
 * each, so a high peak RSS can be placed in time and attributed.
 */
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.BENCH_PEAK_RSS_FILE;
if (file) {
  const RESOLUTION_MS = 10;
  const loop = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  loop.enable();
  const started = performance.now();
  const mib = (bytes) => Math.round(bytes / 2 ** 20);
  const samples = [];
  const peak = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0, rssAtS: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    const s = { atS: Math.round((performance.now() - started) / 100) / 10, rss: mib(m.rss), heapUsed: mib(m.heapUsed), heapTotal: mib(m.heapTotal), external: mib(m.external), arrayBuffers: mib(m.arrayBuffers) };
    samples.push(s);
    for (const k of ['heapUsed', 'heapTotal', 'external', 'arrayBuffers']) peak[k] = Math.max(peak[k], s[k]);
    if (s.rss > peak.rss) {
      peak.rss = s.rss;
      peak.rssAtS = s.atS;
    }
  };
  setInterval(sample, 1000).unref();
  process.on('exit', (code) => {
    sample();
    loop.disable();
    const usage = process.resourceUsage();
    // The histogram records the interval between timer ticks, so it includes the resolution itself.
    const ms = (ns) => Math.max(0, Math.round(ns / 1e4 - RESOLUTION_MS * 100) / 100);
    // at most ~60 evenly spaced samples
    const step = Math.max(1, Math.ceil(samples.length / 60));
    try {
      writeFileSync(
        file,
        JSON.stringify({
          maxRssKiB: usage.maxRSS,
          userCpuMicros: usage.userCPUTime,
          systemCpuMicros: usage.systemCPUTime,
          elapsedMs: Math.round(performance.now() - started),
          exitCode: code,
          eventLoopDelayMs: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max), mean: ms(loop.mean) },
          memoryPeakMiB: peak,
          memoryTimelineMiB: samples.filter((_, i) => i % step === 0 || i === samples.length - 1),
        }),
      );
    } catch {
      // a measurement must never change the measured process's outcome
    }
  });
}
