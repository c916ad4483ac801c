import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { resolveCredentials } from '../../aws/credentials.js';
import { runScan } from '../../audit.js';
import { disposeFindings } from '../../engine/finding-set.js';
import { publishToSecurityHub } from '../../publish/index.js';
import { eventWindowStartFor } from '../../drift/attribute.js';
import { UsageError } from '../../errors.js';
import { addEvaluationOptions } from '../common-options.js';
import { parseSince } from '../options.js';
import { buildPlan, type PlanFlags } from '../plan.js';
import { assertWritableDirectory, assertWritableFile } from '../paths.js';
import { progressOptions, ScanProgress } from '../progress.js';
import { addScopeOptions, assertScopeFlags, resolveScope, type ScopeFlags } from '../scope-options.js';
import { writeScanEvidencePack } from '../evidence-output.js';
import { signerFor } from './pack.js';
import { forTerminal } from '../terminal.js';
import { emitResult, type OutputFlags } from '../report-output.js';

/** The CloudTrail window when --since is not given. */
const DEFAULT_EVENT_DAYS = 7;

interface ScanFlags extends PlanFlags, OutputFlags, ScopeFlags {
  failOnIncomplete?: boolean;
  saveInventory?: string;
  verbose?: boolean;
  since?: Date;
  cloudtrail: boolean;
  securityHub?: boolean;
  evidencePack?: string;
  signKey?: string;
}

export function registerScan(program: Command, setExitCode: (code: number) => void): void {
  const command = addScopeOptions(program.command('scan').description('collect the MSK estate read-only from AWS, evaluate every check, write the reports'))
    .option('--fail-on-incomplete', 'exit 1 when any account-region was not fully evaluated')
    .option('--save-inventory <file>', 'also write the collected inventory (re-evaluate it later with `msk-audit evaluate`)')
    .option('--verbose', 'print a line on stderr as each account completes')
    .option('--since <when>', 'CloudTrail window for MSK events: 7d, 36h or an ISO time (default 7d, at most 90 days)', (value: string) => parseSince(value))
    .option('--evidence-pack <file.zip>', 'also write a tamper-evident evidence pack (reports, findings, inventory, CloudTrail events, drift, framework matrices, SHA-256 manifest)')
    .option('--sign-key <arn|file>', 'with --evidence-pack: sign its manifest with a KMS asymmetric RSA key ARN (kms:Sign) or a PEM private key file')
    .option('--security-hub', 'import the findings into AWS Security Hub in each account-region they belong to (and archive only what a complete scan proves gone)')
    .option('--no-cloudtrail', 'collect neither CloudTrail trails nor events, and skip the CloudTrail checks');
  addEvaluationOptions(command).action(async (flags: ScanFlags) => {
    if (flags.quiet && flags.verbose) throw new UsageError('--quiet and --verbose cannot be combined');
    if (flags.since && !flags.cloudtrail) throw new UsageError('--since cannot be combined with --no-cloudtrail');
    assertScopeFlags(flags);
    const plan = await buildPlan(flags);
    await assertWritableDirectory(flags.outputDir, '--output-dir');
    if (flags.saveInventory) await assertWritableFile(flags.saveInventory, '--save-inventory');
    if (flags.evidencePack) await assertWritableFile(flags.evidencePack, '--evidence-pack');
    if (flags.signKey && !flags.evidencePack) throw new UsageError('--sign-key needs --evidence-pack');
    // A key that cannot sign must stop the scan before anything is collected or written, not after the reports.
    if (flags.signKey) await signerFor({ signKey: flags.signKey, ...(flags.profile ? { profile: flags.profile } : {}) });
    // The pack holds the raw inventory: without --save-inventory it is spooled to a private temporary file.
    const spool = flags.evidencePack && !flags.saveInventory ? await mkdtemp(join(tmpdir(), 'msk-audit-')) : undefined;
    const inventoryPath = flags.saveInventory ?? (spool ? join(spool, 'inventory.json') : undefined);

    const { regions, homeRegion, accounts } = await resolveScope(flags);

    const startedAt = new Date();
    const scanId = randomUUID();
    const credentials = resolveCredentials(flags.profile === undefined ? {} : { profile: flags.profile });
    const progress = new ScanProgress(process.stderr, progressOptions(process.stderr, flags));
    let outcome;
    try {
      outcome = await runScan({
        collect: {
          credentials,
          regions,
          ...(homeRegion ? { homeRegion } : {}),
          accounts,
          excludeAccounts: flags.excludeAccounts ?? [],
          roleName: flags.roleName,
          sessionDurationSeconds: flags.sessionDuration,
          scanId,
          ...(flags.externalId ? { externalId: flags.externalId } : {}),
          ...(progress.active ? { onRequest: () => progress.onRequest() } : {}),
          cloudTrail: flags.cloudtrail
            ? {
                // With --baseline, events since its approval, so each change since can be attributed.
                since:
                  flags.since ??
                  (plan.baseline ? eventWindowStartFor(plan.baseline.approvedAt, startedAt) : new Date(startedAt.getTime() - DEFAULT_EVENT_DAYS * 86_400_000)),
              }
            : false,
          concurrency: {
            ...(flags.accountConcurrency ? { accounts: flags.accountConcurrency } : {}),
            ...(flags.regionConcurrency ? { regions: flags.regionConcurrency } : {}),
          },
        },
        plan: { ...plan, cloudTrail: flags.cloudtrail },
        scanId,
        startedAt,
        ...(inventoryPath ? { saveInventory: inventoryPath } : {}),
        ...(progress.active ? { progress } : {}),
      });
    } finally {
      progress.finish();
    }
    const { result } = outcome;
    if (flags.securityHub) {
      result.securityHub = await publishToSecurityHub(result, { credentialsFor: outcome.collection.credentialsFor });
      const { totals } = result.securityHub;
      if (!flags.quiet) {
        process.stderr.write(
          `msk-audit: Security Hub: ${totals.imported} imported, ${totals.archived} archived, ${totals.failed} failed; ` +
            `account-regions ${Object.entries(totals.accountRegions).map(([status, count]) => `${status} ${count}`).join(', ')}\n`,
        );
      }
    }
    const code = await emitResult(result, flags);
    if (flags.evidencePack && inventoryPath) {
      try {
        await writeScanEvidencePack(result, {
          path: flags.evidencePack,
          inventoryPath,
          ...(flags.signKey ? { signKey: flags.signKey } : {}),
          ...(flags.profile ? { profile: flags.profile } : {}),
        });
      } finally {
        if (spool) await rm(spool, { recursive: true, force: true });
      }
      if (!flags.quiet) process.stdout.write(`evidence  ${forTerminal(flags.evidencePack)}\n`);
    }
    // Every output is written: release the spooled findings (a failure above leaves them to the exit hook).
    disposeFindings(result.findings);
    if (result.securityHub && !result.securityHub.complete) {
      process.stderr.write('msk-audit: some findings did not reach Security Hub: see securityHub in the JSON report\n');
    }
    if (flags.failOnIncomplete && (!result.coverage.complete || result.securityHub?.complete === false)) {
      process.stderr.write('msk-audit: coverage is incomplete (--fail-on-incomplete): see the coverage section of the report\n');
      setExitCode(1);
      return;
    }
    setExitCode(code);
  });
}
