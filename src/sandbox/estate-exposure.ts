/**
 * The estate's network-exposure and broker-log resources (issue 9): MSK cluster policies and client VPC connections
 * (under `msk`), CloudWatch Logs log groups (`logs`), and the lifecycle rules of S3 buckets. AWS-shaped payloads are
 * checked against the SDK's model shapes.
 */
import { z } from 'zod';
import { LogGroup$ } from '@aws-sdk/client-cloudwatch-logs';
import { ClientVpcConnection$ } from '@aws-sdk/client-kafka';
import { LifecycleRule$ } from '@aws-sdk/client-s3';
import { shapeOf, type Shape } from './wire/shapes.js';
import { validateShape } from './wire/validate.js';

function sdkShaped(shape: () => Shape, required: string[] = []) {
  return z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
    for (const r of required) if (value[r] === undefined) ctx.addIssue({ code: 'custom', path: [r], message: `required field "${r}" is missing` });
    for (const issue of validateShape(shape(), value)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });
}

const lazyShape = (schema: unknown): (() => Shape) => {
  let s: Shape | undefined;
  return () => (s ??= shapeOf(schema));
};

/** GetClusterPolicy's answer for one cluster; the policy may be written as an object (it is served as JSON text). */
export const ClusterPolicySchema = z.strictObject({
  policy: z.union([z.string(), z.record(z.string(), z.unknown())]).transform((v) => (typeof v === 'string' ? v : JSON.stringify(v))),
  currentVersion: z.string().default('K1'),
});

/** Cluster policies keyed by cluster ARN (a cluster without one answers NotFoundException). */
export const ClusterPoliciesSchema = z.record(z.string(), ClusterPolicySchema).default({});

/** ListClientVpcConnections: each cluster's client VPC connections (SDK ClientVpcConnection shape), keyed by cluster ARN. */
export const ClientVpcConnectionsSchema = z
  .record(z.string(), z.array(sdkShaped(lazyShape(ClientVpcConnection$), ['VpcConnectionArn'])))
  .default({});

/** CloudWatch Logs log groups (DescribeLogGroups' LogGroup shape, camelCase as the SDK names it). */
export const LogsSchema = z.strictObject({
  logGroups: z.array(sdkShaped(lazyShape(LogGroup$), ['logGroupName'])).default([]),
});

/** An S3 bucket's lifecycle rules (SDK LifecycleRule shape); absent: no lifecycle configuration. */
export const LifecycleRulesSchema = z.array(sdkShaped(lazyShape(LifecycleRule$), ['Status'])).optional();
