import { accountService } from './account.js';
import { cloudtrailService } from './cloudtrail.js';
import { ec2Service } from './ec2.js';
import { kafkaService } from './kafka.js';
import { kmsService } from './kms.js';
import { organizationsService } from './organizations.js';
import { securityHubService } from './securityhub.js';
import { stsService } from './sts.js';
import type { ServiceDefinition } from './types.js';

export type { ServiceDefinition, ServiceContext, Handler } from './types.js';

/** Every service the sandbox answers, keyed by SigV4 signing name. */
export function allServices(): Map<string, ServiceDefinition> {
  const list = [stsService(), kafkaService(), kmsService(), organizationsService(), accountService(), ec2Service(), cloudtrailService(), securityHubService()];
  return new Map(list.map((s) => [s.signingName, s]));
}
