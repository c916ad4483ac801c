import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { DEFAULT_THRESHOLDS, ENHANCED_MONITORING_LEVELS, SEVERITIES, type Severity, type Thresholds } from '../check/index.js';
import { UsageError } from '../errors.js';

export const DEFAULT_CONFIG_FILE = 'msk-audit.config.json';

const checkIds = z.array(z.string().min(1));

export const configSchema = z
  .object({
    checks: z.object({ include: checkIds.optional(), exclude: checkIds.optional() }).strict().optional(),
    thresholds: z
      .object({
        // KMS accepts rotation periods of 90 to 2560 days.
        keyRotationMaxDays: z.number().int().min(90).max(2560).optional(),
        enhancedMonitoringMinimum: z.enum(ENHANCED_MONITORING_LEVELS).optional(),
        expectedChangePrincipals: z.array(z.string().regex(/^(arn:[\w*-]+:(iam|sts)::[\d*]+:.+|\*)$/, 'must be an IAM or STS principal ARN (may use *)')).optional(),
        trustedAccounts: z.array(z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id')).optional(),
        // CloudWatch Logs retention settings run from 1 day to 10 years.
        brokerLogRetentionMinDays: z.number().int().min(1).max(3653).optional(),
        minInsyncReplicasMinimum: z.number().int().min(1).max(10).optional(),
        caExpiryWarningDays: z.number().int().min(0).max(3650).optional(),
        accessKeyMaxAgeDays: z.number().int().min(1).max(3650).optional(),
        guardrailActions: z.array(z.string().regex(/^kafka:[A-Za-z0-9*?]+$/, 'must be an MSK action such as kafka:UpdateSecurity')).min(1).optional(),
      })
      .strict()
      .optional(),
    severityOverrides: z.record(z.string().min(1), z.enum(SEVERITIES)).optional(),
  })
  .strict();

export type ConfigFile = z.infer<typeof configSchema>;

export interface Config {
  source: string | undefined;
  include: string[];
  exclude: string[];
  thresholds: Thresholds;
  severityOverrides: Record<string, Severity>;
}

/**
 * Loads the config file named by --config, else ./msk-audit.config.json when present, else defaults.
 * Any problem is a UsageError naming the file and the field.
 */
export async function loadConfig(explicitPath: string | undefined, cwd = process.cwd()): Promise<Config> {
  const path = explicitPath ?? (await exists(`${cwd}/${DEFAULT_CONFIG_FILE}`));
  if (!path) return resolveConfig({}, undefined);
  const text = await readText(path);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`config ${path}: not valid JSON (${(error as Error).message})`);
  }
  return resolveConfig(parseConfig(json, path), path);
}

export function parseConfig(json: unknown, source: string): ConfigFile {
  const result = configSchema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  throw new UsageError(`config ${source}: ${field}: ${issue?.message ?? 'invalid'}`);
}

export function resolveConfig(file: ConfigFile, source: string | undefined): Config {
  return {
    source,
    include: file.checks?.include ?? [],
    exclude: file.checks?.exclude ?? [],
    thresholds: { ...DEFAULT_THRESHOLDS, ...file.thresholds },
    severityOverrides: file.severityOverrides ?? {},
  };
}

async function exists(path: string): Promise<string | undefined> {
  return (await stat(path).catch(() => undefined)) ? path : undefined;
}

async function readText(path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new UsageError(`config ${path}: no such file`);
  if (!info.isFile()) throw new UsageError(`config ${path}: not a regular file`);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`config ${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
