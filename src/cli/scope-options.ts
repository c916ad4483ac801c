import { Option, type Command } from 'commander';
import { DEFAULT_ROLE_NAME, DEFAULT_SESSION_SECONDS } from '../aws/assume-role.js';
import { defaultRegion } from '../aws/region.js';
import type { AccountSelection } from '../collect/index.js';
import { UsageError } from '../errors.js';
import { parseAccounts, parseOu } from './accounts-option.js';
import { parseExternalId, parsePositiveInt, parseRegions, parseRoleName, parseSessionDuration } from './options.js';

/** The flags that say which accounts and regions a scan covers, and how it reaches them (scan, baseline approve). */
export interface ScopeFlags {
  profile?: string;
  regions?: string[];
  region?: string[];
  org?: boolean;
  ou?: string[];
  accounts?: string[];
  excludeAccounts?: string[];
  roleName: string;
  externalId?: string;
  sessionDuration: number;
  accountConcurrency?: number;
  regionConcurrency?: number;
}

export function addScopeOptions(command: Command): Command {
  return command
    .option('--profile <name>', 'AWS profile to use (default: the SDK default credential chain)')
    .option('--regions <regions>', '"all" (each account\'s enabled regions, the default) or regions, comma-separated', parseRegions)
    .option('--region <regions>', 'alias of --regions', parseRegions)
    .option('--org', 'scan every ACTIVE account of the AWS Organization (management or delegated-administrator account)')
    .option('--ou <ids>', 'with --org: only accounts under these OUs or roots, recursively (comma-separated, repeatable)', parseOu)
    .option('--accounts <ids|file>', 'scan these accounts: comma-separated ids, or a file of ids', parseAccounts)
    .option('--exclude-accounts <ids|file>', 'leave these accounts out', parseAccounts)
    .option('--role-name <name>', 'role assumed in every account but the caller\'s', parseRoleName, DEFAULT_ROLE_NAME)
    .option('--external-id <id>', 'external id required by the member role\'s trust policy', parseExternalId)
    .option('--session-duration <seconds>', 'assumed-role session length (900–43200; refreshed before expiry)', parseSessionDuration, DEFAULT_SESSION_SECONDS)
    .addOption(new Option('--account-concurrency <n>', 'accounts scanned at once (default 8)').argParser(parsePositiveInt))
    .addOption(new Option('--region-concurrency <n>', 'regions of one account scanned at once (default 4)').argParser(parsePositiveInt));
}

/** Rejects flag combinations that cannot mean anything. */
export function assertScopeFlags(flags: ScopeFlags): void {
  if (flags.ou && !flags.org) throw new UsageError('--ou needs --org');
  if (flags.org && flags.accounts) throw new UsageError('--org and --accounts cannot be combined');
}

/** The regions (`all` or a list), the home region for STS / Organizations / Account calls, and the accounts. */
export async function resolveScope(flags: ScopeFlags): Promise<{ regions: 'all' | string[]; homeRegion: string | undefined; accounts: AccountSelection }> {
  const requested = [...new Set([...(flags.regions ?? []), ...(flags.region ?? [])])];
  if (requested.includes('all') && requested.length > 1) throw new UsageError('"all" cannot be combined with named regions');
  const regions = requested.length === 0 || requested.includes('all') ? 'all' : requested;
  const homeRegion = regions === 'all' ? await defaultRegion(flags.profile).catch(() => 'us-east-1') : regions[0];
  const accounts: AccountSelection = flags.org
    ? { kind: 'organization', organizationalUnits: flags.ou ?? [] }
    : flags.accounts
      ? { kind: 'list', accounts: flags.accounts }
      : { kind: 'caller' };
  return { regions, homeRegion, accounts };
}
