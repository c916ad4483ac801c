import 'aws-sdk-client-mock-vitest/extend';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
// fromTemporaryCredentials assumes the role through the nested STS client, a class of its own: mocking
// @aws-sdk/client-sts's STSClient does not intercept it (the call would go to the network).
import { AssumeRoleCommand, STSClient as NestedSTSClient } from '@aws-sdk/nested-clients/sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { assumeRoleCredentials, DEFAULT_ROLE_NAME, DEFAULT_SESSION_SECONDS, roleArn, sessionName } from '../../src/aws/assume-role.js';
import { awsError, CREDENTIALS } from '../collect/support.js';

const stsMock = mockClient(STSClient);
const nestedStsMock = mockClient(NestedSTSClient);

const ROLE_ARN = 'arn:aws:iam::444455556666:role/MskAuditReadOnly';
const HOUR = 3_600_000;

let issued = 0;
beforeEach(() => {
  stsMock.reset();
  nestedStsMock.reset();
  issued = 0;
  nestedStsMock.on(AssumeRoleCommand).callsFake(async () => {
    issued += 1;
    return {
      Credentials: {
        AccessKeyId: `ASIA${issued}`,
        SecretAccessKey: 'secret',
        SessionToken: 'token',
        Expiration: new Date(Date.now() + HOUR),
      },
    };
  });
  // A mocked client never signs; resolving its credentials here is what signing would do.
  stsMock.on(GetCallerIdentityCommand).callsFake(async (_input, getClient) => {
    const credentials = await getClient().config.credentials();
    return { Account: '444455556666', Arn: `arn:aws:sts::444455556666:assumed-role/R/${credentials.accessKeyId}`, UserId: 'x' };
  });
});

afterEach(() => {
  vi.useRealTimers();
});

function provider(extra: { externalId?: string } = {}) {
  return assumeRoleCredentials({
    baseCredentials: CREDENTIALS,
    roleArn: ROLE_ARN,
    sessionName: 'msk-audit-scan-1',
    durationSeconds: 900,
    region: 'eu-central-1',
    ...extra,
  });
}

describe('roleArn and sessionName', () => {
  it('builds the role ARN in the caller partition', () => {
    expect(roleArn('aws', '444455556666', DEFAULT_ROLE_NAME)).toBe(ROLE_ARN);
    expect(roleArn('aws-us-gov', '444455556666', 'Auditor')).toBe('arn:aws-us-gov:iam::444455556666:role/Auditor');
    expect(DEFAULT_SESSION_SECONDS).toBe(3600);
  });

  it('prefixes msk-audit-, replaces characters STS rejects and keeps to 64 characters', () => {
    expect(sessionName('0b6e5c0e-1111-4a8b-9d1e-000000000001')).toBe('msk-audit-0b6e5c0e-1111-4a8b-9d1e-000000000001');
    expect(sessionName('a b/c:d')).toBe('msk-audit-a-b-c-d');
    const long = sessionName('x'.repeat(100));
    expect(long).toHaveLength(64);
    expect(long).toMatch(/^msk-audit-x+$/);
    expect(long).toMatch(/^[\w+=,.@-]{2,64}$/);
  });
});

describe('assumeRoleCredentials', () => {
  it('assumes the role with the session name, duration and external id, through STS in the given region', async () => {
    const credentials = await provider({ externalId: 'ext-123' })();

    expect(credentials).toMatchObject({ accessKeyId: 'ASIA1', secretAccessKey: 'secret', sessionToken: 'token' });
    expect(nestedStsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
    expect(nestedStsMock).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: ROLE_ARN,
      RoleSessionName: 'msk-audit-scan-1',
      DurationSeconds: 900,
      ExternalId: 'ext-123',
    });
    expect(await nestedStsMock.call(0).thisValue.config.region()).toBe('eu-central-1');
    // The base (caller) credentials sign the AssumeRole call.
    expect(await nestedStsMock.call(0).thisValue.config.credentials()).toMatchObject({ accessKeyId: 'AKIDEXAMPLE' });
  });

  it('sends no ExternalId when none is given', async () => {
    await provider()();
    expect(nestedStsMock.call(0).args[0].input).not.toHaveProperty('ExternalId');
  });

  it('assumes the role once for every client that signs with it', async () => {
    const shared = provider();
    const clients = ['eu-west-1', 'us-east-1', 'ap-southeast-2'].map((region) => new STSClient({ region, credentials: shared }));
    try {
      const identities = await Promise.all(clients.map((client) => client.send(new GetCallerIdentityCommand({}))));
      await clients[0]!.send(new GetCallerIdentityCommand({}));
      expect(identities.map((identity) => identity.Arn)).toEqual(Array(3).fill('arn:aws:sts::444455556666:assumed-role/R/ASIA1'));
      expect(nestedStsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
    } finally {
      for (const client of clients) client.destroy();
    }
  });

  it('assumes the role again shortly before the credentials expire', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-20T12:00:00Z'), toFake: ['Date'] });
    const shared = provider();
    expect((await shared()).accessKeyId).toBe('ASIA1');
    vi.setSystemTime(new Date('2026-11-20T12:50:00Z'));
    expect((await shared()).accessKeyId).toBe('ASIA1');
    // Within five minutes of expiry: a fresh session.
    vi.setSystemTime(new Date('2026-11-20T12:56:00Z'));
    expect((await shared()).accessKeyId).toBe('ASIA2');
    expect((await shared()).accessKeyId).toBe('ASIA2');
    expect(nestedStsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
  });

  it('passes a denied AssumeRole on to every waiting caller, and tries again on the next call', async () => {
    nestedStsMock
      .on(AssumeRoleCommand)
      .rejectsOnce(awsError('AccessDenied', 'not authorized to perform: sts:AssumeRole', 403))
      .resolves({ Credentials: { AccessKeyId: 'ASIA9', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + HOUR) } });
    const shared = provider();

    const failures = await Promise.all([shared(), shared()].map((attempt) => attempt.catch((error: unknown) => error)));
    for (const failure of failures) expect(failure).toMatchObject({ name: 'AccessDenied' });
    expect(nestedStsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);

    expect((await shared()).accessKeyId).toBe('ASIA9');
    expect(nestedStsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
  });
});
