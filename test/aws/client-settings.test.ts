/**
 * The environment's client settings (FIPS, dual-stack, a configured endpoint URL …) are looked up once per scan and
 * handed to every client its factories build, with exactly the values each client would have found itself.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KafkaClient, ListKafkaVersionsCommand } from '@aws-sdk/client-kafka';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClientSettings } from '../../src/aws/client-settings.js';
import { createClientFactory, type ClientFactory } from '../../src/aws/index.js';
import { CREDENTIALS } from '../collect/support.js';

const VARIABLES = ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_KAFKA', 'AWS_USE_FIPS_ENDPOINT', 'AWS_USE_DUALSTACK_ENDPOINT', 'AWS_CONFIG_FILE'];
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
const factories: ClientFactory[] = [];

function factory(settings = createClientSettings(), account = '111122223333'): ClientFactory {
  const built = createClientFactory({ credentials: CREDENTIALS, account, settings, pacer: false, retry: { maxAttempts: 1 } });
  factories.push(built);
  return built;
}

/** The host a request of this client would go to (the request is stopped before it is sent). */
async function hostOf(client: KafkaClient): Promise<string> {
  let host = '';
  client.middlewareStack.add(
    () => async (args) => {
      host = (args.request as { hostname: string }).hostname;
      throw new Error('stopped before sending');
    },
    { step: 'finalizeRequest', priority: 'low', name: `capture-${Math.random()}` },
  );
  await expect(client.send(new ListKafkaVersionsCommand({}))).rejects.toThrow('stopped before sending');
  return host;
}

/** Lets the look-ups started by a first client settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

beforeAll(() => {
  for (const name of VARIABLES) delete process.env[name];
  process.env.AWS_CONFIG_FILE = '/dev/null';
});
afterEach(() => {
  for (const built of factories.splice(0)) built.destroy();
  for (const name of VARIABLES.filter((n) => n !== 'AWS_CONFIG_FILE')) delete process.env[name];
});
afterAll(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('client settings shared by a scan', () => {
  let server: Server;
  let url: string;
  let requests = 0;
  beforeAll(async () => {
    server = createServer((request, response) => {
      requests += 1;
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ kafkaVersions: [{ version: '3.6.0', status: 'ACTIVE' }] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('learn a configured endpoint (AWS_ENDPOINT_URL_KAFKA) from the first client and give it to the next ones, of every factory', async () => {
    process.env.AWS_ENDPOINT_URL_KAFKA = url;
    const settings = createClientSettings();
    expect(settings.endpointFor(KafkaClient)).toBeUndefined();
    const first = factory(settings).kafka('eu-west-1');
    await first.send(new ListKafkaVersionsCommand({}));
    await settle();
    expect(settings.endpointFor(KafkaClient)).toEqual({ endpoint: url });
    const next = factory(settings, '444455556666').kafka('us-east-1');
    const versions = await next.send(new ListKafkaVersionsCommand({}));
    expect(versions.KafkaVersions).toEqual([{ Version: '3.6.0', Status: 'ACTIVE' }]);
    expect(requests).toBe(2);
  });

  it('without a configured endpoint, later clients skip the look-up and reach the AWS regional endpoint', async () => {
    const settings = createClientSettings();
    expect(await hostOf(factory(settings).kafka('eu-west-1'))).toBe('kafka.eu-west-1.amazonaws.com');
    await settle();
    expect(settings.endpointFor(KafkaClient)).toEqual({ ignoreConfiguredEndpointUrls: true });
    expect(await hostOf(factory(settings).kafka('ap-southeast-2'))).toBe('kafka.ap-southeast-2.amazonaws.com');
  });

  it('honour AWS_USE_FIPS_ENDPOINT and AWS_USE_DUALSTACK_ENDPOINT in every client; read once per scan, again by the next scan', async () => {
    process.env.AWS_USE_FIPS_ENDPOINT = 'true';
    const fips = createClientSettings();
    expect(await hostOf(factory(fips).kafka('us-east-1'))).toBe('kafka-fips.us-east-1.amazonaws.com');
    await settle();
    expect(await hostOf(factory(fips).kafka('us-west-2'))).toBe('kafka-fips.us-west-2.amazonaws.com');
    // The scan's settings were read when it started; a new scan reads the environment again.
    delete process.env.AWS_USE_FIPS_ENDPOINT;
    expect(await hostOf(factory(fips).kafka('us-east-2'))).toBe('kafka-fips.us-east-2.amazonaws.com');
    expect(await hostOf(factory().kafka('us-east-2'))).toBe('kafka.us-east-2.amazonaws.com');

    process.env.AWS_USE_DUALSTACK_ENDPOINT = 'true';
    const dualStack = createClientSettings();
    const alone = new KafkaClient({ region: 'eu-west-1', credentials: CREDENTIALS });
    try {
      const dualStackHost = await hostOf(factory(dualStack).kafka('eu-west-1'));
      expect(dualStackHost).toMatch(/\.eu-west-1\.api\.aws$/);
      expect(dualStackHost).toBe(await hostOf(alone));
    } finally {
      alone.destroy();
    }
  });

  it('match what a client built by the SDK alone resolves', async () => {
    process.env.AWS_USE_FIPS_ENDPOINT = 'true';
    const alone = new KafkaClient({ region: 'us-east-1', credentials: CREDENTIALS });
    try {
      expect(await hostOf(alone)).toBe(await hostOf(factory().kafka('us-east-1')));
    } finally {
      alone.destroy();
    }
  });
});
