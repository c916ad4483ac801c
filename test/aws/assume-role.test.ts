import 'aws-sdk-client-mock-vitest/extend';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { assumeRoleCredentials, DEFAULT_ROLE_NAME, DEFAULT_SESSION_SECONDS, roleArn, sessionName } from '../../src/aws/assume-role.js';
import { awsError, CREDENTIALS } from '../collect/support.js';

// Every STSClient is mocked: the one that assumes roles (signed with the caller's credentials) and the member
// account's clients that sign with the assumed role.
const stsMock = mockClient(STSClient);
/** The one STS client of the scan that sends every AssumeRole, as the caller factory builds it. */
let callerSts: STSClient;

const ROLE_ARN = 'arn:aws:iam::444455556666:role/MskAuditReadOnly';
const HOUR = 3_600_000;

let issued = 0;
beforeEach(() => {
  stsMock.reset();
  issued = 0;
  callerSts = new STSClient({ region: 'eu-central-1', credentials: CREDENTIALS });
  stsMock.on(AssumeRoleCommand).callsFake(async (input: { RoleArn?: string }) => {
    issued += 1;
    return {
      AssumedRoleUser: { Arn: `arn:aws:sts::${input.RoleArn?.split(':')[4]}:assumed-role/MskAuditReadOnly/msk-audit-scan-1`, AssumedRoleId: 'AROA:x' },
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
  callerSts.destroy();
});

function provider(extra: { externalId?: string; roleArn?: string } = {}) {
  return assumeRoleCredentials({
    sts: callerSts,
    roleArn: ROLE_ARN,
    sessionName: 'msk-audit-scan-1',
    durationSeconds: 900,
    ...extra,
  });
}

const assumeRoleCalls = () => stsMock.commandCalls(AssumeRoleCommand);

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

    expect(credentials).toMatchObject({ accessKeyId: 'ASIA1', secretAccessKey: 'secret', sessionToken: 'token', accountId: '444455556666' });
    expect(credentials.expiration).toBeInstanceOf(Date);
    expect(stsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
    expect(stsMock).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: ROLE_ARN,
      RoleSessionName: 'msk-audit-scan-1',
      DurationSeconds: 900,
      ExternalId: 'ext-123',
    });
    // Sent by the caller's STS client: its region, and the base (caller) credentials sign the AssumeRole call.
    const call = assumeRoleCalls()[0]!;
    expect(call.thisValue).toBe(callerSts);
    expect(await call.thisValue.config.region()).toBe('eu-central-1');
    expect(await call.thisValue.config.credentials()).toMatchObject({ accessKeyId: 'AKIDEXAMPLE' });
  });

  it('sends no ExternalId when none is given', async () => {
    await provider()();
    expect(assumeRoleCalls()[0]!.args[0].input).not.toHaveProperty('ExternalId');
  });

  it('assumes every account\'s role through the one STS client it is given, and never destroys it', async () => {
    const destroy = vi.spyOn(callerSts, 'destroy');
    const accounts = ['111111111111', '222222222222', '333333333333'];
    const providers = accounts.map((account) => provider({ roleArn: `arn:aws:iam::${account}:role/MskAuditReadOnly` }));
    const credentials = await Promise.all(providers.map((each) => each()));
    expect(credentials.map((each) => each.accountId)).toEqual(accounts);
    expect(new Set(credentials.map((each) => each.accessKeyId)).size).toBe(3);
    expect(assumeRoleCalls().map((call) => call.thisValue)).toEqual([callerSts, callerSts, callerSts]);
    expect(assumeRoleCalls().map((call) => call.args[0].input.RoleArn)).toEqual(accounts.map((account) => `arn:aws:iam::${account}:role/MskAuditReadOnly`));
    expect(destroy).not.toHaveBeenCalled();
  });

  it('fails clearly when AssumeRole answers without credentials', async () => {
    stsMock.on(AssumeRoleCommand).resolves({});
    await expect(provider()()).rejects.toMatchObject({ name: 'MalformedResponse', message: `AssumeRole of ${ROLE_ARN} returned no credentials` });
  });

  it('assumes the role once for every client that signs with it', async () => {
    const shared = provider();
    const clients = ['eu-west-1', 'us-east-1', 'ap-southeast-2'].map((region) => new STSClient({ region, credentials: shared }));
    try {
      const identities = await Promise.all(clients.map((client) => client.send(new GetCallerIdentityCommand({}))));
      await clients[0]!.send(new GetCallerIdentityCommand({}));
      expect(identities.map((identity) => identity.Arn)).toEqual(Array(3).fill('arn:aws:sts::444455556666:assumed-role/R/ASIA1'));
      expect(stsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
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
    expect(stsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
  });

  it('passes a denied AssumeRole on to every waiting caller, and tries again on the next call', async () => {
    stsMock
      .on(AssumeRoleCommand)
      .rejectsOnce(awsError('AccessDenied', 'not authorized to perform: sts:AssumeRole', 403))
      .resolves({ Credentials: { AccessKeyId: 'ASIA9', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + HOUR) } });
    const shared = provider();

    const failures = await Promise.all([shared(), shared()].map((attempt) => attempt.catch((error: unknown) => error)));
    for (const failure of failures) expect(failure).toMatchObject({ name: 'AccessDenied' });
    expect(stsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);

    expect((await shared()).accessKeyId).toBe('ASIA9');
    expect(stsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
  });
});
