import { describe, expect, it } from 'vitest';
import check, { appliesBroadly } from '../../checks/org-scp-denies-msk-security-changes.js';
import { available, unavailable } from '../../src/inventory/index.js';
import { accountRegionTable } from '../support/account-region-table.js';
import { SCP_DENY, guardrails, withAccountWide, withGuardrails } from '../support/client-access-fixtures.js';
import { ACCOUNT, accessDenied } from '../support/fixtures.js';

const ou = (statements: Parameters<typeof available>[0]) =>
  guardrails((g) => (g.path[1]!.policies = available([{ id: 'p-x', name: 'x', statements: available(statements as never) }])));

accountRegionTable(check, {
  PASSED: [
    { name: 'an OU SCP denies both actions', inventory: withGuardrails(guardrails()), reason: /deny kafka:UpdateConnectivity and kafka:UpdateSecurity/ },
    { name: 'a kafka:Update* deny exempting the pipeline role', inventory: withGuardrails(ou([{ ...SCP_DENY, action: ['kafka:Update*'], condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/DeployPipeline' } } }])) },
    { name: 'two statements together', inventory: withGuardrails(ou([{ ...SCP_DENY, action: ['kafka:UpdateSecurity'] }, { ...SCP_DENY, action: ['kafka:UpdateConnectivity'] }])) },
    { name: 'a custom action list', inventory: withGuardrails(ou([{ ...SCP_DENY, action: ['kafka:DeleteCluster'] }])), thresholds: { guardrailActions: ['kafka:DeleteCluster'] } },
  ],
  FAILED: [
    { name: 'only FullAWSAccess', inventory: withGuardrails(guardrails((g) => (g.path[1]!.policies = available([])))), reason: /No service control policy .* denies kafka:UpdateConnectivity or kafka:UpdateSecurity/ },
    { name: 'a deny of UpdateSecurity only', inventory: withGuardrails(ou([{ ...SCP_DENY, action: ['kafka:UpdateSecurity'] }])), reason: /denies kafka:UpdateConnectivity on every resource/ },
    { name: 'a deny restricted to one region does not count', inventory: withGuardrails(ou([{ ...SCP_DENY, condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }])) },
    { name: 'a deny on one cluster only does not count', inventory: withGuardrails(ou([{ ...SCP_DENY, resource: ['arn:aws:kafka:*:*:cluster/payments/*'] }])) },
    { name: 'the management account', inventory: withGuardrails(guardrails((g) => (g.managementAccount = ACCOUNT))), reason: /management account, to which no service control policy applies/ },
  ],
  NOT_APPLICABLE: [
    { name: 'not an organization scan', inventory: withGuardrails(undefined, false), reason: /Guardrails are read from the management account with --org/ },
    { name: 'another region holds the account-wide facts', inventory: withAccountWide({ heldIn: 'us-east-1', organizationScan: true }) },
  ],
  NOT_AVAILABLE: [
    { name: 'not collected', inventory: withAccountWide(undefined) },
    { name: 'ListParents denied', inventory: withGuardrails('denied'), reason: /AccessDeniedException/ },
    { name: 'the OU\'s SCPs could not be listed', inventory: withGuardrails(guardrails((g) => (g.path[1]!.policies = unavailable(accessDenied('organizations', 'ListPoliciesForTarget', 'ou-ab12-11111111'))))), reason: /could not be listed/ },
    {
      name: 'an SCP could not be described',
      inventory: withGuardrails(guardrails((g) => (g.path[1]!.policies = available([{ id: 'p-x', statements: unavailable(accessDenied('organizations', 'DescribePolicy', 'p-x')) }])))),
    },
  ],
});

describe('appliesBroadly', () => {
  it('accepts negated principal conditions only', () => {
    expect(appliesBroadly(SCP_DENY)).toBe(true);
    expect(appliesBroadly({ ...SCP_DENY, condition: { StringNotLikeIfExists: { 'aws:PrincipalTag/team': 'platform' } } })).toBe(true);
    expect(appliesBroadly({ ...SCP_DENY, condition: { StringLike: { 'aws:PrincipalArn': '*' } } })).toBe(false);
    expect(appliesBroadly({ ...SCP_DENY, condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } })).toBe(false);
  });
});
