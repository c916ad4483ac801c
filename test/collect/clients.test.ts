import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ListKafkaVersionsCommand } from '@aws-sdk/client-kafka';
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commonClientConfig, createClientFactory, DEFAULT_MAX_ATTEMPTS, USER_AGENT_SUFFIX } from '../../src/aws/index.js';
import { SharedRequestHandler, sharedHttpHandlerLeases } from '../../src/aws/http-handler.js';
import { TOOL } from '../../src/package-info.js';
import { CREDENTIALS } from './support.js';

describe('commonClientConfig', () => {
  it('uses adaptive retries, 8 attempts by default, the tool user agent and no endpoint', () => {
    const config = commonClientConfig('eu-west-1', { credentials: CREDENTIALS });
    expect(config).toEqual({
      region: 'eu-west-1',
      credentials: CREDENTIALS,
      retryMode: 'adaptive',
      maxAttempts: DEFAULT_MAX_ATTEMPTS,
      customUserAgent: `${TOOL.name}/${TOOL.version}`,
    });
    expect(DEFAULT_MAX_ATTEMPTS).toBe(8);
    expect(config).not.toHaveProperty('endpoint');
    expect(commonClientConfig('eu-west-1')).not.toHaveProperty('credentials');
  });

  it('takes maxAttempts from the retry options and rejects nonsense', () => {
    expect(commonClientConfig('eu-west-1', { retry: { maxAttempts: 3 } }).maxAttempts).toBe(3);
    expect(() => createClientFactory({ retry: { maxAttempts: 0 } })).toThrow(RangeError);
    expect(() => createClientFactory({ retry: { maxAttempts: 2.5 } })).toThrow(RangeError);
  });
});

describe('createClientFactory', () => {
  it('caches one client per service and region', async () => {
    const factory = createClientFactory({ credentials: CREDENTIALS, retry: { maxAttempts: 5 } });
    try {
      expect(factory.kafka('eu-west-1')).toBe(factory.kafka('eu-west-1'));
      expect(factory.kafka('eu-west-1')).not.toBe(factory.kafka('us-east-1'));
      const clients = factory.forRegion('us-east-1');
      expect(clients.kafka).toBe(factory.kafka('us-east-1'));
      expect(clients.kms).toBe(factory.kms('us-east-1'));
      expect(clients.sts).toBe(factory.sts('us-east-1'));
      expect(await clients.kms.config.region()).toBe('us-east-1');
      for (const client of [clients.kafka, clients.kms, clients.sts]) {
        const strategy = await client.config.retryStrategy();
        expect((strategy as { mode?: string }).mode).toBe('adaptive');
        expect(await client.config.maxAttempts()).toBe(5);
      }
    } finally {
      factory.destroy();
    }
  });

  it('builds no client until one is used, and only the ones used', () => {
    const before = sharedHttpHandlerLeases();
    let built = 0;
    class Counted {
      middlewareStack = { add: () => undefined };
      constructor() {
        built += 1;
      }
      destroy(): void {}
    }
    const factory = createClientFactory({ credentials: CREDENTIALS, pacer: false });
    try {
      const clients = factory.forRegion('eu-west-1');
      expect(clients.region).toBe('eu-west-1');
      // forRegion builds nothing (kafka, kms, sts included) and the factory holds no HTTP handler yet.
      expect(sharedHttpHandlerLeases()).toBe(before);
      factory.client(Counted, 'eu-west-1');
      factory.client(Counted, 'eu-west-1');
      expect(built).toBe(1);
      expect(sharedHttpHandlerLeases()).toBe(before + 1);
      expect(clients.kafka).toBe(factory.kafka('eu-west-1'));
      expect(clients.cloudtrailIn('us-east-1')).toBe(factory.forRegion('us-east-1').cloudtrail);
    } finally {
      factory.destroy();
    }
    expect(sharedHttpHandlerLeases()).toBe(before);
  });

  it('gives every client of every factory the one shared request handler, which outlives a client\'s destroy()', () => {
    const a = createClientFactory({ credentials: CREDENTIALS });
    const b = createClientFactory({ credentials: CREDENTIALS, account: '444455556666' });
    try {
      const handlers = [a.kafka('eu-west-1'), a.kms('us-east-1'), b.sts('eu-west-1'), b.forRegion('ap-south-1').lambda].map(
        (client) => client.config.requestHandler,
      );
      expect(handlers[0]).toBeInstanceOf(SharedRequestHandler);
      for (const handler of handlers) expect(handler).toBe(handlers[0]);
      expect(sharedHttpHandlerLeases()).toBe(2);
      a.destroy();
      expect(sharedHttpHandlerLeases()).toBe(1);
    } finally {
      a.destroy();
      b.destroy();
    }
    expect(sharedHttpHandlerLeases()).toBe(0);
  });
});

describe('clients on the wire (loopback endpoint from AWS_ENDPOINT_URL_<SERVICE>)', () => {
  interface Seen {
    method: string;
    url: string;
    headers: IncomingHttpHeaders;
  }
  const seen: Seen[] = [];
  let throttleNext = 0;
  let hangNext = 0;
  let server: Server;
  let endpoint = '';
  const saved: Record<string, string | undefined> = {};

  let connections = 0;
  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
      request.resume();
      request.on('end', () => {
        if (hangNext > 0) {
          hangNext -= 1; // never answered: only the client's request timeout ends the attempt
        } else if (throttleNext > 0) {
          throttleNext -= 1;
          response.writeHead(429, { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException' });
          response.end(JSON.stringify({ message: 'Too Many Requests' }));
        } else if (request.url?.startsWith('/v1/kafka-versions')) {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ kafkaVersions: [{ version: '3.6.0', status: 'ACTIVE' }] }));
        } else {
          response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
          response.end(JSON.stringify({ KeyMetadata: { KeyId: 'k', Arn: 'arn:aws:kms:eu-west-1:111122223333:key/k', KeyManager: 'AWS' } }));
        }
      });
    });
    server.on('connection', () => {
      connections += 1;
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const name of ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_KAFKA', 'AWS_ENDPOINT_URL_KMS']) saved[name] = process.env[name];
    process.env.AWS_ENDPOINT_URL_KAFKA = endpoint;
    process.env.AWS_ENDPOINT_URL_KMS = endpoint;
  });

  afterEach(() => {
    seen.length = 0;
    throttleNext = 0;
    hangNext = 0;
    connections = 0;
  });

  it('reuses one keep-alive connection across clients, services and factories, even after a client is destroyed', async () => {
    const first = createClientFactory({ credentials: CREDENTIALS });
    const second = createClientFactory({ credentials: CREDENTIALS, account: '444455556666' });
    try {
      await first.kafka('eu-west-1').send(new ListKafkaVersionsCommand({}));
      await first.kms('eu-west-1').send(new DescribeKeyCommand({ KeyId: 'k' }));
      await second.kafka('us-east-1').send(new ListKafkaVersionsCommand({}));
      // The first factory's clients are destroyed (and so their request handler's destroy() is called).
      first.destroy();
      await second.kms('us-east-1').send(new DescribeKeyCommand({ KeyId: 'k' }));
    } finally {
      first.destroy();
      second.destroy();
    }
    expect(seen).toHaveLength(4);
    expect(connections).toBe(1);
    expect(sharedHttpHandlerLeases()).toBe(0);
  });

  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('still sends through a client used after its factory was destroyed (assumed-role credentials refreshed while publishing)', async () => {
    const factory = createClientFactory({ credentials: CREDENTIALS });
    const kafka = factory.kafka('eu-west-1');
    await kafka.send(new ListKafkaVersionsCommand({}));
    factory.destroy();
    expect(sharedHttpHandlerLeases()).toBe(0);
    const versions = await kafka.send(new ListKafkaVersionsCommand({}));
    expect(versions.KafkaVersions).toHaveLength(1);
    expect(seen).toHaveLength(2);
  });

  it('reaches the endpoint from the environment and sends the msk-audit user agent', async () => {
    const factory = createClientFactory({ credentials: CREDENTIALS });
    try {
      const versions = await factory.kafka('eu-west-1').send(new ListKafkaVersionsCommand({}));
      expect(versions.KafkaVersions).toEqual([{ Version: '3.6.0', Status: 'ACTIVE' }]);
      const key = await factory.kms('eu-west-1').send(new DescribeKeyCommand({ KeyId: 'k' }));
      expect(key.KeyMetadata?.KeyManager).toBe('AWS');
    } finally {
      factory.destroy();
    }
    expect(seen).toHaveLength(2);
    for (const request of seen) {
      const agents = `${String(request.headers['user-agent'])} ${String(request.headers['x-amz-user-agent'])}`;
      expect(agents).toContain(USER_AGENT_SUFFIX);
    }
    expect(seen[1]?.headers['x-amz-target']).toBe('TrentService.DescribeKey');
  });

  it('retries a throttled call (TooManyRequestsException) and then succeeds', async () => {
    throttleNext = 2;
    const factory = createClientFactory({ credentials: CREDENTIALS });
    try {
      const versions = await factory.kafka('eu-west-1').send(new ListKafkaVersionsCommand({}));
      expect(versions.KafkaVersions).toHaveLength(1);
    } finally {
      factory.destroy();
    }
    expect(seen).toHaveLength(3);
  });

  it('fails an attempt whose response never comes after the request timeout, retries it, and then succeeds', async () => {
    hangNext = 1;
    const factory = createClientFactory({ credentials: CREDENTIALS, retry: { maxAttempts: 3, requestTimeoutMs: 200 } });
    try {
      const versions = await factory.kafka('eu-west-1').send(new ListKafkaVersionsCommand({}));
      expect(versions.KafkaVersions).toHaveLength(1);
    } finally {
      factory.destroy();
    }
    expect(seen).toHaveLength(2);
  });

  it('records a TimeoutError when every attempt hangs', async () => {
    hangNext = 2;
    const factory = createClientFactory({ credentials: CREDENTIALS, retry: { maxAttempts: 2, requestTimeoutMs: 150 } });
    try {
      await expect(factory.kafka('eu-west-1').send(new ListKafkaVersionsCommand({}))).rejects.toMatchObject({ name: 'TimeoutError' });
    } finally {
      factory.destroy();
    }
    expect(seen).toHaveLength(2);
    expect(() => createClientFactory({ retry: { requestTimeoutMs: 0 } })).toThrow(RangeError);
  });

  it('gives up after maxAttempts', async () => {
    throttleNext = 10;
    const factory = createClientFactory({ credentials: CREDENTIALS, retry: { maxAttempts: 2 } });
    try {
      await expect(factory.kafka('eu-west-1').send(new ListKafkaVersionsCommand({}))).rejects.toMatchObject({
        name: 'TooManyRequestsException',
      });
    } finally {
      factory.destroy();
    }
    expect(seen).toHaveLength(2);
  });
});
