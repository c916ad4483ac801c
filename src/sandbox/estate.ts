/**
 * The declarative estate: a JSON document describing an AWS Organization and what lives in each
 * account-region. Validated with zod on load; AWS-shaped payloads (MSK clusters, KMS KeyMetadata,
 * CloudTrail trails/events, EC2 security groups, Security Hub findings) are also checked member by member
 * against the SDK's own model shapes. Every error names its JSON path.
 *
 * Conventions: sandbox structure keys are camelCase; AWS payload objects use the SDK's PascalCase member
 * names exactly as the SDK returns them (timestamps as ISO-8601 strings).
 * To add a service later (Secrets Manager, Lambda…), add an optional key to `RegionResources`; S3 buckets, being
 * global by name, are per account (`accounts[].s3.buckets`).
 */
import { createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { Cluster$ } from '@aws-sdk/client-kafka';
import { KeyMetadata$ } from '@aws-sdk/client-kms';
import { Event$, GetTrailStatusResponse$, Trail$ } from '@aws-sdk/client-cloudtrail';
import { SecurityGroup$ } from '@aws-sdk/client-ec2';
import { AwsSecurityFinding$ } from '@aws-sdk/client-securityhub';
import { defaultCatalogue } from './regions.js';
import { AcmPcaSchema, crossCheckClientAccess, IamSchema, KafkaConnectSchema, LambdaSchema, ScpSchema, SecretsManagerSchema } from './estate-client-access.js';
import { ClientVpcConnectionsSchema, ClusterPoliciesSchema, LifecycleRulesSchema, LogsSchema } from './estate-exposure.js';
import { shapeOf, type Shape } from './wire/shapes.js';
import { validateShape } from './wire/validate.js';

const AccountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');
const RegionName = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be a region name such as eu-west-1');
const IsoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO-8601 timestamp');

/** A record whose content must conform to an SDK model shape. */
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
const clusterShape = lazyShape(Cluster$);
const keyMetadataShape = lazyShape(KeyMetadata$);
const trailShape = lazyShape(Trail$);
const trailStatusShape = lazyShape(GetTrailStatusResponse$);
const eventShape = lazyShape(Event$);
const securityGroupShape = lazyShape(SecurityGroup$);
const findingShape = lazyShape(AwsSecurityFinding$);

export const KafkaVersionSchema = z.strictObject({ Version: z.string(), Status: z.enum(['ACTIVE', 'DEPRECATED']) });

export const ConfigurationSchema = z.strictObject({
  Arn: z.string().regex(/^arn:aws[\w-]*:kafka:[a-z0-9-]+:\d{12}:configuration\/.+/, 'must be an MSK configuration ARN'),
  Name: z.string(),
  Description: z.string().optional(),
  CreationTime: IsoDate,
  KafkaVersions: z.array(z.string()).optional(),
  State: z.enum(['ACTIVE', 'DELETING', 'DELETE_FAILED']).default('ACTIVE'),
  Revisions: z
    .array(
      z.strictObject({
        Revision: z.number().int().min(1),
        Description: z.string().optional(),
        CreationTime: IsoDate,
        /** server.properties as plain text; the wire carries it base64-encoded as AWS does. */
        ServerProperties: z.string(),
      }),
    )
    .min(1),
});

export const KmsKeySchema = z.strictObject({
  /** DescribeKey's KeyMetadata (KeyId required; Arn, AWSAccountId, Enabled… are derived when absent). */
  metadata: sdkShaped(keyMetadataShape, ['KeyId']),
  /** GetKeyRotationStatus payload. AWS-managed keys default to enabled / 365 days. */
  rotation: z
    .strictObject({
      KeyRotationEnabled: z.boolean(),
      RotationPeriodInDays: z.number().int().min(90).max(2560).optional(),
      NextRotationDate: IsoDate.optional(),
    })
    .optional(),
  /** Alias names (`alias/…`) pointing at this key. */
  aliases: z.array(z.string().regex(/^alias\/.+/, 'must start with alias/')).default([]),
  /** Operations the key policy denies to every caller (e.g. ["GetKeyRotationStatus"]). */
  deny: z.array(z.string()).default([]),
  /**
   * For an asymmetric SIGN_VERIFY key (KeySpec RSA_2048/3072/4096): its private key as PKCS#8 or PKCS#1 PEM,
   * so its public key is the same on every run. Absent: Sign/Verify/GetPublicKey use a key generated on first use.
   */
  privateKeyPem: z.string().optional(),
});

/** The asymmetric key specs whose Sign / Verify / GetPublicKey the sandbox serves, with their modulus size. */
export const SANDBOX_SIGNING_KEY_SPECS: Readonly<Record<string, number>> = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096 };

export const TrailSchema = z.strictObject({
  trail: sdkShaped(trailShape, ['Name', 'TrailARN', 'HomeRegion']),
  status: sdkShaped(trailStatusShape).optional(),
  /** GetEventSelectors' answer (EventSelectors / AdvancedEventSelectors); default: all management events. */
  selectors: z.record(z.string(), z.unknown()).optional(),
});

/**
 * Relative times for estates that must stay inside CloudTrail's 90-day window: `now`, `now-3d`,
 * `now-12h`, `now-30m` (resolved when the estate is loaded, against the real clock).
 */
export function resolveRelativeTime(value: unknown, base = Date.now()): unknown {
  if (typeof value !== 'string') return value;
  const m = /^now(?:-(\d+)([dhm]))?$/.exec(value);
  if (!m) return value;
  const unit = m[2] === 'd' ? 86_400_000 : m[2] === 'h' ? 3_600_000 : 60_000;
  return new Date(base - Number(m[1] ?? 0) * unit).toISOString();
}

/**
 * A CloudTrail event (LookupEvents' Event shape). EventTime may be relative (`now-2d`); CloudTrailEvent may
 * be an object — it is sent as a JSON string, with eventID/eventName/eventSource/eventTime filled in.
 */
export const EventSchema = z
  .record(z.string(), z.unknown())
  .transform((e) => {
    const eventTime = resolveRelativeTime(e.EventTime);
    const out: Record<string, unknown> = { ...e, EventTime: eventTime };
    const detail = e.CloudTrailEvent;
    if (typeof detail === 'object' && detail !== null) {
      const d = detail as Record<string, unknown>;
      out.CloudTrailEvent = JSON.stringify({
        eventVersion: '1.09',
        eventID: e.EventId,
        eventName: e.EventName,
        eventSource: e.EventSource,
        ...d,
        eventTime: typeof eventTime === 'string' ? eventTime.replace(/\.\d{3}Z$/, 'Z') : eventTime,
      });
    }
    return out;
  })
  .pipe(sdkShaped(eventShape, ['EventId', 'EventName', 'EventTime', 'EventSource']));

export const RegionResourcesSchema = z.strictObject({
  msk: z
    .strictObject({
      clusters: z.array(sdkShaped(clusterShape, ['ClusterArn', 'ClusterName', 'ClusterType'])).default([]),
      configurations: z.array(ConfigurationSchema).default([]),
      /** Overrides the estate-level kafkaVersions in this region. */
      kafkaVersions: z.array(KafkaVersionSchema).optional(),
      /** ListScramSecrets: the secret ARNs associated with each SCRAM cluster, keyed by cluster ARN. */
      scramSecrets: z.record(z.string(), z.array(z.string())).default({}),
      /** GetClusterPolicy: each cluster's resource policy, keyed by cluster ARN (none: NotFoundException). */
      clusterPolicies: ClusterPoliciesSchema,
      /** ListClientVpcConnections: each cluster's client VPC connections, keyed by cluster ARN. */
      clientVpcConnections: ClientVpcConnectionsSchema,
    })
    .optional(),
  kms: z.strictObject({ keys: z.array(KmsKeySchema).default([]) }).optional(),
  cloudtrail: z.strictObject({ trails: z.array(TrailSchema).default([]), events: z.array(EventSchema).default([]) }).optional(),
  ec2: z.strictObject({ securityGroups: z.array(sdkShaped(securityGroupShape, ['GroupId'])).default([]) }).optional(),
  securityHub: z.strictObject({ enabled: z.boolean(), findings: z.array(sdkShaped(findingShape, ['Id', 'ProductArn'])).default([]) }).optional(),
  secretsManager: SecretsManagerSchema.optional(),
  acmPca: AcmPcaSchema.optional(),
  kafkaConnect: KafkaConnectSchema.optional(),
  lambda: LambdaSchema.optional(),
  /** CloudWatch Logs log groups (DescribeLogGroups). */
  logs: LogsSchema.optional(),
});

export const RoleSchema = z.strictObject({
  name: z.string().regex(/^[\w+=,.@-]{1,64}$/, 'must be a valid IAM role name'),
  path: z.string().default('/'),
  /** sts:ExternalId condition of the trust policy. */
  externalId: z.string().optional(),
  /** false simulates a trust policy that does not trust the caller: AssumeRole → AccessDenied. */
  assumable: z.boolean().default(true),
  /** Accounts trusted by the role (default: any account of the estate). */
  trustedAccounts: z.array(AccountId).optional(),
  maxSessionDuration: z.number().int().min(3600).max(43200).default(3600),
});

/**
 * An S3 bucket owned by the account (the Lambda deployment's evidence bucket). Objects are served by the s3
 * service; only the owner account (and `allowAccounts`) may read or write them.
 */
export const BucketSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name (3–63 lowercase letters, digits, dots, hyphens)'),
  region: RegionName,
  /** Versioning enabled (always on with objectLock). */
  versioning: z.boolean().default(false),
  /** Default encryption: SSE-KMS with this key; absent: SSE-S3 (AES256), S3's default. */
  encryption: z.strictObject({ kmsKeyId: z.string().min(1).optional() }).optional(),
  /** Object Lock default retention (requires a checksum or Content-MD5 on every PutObject, as S3 does). */
  objectLock: z.strictObject({ mode: z.enum(['GOVERNANCE', 'COMPLIANCE']), days: z.number().int().min(1).max(36500) }).optional(),
  /** Other accounts allowed in (a bucket policy granting them access). */
  allowAccounts: z.array(AccountId).default([]),
  /** Lifecycle rules (GetBucketLifecycleConfiguration, SDK LifecycleRule shape); absent: NoSuchLifecycleConfiguration. */
  lifecycleRules: LifecycleRulesSchema,
  /** Objects present when the sandbox starts (text bodies). */
  objects: z
    .array(z.strictObject({ key: z.string().min(1), body: z.string(), contentType: z.string().optional(), lastModified: IsoDate.optional() }))
    .default([]),
});

const RegionOptStatus = z.enum(['ENABLED', 'ENABLING', 'DISABLING', 'DISABLED', 'ENABLED_BY_DEFAULT']);

export const AccountSchema = z.strictObject({
  id: AccountId,
  name: z.string().min(1),
  email: z.string().email(),
  status: z.enum(['ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE']).default('ACTIVE'),
  state: z.enum(['PENDING_ACTIVATION', 'ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE', 'CLOSED']).optional(),
  /** Organization parent (root or OU id); defaults to the first root. */
  parentId: z.string().optional(),
  joinedMethod: z.enum(['INVITED', 'CREATED']).default('CREATED'),
  joinedTimestamp: IsoDate.optional(),
  /** Opt-in regions this account has enabled (regions that are not opt-in are always enabled). */
  enabledRegions: z.array(RegionName).default([]),
  /** Explicit opt status per region (e.g. ENABLING); wins over enabledRegions. */
  regionOptStatus: z.record(RegionName, RegionOptStatus).default({}),
  roles: z.array(RoleSchema).default([]),
  /** What exists in each region of this account. */
  regions: z.record(RegionName, RegionResourcesSchema).default({}),
  /** S3 buckets owned by this account (optional; bucket names are global to the estate). */
  s3: z.strictObject({ buckets: z.array(BucketSchema).default([]) }).optional(),
  /** The account's IAM users, roles, groups, managed policies and access keys (IAM is global: not per region). */
  iam: IamSchema.optional(),
});

export const FaultKinds = [
  'throttle',
  'internal-error',
  'service-unavailable',
  'connection-reset',
  'slow',
  'access-denied',
  'malformed-body',
  'truncated-body',
  'unknown-enum',
] as const;

export const FaultSchema = z.strictObject({
  id: z.string().optional(),
  kind: z.enum(FaultKinds),
  /** Matchers; absent = any. `service` is the signing name (kafka, kms, sts, …). */
  service: z.string().optional(),
  operation: z.string().optional(),
  account: AccountId.optional(),
  region: z.string().optional(),
  /** Chance that a matching call is affected (seeded RNG). */
  probability: z.number().min(0).max(1).default(1),
  /** Fire at most this many times. */
  count: z.number().int().min(1).optional(),
  /** slow: how long to stall before answering (default 30 s). */
  delayMs: z.number().int().min(0).optional(),
  /** Override the error code / message / HTTP status of an error fault. */
  errorCode: z.string().optional(),
  message: z.string().optional(),
  status: z.number().int().min(400).max(599).optional(),
  /** unknown-enum: the value put in place of every enum (default "SANDBOX_UNKNOWN_VALUE"). */
  enumValue: z.string().optional(),
});

const LatencyRule = z.strictObject({
  service: z.string().optional(),
  operation: z.string().optional(),
  meanMs: z.number().min(0),
  jitterMs: z.number().min(0).default(0),
});

export const LatencySchema = z.strictObject({
  meanMs: z.number().min(0).default(0),
  jitterMs: z.number().min(0).default(0),
  overrides: z.array(LatencyRule).default([]),
});

export const RateLimitRuleSchema = z.strictObject({
  service: z.string(),
  operation: z.string().optional(),
  /** Sustained requests per second (token refill rate). */
  rps: z.number().positive(),
  /** Bucket size. Defaults to rps. */
  burst: z.number().positive().optional(),
});

export const RateLimitsSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Replace AWS's defaults for matching service/operation. */
  overrides: z.array(RateLimitRuleSchema).default([]),
});

export const DEFAULT_KAFKA_VERSIONS: z.infer<typeof KafkaVersionSchema>[] = [
  { Version: '1.1.1', Status: 'DEPRECATED' },
  { Version: '2.2.1', Status: 'DEPRECATED' },
  { Version: '2.6.2', Status: 'DEPRECATED' },
  { Version: '2.8.1', Status: 'DEPRECATED' },
  { Version: '3.2.0', Status: 'DEPRECATED' },
  { Version: '3.5.1', Status: 'ACTIVE' },
  { Version: '3.6.0', Status: 'ACTIVE' },
  { Version: '3.7.x', Status: 'ACTIVE' },
  { Version: '3.7.x.kraft', Status: 'ACTIVE' },
  { Version: '3.8.x', Status: 'ACTIVE' },
  { Version: '3.9.x', Status: 'ACTIVE' },
];

export const EstateSchema = z
  .strictObject({
    version: z.literal(1).default(1),
    partition: z.enum(['aws', 'aws-cn', 'aws-us-gov']).default('aws'),
    /** Sandbox time starts here (and runs at wall-clock speed); default: real time. */
    clockStart: IsoDate.optional(),
    /** The partition's region catalogue; default: the commercial regions (see regions.ts). */
    regions: z.array(z.strictObject({ name: RegionName, optIn: z.boolean().default(false) })).optional(),
    /** Identity of the base credentials handed out in RunningSandbox.env. */
    caller: z.strictObject({
      accountId: AccountId,
      arn: z.string().regex(/^arn:aws[\w-]*:(iam::\d{12}:user\/.+|sts::\d{12}:assumed-role\/.+\/.+)$/, 'must be an IAM user or assumed-role ARN'),
    }),
    organization: z
      .strictObject({
        id: z.string().regex(/^o-[a-z0-9]{10,32}$/, 'must look like o-xxxxxxxxxx'),
        featureSet: z.enum(['ALL', 'CONSOLIDATED_BILLING']).default('ALL'),
        managementAccountId: AccountId,
        /** Accounts registered as delegated administrators (may call the List* APIs). */
        delegatedAdministrators: z.array(AccountId).default([]),
        roots: z.array(z.strictObject({ id: z.string().regex(/^r-[0-9a-z]{4,32}$/), name: z.string().default('Root') })).min(1),
        organizationalUnits: z
          .array(z.strictObject({ id: z.string().regex(/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/, 'must look like ou-xxxx-xxxxxxxx'), name: z.string(), parentId: z.string() }))
          .default([]),
        /** Service control policies and the roots, OUs and accounts they are attached to. */
        policies: z.array(ScpSchema).default([]),
      })
      .optional(),
    kafkaVersions: z.array(KafkaVersionSchema).default(DEFAULT_KAFKA_VERSIONS),
    accounts: z.array(AccountSchema).min(1),
    faults: z.array(FaultSchema).default([]),
    latency: LatencySchema.optional(),
    rateLimits: RateLimitsSchema.optional(),
  })
  .superRefine((estate, ctx) => crossCheck(estate, ctx));

export type Estate = z.infer<typeof EstateSchema>;
export type EstateInput = z.input<typeof EstateSchema>;
export type EstateAccount = Estate['accounts'][number];
export type EstateRole = EstateAccount['roles'][number];
export type RegionResources = z.infer<typeof RegionResourcesSchema>;
export type BucketEntry = z.infer<typeof BucketSchema>;
export type KmsKeyEntry = z.infer<typeof KmsKeySchema>;
export type TrailEntry = z.infer<typeof TrailSchema>;
export type ConfigurationEntry = z.infer<typeof ConfigurationSchema>;
export type Fault = z.infer<typeof FaultSchema>;
export type FaultInput = z.input<typeof FaultSchema>;
export type FaultKind = (typeof FaultKinds)[number];
export type RateLimitRule = z.infer<typeof RateLimitRuleSchema>;
export type Latency = z.infer<typeof LatencySchema>;

/** Checks that span several parts of the document (references, ARNs matching their location). */
function crossCheck(estate: z.infer<typeof EstateSchema>, ctx: z.RefinementCtx): void {
  const ids = new Map<string, number>();
  estate.accounts.forEach((a, i) => {
    if (ids.has(a.id)) ctx.addIssue({ code: 'custom', path: ['accounts', i, 'id'], message: `duplicate account id ${a.id}` });
    ids.set(a.id, i);
  });
  if (!ids.has(estate.caller.accountId)) {
    ctx.addIssue({ code: 'custom', path: ['caller', 'accountId'], message: `caller account ${estate.caller.accountId} is not in accounts` });
  }
  if (!estate.caller.arn.includes(`::${estate.caller.accountId}:`)) {
    ctx.addIssue({ code: 'custom', path: ['caller', 'arn'], message: 'caller ARN must be in the caller account' });
  }
  const org = estate.organization;
  if (org) {
    if (!ids.has(org.managementAccountId)) {
      ctx.addIssue({ code: 'custom', path: ['organization', 'managementAccountId'], message: `management account ${org.managementAccountId} is not in accounts` });
    }
    const parents = new Set([...org.roots.map((r) => r.id), ...org.organizationalUnits.map((o) => o.id)]);
    org.organizationalUnits.forEach((ou, i) => {
      if (!parents.has(ou.parentId)) ctx.addIssue({ code: 'custom', path: ['organization', 'organizationalUnits', i, 'parentId'], message: `unknown parent ${ou.parentId}` });
    });
    estate.accounts.forEach((a, i) => {
      if (a.parentId && !parents.has(a.parentId)) ctx.addIssue({ code: 'custom', path: ['accounts', i, 'parentId'], message: `unknown parent ${a.parentId}` });
    });
  }
  const catalogue = new Map((estate.regions ?? defaultCatalogue()).map((r) => [r.name, r.optIn ?? false]));
  checkBuckets(estate, catalogue, ctx);
  estate.accounts.forEach((a, i) => {
    for (const [region, res] of Object.entries(a.regions)) {
      const base = ['accounts', i, 'regions', region];
      if (!catalogue.has(region)) ctx.addIssue({ code: 'custom', path: base, message: `region ${region} is not in the estate's regions catalogue` });
      const status = a.regionOptStatus[region];
      const enabled = status ? status === 'ENABLED' || status === 'DISABLING' || status === 'ENABLED_BY_DEFAULT' : !catalogue.get(region) || a.enabledRegions.includes(region);
      if (catalogue.has(region) && !enabled) {
        ctx.addIssue({ code: 'custom', path: base, message: `opt-in region ${region} has resources but is not enabled for account ${a.id} (add it to enabledRegions)` });
      }
      res.msk?.clusters.forEach((c, j) => {
        const arn = String(c.ClusterArn ?? '');
        const m = /^arn:aws[\w-]*:kafka:([a-z0-9-]+):(\d{12}):cluster\/[^/]+\/.+$/.exec(arn);
        if (!m) ctx.addIssue({ code: 'custom', path: [...base, 'msk', 'clusters', j, 'ClusterArn'], message: 'must be an MSK cluster ARN arn:aws:kafka:REGION:ACCOUNT:cluster/NAME/UUID' });
        else if (m[1] !== region || m[2] !== a.id) {
          ctx.addIssue({ code: 'custom', path: [...base, 'msk', 'clusters', j, 'ClusterArn'], message: `ARN region/account (${m[1]}/${m[2]}) does not match its place in the estate (${region}/${a.id})` });
        }
      });
      res.msk?.configurations.forEach((c, j) => {
        if (!c.Arn.includes(`:${region}:${a.id}:`)) ctx.addIssue({ code: 'custom', path: [...base, 'msk', 'configurations', j, 'Arn'], message: `ARN does not match ${region}/${a.id}` });
      });
      res.kms?.keys.forEach((k, j) => {
        const arn = k.metadata.Arn;
        if (typeof arn === 'string' && !arn.includes(`:${region}:${a.id}:key/`)) {
          ctx.addIssue({ code: 'custom', path: [...base, 'kms', 'keys', j, 'metadata', 'Arn'], message: `key ARN does not match ${region}/${a.id}` });
        }
        checkSigningKey(k, [...base, 'kms', 'keys', j], ctx);
      });
      crossCheckClientAccess(res, base, a.id, region, ctx);
    }
  });
}

/** Bucket names are unique across the estate, and each bucket's region is in the catalogue. */
function checkBuckets(estate: z.infer<typeof EstateSchema>, catalogue: Map<string, boolean>, ctx: z.RefinementCtx): void {
  const seen = new Map<string, string>();
  estate.accounts.forEach((a, i) => {
    a.s3?.buckets.forEach((b, j) => {
      const path = ['accounts', i, 's3', 'buckets', j];
      const owner = seen.get(b.name);
      if (owner !== undefined) ctx.addIssue({ code: 'custom', path: [...path, 'name'], message: `bucket ${b.name} already exists (in account ${owner}); bucket names are global` });
      seen.set(b.name, a.id);
      if (!catalogue.has(b.region)) ctx.addIssue({ code: 'custom', path: [...path, 'region'], message: `region ${b.region} is not in the estate's regions catalogue` });
      const keys = new Set<string>();
      b.objects.forEach((o, k) => {
        if (keys.has(o.key)) ctx.addIssue({ code: 'custom', path: [...path, 'objects', k, 'key'], message: `duplicate key ${o.key}` });
        keys.add(o.key);
      });
    });
  });
}

/** A SIGN_VERIFY key must be an RSA key spec the sandbox can sign with; a privateKeyPem must be such a key. */
function checkSigningKey(key: z.infer<typeof KmsKeySchema>, path: (string | number)[], ctx: z.RefinementCtx): void {
  const m = key.metadata;
  const spec = typeof m.KeySpec === 'string' ? m.KeySpec : typeof m.CustomerMasterKeySpec === 'string' ? m.CustomerMasterKeySpec : undefined;
  const bits = spec ? SANDBOX_SIGNING_KEY_SPECS[spec] : undefined;
  if (m.KeyUsage === 'SIGN_VERIFY' && bits === undefined) {
    ctx.addIssue({ code: 'custom', path: [...path, 'metadata', 'KeySpec'], message: `the sandbox signs with ${Object.keys(SANDBOX_SIGNING_KEY_SPECS).join(', ')} keys only` });
  }
  if (key.privateKeyPem === undefined) return;
  if (m.KeyUsage !== 'SIGN_VERIFY' || bits === undefined) {
    ctx.addIssue({ code: 'custom', path: [...path, 'privateKeyPem'], message: 'only for SIGN_VERIFY keys with KeySpec RSA_2048, RSA_3072 or RSA_4096' });
    return;
  }
  try {
    const pk = createPrivateKey(key.privateKeyPem);
    if (pk.asymmetricKeyType !== 'rsa' || pk.asymmetricKeyDetails?.modulusLength !== bits) {
      ctx.addIssue({ code: 'custom', path: [...path, 'privateKeyPem'], message: `must be an RSA private key of ${bits} bits (KeySpec ${spec})` });
    }
  } catch {
    ctx.addIssue({ code: 'custom', path: [...path, 'privateKeyPem'], message: 'must be an unencrypted PEM private key' });
  }
}

/** Formats zod issues as `path: message` lines, path in JSON-path style (accounts[0].regions.eu-west-1…). */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('\n');
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(root)';
}

export class EstateValidationError extends Error {
  constructor(
    readonly issues: { path: string; message: string }[],
    source?: string,
  ) {
    super(`invalid estate${source ? ` ${source}` : ''}:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
    this.name = 'EstateValidationError';
  }
}

/** Validates (and fills defaults of) an estate document; throws EstateValidationError naming each bad path. */
export function validateEstate(json: unknown, source?: string): Estate {
  const result = EstateSchema.safeParse(json);
  if (!result.success) {
    throw new EstateValidationError(
      result.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
      source,
    );
  }
  return result.data;
}

export async function loadEstate(path: string): Promise<Estate> {
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`estate ${path} is not valid JSON: ${(e as Error).message}`);
  }
  return validateEstate(json, path);
}
