/**
 * The CPU cost of the AWS SDK itself, per call and per client, on this machine: what a scanner built on the SDK
 * cannot go below on one thread, whatever it does around it. Measured in this process against a loopback server
 * in a child process (so the server's CPU is not counted), with the scanner's own client factory (shared
 * keep-alive handler, adaptive retries, the scan's shared client settings, no pacing):
 *   - per call: one KafkaClient sending ListClustersV2 (an empty listing) CALLS times, one call at a time;
 *   - per client: CLIENTS clients, each of a new factory (as each account of a scan has its own), sending one call
 *     each; minus the per-call cost.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { KafkaClient, ListClustersV2Command } from '@aws-sdk/client-kafka';
import { createClientSettings } from '../src/aws/client-settings.js';
import { createClientFactory } from '../src/aws/clients.js';

export interface SdkFloor {
  calls: number;
  clients: number;
  /** CPU (user + system) per call of one warm client. */
  cpuPerCallMs: number;
  /** CPU per client built, beyond its one call. */
  cpuPerClientMs: number;
}

const SERVER = `
const http = require('node:http');
const server = http.createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"clusterInfoList":[]}');
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

export async function measureSdkFloor(calls = 3000, clients = 600): Promise<SdkFloor> {
  const server = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const saved = { endpoint: process.env.AWS_ENDPOINT_URL, config: process.env.AWS_CONFIG_FILE };
  try {
    const port = await new Promise<string>((resolve, reject) => {
      createInterface({ input: server.stdout }).once('line', resolve);
      server.once('exit', (code) => reject(new Error(`the loopback server exited ${String(code)}`)));
    });
    process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${port}`;
    process.env.AWS_CONFIG_FILE = '/dev/null';
    const settings = createClientSettings();
    const newFactory = () =>
      createClientFactory({ credentials: async () => ({ accessKeyId: 'AKIDBENCHMARK', secretAccessKey: 'benchmark' }), settings, pacer: false });
    const factory = newFactory();
    try {
      const one: KafkaClient = factory.kafka('eu-west-1');
      for (let i = 0; i < 300; i++) await one.send(new ListClustersV2Command({})); // warm-up (JIT, connection)
      let since = process.cpuUsage();
      for (let i = 0; i < calls; i++) await one.send(new ListClustersV2Command({}));
      const cpuPerCallMs = cpuMs(since) / calls;

      since = process.cpuUsage();
      for (let i = 0; i < clients; i++) {
        // A new factory each time, as for each account of a scan: its first client.
        const own = newFactory();
        await own.kafka('eu-west-1').send(new ListClustersV2Command({}));
        own.destroy();
      }
      const cpuPerClientMs = Math.max(0, cpuMs(since) / clients - cpuPerCallMs);
      return { calls, clients, cpuPerCallMs, cpuPerClientMs };
    } finally {
      factory.destroy();
    }
  } finally {
    server.kill('SIGTERM');
    for (const [name, value] of [['AWS_ENDPOINT_URL', saved.endpoint], ['AWS_CONFIG_FILE', saved.config]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
