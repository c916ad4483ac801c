import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { CallerIdentity } from '../inventory/index.js';

/** The identity the credentials belong to (STS GetCallerIdentity, which needs no IAM permission). Throws on failure. */
export async function getCallerIdentity(sts: STSClient): Promise<CallerIdentity> {
  const response = await sts.send(new GetCallerIdentityCommand({}));
  if (!response.Account || !response.Arn || !response.UserId) {
    throw Object.assign(new Error('GetCallerIdentity returned no Account, Arn or UserId.'), { name: 'MalformedResponse' });
  }
  return { account: response.Account, arn: response.Arn, userId: response.UserId };
}

/** The partition of an ARN (arn:aws:…, arn:aws-us-gov:…, arn:aws-cn:…); 'aws' when the ARN is not well formed. */
export function partitionFromArn(arn: string): string {
  const [prefix, partition] = arn.split(':');
  return prefix === 'arn' && partition ? partition : 'aws';
}
