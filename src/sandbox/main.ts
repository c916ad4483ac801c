/**
 * Run a sandbox as its own process (for tests, benchmarks or a CLI session driving it from outside):
 *
 *   node dist/src/sandbox/main.js [--estate example|PATH] [--port 0] [--seed 1] [--region us-east-1]
 *                                 [--generate ACCOUNTS,REGIONS,CLUSTERS,MISCONFIG_RATE]
 *                                 [--latency-ms MEAN] [--jitter-ms JITTER] [--rate-limits on|off]
 *
 * `--latency-ms` / `--jitter-ms` replace the estate's `latency` (every call; no per-operation overrides) and
 * `--rate-limits` turns the AWS-like rate limits on or off (the estate's `rateLimits.overrides` are kept).
 * Prints one JSON line {"url": …, "env": {…}} on stdout once listening, then serves until SIGINT/SIGTERM.
 * `eval "$(… | jq -r '.env|to_entries[]|"export \(.key)=\(.value)"')"` turns it into shell exports.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { EstateInput } from './estate.js';
import { generateEstate } from './generator.js';
import { EXAMPLE_ESTATE } from './paths.js';
import { startSandbox, type SandboxOptions } from './server.js';

const { values } = parseArgs({
  options: {
    estate: { type: 'string', default: 'example' },
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    seed: { type: 'string', default: '1' },
    region: { type: 'string' },
    generate: { type: 'string' },
    'latency-ms': { type: 'string' },
    'jitter-ms': { type: 'string' },
    'rate-limits': { type: 'string' },
  },
});

function nonNegative(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number ≥ 0, got ${value}`);
  return n;
}

const latencyMs = nonNegative('latency-ms', values['latency-ms']);
const jitterMs = nonNegative('jitter-ms', values['jitter-ms']);
const rateLimits = values['rate-limits'];
if (rateLimits !== undefined && rateLimits !== 'on' && rateLimits !== 'off') throw new Error(`--rate-limits must be on or off, got ${rateLimits}`);
const overridden = latencyMs !== undefined || jitterMs !== undefined || rateLimits !== undefined;

let estate: SandboxOptions['estate'];
if (values.generate) {
  const [accounts, regions, clusters, rate] = values.generate.split(',').map(Number);
  estate = generateEstate({ accounts: accounts ?? 10, regionsPerAccount: regions ?? 2, clustersPerAccount: clusters ?? 3, misconfigurationRate: rate ?? 0.2, seed: values.seed ?? '1' });
} else if (values.estate === 'example' || values.estate === undefined) {
  estate = overridden ? (structuredClone(EXAMPLE_ESTATE) as EstateInput) : (EXAMPLE_ESTATE as SandboxOptions['estate']);
} else {
  // With overrides the document is read here and validated once, by startSandbox.
  estate = overridden ? (JSON.parse(await readFile(values.estate, 'utf8')) as EstateInput) : values.estate;
}

if (overridden && typeof estate === 'object') {
  const input = estate as EstateInput;
  if (latencyMs !== undefined || jitterMs !== undefined) {
    input.latency = { meanMs: latencyMs ?? input.latency?.meanMs ?? 0, jitterMs: jitterMs ?? input.latency?.jitterMs ?? 0, overrides: [] };
  }
  if (rateLimits !== undefined) input.rateLimits = { ...(input.rateLimits ?? {}), enabled: rateLimits === 'on' };
}

const sandbox = await startSandbox({
  estate,
  port: Number(values.port),
  host: values.host ?? '127.0.0.1',
  seed: values.seed ?? '1',
  ...(values.region ? { region: values.region } : {}),
});
process.stdout.write(`${JSON.stringify({ url: sandbox.url, env: sandbox.env })}\n`);
const stop = () => void sandbox.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
