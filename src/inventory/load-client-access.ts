import { z } from 'zod';
import { fact } from './fact-schema.js';

/*
 * The loader's schemas for the facts of client-access.ts (SCRAM secrets, private CAs, MSK Connect, Lambda event
 * source mappings, IAM and SCPs). Every field they add to an account-region is optional, so older inventories load.
 */


const jsonValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);

const secret = z.object({
  arn: z.string().min(1),
  name: z.string().optional(),
  kmsKeyId: z.string().optional(),
  rotationEnabled: z.boolean().optional(),
  rotationLambdaArn: z.string().optional(),
  rotationRules: z
    .object({ automaticallyAfterDays: z.number().optional(), duration: z.string().optional(), scheduleExpression: z.string().optional() })
    .optional(),
  lastRotatedDate: z.string().optional(),
  nextRotationDate: z.string().optional(),
  deletedDate: z.string().optional(),
  resourcePolicy: fact(z.string().nullable()),
});

const privateCa = z.object({
  arn: z.string().min(1),
  status: z.string().optional(),
  type: z.string().optional(),
  usageMode: z.string().optional(),
  keyAlgorithm: z.string().optional(),
  signingAlgorithm: z.string().optional(),
  notBefore: z.string().optional(),
  notAfter: z.string().optional(),
  crlEnabled: z.boolean().optional(),
  ocspEnabled: z.boolean().optional(),
});

const destination = (extra: Record<string, z.ZodOptional<z.ZodString>>) => z.object({ enabled: z.boolean().optional(), ...extra }).optional();

const connector = z.object({
  arn: z.string().min(1),
  name: z.string().optional(),
  state: z.string().optional(),
  bootstrapServers: z.string().optional(),
  encryptionInTransit: z.string().optional(),
  clientAuthentication: z.string().optional(),
  workerLogDelivery: z
    .object({
      cloudWatchLogs: destination({ logGroup: z.string().optional() }),
      firehose: destination({ deliveryStream: z.string().optional() }),
      s3: destination({ bucket: z.string().optional(), prefix: z.string().optional() }),
    })
    .optional(),
});

const eventSourceMapping = z.object({
  uuid: z.string().min(1),
  arn: z.string().optional(),
  functionArn: z.string().optional(),
  eventSourceArn: z.string().min(1),
  state: z.string().optional(),
  sourceAccessConfigurations: z.array(z.object({ type: z.string().optional(), uri: z.string().optional() })),
});

const statement = z.object({
  policy: z.string(),
  sid: z.string().optional(),
  effect: z.enum(['Allow', 'Deny']),
  action: z.array(z.string()).optional(),
  notAction: z.array(z.string()).optional(),
  resource: z.array(z.string()).optional(),
  notResource: z.array(z.string()).optional(),
  condition: z.record(z.string(), z.record(z.string(), jsonValue)).optional(),
});

const principal = z.object({
  kind: z.enum(['user', 'role', 'group']),
  name: z.string(),
  arn: z.string(),
  groups: z.array(z.string()).optional(),
  statements: z.array(statement),
  unreadablePolicies: z.array(z.string()),
  accessKeys: fact(z.array(z.object({ accessKeyId: z.string(), status: z.string().optional(), createDate: z.string().optional() }))).optional(),
});

const scp = z.object({
  id: z.string(),
  name: z.string().optional(),
  arn: z.string().optional(),
  awsManaged: z.boolean().optional(),
  statements: fact(z.array(statement)),
});

const accountWide = z.object({
  heldIn: z.string().min(1),
  iam: fact(z.object({ principals: z.array(principal), counts: z.object({ users: z.number(), roles: z.number(), groups: z.number() }) })).optional(),
  organizationScan: z.boolean().optional(),
  guardrails: fact(
    z.object({
      managementAccount: z.string().optional(),
      path: z.array(z.object({ id: z.string(), kind: z.enum(['root', 'ou', 'account']), policies: fact(z.array(scp)) })),
    }),
  ).optional(),
});

/** The optional account-region members these facts add, to spread into the loader's account-region object. */
export const clientAccessFields = {
  collectedAt: z.iso.datetime().optional(),
  scramSecretLists: z.record(z.string(), fact(z.array(z.string()))).optional(),
  secrets: z.record(z.string(), fact(secret)).optional(),
  privateCas: z.record(z.string(), fact(privateCa)).optional(),
  connectors: fact(z.array(connector)).optional(),
  eventSourceMappings: fact(z.array(eventSourceMapping)).optional(),
  accountWide: accountWide.optional(),
};
