import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { INVENTORY_SCHEMA_VERSION, type Inventory } from './inventory.js';
import { clientAccessFields } from './load-client-access.js';
import { collectionError, fact } from './fact-schema.js';


// Clusters are kept as AWS returned them; only the ARN is required. Checks judge the rest field by field.
const cluster = z.looseObject({ ClusterArn: z.string().min(1) });

const keyRotation = z.object({
  enabled: z.boolean(),
  rotationPeriodInDays: z.number().optional(),
  nextRotationDate: z.string().optional(),
});

const trail = z.object({
  arn: z.string().min(1),
  name: z.string().optional(),
  homeRegion: z.string().optional(),
  multiRegion: z.boolean().optional(),
  organizationTrail: z.boolean().optional(),
  logFileValidation: z.boolean().optional(),
  kmsKeyId: z.string().optional(),
  s3BucketName: z.string().optional(),
  logging: fact(z.boolean()),
  managementEvents: fact(z.enum(['all', 'write-only', 'read-only', 'none'])),
});

const kafkaEvent = z.object({
  eventId: z.string().min(1),
  time: z.string().min(1),
  name: z.string().min(1),
  source: z.string(),
  clusterArn: z.string().optional(),
  topic: z.string().optional(),
  principal: z.object({ arn: z.string().optional(), type: z.string().optional(), accountId: z.string().optional() }),
  sourceIp: z.string().optional(),
  userAgent: z.string().optional(),
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
  readOnly: z.boolean().optional(),
  publicAccessType: z.string().optional(),
});

// Network exposure, cluster policy and broker log destinations (optional: older inventories lack them).
const securityGroup = z.object({
  groupId: z.string().min(1),
  groupName: z.string().optional(),
  vpcId: z.string().optional(),
  ownerId: z.string().optional(),
  ingress: z.array(
    z.object({
      ipProtocol: z.string(),
      fromPort: z.number().optional(),
      toPort: z.number().optional(),
      ipv4Ranges: z.array(z.string()),
      ipv6Ranges: z.array(z.string()),
      prefixListIds: z.array(z.string()),
      groupReferences: z.array(z.string()),
    }),
  ),
});

const clusterPolicy = z.object({ policy: z.string().nullable(), currentVersion: z.string().optional() });

const clientVpcConnection = z.object({
  vpcConnectionArn: z.string().min(1),
  owner: z.string().optional(),
  authentication: z.string().optional(),
  state: z.string().optional(),
  creationTime: z.string().optional(),
});

const logGroup = z.object({
  name: z.string().min(1),
  exists: z.boolean(),
  arn: z.string().optional(),
  retentionInDays: z.number().optional(),
  kmsKeyId: z.string().optional(),
});

const logBucket = z.object({
  bucket: z.string().min(1),
  lifecycle: fact(
    z.object({
      configured: z.boolean(),
      rules: z.array(
        z.object({
          id: z.string().optional(),
          status: z.string().optional(),
          prefix: z.string(),
          tagFilter: z.boolean(),
          sizeFilter: z.boolean(),
          expirationDays: z.number().optional(),
          expirationDate: z.string().optional(),
        }),
      ),
    }),
  ),
  encryption: fact(
    z.object({
      configured: z.boolean(),
      rules: z.array(z.object({ sseAlgorithm: z.string().optional(), kmsKeyId: z.string().optional(), bucketKeyEnabled: z.boolean().optional() })),
    }),
  ),
});

const inventorySchema = z.object({
  schemaVersion: z.literal(INVENTORY_SCHEMA_VERSION),
  kind: z.literal('msk-audit-inventory'),
  tool: z.object({ name: z.string(), version: z.string() }),
  collectedAt: z.iso.datetime(),
  caller: z.object({ account: z.string(), arn: z.string(), userId: z.string() }),
  partition: z.string().min(1),
  scope: z.object({
    accounts: z.array(z.string()),
    regions: z.array(z.string()),
    regionSelection: z.enum(['all-enabled', 'explicit']),
  }),
  accounts: z.array(
    z.object({
      account: z.string().regex(/^\d{12}$/),
      name: z.string().optional(),
      via: z.enum(['caller', 'assumed-role']),
      roleArn: z.string().optional(),
      access: fact(z.object({ principalArn: z.string() })),
      regions: fact(z.object({ enabled: z.array(z.string()), notEnabled: z.array(z.string()) })),
      skippedRegions: z.array(z.string()),
    }),
  ),
  accountRegions: z.array(
    z.object({
      account: z.string().regex(/^\d{12}$/),
      region: z.string().min(1),
      clusters: fact(z.array(cluster)),
      configurations: z.record(
        z.string(),
        fact(
          z.object({
            arn: z.string(),
            revision: z.number(),
            creationTime: z.string().optional(),
            description: z.string().optional(),
            serverPropertiesText: z.string(),
            serverProperties: z.record(z.string(), z.string()),
          }),
        ),
      ),
      kmsKeys: z.record(
        z.string(),
        fact(
          z.object({
            keyId: z.string().optional(),
            arn: z.string().optional(),
            keyManager: z.string().optional(),
            keyState: z.string().optional(),
            keySpec: z.string().optional(),
            origin: z.string().optional(),
            deletionDate: z.string().optional(),
            rotation: fact(keyRotation).optional(),
          }),
        ),
      ),
      kafkaVersions: fact(z.array(z.object({ version: z.string(), status: z.string().optional() }))),
      trails: fact(z.array(trail)).optional(),
      kafkaEvents: fact(z.object({ start: z.string(), end: z.string(), events: z.array(kafkaEvent) })).optional(),
      securityGroups: z.record(z.string(), fact(securityGroup)).optional(),
      clusterPolicies: z.record(z.string(), fact(clusterPolicy)).optional(),
      clientVpcConnections: z.record(z.string(), fact(z.array(clientVpcConnection))).optional(),
      brokerLogGroups: z.record(z.string(), fact(logGroup)).optional(),
      brokerLogBuckets: z.record(z.string(), logBucket).optional(),
      ...clientAccessFields,
      errors: z.array(collectionError),
    }),
  ),
  errors: z.array(collectionError),
});

/** Reads and validates a saved inventory; a foreign, corrupt or newer file is a clear UsageError. */
export async function loadInventory(path: string): Promise<Inventory> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new UsageError(`inventory ${path}: no such file`);
  if (!info.isFile()) throw new UsageError(`inventory ${path}: not a regular file`);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const detail = error instanceof SyntaxError ? 'not valid JSON' : `cannot be read (${(error as NodeJS.ErrnoException).code})`;
    throw new UsageError(`inventory ${path}: ${detail}`);
  }
  return parseInventory(json, path);
}

export function parseInventory(json: unknown, source: string): Inventory {
  if (typeof json !== 'object' || json === null || (json as { kind?: unknown }).kind !== 'msk-audit-inventory') {
    throw new UsageError(`inventory ${source}: not an msk-audit inventory (kind must be "msk-audit-inventory")`);
  }
  const version = (json as { schemaVersion?: unknown }).schemaVersion;
  if (version !== INVENTORY_SCHEMA_VERSION) {
    throw new UsageError(
      `inventory ${source}: schema version ${JSON.stringify(version)} is not supported (this msk-audit reads version ${INVENTORY_SCHEMA_VERSION})`,
    );
  }
  const result = inventorySchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new UsageError(`inventory ${source}: ${issue?.path.join('.') || '(top level)'}: ${issue?.message ?? 'invalid'}`);
  }
  const inventory = result.data as Inventory;
  // Facts keyed by identifiers from the file: a key such as "constructor" or "__proto__" must not find Object.prototype.
  for (const accountRegion of inventory.accountRegions) {
    for (const field of KEYED_FACTS) {
      const record = accountRegion[field];
      if (record) (accountRegion as unknown as Record<string, unknown>)[field] = Object.assign(Object.create(null) as object, record);
    }
  }
  return inventory;
}

const KEYED_FACTS = [
  'configurations',
  'kmsKeys',
  'securityGroups',
  'clusterPolicies',
  'clientVpcConnections',
  'brokerLogGroups',
  'brokerLogBuckets',
  'scramSecretLists',
  'secrets',
  'privateCas',
] as const;
