/** The msk-audit findings Security Hub already holds in one account-region, and how to tell them from others'. */
import { GetFindingsCommand, type AwsSecurityFinding, type SecurityHubClient } from '@aws-sdk/client-securityhub';
import { GENERATOR_PREFIX, PRODUCT_FIELDS } from '../../reports/asff.js';
import { findingId } from '../engine/finding.js';

const PAGE_SIZE = 100;

/**
 * Every finding of the account's default product in this region whose GeneratorId starts with `msk-audit/`,
 * active or archived, all pages (GetFindings is paced by the client factory).
 */
export async function readExistingFindings(client: SecurityHubClient, productArn: string): Promise<AwsSecurityFinding[]> {
  const findings: AwsSecurityFinding[] = [];
  const seenTokens = new Set<string>();
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new GetFindingsCommand({
        Filters: {
          ProductArn: [{ Value: productArn, Comparison: 'EQUALS' }],
          GeneratorId: [{ Value: GENERATOR_PREFIX, Comparison: 'PREFIX' }],
        },
        MaxResults: PAGE_SIZE,
        ...(nextToken ? { NextToken: nextToken } : {}),
      }),
    );
    findings.push(...(page.Findings ?? []));
    nextToken = page.NextToken || undefined;
    if (nextToken !== undefined) {
      if (seenTokens.has(nextToken)) throw Object.assign(new Error(`GetFindings returned the NextToken ${nextToken} twice.`), { name: 'MalformedResponse' });
      seenTokens.add(nextToken);
    }
  } while (nextToken !== undefined);
  return findings;
}

/** An existing finding that msk-audit itself imported: its check and resource. */
export interface OwnedFinding {
  finding: AwsSecurityFinding;
  checkId: string;
  resourceArn: string;
}

/**
 * The finding as msk-audit's, or undefined when anything says it belongs to another tool: a different product,
 * a GeneratorId outside `msk-audit/`, ProductFields without msk-audit's marks (or naming another check), or an
 * Id msk-audit would not have derived from the check and the resource (see isMskAuditId).
 */
export function asOwnedFinding(finding: AwsSecurityFinding, productArn: string): OwnedFinding | undefined {
  if (finding.ProductArn !== productArn) return undefined;
  const generatorId = finding.GeneratorId ?? '';
  if (!generatorId.startsWith(GENERATOR_PREFIX)) return undefined;
  const checkId = generatorId.slice(GENERATOR_PREFIX.length);
  const fields = finding.ProductFields ?? {};
  if (fields[PRODUCT_FIELDS.checkId] !== checkId) return undefined;
  if (!fields[PRODUCT_FIELDS.toolVersion] || !fields[PRODUCT_FIELDS.scanId]) return undefined;
  const resources = finding.Resources ?? [];
  const resourceArn = resources[0]?.Id;
  if (resources.length !== 1 || !resourceArn) return undefined;
  if (!isMskAuditId(finding.Id ?? '', checkId, resourceArn)) return undefined;
  return { finding, checkId, resourceArn };
}

/**
 * An Id msk-audit derives for this check and resource: `msk-audit/<check>/<arn>`, the same with `/<subject>` (one of
 * several findings of an account-region check about one resource), or its hashed form when too long.
 */
function isMskAuditId(id: string, checkId: string, resourceArn: string): boolean {
  if (id === findingId(checkId, resourceArn)) return true;
  const prefix = `${GENERATOR_PREFIX}${checkId}/`;
  if (!id.startsWith(prefix)) return false;
  const rest = id.slice(prefix.length);
  return rest.startsWith(`${resourceArn}/`) || /^sha256:[0-9a-f]{64}$/.test(rest);
}
