/** ASFF validation and GetFindings filtering for the Security Hub service. */
import type { AwsObject } from '../world.js';

export const MAX_FINDING_BYTES = 240 * 1024;
const REQUIRED = ['AwsAccountId', 'CreatedAt', 'Description', 'GeneratorId', 'Id', 'ProductArn', 'Resources', 'SchemaVersion', 'Severity', 'Title', 'Types', 'UpdatedAt'];
const SEVERITY_LABELS = new Set(['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
const COMPLIANCE = new Set(['PASSED', 'WARNING', 'FAILED', 'NOT_AVAILABLE']);
const RECORD_STATES = new Set(['ACTIVE', 'ARCHIVED']);
/** The ASFF types taxonomy's namespaces (Types are namespace/category/classifier). */
const TYPE_NAMESPACES = new Set(['Software and Configuration Checks', 'TTPs', 'Effects', 'Unusual Behaviors', 'Sensitive Data Identifications']);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

export interface FindingError {
  code: string;
  message: string;
}

const aff = (detail: string): FindingError => ({ code: 'InvalidInput', message: `Finding does not adhere to Amazon Finding Format. ${detail}` });

/** Structural ASFF checks; null when the finding is well-formed. */
export function validateFinding(f: AwsObject, rawSize: number): FindingError | null {
  if (rawSize > MAX_FINDING_BYTES) return { code: 'InvalidInput', message: `Finding size ${rawSize} bytes exceeds the 240 KB limit.` };
  for (const r of REQUIRED) if (f[r] === undefined || f[r] === null) return aff(`data should have required property '${r}'.`);
  if (f.SchemaVersion !== '2018-10-08') return aff("data.SchemaVersion should be equal to one of the allowed values '2018-10-08'.");
  for (const k of ['Id', 'GeneratorId', 'Title', 'Description', 'AwsAccountId', 'ProductArn', 'CreatedAt', 'UpdatedAt']) {
    if (typeof f[k] !== 'string' || (f[k] as string).length === 0) return aff(`data.${k} should be a non-empty string.`);
  }
  if ((f.Id as string).length > 512) return aff('data.Id should NOT be longer than 512 characters.');
  if ((f.GeneratorId as string).length > 512) return aff('data.GeneratorId should NOT be longer than 512 characters.');
  if ((f.Title as string).length > 256) return aff('data.Title should NOT be longer than 256 characters.');
  if ((f.Description as string).length > 1024) return aff('data.Description should NOT be longer than 1024 characters.');
  if (!/^\d{12}$/.test(f.AwsAccountId as string)) return aff('data.AwsAccountId should match pattern "^[0-9]{12}$".');
  for (const k of ['CreatedAt', 'UpdatedAt', 'FirstObservedAt', 'LastObservedAt']) {
    if (f[k] !== undefined && !(typeof f[k] === 'string' && ISO.test(f[k] as string) && !Number.isNaN(Date.parse(f[k] as string)))) {
      return aff(`data.${k} should match format "date-time".`);
    }
  }
  const resources = f.Resources;
  if (!Array.isArray(resources) || resources.length < 1 || resources.length > 32) return aff('data.Resources should have between 1 and 32 items.');
  for (const [i, r] of resources.entries()) {
    const res = r as AwsObject;
    if (typeof res.Type !== 'string' || typeof res.Id !== 'string') return aff(`data.Resources[${i}] should have required properties 'Type' and 'Id'.`);
  }
  const types = f.Types;
  if (!Array.isArray(types) || types.length < 1 || types.length > 50) return aff('data.Types should have between 1 and 50 items.');
  for (const [i, t] of types.entries()) {
    const namespace = typeof t === 'string' ? t.split('/')[0] : undefined;
    if (typeof t !== 'string' || t.split('/').length > 3 || !TYPE_NAMESPACES.has(namespace ?? '')) {
      return aff(`data.Types[${i}] should be namespace/category/classifier with a namespace of ${[...TYPE_NAMESPACES].join(', ')}.`);
    }
  }
  const productFields = f.ProductFields;
  if (productFields !== undefined) {
    if (typeof productFields !== 'object' || productFields === null || Array.isArray(productFields)) return aff('data.ProductFields should be an object.');
    const entries = Object.entries(productFields);
    if (entries.length > 50) return aff('data.ProductFields should NOT have more than 50 properties.');
    for (const [k, v] of entries) {
      if (k.length < 1 || k.length > 128) return aff(`data.ProductFields key '${k.slice(0, 40)}' should be 1 to 128 characters.`);
      if (typeof v !== 'string' || v.length > 2048) return aff(`data.ProductFields['${k.slice(0, 40)}'] should be a string of at most 2048 characters.`);
    }
  }
  const sev = f.Severity as AwsObject;
  if (typeof sev !== 'object') return aff('data.Severity should be an object.');
  if (sev.Label === undefined && sev.Normalized === undefined) return aff("data.Severity should have required property 'Label'.");
  if (sev.Label !== undefined && !SEVERITY_LABELS.has(String(sev.Label))) return aff('data.Severity.Label should be equal to one of the allowed values.');
  const compliance = f.Compliance as AwsObject | undefined;
  if (compliance?.Status !== undefined && !COMPLIANCE.has(String(compliance.Status))) return aff('data.Compliance.Status should be equal to one of the allowed values.');
  if (Array.isArray(compliance?.RelatedRequirements) && compliance.RelatedRequirements.length > 32) return aff('data.Compliance.RelatedRequirements should NOT have more than 32 items.');
  if (f.RecordState !== undefined && !RECORD_STATES.has(String(f.RecordState))) return aff('data.RecordState should be equal to one of the allowed values.');
  return null;
}

interface StringFilter {
  Value?: string;
  Comparison?: string;
}

/** GetFindings string-filter attributes → the values of a finding they test. */
const ACCESSORS: Record<string, (f: AwsObject) => unknown[]> = {
  ProductArn: (f) => [f.ProductArn],
  GeneratorId: (f) => [f.GeneratorId],
  Id: (f) => [f.Id],
  AwsAccountId: (f) => [f.AwsAccountId],
  Region: (f) => [f.Region],
  Title: (f) => [f.Title],
  Description: (f) => [f.Description],
  ProductName: (f) => [f.ProductName],
  CompanyName: (f) => [f.CompanyName],
  RecordState: (f) => [f.RecordState],
  WorkflowState: (f) => [f.WorkflowState],
  WorkflowStatus: (f) => [(f.Workflow as AwsObject | undefined)?.Status],
  ComplianceStatus: (f) => [(f.Compliance as AwsObject | undefined)?.Status],
  ComplianceSecurityControlId: (f) => [(f.Compliance as AwsObject | undefined)?.SecurityControlId],
  SeverityLabel: (f) => [(f.Severity as AwsObject | undefined)?.Label],
  VerificationState: (f) => [f.VerificationState],
  Type: (f) => (Array.isArray(f.Types) ? f.Types : []),
  ResourceId: (f) => resources(f).map((r) => r.Id),
  ResourceType: (f) => resources(f).map((r) => r.Type),
  ResourceRegion: (f) => resources(f).map((r) => r.Region),
  ResourcePartition: (f) => resources(f).map((r) => r.Partition),
};

const resources = (f: AwsObject): AwsObject[] => (Array.isArray(f.Resources) ? (f.Resources as AwsObject[]) : []);

export const SUPPORTED_FILTERS = Object.keys(ACCESSORS);

function test(values: unknown[], filter: StringFilter): boolean {
  const v = filter.Value ?? '';
  const strs = values.filter((x): x is string => typeof x === 'string');
  switch (filter.Comparison) {
    case 'EQUALS':
      return strs.includes(v);
    case 'PREFIX':
      return strs.some((s) => s.startsWith(v));
    case 'CONTAINS':
      return strs.some((s) => s.includes(v));
    case 'NOT_EQUALS':
      return !strs.includes(v);
    case 'PREFIX_NOT_EQUALS':
      return !strs.some((s) => s.startsWith(v));
    case 'NOT_CONTAINS':
      return !strs.some((s) => s.includes(v));
    default:
      return false;
  }
}

const NEGATIVE = new Set(['NOT_EQUALS', 'PREFIX_NOT_EQUALS', 'NOT_CONTAINS']);
export const COMPARISONS = new Set(['EQUALS', 'PREFIX', 'CONTAINS', ...NEGATIVE]);

/**
 * AWS semantics: filters on different attributes are ANDed; on one attribute, positive comparisons
 * (EQUALS, PREFIX, CONTAINS) are ORed and negative ones ANDed.
 */
export function matchesFilters(f: AwsObject, filters: Record<string, StringFilter[]>): boolean {
  for (const [attr, list] of Object.entries(filters)) {
    const accessor = ACCESSORS[attr];
    if (!accessor || list.length === 0) continue;
    const values = accessor(f);
    const positives = list.filter((x) => !NEGATIVE.has(x.Comparison ?? ''));
    const negatives = list.filter((x) => NEGATIVE.has(x.Comparison ?? ''));
    if (positives.length && !positives.some((x) => test(values, x))) return false;
    if (!negatives.every((x) => test(values, x))) return false;
  }
  return true;
}
