/**
 * AWS Lambda handlers: a thin shell over the same engine as the CLI (src/audit.ts, src/publish/, reports/,
 * src/evidence/, src/drift/), configured from the environment (src/lambda/config.ts, set by serverless.yml).
 *
 * - scheduledScan: the whole scan in one invocation (EventBridge schedule).
 * - listAccounts → scanAccount (one per account, Step Functions Distributed Map) → aggregate: the fan-out for
 *   organizations too large for one invocation.
 */
import type { Context } from 'aws-lambda';
import { loadLambdaConfig } from './lambda/config.js';
import { aggregate as aggregateRun, listAccounts as listRunAccounts, scanAccount as scanOneAccount, type ListAccountsOutput, type ScanAccountEvent, type ScanAccountOutput } from './lambda/fanout.js';
import type { RunSummary } from './lambda/run.js';
import { runScheduledScan } from './lambda/single.js';

export type { LambdaConfig } from './lambda/config.js';
export type { RunSummary } from './lambda/run.js';
export type { ListAccountsOutput, ScanAccountEvent, ScanAccountOutput } from './lambda/fanout.js';

type InvocationContext = Pick<Context, 'getRemainingTimeInMillis'>;

/** EventBridge schedule (or a manual invoke): scan the configured scope, publish, write the outputs to S3. */
export async function scheduledScan(_event: unknown, context?: InvocationContext): Promise<RunSummary> {
  return runScheduledScan(loadLambdaConfig(), context ? { context } : {});
}

/** Fan-out step 1: resolve the accounts in scope; write the run's plan and the account list. */
export async function listAccounts(_event: unknown, _context?: InvocationContext): Promise<ListAccountsOutput> {
  return listRunAccounts(loadLambdaConfig());
}

/** Fan-out step 2 (once per account): scan the account, publish its findings, write its slice. */
export async function scanAccount(event: ScanAccountEvent, context?: InvocationContext): Promise<ScanAccountOutput> {
  return scanOneAccount(loadLambdaConfig(), event, context ? { context } : {});
}

/** Fan-out step 3: merge every account's slice into one report; write the outputs. */
export async function aggregate(event: { planKey: string } | { plan: ListAccountsOutput }, context?: InvocationContext): Promise<RunSummary> {
  const planKey = 'planKey' in event ? event.planKey : event.plan.planKey;
  return aggregateRun(loadLambdaConfig(), { planKey }, context ? { context } : {});
}
