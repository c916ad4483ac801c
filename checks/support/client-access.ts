import {
  actionMatches,
  appliesToEveryResource,
  describeError,
  patternCanMatchService,
  statementCanCoverKafkaCluster,
  statementCoversAction,
  type AccountRegionInventory,
  type AccountWideFacts,
  type Fact,
  type PolicyStatement,
} from '../../src/inventory/index.js';
import { notApplicable, notAvailable, type AccountRegionContext, type Evidence, type Verdict } from '../../src/check/index.js';

export const DAY_MS = 86_400_000;

/** Three-valued outcome of one requirement on one item: met, not met (with why), or unknown (with why). */
export type Judgement = { kind: 'ok' } | { kind: 'fail'; why: string } | { kind: 'unknown'; why: string };

export const ok: Judgement = { kind: 'ok' };
export const fail = (why: string): Judgement => ({ kind: 'fail', why });
export const unknown = (why: string): Judgement => ({ kind: 'unknown', why });

/** Failures first, then unknowns: a failure is certain even when something else could not be read. */
export function combine(judgements: readonly Judgement[]): { failures: string[]; unknowns: string[] } {
  return {
    failures: judgements.flatMap((j) => (j.kind === 'fail' ? [j.why] : [])),
    unknowns: judgements.flatMap((j) => (j.kind === 'unknown' ? [j.why] : [])),
  };
}

export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join('; ')}; and ${items[items.length - 1]}`;
}

/** A fact's error in a sentence, or undefined when it was read. */
export function factProblem(fact: Fact<unknown> | undefined, what: string): string | undefined {
  if (fact === undefined) return `${what} was not collected`;
  if (!fact.ok) return `${what} could not be read (${describeError(fact.error)})`;
  return undefined;
}

/** The reference time for ages and expiries: when the account-region was collected. */
export function collectedAt(inventory: AccountRegionInventory): number | undefined {
  const time = inventory.collectedAt ? Date.parse(inventory.collectedAt) : Number.NaN;
  return Number.isNaN(time) ? undefined : time;
}

/**
 * The account-wide facts when this account-region holds them; otherwise the verdict for this account-region:
 * NOT_APPLICABLE when another region of the account holds them, NOT_AVAILABLE when they were never collected.
 */
export function accountWideHere(context: AccountRegionContext, what: string): { ok: true; facts: AccountWideFacts } | { ok: false; verdict: Verdict } {
  const facts = context.inventory.accountWide;
  if (facts === undefined) {
    return { ok: false, verdict: notAvailable(`${what} were not collected in this inventory.`, { accountWide: null }) };
  }
  if (facts.heldIn !== context.region) {
    return {
      ok: false,
      verdict: notApplicable(`${what} are account-wide and judged once for account ${context.account}, in its ${facts.heldIn} findings.`, {
        'accountWide.heldIn': facts.heldIn,
      }),
    };
  }
  return { ok: true, facts };
}

/** The function name of a Lambda function ARN (arn:aws:lambda:region:account:function:NAME[:qualifier]). */
export function functionName(arn: string | undefined): string | undefined {
  return arn?.split(':')[6];
}

// ---------------------------------------------------------------------------------------------------------
// IAM identity policies

const KAFKA_CLUSTER = 'kafka-cluster';

/** An unconditional Deny on every resource that covers the action cancels every Allow (a conservative reading). */
function deniedEverywhere(statements: readonly PolicyStatement[], action: string): PolicyStatement | undefined {
  return statements.find((s) => s.effect === 'Deny' && s.condition === undefined && appliesToEveryResource(s) && statementCoversAction(s, action));
}

/** The Allow statements that grant kafka-cluster:Connect on some MSK cluster, unless an unconditional Deny cancels it. */
export function connectGrants(statements: readonly PolicyStatement[]): PolicyStatement[] {
  if (deniedEverywhere(statements, 'kafka-cluster:Connect')) return [];
  return statements.filter((s) => s.effect === 'Allow' && statementCoversAction(s, 'kafka-cluster:Connect') && statementCanCoverKafkaCluster(s));
}

/** Whether a statement's actions cover every kafka-cluster action (`*`, `kafka-cluster:*`, a NotAction that spares them). */
function coversEveryKafkaClusterAction(statement: PolicyStatement): boolean {
  if (statement.action) return statement.action.some((pattern) => actionMatches(pattern, `${KAFKA_CLUSTER}:*`));
  if (statement.notAction) return !statement.notAction.some((pattern) => patternCanMatchService(pattern, KAFKA_CLUSTER));
  return false;
}

/** The Allow statements that grant every kafka-cluster action on Resource "*", unless an unconditional Deny cancels them. */
export function broadGrants(statements: readonly PolicyStatement[]): PolicyStatement[] {
  if (deniedEverywhere(statements, `${KAFKA_CLUSTER}:*`)) return [];
  return statements.filter((s) => s.effect === 'Allow' && appliesToEveryResource(s) && coversEveryKafkaClusterAction(s));
}

/** A statement for evidence: where it comes from and what it allows. */
export function statementEvidence(statement: PolicyStatement): Evidence {
  const out: Evidence = { policy: statement.policy, effect: statement.effect };
  if (statement.sid) out.sid = statement.sid;
  if (statement.action) out.action = statement.action;
  if (statement.notAction) out.notAction = statement.notAction;
  if (statement.resource) out.resource = statement.resource;
  if (statement.notResource) out.notResource = statement.notResource;
  if (statement.condition) out.condition = statement.condition;
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Resource policies (Secrets Manager)

/** Condition keys that pin a public principal down to an account, organization, network or named principal. */
const RESTRICTING_KEYS = new Set(
  [
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:PrincipalServiceName',
    'aws:SourceAccount',
    'aws:SourceArn',
    'aws:SourceOwner',
    'aws:SourceOrgID',
    'aws:SourceOrgPaths',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:SourceIp',
    'aws:userid',
    'aws:username',
  ].map((key) => key.toLowerCase()),
);

function isEveryone(principal: unknown): boolean {
  if (principal === '*') return true;
  if (typeof principal !== 'object' || principal === null) return false;
  const aws = (principal as { AWS?: unknown }).AWS;
  return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
}

/** A condition restricts the statement when it pins a restricting key to concrete values with a positive operator. */
function restricts(condition: unknown): boolean {
  if (typeof condition !== 'object' || condition === null) return false;
  return Object.entries(condition as Record<string, unknown>).some(([operator, block]) => {
    if (/Not/i.test(operator) || typeof block !== 'object' || block === null) return false;
    return Object.entries(block as Record<string, unknown>).some(([key, value]) => {
      if (!RESTRICTING_KEYS.has(key.toLowerCase())) return false;
      const values = Array.isArray(value) ? value : [value];
      return values.length > 0 && values.every((v) => typeof v === 'string' && v !== '' && v !== '*');
    });
  });
}

/**
 * Whether a resource policy lets anyone in: an Allow statement whose Principal is `*` (or `{"AWS": "*"}`), or that
 * uses NotPrincipal, without a condition pinning it to an account, organization, network or principal.
 */
export function publicStatements(policyText: string): { ok: true; sids: string[] } | { ok: false; reason: string } {
  let document: unknown;
  try {
    document = JSON.parse(policyText);
  } catch {
    return { ok: false, reason: 'the resource policy is not JSON' };
  }
  const raw = (document as { Statement?: unknown } | null)?.Statement;
  const statements = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const sids: string[] = [];
  statements.forEach((item, index) => {
    if (typeof item !== 'object' || item === null) return;
    const s = item as Record<string, unknown>;
    if (s.Effect !== 'Allow') return;
    const open = isEveryone(s.Principal) || s.NotPrincipal !== undefined;
    if (open && !restricts(s.Condition)) sids.push(typeof s.Sid === 'string' && s.Sid !== '' ? s.Sid : `statement ${index + 1}`);
  });
  return { ok: true, sids };
}
