import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { resolveCredentials } from '../../aws/credentials.js';
import { DEFAULT_THRESHOLDS } from '../../check/index.js';
import type { AccountCollection, CollectionStart } from '../../collect/inventory.js';
import { runScan } from '../../audit.js';
import { BaselineBuilder, baselineFromInventory, type BaselineWarning } from '../../drift/baseline.js';
import { assertBaselineOutput, parseS3Uri, saveBaseline } from '../../drift/baseline-file.js';
import { UsageError } from '../../errors.js';
import type { Baseline } from '../../inventory/index.js';
import { loadInventory } from '../../inventory/load.js';
import { progressOptions, ScanProgress } from '../progress.js';
import { addScopeOptions, assertScopeFlags, resolveScope, type ScopeFlags } from '../scope-options.js';
import { forTerminal } from '../terminal.js';

interface ApproveFlags extends ScopeFlags {
  output: string;
  fromInventory?: string;
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
  addScopeOptions(baseline.command('approve').description('scan read-only (or read a saved inventory) and save every cluster\'s security state as the approved baseline'))
    .requiredOption('--output <file|s3://bucket/key>', 'where to write the baseline (atomically; to S3 with PutObject, encrypted as the bucket defaults)')
    .option('--from-inventory <file>', 'approve the state recorded in this saved inventory instead of scanning')
    .option('--verbose', 'print a line on stderr as each account completes')
    .option('--quiet', 'print nothing but errors')
    .action(async (flags: ApproveFlags) => {
      if (flags.quiet && flags.verbose) throw new UsageError('--quiet and --verbose cannot be combined');
      if (flags.fromInventory !== undefined) {
        const conflicting = SCAN_ONLY.filter(([key]) => flags[key] !== undefined).map(([, flag]) => flag);
        if (conflicting.length > 0) throw new UsageError(`--from-inventory cannot be combined with ${conflicting.join(', ')} (the inventory is already collected)`);
      }
      assertScopeFlags(flags);
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
  const { regions, homeRegion, accounts } = await resolveScope(flags);
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
