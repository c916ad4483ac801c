import { describe, expect, it } from 'vitest';
import { CredentialsError, MAX_ERROR_MESSAGE_LENGTH, malformedResponse, toCollectionError } from '../../src/aws/index.js';
import { KMSServiceException, NotFoundException as KmsNotFound } from '@aws-sdk/client-kms';
import { TooManyRequestsException } from '@aws-sdk/client-kafka';
import { roundTrip } from './support.js';

const context = { service: 'kms', operation: 'DescribeKey', account: '111122223333', region: 'eu-west-1', resource: 'arn:key' };

describe('toCollectionError', () => {
  it('uses the AWS error name of a modelled SDK exception as the code', () => {
    const error = new KmsNotFound({ message: 'Key not found', $metadata: { httpStatusCode: 400 } });
    expect(toCollectionError(error, context)).toEqual({ ...context, code: 'NotFoundException', message: 'Key not found' });
  });

  it('uses the name of an unmodelled service exception (ThrottlingException)', () => {
    const error = new KMSServiceException({ name: 'ThrottlingException', $fault: 'client', message: 'Rate exceeded', $metadata: {} });
    expect(toCollectionError(error, context).code).toBe('ThrottlingException');
  });

  it('keeps TooManyRequestsException from MSK', () => {
    const error = new TooManyRequestsException({ message: 'Too Many Requests', $metadata: { httpStatusCode: 429 } });
    expect(toCollectionError(error, { service: 'kafka', operation: 'ListClustersV2' })).toEqual({
      service: 'kafka',
      operation: 'ListClustersV2',
      code: 'TooManyRequestsException',
      message: 'Too Many Requests',
    });
  });

  it('falls back to the Node error code, the name, or UnknownError for non-AWS errors', () => {
    expect(toCollectionError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' }), context).code).toBe('ECONNREFUSED');
    expect(toCollectionError(new TypeError('boom'), context)).toMatchObject({ code: 'TypeError', message: 'boom' });
    expect(toCollectionError(new Error('plain'), context).code).toBe('Error');
    expect(toCollectionError('a string', context)).toMatchObject({ code: 'UnknownError', message: 'a string' });
    expect(toCollectionError(undefined, context)).toMatchObject({ code: 'UnknownError', message: 'UnknownError' });
    expect(toCollectionError(null, context).code).toBe('UnknownError');
  });

  it('never throws, even on hostile values', () => {
    const hostile = {
      get name(): string {
        throw new Error('no');
      },
    };
    expect(toCollectionError(hostile, context).code).toBe('UnknownError');
  });

  it('truncates long messages to 1000 characters', () => {
    const error = toCollectionError(new Error('x'.repeat(5000)), context);
    expect(error.message).toHaveLength(MAX_ERROR_MESSAGE_LENGTH);
    expect(error.message.endsWith('…')).toBe(true);
  });

  it('omits absent context fields so the error round-trips through JSON', () => {
    const error = toCollectionError(new Error('x'), { service: 'sts', operation: 'GetCallerIdentity' });
    expect(Object.keys(error).sort()).toEqual(['code', 'message', 'operation', 'service']);
    expect(roundTrip(error)).toEqual(error);
  });
});

describe('malformedResponse', () => {
  it('has the MalformedResponse code', () => {
    expect(malformedResponse('no ARN', context)).toEqual({ ...context, code: 'MalformedResponse', message: 'no ARN' });
  });
});

describe('CredentialsError', () => {
  it('is one line and carries the underlying error', () => {
    const cause = new Error('expired');
    const error = new CredentialsError(
      { service: 'sts', operation: 'GetCallerIdentity', code: 'ExpiredToken', message: 'The security token\r\n  is expired' },
      { cause },
    );
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('Could not verify AWS credentials (sts:GetCallerIdentity failed): ExpiredToken: The security token is expired');
    expect(error.cause).toBe(cause);
  });
});
