import 'aws-sdk-client-mock-vitest/extend';
import { DescribeConfigurationRevisionCommand, KafkaClient } from '@aws-sdk/client-kafka';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { collectConfigurations, parseServerProperties, toMskCluster } from '../../src/collect/index.js';
import { configurationKey, type MskCluster } from '../../src/inventory/index.js';
import { ACCOUNT, CREDENTIALS, REGION, awsError, configArn, expectOnlyReadOnlyCalls, roundTrip, sdkProvisioned, sdkServerless } from './support.js';

const kafkaMock = mockClient(KafkaClient);
const kafka = new KafkaClient({ region: REGION, credentials: CREDENTIALS });

beforeEach(() => kafkaMock.reset());

const HARDENED = configArn('hardened');

const SERVER_PROPERTIES = [
  '# MSK configuration for payments',
  '! another comment style',
  '',
  'auto.create.topics.enable=false',
  'allow.everyone.if.no.acl.found = false',
  'min.insync.replicas: 2',
  'default.replication.factor 3',
  'log.retention.hours=\\',
  '    168',
  'ssl.enabled.protocols=TLSv1.2,\\',
  '   TLSv1.3',
  'unicode.value=caf\\u00e9',
  '',
].join('\n');

function clusters(...list: ReturnType<typeof sdkProvisioned>[]): MskCluster[] {
  return list.map((cluster) => {
    const converted = toMskCluster(cluster);
    if (!converted) throw new Error('fixture without ARN');
    return converted;
  });
}

describe('collectConfigurations', () => {
  it('describes each distinct (arn, revision) once and parses server.properties', async () => {
    kafkaMock
      .on(DescribeConfigurationRevisionCommand, { Arn: HARDENED, Revision: 2 })
      .resolves({
        Arn: HARDENED,
        Revision: 2,
        CreationTime: new Date('2026-01-01T00:00:00Z'),
        Description: 'hardened r2',
        ServerProperties: new TextEncoder().encode(SERVER_PROPERTIES),
      })
      .on(DescribeConfigurationRevisionCommand, { Arn: HARDENED, Revision: 3 })
      .resolves({ Arn: HARDENED, Revision: 3, ServerProperties: new TextEncoder().encode('auto.create.topics.enable=true\n') });

    const result = await collectConfigurations(
      kafka,
      [
        ...clusters(
          sdkProvisioned('a', { configuration: { arn: HARDENED, revision: 2 } }),
          sdkProvisioned('b', { configuration: { arn: HARDENED, revision: 2 } }),
          sdkProvisioned('c', { configuration: { arn: HARDENED, revision: 3 } }),
          sdkProvisioned('d', { configuration: { arn: HARDENED, revision: 2 } }),
          sdkProvisioned('no-custom-configuration'),
        ),
        ...clusters(sdkServerless('serverless')),
      ],
      ACCOUNT,
      REGION,
    );

    expect(kafkaMock).toHaveReceivedCommandTimes(DescribeConfigurationRevisionCommand, 2);
    expect(Object.keys(result)).toEqual([configurationKey(HARDENED, 2), configurationKey(HARDENED, 3)]);
    expect(result[configurationKey(HARDENED, 2)]).toEqual({
      ok: true,
      value: {
        arn: HARDENED,
        revision: 2,
        creationTime: '2026-01-01T00:00:00.000Z',
        description: 'hardened r2',
        serverPropertiesText: SERVER_PROPERTIES,
        serverProperties: {
          'auto.create.topics.enable': 'false',
          'allow.everyone.if.no.acl.found': 'false',
          'min.insync.replicas': '2',
          'default.replication.factor': '3',
          'log.retention.hours': '168',
          'ssl.enabled.protocols': 'TLSv1.2,TLSv1.3',
          'unicode.value': 'café',
        },
      },
    });
    expect(result[configurationKey(HARDENED, 3)]).toEqual({
      ok: true,
      value: {
        arn: HARDENED,
        revision: 3,
        serverPropertiesText: 'auto.create.topics.enable=true\n',
        serverProperties: { 'auto.create.topics.enable': 'true' },
      },
    });
    expect(roundTrip(result)).toEqual(result);
    expectOnlyReadOnlyCalls(kafkaMock);
  });

  it('makes only the failing revision unavailable', async () => {
    kafkaMock
      .on(DescribeConfigurationRevisionCommand, { Arn: HARDENED, Revision: 2 })
      .rejects(awsError('NotFoundException', 'The configuration revision does not exist.', 404))
      .on(DescribeConfigurationRevisionCommand, { Arn: HARDENED, Revision: 3 })
      .resolves({ Arn: HARDENED, Revision: 3, ServerProperties: new TextEncoder().encode('a=b') });

    const result = await collectConfigurations(
      kafka,
      clusters(
        sdkProvisioned('a', { configuration: { arn: HARDENED, revision: 2 } }),
        sdkProvisioned('b', { configuration: { arn: HARDENED, revision: 3 } }),
      ),
      ACCOUNT,
      REGION,
    );

    expect(result[configurationKey(HARDENED, 2)]).toEqual({
      ok: false,
      error: {
        service: 'kafka',
        operation: 'DescribeConfigurationRevision',
        code: 'NotFoundException',
        message: 'The configuration revision does not exist.',
        account: ACCOUNT,
        region: REGION,
        resource: configurationKey(HARDENED, 2),
      },
    });
    expect(result[configurationKey(HARDENED, 3)]).toMatchObject({ ok: true, value: { serverProperties: { a: 'b' } } });
  });

  it('treats a response without ServerProperties as malformed', async () => {
    kafkaMock.on(DescribeConfigurationRevisionCommand).resolves({ Arn: HARDENED, Revision: 2 });
    const result = await collectConfigurations(
      kafka,
      clusters(sdkProvisioned('a', { configuration: { arn: HARDENED, revision: 2 } })),
      ACCOUNT,
      REGION,
    );
    expect(result[configurationKey(HARDENED, 2)]).toMatchObject({ ok: false, error: { code: 'MalformedResponse' } });
  });

  it('makes no call when no cluster has a custom configuration', async () => {
    expect(await collectConfigurations(kafka, clusters(sdkProvisioned('a')), ACCOUNT, REGION)).toEqual({});
    expect(kafkaMock).not.toHaveReceivedAnyCommand();
  });
});

describe('parseServerProperties', () => {
  it('keeps the last value of a repeated key and ignores comments', () => {
    expect(parseServerProperties('# c\na=1\na=2\n  b=x y \n')).toEqual({ a: '2', b: 'x y ' });
  });
});
