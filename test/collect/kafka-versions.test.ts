import 'aws-sdk-client-mock-vitest/extend';
import { KafkaClient, ListKafkaVersionsCommand } from '@aws-sdk/client-kafka';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { collectKafkaVersions } from '../../src/collect/index.js';
import { ACCOUNT, CREDENTIALS, REGION, awsError, expectOnlyReadOnlyCalls } from './support.js';

const kafkaMock = mockClient(KafkaClient);
const kafka = new KafkaClient({ region: REGION, credentials: CREDENTIALS });

beforeEach(() => kafkaMock.reset());

describe('collectKafkaVersions', () => {
  it('collects every page in order', async () => {
    kafkaMock
      .on(ListKafkaVersionsCommand, { NextToken: undefined })
      .resolves({ KafkaVersions: [{ Version: '2.8.1', Status: 'DEPRECATED' }, { Version: '3.5.1', Status: 'ACTIVE' }], NextToken: 'p2' })
      .on(ListKafkaVersionsCommand, { NextToken: 'p2' })
      .resolves({ KafkaVersions: [{ Version: '3.6.0', Status: 'ACTIVE' }, { Version: '3.9.x' }, { Status: 'ACTIVE' }] });

    const result = await collectKafkaVersions(kafka, ACCOUNT, REGION);

    expect(kafkaMock).toHaveReceivedCommandTimes(ListKafkaVersionsCommand, 2);
    expect(result).toEqual({
      ok: true,
      value: [
        { version: '2.8.1', status: 'DEPRECATED' },
        { version: '3.5.1', status: 'ACTIVE' },
        { version: '3.6.0', status: 'ACTIVE' },
        { version: '3.9.x' },
      ],
    });
    expectOnlyReadOnlyCalls(kafkaMock);
  });

  it('is unavailable when a page is throttled beyond the retries', async () => {
    kafkaMock.on(ListKafkaVersionsCommand).rejects(awsError('TooManyRequestsException', 'Too Many Requests', 429));
    expect(await collectKafkaVersions(kafka, ACCOUNT, REGION)).toEqual({
      ok: false,
      error: {
        service: 'kafka',
        operation: 'ListKafkaVersions',
        code: 'TooManyRequestsException',
        message: 'Too Many Requests',
        account: ACCOUNT,
        region: REGION,
      },
    });
  });
});
