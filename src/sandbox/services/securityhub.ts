/** AWS Security Hub (REST-JSON, PascalCase wire): BatchImportFindings, GetFindings, BatchUpdateFindings. */
import { BatchImportFindings$, BatchUpdateFindings$, GetFindings$ } from '@aws-sdk/client-securityhub';
import { AwsError } from '../errors.js';
import { paginate } from '../pagination.js';
import { RestJsonProtocol } from '../protocols/rest-json.js';
import { findingKey, type AwsObject, type SecurityHubState } from '../world.js';
import { COMPARISONS, SUPPORTED_FILTERS, matchesFilters, validateFinding } from './securityhub-findings.js';
import type { ServiceContext, ServiceDefinition } from './types.js';

const MAX_REQUEST_BYTES = 6 * 1024 * 1024;
const invalidInput = (message: string) => new AwsError('InvalidInputException', message, 400);

function hub(ctx: ServiceContext): SecurityHubState {
  const state = ctx.world.region(ctx.account, ctx.region)?.securityHub;
  if (!state?.enabled) throw new AwsError('InvalidAccessException', `Account ${ctx.account} is not subscribed to AWS Security Hub`, 401);
  return state;
}

function productArnOwner(arn: string, region: string): string | undefined {
  const m = /^arn:[\w-]+:securityhub:([a-z0-9-]+):(\d{12}):product\/(\d{12})\/default$/.exec(arn);
  return m && m[1] === region && m[2] === m[3] ? m[2] : undefined;
}

/** Fields only customers (BatchUpdateFindings) may change once a finding exists. */
const CUSTOMER_FIELDS = ['Note', 'UserDefinedFields', 'VerificationState', 'Workflow', 'WorkflowState'] as const;

/**
 * Top-level fields a provider sets through FindingProviderFields and a customer may override with
 * BatchUpdateFindings. On a provider update, Security Hub copies FindingProviderFields to the top level unless a
 * customer has changed that field, whose value is then kept.
 */
const PROVIDER_FIELDS = ['Confidence', 'Criticality', 'RelatedFindings', 'Severity', 'Types'] as const;

/** Per hub and finding key: the PROVIDER_FIELDS customers have changed with BatchUpdateFindings. */
const customerChanged = new WeakMap<SecurityHubState, Map<string, Set<string>>>();

function providerFieldsOf(f: AwsObject): AwsObject {
  const out: AwsObject = {};
  for (const k of PROVIDER_FIELDS) if (f[k] !== undefined) out[k] = f[k];
  return out;
}

function batchImportFindings(ctx: ServiceContext, input: Record<string, unknown>) {
  const state = hub(ctx);
  const findings = Array.isArray(input.Findings) ? (input.Findings as AwsObject[]) : undefined;
  if (!findings || findings.length === 0) throw invalidInput('Findings must contain at least 1 finding.');
  if (findings.length > 100) throw invalidInput(`The request contains ${findings.length} findings; the maximum is 100.`);
  if (ctx.bodySize > MAX_REQUEST_BYTES) throw invalidInput(`The request size ${ctx.bodySize} bytes exceeds the 6 MB limit.`);
  const failed: { Id: string; ErrorCode: string; ErrorMessage: string }[] = [];
  const nowIso = ctx.now.toISOString();
  for (const f of findings) {
    const id = typeof f.Id === 'string' ? f.Id : '';
    const invalid = validateFinding(f, Buffer.byteLength(JSON.stringify(f)));
    if (invalid) {
      failed.push({ Id: id, ErrorCode: invalid.code, ErrorMessage: invalid.message });
      continue;
    }
    if (f.AwsAccountId !== ctx.account || productArnOwner(String(f.ProductArn), ctx.region) !== ctx.account) {
      failed.push({
        Id: id,
        ErrorCode: 'AccessDeniedException',
        ErrorMessage: `Caller account ${ctx.account} cannot import a finding for AwsAccountId ${String(f.AwsAccountId)} with ProductArn ${String(f.ProductArn)} in ${ctx.region}.`,
      });
      continue;
    }
    const key = findingKey(f);
    const existing = state.findings.get(key);
    if (existing && Date.parse(String(f.UpdatedAt)) <= Date.parse(String(existing.UpdatedAt))) continue; // stale update: accepted, ignored
    const next: AwsObject = {
      ...f,
      Region: f.Region ?? ctx.region,
      CompanyName: f.CompanyName ?? 'Personal',
      ProductName: f.ProductName ?? 'Default',
      RecordState: f.RecordState ?? 'ACTIVE',
      ProcessedAt: nowIso,
      FindingProviderFields: f.FindingProviderFields ?? providerFieldsOf(f),
      ProductFields: {
        ...(f.ProductFields as Record<string, string> | undefined),
        'aws/securityhub/FindingId': `${String(f.ProductArn)}/${id}`,
        'aws/securityhub/ProductName': 'Default',
        'aws/securityhub/CompanyName': 'Personal',
      },
    };
    if (existing) {
      next.CreatedAt = existing.CreatedAt;
      for (const k of CUSTOMER_FIELDS) {
        if (existing[k] !== undefined) next[k] = existing[k];
        else delete next[k];
      }
      const changed = customerChanged.get(state)?.get(key);
      const provided = next.FindingProviderFields as AwsObject;
      for (const k of PROVIDER_FIELDS) {
        if (changed?.has(k)) next[k] = existing[k];
        else if (provided[k] !== undefined) next[k] = structuredClone(provided[k]);
      }
    }
    next.Workflow ??= { Status: 'NEW' };
    next.WorkflowState ??= 'NEW';
    applyWorkflowRules(next, existing);
    state.findings.set(key, next);
  }
  return { FailedCount: failed.length, SuccessCount: findings.length - failed.length, FailedFindings: failed };
}

/** Security Hub's automatic workflow transitions on import. */
function applyWorkflowRules(next: AwsObject, prev: AwsObject | undefined): void {
  const status = (next.Compliance as AwsObject | undefined)?.Status;
  const wf = next.Workflow as AwsObject;
  const prevStatus = (prev?.Compliance as AwsObject | undefined)?.Status;
  if (status === 'PASSED') {
    next.Workflow = { ...wf, Status: 'RESOLVED' };
    next.WorkflowState = 'RESOLVED';
  } else if (prev && prevStatus === 'PASSED' && status !== undefined && (wf.Status === 'RESOLVED' || wf.Status === 'NOTIFIED')) {
    next.Workflow = { ...wf, Status: 'NEW' };
    next.WorkflowState = 'NEW';
  } else if (prev && prev.RecordState === 'ARCHIVED' && next.RecordState === 'ACTIVE' && (wf.Status === 'RESOLVED' || wf.Status === 'NOTIFIED')) {
    next.Workflow = { ...wf, Status: 'NEW' };
    next.WorkflowState = 'NEW';
  }
}

function getFindings(ctx: ServiceContext, input: Record<string, unknown>) {
  const state = hub(ctx);
  const filters = (input.Filters ?? {}) as Record<string, { Value?: string; Comparison?: string }[]>;
  for (const [k, list] of Object.entries(filters)) {
    if (!SUPPORTED_FILTERS.includes(k)) throw invalidInput(`Filter ${k} is not supported by the msk-audit sandbox (supported: ${SUPPORTED_FILTERS.join(', ')}).`);
    for (const f of list) if (!COMPARISONS.has(f.Comparison ?? '')) throw invalidInput(`Invalid Comparison ${String(f.Comparison)} for filter ${k}.`);
  }
  let list = [...state.findings.values()].filter((f) => matchesFilters(f, filters));
  const sort = Array.isArray(input.SortCriteria) ? (input.SortCriteria as { Field?: string; SortOrder?: string }[])[0] : undefined;
  if (sort?.Field) {
    const field = sort.Field;
    const dir = sort.SortOrder === 'asc' ? 1 : -1;
    list = list.sort((a, b) => String(a[field] ?? '').localeCompare(String(b[field] ?? '')) * dir);
  }
  const page = paginate(list, {
    scope: `securityhub:GetFindings:${ctx.account}:${ctx.region}:${JSON.stringify(filters)}:${JSON.stringify(sort ?? null)}`,
    nextToken: input.NextToken,
    maxResults: input.MaxResults,
    defaultSize: 100,
    maxSize: 100,
    invalidToken: () => invalidInput('The NextToken value is invalid.'),
    invalidMaxResults: (n) => invalidInput(`MaxResults ${n} must be between 1 and 100.`),
  });
  return { Findings: page.items, NextToken: page.nextToken };
}

const UPDATABLE = ['Note', 'Severity', 'VerificationState', 'Confidence', 'Criticality', 'Types', 'UserDefinedFields', 'Workflow', 'RelatedFindings'];

function batchUpdateFindings(ctx: ServiceContext, input: Record<string, unknown>) {
  const state = hub(ctx);
  const ids = Array.isArray(input.FindingIdentifiers) ? (input.FindingIdentifiers as { Id?: string; ProductArn?: string }[]) : [];
  if (ids.length < 1 || ids.length > 100) throw invalidInput('FindingIdentifiers must contain between 1 and 100 items.');
  if (!UPDATABLE.some((k) => input[k] !== undefined)) throw invalidInput('At least one field to update must be specified.');
  const processed: { Id: string; ProductArn: string }[] = [];
  const unprocessed: { FindingIdentifier: { Id?: string; ProductArn?: string }; ErrorCode: string; ErrorMessage: string }[] = [];
  const seen = new Set<string>();
  const nowIso = ctx.now.toISOString();
  for (const ident of ids) {
    const key = `${ident.ProductArn ?? ''}\n${ident.Id ?? ''}`;
    if (seen.has(key)) {
      unprocessed.push({ FindingIdentifier: ident, ErrorCode: 'DuplicatedFindingIdentifier', ErrorMessage: 'Duplicated finding identifier' });
      continue;
    }
    seen.add(key);
    const existing = state.findings.get(key);
    if (!existing) {
      unprocessed.push({ FindingIdentifier: ident, ErrorCode: 'FindingNotFound', ErrorMessage: 'Finding Not Found' });
      continue;
    }
    // BatchUpdateFindings does not change UpdatedAt (the provider's clock); only ProcessedAt.
    const next: AwsObject = { ...existing, ProcessedAt: nowIso };
    for (const k of UPDATABLE) if (input[k] !== undefined) next[k] = input[k];
    if (input.Note) next.Note = { ...(input.Note as AwsObject), UpdatedAt: nowIso };
    if (input.Workflow) next.WorkflowState = (input.Workflow as AwsObject).Status === 'NEW' ? 'NEW' : 'ASSIGNED';
    if (input.Severity) next.Severity = { ...(existing.Severity as AwsObject), ...(input.Severity as AwsObject) };
    const changedFields = PROVIDER_FIELDS.filter((k) => input[k] !== undefined);
    if (changedFields.length > 0) {
      let byKey = customerChanged.get(state);
      if (!byKey) customerChanged.set(state, (byKey = new Map()));
      const set = byKey.get(key) ?? new Set<string>();
      for (const k of changedFields) set.add(k);
      byKey.set(key, set);
    }
    state.findings.set(key, next);
    processed.push({ Id: String(existing.Id), ProductArn: String(existing.ProductArn) });
  }
  return { ProcessedFindings: processed, UnprocessedFindings: unprocessed };
}

export function securityHubService(): ServiceDefinition {
  return {
    signingName: 'securityhub',
    iamPrefix: 'securityhub',
    protocol: new RestJsonProtocol(
      { BatchImportFindings: BatchImportFindings$, GetFindings: GetFindings$, BatchUpdateFindings: BatchUpdateFindings$ },
      { messageKey: 'Message', codeKey: 'Code' },
    ),
    handlers: { BatchImportFindings: batchImportFindings, GetFindings: getFindings, BatchUpdateFindings: batchUpdateFindings },
    errors: {
      throttle: () => new AwsError('TooManyRequestsException', 'Rate exceeded', 429),
      internal: () => new AwsError('InternalException', 'Internal service failure', 500),
      unavailable: () => new AwsError('ServiceUnavailable', 'Service unavailable', 503),
      accessDenied: (message) => new AwsError('AccessDeniedException', message, 403),
    },
  };
}
