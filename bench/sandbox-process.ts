/** The sandbox as a separate process (dist/src/sandbox/main.js), so the scanner's memory and CPU are measured alone. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { CallSummary } from '../src/sandbox/index.js';

export interface SandboxProcess {
  url: string;
  env: Record<string, string>;
  pid: number;
  /** Milliseconds from spawn to listening (estate load and validation included). */
  startupMs: number;
  /** CPU seconds (user + system) the process has used so far; undefined where /proc is missing. */
  cpuSeconds(): number | undefined;
  /** Peak resident set size so far (VmHWM, MiB); undefined where /proc is missing. */
  peakRssMiB(): number | undefined;
  summary(options?: { byAccount?: boolean }): Promise<CallSummary>;
  stop(): Promise<void>;
}

export interface SandboxProcessOptions {
  root: string;
  estateFile: string;
  latencyMs: number;
  jitterMs: number;
  rateLimits: boolean;
  seed?: string;
}

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

export async function startSandboxProcess(options: SandboxProcessOptions): Promise<SandboxProcess> {
  const started = performance.now();
  const args = [
    join(options.root, 'dist/src/sandbox/main.js'),
    '--estate', options.estateFile,
    '--latency-ms', String(options.latencyMs),
    '--jitter-ms', String(options.jitterMs),
    '--rate-limits', options.rateLimits ? 'on' : 'off',
    '--seed', options.seed ?? '1',
  ];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: options.root, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the sandbox exited with ${String(code)} before listening`)));
  });
  const { url, env } = JSON.parse(line) as { url: string; env: Record<string, string> };
  const pid = child.pid!;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    env,
    pid,
    startupMs: performance.now() - started,
    cpuSeconds: () => {
      try {
        // /proc/PID/stat: the fields after the parenthesised command; utime and stime are fields 14 and 15.
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
      } catch {
        return undefined;
      }
    },
    peakRssMiB: () => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        return m ? Number(m[1]) / 1024 : undefined;
      } catch {
        return undefined;
      }
    },
    summary: async ({ byAccount = false } = {}) => {
      const res = await fetch(`${url}/_sandbox/calls/summary${byAccount ? '?byAccount=true' : ''}`);
      if (!res.ok) throw new Error(`GET /_sandbox/calls/summary: HTTP ${res.status}`);
      return (await res.json()) as CallSummary;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
