/**
 * Run a sandbox as its own process (for tests or a CLI session driving it from outside):
 *
 *   node dist/src/sandbox/main.js [--estate example|PATH] [--port 0] [--seed 1] [--region us-east-1]
 *                                 [--generate ACCOUNTS,REGIONS,CLUSTERS,MISCONFIG_RATE]
 *
 * Prints one JSON line {"url": …, "env": {…}} on stdout once listening, then serves until SIGINT/SIGTERM.
 * `eval "$(… | jq -r '.env|to_entries[]|"export \(.key)=\(.value)"')"` turns it into shell exports.
 */
import { parseArgs } from 'node:util';
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
  },
});

let estate: SandboxOptions['estate'];
if (values.generate) {
  const [accounts, regions, clusters, rate] = values.generate.split(',').map(Number);
  estate = generateEstate({ accounts: accounts ?? 10, regionsPerAccount: regions ?? 2, clustersPerAccount: clusters ?? 3, misconfigurationRate: rate ?? 0.2, seed: values.seed ?? '1' });
} else {
  estate = values.estate === 'example' ? (EXAMPLE_ESTATE as SandboxOptions['estate']) : (values.estate ?? 'example');
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
