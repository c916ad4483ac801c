import { randomUUID } from 'node:crypto';
import { Option, type Command } from 'commander';
import { DEFAULT_ROLE_NAME, DEFAULT_SESSION_SECONDS } from '../../aws/assume-role.js';
import { resolveCredentials } from '../../aws/credentials.js';
import { defaultRegion } from '../../aws/region.js';
import { DEFAULT_THRESHOLDS } from '../../check/index.js';
import type { AccountSelection } from '../../collect/index.js';
import type { AccountCollection, CollectionStart } from '../../collect/inventory.js';
import { runScan } from '../../audit.js';
import { BaselineBuilder, baselineFromInventory, type BaselineWarning } from '../../drift/baseline.js';
import { assertBaselineOutput, parseS3Uri, saveBaseline } from '../../drift/baseline-file.js';
import { UsageError } from '../../errors.js';
import type { Baseline } from '../../inventory/index.js';
import { loadInventory } from '../../inventory/load.js';
import { parseAccounts, parseOu } from '../accounts-option.js';
import { parseExternalId, parsePositiveInt, parseRegions, parseRoleName, parseSessionDuration } from '../options.js';
import { progressOptions, ScanProgress } from '../progress.js';
import { forTerminal } from '../terminal.js';

interface ApproveFlags {
  output: string;
  fromInventory?: string;
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
  quiet?: boolean;
  verbose?: boolean;
}

/** Scan flags that make no sense with --from-inventory (the facts are already collected). */
const SCAN_ONLY: [keyof ApproveFlags, string][] = [
  ['regions', '--regions'],
  ['region', '--region'],
  ['org', '--org'],
  ['ou', '--ou'],
  ['accounts', '--accounts'],
  ['excludeAccounts', '--exclude-accounts'],
  ['externalId', '--external-id'],
  ['accountConcurrency', '--account-concurrency'],
  ['regionConcurrency', '--region-concurrency'],
];

export function registerBaseline(program: Command): void {
  const baseline = program
    .command('baseline')
    .description('approve the security state of the MSK estate: the baseline that drift (`--baseline`, `diff`) is measured against');
  baseline
    .command('approve')
    .description('scan read-only (or read a saved inventory) and save every cluster\'s security state as the approved baseline')
    .requiredOption('--output <file|s3://bucket/key>', 'where to write the baseline (atomically; to S3 with PutObject, encrypted as the bucket defaults)')
    .option('--from-inventory <file>', 'approve the state recorded in this saved inventory instead of scanning')
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
    .addOption(new Option('--region-concurrency <n>', 'regions of one account scanned at once (default 4)').argParser(parsePositiveInt))
    .option('--verbose', 'print a line on stderr as each account completes')
    .option('--quiet', 'print nothing but errors')
    .action(async (flags: ApproveFlags) => {
      if (flags.quiet && flags.verbose) throw new UsageError('--quiet and --verbose cannot be combined');
      if (flags.fromInventory !== undefined) {
        const conflicting = SCAN_ONLY.filter(([key]) => flags[key] !== undefined).map(([, flag]) => flag);
        if (conflicting.length > 0) throw new UsageError(`--from-inventory cannot be combined with ${conflicting.join(', ')} (the inventory is already collected)`);
      }
      if (flags.ou && !flags.org) throw new UsageError('--ou needs --org');
      if (flags.org && flags.accounts) throw new UsageError('--org and --accounts cannot be combined');
      parseS3Uri(flags.output);
      await assertBaselineOutput(flags.output);

      const { baseline: approved, warnings } = flags.fromInventory !== undefined ? baselineFromInventory(await loadInventory(flags.fromInventory)) : await approveByScanning(flags);
      if (approved.accountRegions.length === 0) {
        throw new UsageError('nothing to approve: no account-region\'s cluster list could be collected (see the warnings above)');
      }
      await saveBaseline(approved, flags.output, flags.profile === undefined ? {} : { profile: flags.profile });
      if (!flags.quiet) {
        for (const warning of warnings) process.stderr.write(`msk-audit: warning: ${describeWarning(warning)}\n`);
        process.stdout.write(`${summary(approved)}\nbaseline  ${forTerminal(flags.output)}\n`);
      }
    });
}

async function approveByScanning(flags: ApproveFlags): Promise<{ baseline: Baseline; warnings: BaselineWarning[] }> {
  const requested = [...new Set([...(flags.regions ?? []), ...(flags.region ?? [])])];
  if (requested.includes('all') && requested.length > 1) throw new UsageError('"all" cannot be combined with named regions');
  const regions = requested.length === 0 || requested.includes('all') ? 'all' : requested;
  const homeRegion = regions === 'all' ? await defaultRegion(flags.profile).catch(() => 'us-east-1') : regions[0];
  const accounts: AccountSelection = flags.org
    ? { kind: 'organization', organizationalUnits: flags.ou ?? [] }
    : flags.accounts
      ? { kind: 'list', accounts: flags.accounts }
      : { kind: 'caller' };
  const startedAt = new Date();
  const scanId = randomUUID();
  const progress = new ScanProgress(process.stderr, progressOptions(process.stderr, flags));
  let builder: BaselineBuilder | undefined;
  try {
    await runScan({
      collect: {
        credentials: resolveCredentials(flags.profile === undefined ? {} : { profile: flags.profile }),
        regions,
        ...(homeRegion ? { homeRegion } : {}),
        accounts,
        excludeAccounts: flags.excludeAccounts ?? [],
        roleName: flags.roleName,
        sessionDurationSeconds: flags.sessionDuration,
        scanId,
        ...(flags.externalId ? { externalId: flags.externalId } : {}),
        ...(progress.active ? { onRequest: () => progress.onRequest() } : {}),
        // The approved state is configuration only: no CloudTrail lookups.
        cloudTrail: false,
        concurrency: {
          ...(flags.accountConcurrency ? { accounts: flags.accountConcurrency } : {}),
          ...(flags.regionConcurrency ? { regions: flags.regionConcurrency } : {}),
        },
      },
      // Nothing is evaluated: the scan only feeds the baseline, account by account.
      plan: { checks: [], thresholds: DEFAULT_THRESHOLDS, severityOverrides: {}, tagFilters: {}, cloudTrail: false },
      scanId,
      startedAt,
      progress: {
        onStart(start: CollectionStart) {
          builder = new BaselineBuilder({ collectedAt: start.collectedAt, scanId, caller: start.caller.arn });
          if (progress.active) progress.onStart(start);
        },
        onAccountPlanned(account: string, count: number) {
          if (progress.active) progress.onAccountPlanned(account, count);
        },
        onAccountRegion() {
          if (progress.active) progress.onAccountRegion();
        },
        onAccount(collection: AccountCollection) {
          for (const accountRegion of collection.accountRegions) builder?.addAccountRegion(accountRegion);
          if (progress.active) progress.onAccount(collection);
        },
      },
    });
  } finally {
    progress.finish();
  }
  if (!builder) throw new Error('internal: the scan finished without starting');
  return builder.finish();
}

function summary(baseline: Baseline): string {
  const clusters = Object.keys(baseline.clusters).length;
  return `approved  ${clusters} cluster(s) in ${baseline.accountRegions.length} account-region(s), state collected ${baseline.approvedAt}`;
}

function describeWarning(warning: BaselineWarning): string {
  const subject = warning.clusterArn ?? `${warning.account} ${warning.region}`;
  return forTerminal(`${subject}: ${warning.message}`);
}
