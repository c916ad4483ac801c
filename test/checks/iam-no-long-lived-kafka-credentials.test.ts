import { describe, expect, it } from 'vitest';
import check from '../../checks/iam-no-long-lived-kafka-credentials.js';
import { available, unavailable } from '../../src/inventory/index.js';
import { accountRegionTable } from '../support/account-region-table.js';
import { principal, statement, withAccountWide, withIam } from '../support/client-access-fixtures.js';
import { accessDenied } from '../support/fixtures.js';

const OLD_KEY = available([{ accessKeyId: 'AKIAOLDOLDOLDOLD0001', status: 'Active', createDate: '2026-01-01T00:00:00.000Z' }]);
const NEW_KEY = available([{ accessKeyId: 'AKIANEWNEWNEWNEW0002', status: 'Active', createDate: '2026-10-15T00:00:00.000Z' }]);
const CONNECT = statement('Allow', ['kafka-cluster:Connect', 'kafka-cluster:ReadData'], ['arn:aws:kafka:eu-west-1:111122223333:cluster/payments/*']);

const client = (keys = OLD_KEY, statements = [CONNECT]) => principal('user', 'etl-client', statements, (p) => (p.accessKeys = keys));

accountRegionTable(check, {
  PASSED: [
    { name: 'no principal with kafka statements', inventory: withIam([]), reason: /No IAM user with an active access key older than 90 days/ },
    { name: 'a user with a recent key', inventory: withIam([client(NEW_KEY)]) },
    { name: 'an old key that is inactive', inventory: withIam([client(available([{ accessKeyId: 'AKIAOLD', status: 'Inactive', createDate: '2025-01-01T00:00:00.000Z' }]))]) },
    { name: 'a role scoped to one cluster', inventory: withIam([principal('role', 'consumer', [CONNECT])]) },
    { name: 'a grant cancelled by an unconditional deny', inventory: withIam([client(OLD_KEY, [CONNECT, statement('Deny', ['kafka-cluster:*'])])]) },
    { name: 'an old key with a 365-day limit', inventory: withIam([client()]), thresholds: { accessKeyMaxAgeDays: 365 } },
  ],
  FAILED: [
    {
      name: 'a user whose broad grant comes from a group is not reported twice (the group is)',
      inventory: withIam([principal('group', 'devs', [statement('Allow', ['kafka-cluster:*'])]), client(NEW_KEY, [{ ...statement('Allow', ['kafka-cluster:*']), policy: 'group devs: inline all' }])]),
      subjects: ['FAILED'],
      severity: 'MEDIUM',
    },
    { name: 'a user with an old key allowed Connect', inventory: withIam([client()]), subjects: ['FAILED'], reason: /kafka-cluster:Connect .*older than 90 days \(AKIAOLDOLDOLDOLD0001, 304 days\)/ },
    { name: 'Connect through Action "*"', inventory: withIam([client(OLD_KEY, [statement('Allow', ['*'])])]), subjects: ['FAILED'] },
    { name: 'Connect through NotAction', inventory: withIam([client(OLD_KEY, [statement('Allow', undefined as never, ['*'], { action: undefined, notAction: ['iam:*'] })])]), subjects: ['FAILED'] },
    { name: 'a role allowed kafka-cluster:* on *', inventory: withIam([principal('role', 'app', [statement('Allow', ['kafka-cluster:*'])])]), subjects: ['FAILED'], severity: 'MEDIUM', reason: /every kafka-cluster action on every cluster/ },
    { name: 'a group allowed kafka-cluster:* on *', inventory: withIam([principal('group', 'devs', [statement('Allow', ['kafka-cluster:*'])]), principal('role', 'ok', [CONNECT])]), subjects: ['FAILED'], severity: 'MEDIUM' },
  ],
  NOT_APPLICABLE: [{ name: 'another region holds the account-wide facts', inventory: withAccountWide({ heldIn: 'us-east-1' }), reason: /judged once for account .* in its us-east-1 findings/ }],
  NOT_AVAILABLE: [
    { name: 'IAM not collected in this inventory', inventory: withAccountWide(undefined), reason: /not collected in this inventory/ },
    { name: 'GetAccountAuthorizationDetails denied', inventory: withAccountWide({ heldIn: 'eu-west-1', iam: unavailable(accessDenied('iam', 'GetAccountAuthorizationDetails')) }), reason: /AccessDeniedException/ },
    { name: 'IAM check not selected when collected', inventory: withAccountWide({ heldIn: 'eu-west-1' }) },
    { name: 'ListAccessKeys denied for a Connect user', inventory: withIam([client(unavailable(accessDenied('iam', 'ListAccessKeys', 'etl-client')))]), subjects: ['NOT_AVAILABLE'] },
    { name: 'an unreadable policy on a role', inventory: withIam([principal('role', 'x', [], (p) => (p.unreadablePolicies = ['arn:aws:iam::aws:policy/Gone (not in GetAccountAuthorizationDetails)']))]), subjects: ['NOT_AVAILABLE'] },
  ],
});

describe('iam-no-long-lived-kafka-credentials', () => {
  it('keys each verdict by principal kind and ARN', () => {
    const outcome = check.evaluate({
      account: '111122223333',
      region: 'eu-west-1',
      inventory: withIam([client()]),
      thresholds: { accessKeyMaxAgeDays: 90 } as never,
    });
    expect(Array.isArray(outcome) && outcome[0]!.subject).toEqual({ key: 'user/arn:aws:iam::111122223333:user/etl-client', name: 'etl-client' });
  });
});
