/**
 * The estate's client-access resources (issue 9): Secrets Manager secrets and SCRAM associations, AWS Private CAs,
 * MSK Connect connectors, Lambda event source mappings, IAM and service control policies. AWS-shaped payloads are
 * checked against the SDK's model shapes (ACM PCA against the hand-written ones in wire/acm-pca-schemas.ts).
 */
import { z } from 'zod';
import { DescribeSecretResponse$ } from '@aws-sdk/client-secrets-manager';
import { ConnectorSummary$ } from '@aws-sdk/client-kafkaconnect';
import { EventSourceMappingConfiguration$ } from '@aws-sdk/client-lambda';
import { AccessKeyMetadata$, GroupDetail$, ManagedPolicyDetail$, RoleDetail$, UserDetail$ } from '@aws-sdk/client-iam';
import { CertificateAuthority$ } from './wire/acm-pca-schemas.js';
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

/** A policy document may be written as an object; it is kept as the JSON text AWS stores. */
const PolicyText = z.union([z.string(), z.record(z.string(), z.unknown())]).transform((v) => (typeof v === 'string' ? v : JSON.stringify(v)));

/** Replaces policy-document objects (PolicyDocument, Document) anywhere in an IAM payload by their JSON text. */
function stringifyDocuments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stringifyDocuments);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = (key === 'PolicyDocument' || key === 'Document') && typeof item === 'object' && item !== null ? JSON.stringify(item) : stringifyDocuments(item);
  }
  return out;
}

const iamShaped = (shape: () => Shape, required: string[]) => z.record(z.string(), z.unknown()).transform((v) => stringifyDocuments(v) as Record<string, unknown>).pipe(sdkShaped(shape, required));

export const SecretSchema = z.strictObject({
  /** DescribeSecret's answer (ARN and Name required). Omit KmsKeyId for the AWS-managed aws/secretsmanager key. */
  metadata: sdkShaped(lazyShape(DescribeSecretResponse$), ['ARN', 'Name']),
  /** The resource policy (GetResourcePolicy ResourcePolicy), as an object or JSON text. */
  resourcePolicy: PolicyText.optional(),
});

export const SecretsManagerSchema = z.strictObject({ secrets: z.array(SecretSchema).default([]) });

/** DescribeCertificateAuthority's CertificateAuthority (Arn and Status required; timestamps as ISO strings). */
export const AcmPcaSchema = z.strictObject({
  certificateAuthorities: z.array(sdkShaped(lazyShape(CertificateAuthority$), ['Arn', 'Status'])).default([]),
});

export const KafkaConnectSchema = z.strictObject({
  connectors: z.array(sdkShaped(lazyShape(ConnectorSummary$), ['connectorArn', 'connectorName'])).default([]),
});

export const LambdaSchema = z.strictObject({
  eventSourceMappings: z.array(sdkShaped(lazyShape(EventSourceMappingConfiguration$), ['UUID'])).default([]),
});

/** An account's IAM, as GetAccountAuthorizationDetails and ListAccessKeys answer (policy documents may be objects). */
export const IamSchema = z.strictObject({
  users: z.array(iamShaped(lazyShape(UserDetail$), ['UserName', 'Arn'])).default([]),
  roles: z.array(iamShaped(lazyShape(RoleDetail$), ['RoleName', 'Arn'])).default([]),
  groups: z.array(iamShaped(lazyShape(GroupDetail$), ['GroupName', 'Arn'])).default([]),
  /** Managed policies (customer-managed, and the AWS-managed ones attached somewhere), with their versions. */
  policies: z.array(iamShaped(lazyShape(ManagedPolicyDetail$), ['Arn', 'PolicyName'])).default([]),
  /** ListAccessKeys per user name. */
  accessKeys: z.record(z.string(), z.array(sdkShaped(lazyShape(AccessKeyMetadata$), ['AccessKeyId']))).default({}),
});

/** A service control policy and the roots, OUs and accounts it is attached to. */
export const ScpSchema = z.strictObject({
  id: z.string().regex(/^p-[0-9a-zA-Z_]{8,128}$/, 'must look like p-xxxxxxxx'),
  name: z.string().min(1),
  description: z.string().default(''),
  awsManaged: z.boolean().default(false),
  content: PolicyText,
  targets: z.array(z.string()).default([]),
});

export type SecretEntry = z.infer<typeof SecretSchema>;
export type IamEntry = z.infer<typeof IamSchema>;
export type ScpEntry = z.infer<typeof ScpSchema>;

/** Checks the client-access parts of one account-region: ARNs match their place, SCRAM associations name known things. */
export function crossCheckClientAccess(
  res: {
    msk?: { clusters: Record<string, unknown>[]; scramSecrets?: Record<string, string[]> } | undefined;
    secretsManager?: z.infer<typeof SecretsManagerSchema> | undefined;
    acmPca?: z.infer<typeof AcmPcaSchema> | undefined;
  },
  base: (string | number)[],
  account: string,
  region: string,
  ctx: z.RefinementCtx,
): void {
  const place = `:${region}:${account}:`;
  res.secretsManager?.secrets.forEach((s, j) => {
    if (!String(s.metadata.ARN).includes(place)) ctx.addIssue({ code: 'custom', path: [...base, 'secretsManager', 'secrets', j, 'metadata', 'ARN'], message: `ARN does not match ${region}/${account}` });
  });
  res.acmPca?.certificateAuthorities.forEach((ca, j) => {
    if (!String(ca.Arn).includes(place)) ctx.addIssue({ code: 'custom', path: [...base, 'acmPca', 'certificateAuthorities', j, 'Arn'], message: `ARN does not match ${region}/${account}` });
  });
  const clusters = new Set((res.msk?.clusters ?? []).map((c) => String(c.ClusterArn)));
  for (const clusterArn of Object.keys(res.msk?.scramSecrets ?? {})) {
    if (!clusters.has(clusterArn)) ctx.addIssue({ code: 'custom', path: [...base, 'msk', 'scramSecrets', clusterArn], message: 'not a cluster of this account-region' });
  }
}
