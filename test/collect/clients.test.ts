import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ListKafkaVersionsCommand } from '@aws-sdk/client-kafka';
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commonClientConfig, createClientFactory, DEFAULT_MAX_ATTEMPTS, USER_AGENT_SUFFIX } from '../../src/aws/index.js';
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
});

describe('clients on the wire (loopback endpoint from AWS_ENDPOINT_URL_<SERVICE>)', () => {
  interface Seen {
    method: string;
    url: string;
    headers: IncomingHttpHeaders;
  }
  const seen: Seen[] = [];
  let throttleNext = 0;
  let server: Server;
  let endpoint = '';
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
      request.resume();
      request.on('end', () => {
        if (throttleNext > 0) {
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
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const name of ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_KAFKA', 'AWS_ENDPOINT_URL_KMS']) saved[name] = process.env[name];
    process.env.AWS_ENDPOINT_URL_KAFKA = endpoint;
    process.env.AWS_ENDPOINT_URL_KMS = endpoint;
  });

  afterEach(() => {
    seen.length = 0;
    throttleNext = 0;
  });

  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await new Promise<void>((resolve) => server.close(() => resolve()));
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
