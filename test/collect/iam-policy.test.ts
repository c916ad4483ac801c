import { describe, expect, it } from 'vitest';
import {
  actionMatches,
  parsePolicyDocument,
  patternCanMatchService,
  resourceCanBeKafkaCluster,
  statementCanConcernService,
  statementCoversAction,
} from '../../src/inventory/index.js';

describe('the IAM policy reader', () => {
  it('parses URL-encoded and plain documents, normalising single strings to lists', () => {
    const text = JSON.stringify({ Version: '2012-10-17', Statement: { Sid: 'A', Effect: 'Allow', Action: 'kafka-cluster:Connect', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } } });
    for (const doc of [text, encodeURIComponent(text), JSON.parse(text)]) {
      expect(parsePolicyDocument(doc, 'p')).toEqual({
        ok: true,
        statements: [{ policy: 'p', sid: 'A', effect: 'Allow', action: ['kafka-cluster:Connect'], resource: ['*'], condition: { Bool: { 'aws:SecureTransport': 'true' } } }],
      });
    }
  });

  it('refuses what it cannot read rather than skipping it', () => {
    expect(parsePolicyDocument('{not json', 'p')).toMatchObject({ ok: false });
    expect(parsePolicyDocument({ Statement: [{ Effect: 'Maybe', Action: '*' }] }, 'p')).toMatchObject({ ok: false, reason: /Effect/ });
    expect(parsePolicyDocument({ Statement: [{ Effect: 'Allow', Resource: '*' }] }, 'p')).toMatchObject({ ok: false, reason: /Action/ });
  });

  it('matches actions case-insensitively with * and ?', () => {
    expect(actionMatches('kafka-cluster:*', 'kafka-cluster:Connect')).toBe(true);
    expect(actionMatches('KAFKA-CLUSTER:connect', 'kafka-cluster:Connect')).toBe(true);
    expect(actionMatches('kafka-cluster:Conn?ct', 'kafka-cluster:Connect')).toBe(true);
    expect(actionMatches('kafka:*', 'kafka-cluster:Connect')).toBe(false);
    expect(actionMatches('kafka*', 'kafka-cluster:Connect')).toBe(true);
    expect(statementCoversAction({ policy: 'p', effect: 'Allow', notAction: ['s3:*'] }, 'kafka-cluster:Connect')).toBe(true);
    expect(statementCoversAction({ policy: 'p', effect: 'Allow', notAction: ['kafka-cluster:*'] }, 'kafka-cluster:Connect')).toBe(false);
  });

  it('tells which statements can concern a service', () => {
    expect(patternCanMatchService('*', 'kafka-cluster')).toBe(true);
    expect(patternCanMatchService('kafka*', 'kafka-cluster')).toBe(true);
    expect(patternCanMatchService('kafka-cluster:Write*', 'kafka-cluster')).toBe(true);
    expect(patternCanMatchService('kafka:*', 'kafka-cluster')).toBe(false);
    expect(patternCanMatchService('s3:GetObject', 'kafka-cluster')).toBe(false);
    expect(statementCanConcernService({ policy: 'p', effect: 'Allow', notAction: ['iam:*'] }, 'kafka-cluster')).toBe(true);
  });

  it('tells which resource patterns can be an MSK cluster', () => {
    expect(resourceCanBeKafkaCluster('*')).toBe(true);
    expect(resourceCanBeKafkaCluster('arn:aws:kafka:*')).toBe(true);
    expect(resourceCanBeKafkaCluster('arn:aws:kafka:eu-west-1:111122223333:cluster/payments/*')).toBe(true);
    expect(resourceCanBeKafkaCluster('arn:aws:kafka:eu-west-1:111122223333:*/payments/*')).toBe(true);
    expect(resourceCanBeKafkaCluster('arn:aws:kafka:eu-west-1:111122223333:topic/payments/*')).toBe(false);
    expect(resourceCanBeKafkaCluster('arn:aws:s3:::bucket/*')).toBe(false);
    expect(resourceCanBeKafkaCluster('arn:*')).toBe(true);
  });
});
