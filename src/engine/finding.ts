import { createHash } from 'node:crypto';
import type { CheckMeta, Evidence, FrameworkMappings, Severity, Status } from '../check/index.js';
import type { AcceptedRisk } from './exceptions.js';

export type FindingResourceType = 'AwsMskCluster' | 'AwsAccountRegion';

export interface FindingResource {
  type: FindingResourceType;
  /** The cluster ARN, or for account-region findings `arn:<partition>:kafka:<region>:<account>:*`. */
  arn: string;
  name?: string;
  account: string;
  region: string;
  partition: string;
  tags: Record<string, string>;
}

export interface Finding {
  /** Stable across runs: derived from the check id and the resource ARN only. */
  id: string;
  checkId: string;
  title: string;
  status: Status;
  severity: Severity;
  reason: string;
  evidence: Evidence;
  resource: FindingResource;
  remediation: CheckMeta['remediation'];
  frameworks: FrameworkMappings;
  securityHubControl?: string;
  /** Set when an accepted-risk exception covers this FAILED finding. */
  accepted?: AcceptedRisk;
}

const MAX_FINDING_ID_LENGTH = 512; // Security Hub's limit on finding ids

/** `msk-audit/<check>/<resource ARN>[/<subject>]`; hashed when longer than Security Hub allows. */
export function findingId(checkId: string, resourceArn: string, subjectKey?: string): string {
  const subject = subjectKey === undefined ? resourceArn : `${resourceArn}/${subjectKey}`;
  const readable = `msk-audit/${checkId}/${subject}`;
  if (readable.length <= MAX_FINDING_ID_LENGTH) return readable;
  const digest = createHash('sha256').update(subject).digest('hex');
  return `msk-audit/${checkId}/sha256:${digest}`;
}

export function accountRegionArn(partition: string, account: string, region: string): string {
  return `arn:${partition}:kafka:${region}:${account}:*`;
}
