/**
 * The Lambda deployment's configuration: environment variables (set by serverless.yml from its params), parsed
 * strictly. Any problem is a LambdaConfigError naming the variable, raised before any AWS call.
 */
import { DEFAULT_ROLE_NAME, DEFAULT_SESSION_SECONDS } from '../aws/assume-role.js';
import type { AccountSelection } from '../collect/inventory.js';
import { isReportFormat, type ReportFormat } from '../../reports/index.js';

export type BaselineMode = 'off' | 'fixed' | 'bootstrap' | 'rolling';

export interface LambdaConfig {
  /** The evidence bucket (reports, inventory, evidence packs, baseline, run state). */
  bucket: string;
  /** Key prefix inside the bucket ('' or ending in '/'). */
  prefix: string;
  accounts: AccountSelection;
  excludeAccounts: string[];
  regions: 'all' | string[];
  /** The deployment's region (the bucket's): AWS_REGION. */
  region: string;
  /** Where STS, Organizations and the Account API are called. Default: AWS_REGION. */
  homeRegion: string | undefined;
  roleName: string;
  externalId: string | undefined;
  sessionDurationSeconds: number;
  accountConcurrency: number | undefined;
  regionConcurrency: number | undefined;
  /** Security Hub account-regions published at once. */
  publishConcurrency: number | undefined;
  /** Fan-out: accounts the Distributed Map scans at once (handed to the state machine by listAccounts). */
  mapConcurrency: number;
  securityHub: boolean;
  cloudTrail: boolean;
  /** The CloudTrail window of the first run (no earlier successful run recorded), in days (1–90). */
  initialLookbackDays: number;
  baseline: BaselineMode;
  /** Key of the drift baseline in the bucket (under the prefix). */
  baselineKey: string;
  /** Key of an optional msk-audit.config.json in the bucket (under the prefix). */
  configKey: string;
  formats: ReportFormat[];
  /** KMS asymmetric key that signs the evidence pack's manifest (kms:Sign); unsigned when absent. */
  signingKeyArn: string | undefined;
  checks: string[] | undefined;
  excludeChecks: string[] | undefined;
  framework: string | undefined;
  tags: Record<string, string>;
  /** Stop (and record the account as not evaluated) when less than this is left of the invocation. */
  timeMarginMs: number;
  /** Names the deployment in the CloudWatch metrics (EMF dimension `Deployment`). */
  deployment: string;
  /** Path-style S3 addressing: only for an endpoint override (a local S3 such as the sandbox's). */
  forcePathStyle: boolean;
}

export class LambdaConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LambdaConfigError';
  }
}

type Env = Record<string, string | undefined>;

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function list(env: Env, name: string): string[] | undefined {
  const value = text(env, name);
  return value === undefined ? undefined : [...new Set(value.split(/[\s,]+/).filter((item) => item !== ''))];
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const value = text(env, name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (['true', '1', 'yes', 'on'].includes(value)) return true;
  if (['false', '0', 'no', 'off'].includes(value)) return false;
  throw new LambdaConfigError(`${name}: expected true or false, got ${JSON.stringify(value)}`);
}

function int(env: Env, name: string, min: number, max: number): number | undefined {
  const value = text(env, name);
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) throw new LambdaConfigError(`${name}: expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return parsed;
}

function accountsOf(env: Env): AccountSelection {
  const value = text(env, 'MSK_AUDIT_ACCOUNTS') ?? 'caller';
  const ous = list(env, 'MSK_AUDIT_OUS') ?? [];
  if (value === 'org' || value === 'organization') return { kind: 'organization', organizationalUnits: ous };
  if (ous.length > 0) throw new LambdaConfigError('MSK_AUDIT_OUS: needs MSK_AUDIT_ACCOUNTS=org');
  if (value === 'caller') return { kind: 'caller' };
  const ids = list(env, 'MSK_AUDIT_ACCOUNTS') ?? [];
  const bad = ids.find((id) => !ACCOUNT_ID.test(id));
  if (bad !== undefined) throw new LambdaConfigError(`MSK_AUDIT_ACCOUNTS: "org", "caller" or 12-digit account ids, got ${JSON.stringify(bad)}`);
  return { kind: 'list', accounts: ids };
}

function tagsOf(env: Env): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const pair of list(env, 'MSK_AUDIT_TAGS') ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new LambdaConfigError(`MSK_AUDIT_TAGS: expected KEY=VALUE pairs, got ${JSON.stringify(pair)}`);
    tags[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return tags;
}

/** Parses the environment (process.env by default) into the deployment's configuration. */
export function loadLambdaConfig(env: Env = process.env): LambdaConfig {
  const bucket = text(env, 'MSK_AUDIT_BUCKET');
  if (!bucket) throw new LambdaConfigError('MSK_AUDIT_BUCKET: the evidence bucket is required');
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new LambdaConfigError(`MSK_AUDIT_BUCKET: not a valid bucket name: ${JSON.stringify(bucket)}`);
  const rawPrefix = text(env, 'MSK_AUDIT_PREFIX') ?? '';
  const prefix = rawPrefix === '' || rawPrefix.endsWith('/') ? rawPrefix.replace(/^\/+/, '') : `${rawPrefix.replace(/^\/+/, '')}/`;

  const regionList = list(env, 'MSK_AUDIT_REGIONS') ?? ['all'];
  if (regionList.includes('all') && regionList.length > 1) throw new LambdaConfigError('MSK_AUDIT_REGIONS: "all" cannot be combined with named regions');
  const badRegion = regionList.find((region) => region !== 'all' && !REGION.test(region));
  if (badRegion !== undefined) throw new LambdaConfigError(`MSK_AUDIT_REGIONS: not a region: ${JSON.stringify(badRegion)}`);
  const regions = regionList.includes('all') ? 'all' : regionList;

  const excludeAccounts = list(env, 'MSK_AUDIT_EXCLUDE_ACCOUNTS') ?? [];
  const badExcluded = excludeAccounts.find((id) => !ACCOUNT_ID.test(id));
  if (badExcluded !== undefined) throw new LambdaConfigError(`MSK_AUDIT_EXCLUDE_ACCOUNTS: not an account id: ${JSON.stringify(badExcluded)}`);

  const roleName = text(env, 'MSK_AUDIT_ROLE_NAME') ?? DEFAULT_ROLE_NAME;
  if (!/^[\w+=,.@-]{1,64}$/.test(roleName)) throw new LambdaConfigError(`MSK_AUDIT_ROLE_NAME: not a valid IAM role name: ${JSON.stringify(roleName)}`);
  const externalId = text(env, 'MSK_AUDIT_EXTERNAL_ID');
  if (externalId !== undefined && !/^[\w+=,.@:/-]{2,1224}$/.test(externalId)) throw new LambdaConfigError('MSK_AUDIT_EXTERNAL_ID: 2–1224 characters of letters, digits and +=,.@:/-');

  const baseline = (text(env, 'MSK_AUDIT_BASELINE') ?? 'bootstrap') as BaselineMode;
  if (!['off', 'fixed', 'bootstrap', 'rolling'].includes(baseline)) throw new LambdaConfigError(`MSK_AUDIT_BASELINE: off, fixed, bootstrap or rolling, got ${JSON.stringify(baseline)}`);

  const formats = list(env, 'MSK_AUDIT_FORMATS') ?? ['json', 'html'];
  const badFormat = formats.find((format) => !isReportFormat(format));
  if (badFormat !== undefined) throw new LambdaConfigError(`MSK_AUDIT_FORMATS: unknown report format ${JSON.stringify(badFormat)}`);
  for (const required of ['json', 'html'] as const) if (!formats.includes(required)) formats.push(required);

  const signingKeyArn = text(env, 'MSK_AUDIT_SIGNING_KEY_ARN');
  if (signingKeyArn !== undefined && !/^arn:[\w-]+:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/.test(signingKeyArn)) {
    throw new LambdaConfigError(`MSK_AUDIT_SIGNING_KEY_ARN: not a KMS key ARN: ${JSON.stringify(signingKeyArn)}`);
  }
  const endpointOverride = text(env, 'AWS_ENDPOINT_URL_S3') ?? text(env, 'AWS_ENDPOINT_URL');

  return {
    bucket,
    prefix,
    accounts: accountsOf(env),
    excludeAccounts,
    regions,
    region: text(env, 'AWS_REGION') ?? text(env, 'AWS_DEFAULT_REGION') ?? text(env, 'MSK_AUDIT_HOME_REGION') ?? 'us-east-1',
    homeRegion: text(env, 'MSK_AUDIT_HOME_REGION') ?? text(env, 'AWS_REGION'),
    roleName,
    externalId,
    sessionDurationSeconds: int(env, 'MSK_AUDIT_SESSION_DURATION', 900, 43_200) ?? DEFAULT_SESSION_SECONDS,
    accountConcurrency: int(env, 'MSK_AUDIT_ACCOUNT_CONCURRENCY', 1, 256),
    regionConcurrency: int(env, 'MSK_AUDIT_REGION_CONCURRENCY', 1, 64),
    publishConcurrency: int(env, 'MSK_AUDIT_PUBLISH_CONCURRENCY', 1, 256),
    mapConcurrency: int(env, 'MSK_AUDIT_MAP_CONCURRENCY', 1, 10_000) ?? 20,
    securityHub: bool(env, 'MSK_AUDIT_SECURITY_HUB', true),
    cloudTrail: bool(env, 'MSK_AUDIT_CLOUDTRAIL', true),
    initialLookbackDays: int(env, 'MSK_AUDIT_INITIAL_LOOKBACK_DAYS', 1, 90) ?? 7,
    baseline,
    baselineKey: text(env, 'MSK_AUDIT_BASELINE_KEY') ?? 'baseline/baseline.json',
    configKey: text(env, 'MSK_AUDIT_CONFIG_KEY') ?? 'config/msk-audit.config.json',
    formats: formats as ReportFormat[],
    signingKeyArn,
    checks: list(env, 'MSK_AUDIT_CHECKS'),
    excludeChecks: list(env, 'MSK_AUDIT_EXCLUDE_CHECKS'),
    framework: text(env, 'MSK_AUDIT_FRAMEWORK'),
    tags: tagsOf(env),
    timeMarginMs: int(env, 'MSK_AUDIT_TIME_MARGIN_MS', 0, 600_000) ?? 60_000,
    deployment: text(env, 'MSK_AUDIT_DEPLOYMENT') ?? 'msk-audit',
    forcePathStyle: bool(env, 'MSK_AUDIT_S3_FORCE_PATH_STYLE', false) && endpointOverride !== undefined,
  };
}
