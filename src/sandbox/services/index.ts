import { accountService } from './account.js';
import { cloudtrailService } from './cloudtrail.js';
import { ec2Service } from './ec2.js';
import { kafkaService } from './kafka.js';
import { kmsService } from './kms.js';
import { logsService } from './logs.js';
import { organizationsService } from './organizations.js';
import { securityHubService } from './securityhub.js';
import { s3Service } from './s3.js';
import { stsService } from './sts.js';
import type { ServiceDefinition } from './types.js';
import { acmPcaService } from './acm-pca.js';
import { iamService } from './iam.js';
import { kafkaConnectService } from './kafkaconnect.js';
import { lambdaService } from './lambda.js';
import { secretsManagerService } from './secretsmanager.js';

export type { ServiceDefinition, ServiceContext, Handler } from './types.js';

/** Every service the sandbox answers, keyed by SigV4 signing name. */
export function allServices(): Map<string, ServiceDefinition> {
  const list = [stsService(), kafkaService(), kmsService(), organizationsService(), accountService(), ec2Service(), cloudtrailService(), securityHubService(), s3Service(), logsService()];
  list.push(secretsManagerService(), acmPcaService(), kafkaConnectService(), lambdaService(), iamService());
  return new Map(list.map((s) => [s.signingName, s]));
}
