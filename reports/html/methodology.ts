/*
 * Coverage and methodology: what was scanned and how — scope, region selection, identity, checks and
 * thresholds, which account-regions were incomplete and why, collection errors, times, and the IAM actions the
 * scan needs (from src/aws/permissions.ts, the same list the README's policies are tested against).
 */
import { MEMBER_READ_ACTIONS, SCANNER_ACTIONS, SECURITY_HUB_ACTIONS, UNPERMISSIONED_ACTIONS } from '../../src/aws/permissions.js';
import type { CheckMeta } from '../../src/check/index.js';
import type { ScanResult } from '../../src/engine/scan-result.js';
import type { CollectionError } from '../../src/inventory/index.js';
import { keyValues, resourceTypeLabel, scalar, severityBadge, text, type Badge, type KeyValue } from './format.js';

const COVERAGE_CLASS: Record<string, string> = {
  complete: 'status-passed',
  partial: 'status-not-available',
  'not-evaluated': 'status-failed',
  skipped: 'status-not-applicable',
};

export interface CoverageEntryView {
  account: string;
  region: string;
  status: string;
  statusClass: string;
  reasons: string;
}

export interface CoverageView {
  complete: boolean;
  counts: KeyValue[];
  entries: CoverageEntryView[];
  /** Partial and not-evaluated account-regions, with their reasons. */
  incomplete: CoverageEntryView[];
}

export interface ErrorView {
  service: string;
  operation: string;
  code: string;
  message: string;
  account: string;
  region: string;
  resource: string;
}

export interface CheckView {
  id: string;
  title: string;
  severity: Badge;
  resourceType: string;
  rationale: string;
  securityHubControl: string;
  frameworks: KeyValue[];
}

export interface PermissionsView {
  member: string[];
  scanner: string[];
  scannerNeeded: boolean;
  securityHub: string[];
  securityHubUsed: boolean;
  unpermissioned: string[];
}

export interface MethodologyView {
  scope: {
    accounts: string[];
    regions: string[];
    regionSelection: string;
    tagFilters: KeyValue[];
    checkIds: string[];
    framework: string;
  };
  caller: { arn: string; account: string; userId: string };
  thresholds: KeyValue[];
  checks: CheckView[];
  coverage: CoverageView;
  errors: ErrorView[];
  permissions: PermissionsView;
}

export function buildMethodology(result: ScanResult): MethodologyView {
  const entries = result.coverage.entries.map(
    (entry): CoverageEntryView => ({
      account: text(entry.account),
      region: text(entry.region),
      status: text(entry.status),
      statusClass: COVERAGE_CLASS[entry.status] ?? 'status-unknown',
      reasons: (Array.isArray(entry.reasons) ? entry.reasons : []).map((reason) => text(reason)).join('; '),
    }),
  );
  const callerAccount = result.caller.account;
  return {
    scope: {
      accounts: [...result.scope.accounts],
      regions: [...result.scope.regions],
      regionSelection: regionSelection(result.scope.regionSelection),
      tagFilters: keyValues(result.scope.tagFilters),
      checkIds: [...result.scope.checkIds],
      framework: result.scope.framework ? result.scope.framework : 'none: every supported framework is reported',
    },
    caller: { arn: text(result.caller.arn), account: text(result.caller.account), userId: text(result.caller.userId) },
    thresholds: Object.entries(result.thresholds ?? {}).map(([key, value]) => ({ key, value: scalar(value) })),
    checks: result.checks.map(checkView),
    coverage: {
      complete: result.coverage.complete,
      counts: Object.entries(result.coverage.counts).map(([key, value]) => ({ key, value: String(value) })),
      entries,
      incomplete: entries.filter((entry) => entry.status === 'partial' || entry.status === 'not-evaluated' || entry.statusClass === 'status-unknown'),
    },
    errors: result.errors.map(errorView),
    permissions: {
      member: [...MEMBER_READ_ACTIONS],
      scanner: [...SCANNER_ACTIONS],
      scannerNeeded: result.scope.accounts.some((account) => account !== callerAccount),
      securityHub: [...SECURITY_HUB_ACTIONS],
      securityHubUsed: result.securityHub !== undefined && result.securityHub !== null,
      unpermissioned: [...UNPERMISSIONED_ACTIONS],
    },
  };
}

function regionSelection(selection: string | undefined): string {
  if (selection === 'all-enabled') return "every region each account has enabled (the default; opt-in regions an account has not enabled are skipped)";
  if (selection === 'explicit') return 'the regions listed with --regions (opt-in regions an account has not enabled are skipped)';
  return text(selection);
}

function errorView(error: CollectionError): ErrorView {
  return {
    service: text(error.service),
    operation: text(error.operation),
    code: text(error.code),
    message: text(error.message),
    account: text(error.account),
    region: text(error.region),
    resource: text(error.resource),
  };
}

function checkView(check: CheckMeta): CheckView {
  return {
    id: check.id,
    title: check.title,
    severity: severityBadge(check.severity),
    resourceType: resourceTypeLabel(check.resourceType),
    rationale: text(check.rationale),
    securityHubControl: text(check.securityHubControl),
    frameworks: Object.entries(check.frameworks ?? {})
      .filter((entry): entry is [string, string[]] => Array.isArray(entry[1]) && entry[1].length > 0)
      .map(([framework, requirements]) => ({ key: framework, value: requirements.join(', ') })),
  };
}
