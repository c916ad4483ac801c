import { defineAccountRegionCheck, failed, notApplicable, notAvailable, passed, type Evidence } from '../src/check/index.js';
import { appliesToEveryResource, describeError, statementCoversAction, type PolicyStatement, type ScpTarget } from '../src/inventory/index.js';
import { accountWideHere, factProblem, statementEvidence } from './support/client-access.js';

/** Negated principal conditions exempt named principals (a break-glass role) but still apply to everyone else. */
const BROAD_OPERATOR = /^(StringNotEquals|StringNotLike|ArnNotEquals|ArnNotLike)(IfExists)?$/i;
const BROAD_KEY = /^aws:(PrincipalArn|PrincipalTag\/.+|PrincipalAccount|PrincipalOrgPaths)$/i;

/** A Deny statement is a guardrail when it has no condition, or only conditions that exempt named principals. */
export function appliesBroadly(statement: PolicyStatement): boolean {
  if (statement.condition === undefined) return true;
  return Object.entries(statement.condition).every(
    ([operator, block]) => BROAD_OPERATOR.test(operator) && Object.keys(block).every((key) => BROAD_KEY.test(key)),
  );
}

function isGuardrail(statement: PolicyStatement, action: string): boolean {
  return statement.effect === 'Deny' && appliesToEveryResource(statement) && statementCoversAction(statement, action) && appliesBroadly(statement);
}

function targetLabel(target: ScpTarget): string {
  return target.kind === 'root' ? `root ${target.id}` : target.kind === 'ou' ? `OU ${target.id}` : `account ${target.id}`;
}

export default defineAccountRegionCheck({
  scope: 'account-region',
  meta: {
    id: 'org-scp-denies-msk-security-changes',
    title: 'A service control policy denies MSK security changes in every account',
    severity: 'MEDIUM',
    resourceType: 'AwsAccountRegion',
    rationale:
      'UpdateSecurity can turn off client authentication or encryption in transit and UpdateConnectivity can open a cluster ' +
      'to the internet. A Deny in a service control policy on the account\'s path (its root, OUs or the account itself) stops ' +
      'every principal of the account — administrators included — from making these changes outside an approved path, which ' +
      'detection alone cannot. SCPs never apply to the management account.',
    remediation: {
      text:
        'Attach an SCP to the OUs holding MSK workloads with a Deny of kafka:UpdateSecurity and kafka:UpdateConnectivity on ' +
        'Resource "*", exempting only the deployment role (Condition ArnNotLike aws:PrincipalArn); keep MSK clusters out of the ' +
        'management account.',
      url: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples.html',
    },
    frameworks: {
      'pci-dss-4.0.1': ['6.5.1', '1.2.2'],
      soc2: ['CC6.1', 'CC8.1'],
      'nist-800-53-r5': ['CM-3', 'AC-6'],
      'iso-27001-2022': ['8.9', '8.32'],
    },
  },
  evaluate(context) {
    const here = accountWideHere(context, 'Organization guardrails');
    if (!here.ok) return here.verdict;
    const { facts } = here;
    if (facts.organizationScan !== true) {
      return notApplicable('Guardrails are read from the management account with --org; this scan did not read the organization.', {
        organizationScan: facts.organizationScan ?? null,
      });
    }
    const problem = factProblem(facts.guardrails, 'The service control policies on the account\'s path');
    if (problem || !facts.guardrails?.ok) return notAvailable(`${problem ?? 'The SCPs are unknown'}.`, { guardrails: null });
    const { path, managementAccount } = facts.guardrails.value;
    const actions = context.thresholds.guardrailActions;
    const evidence: Evidence = {
      path: path.map((target) => ({
        target: targetLabel(target),
        policies: target.policies.ok ? target.policies.value.map((p) => p.name ?? p.id) : `unavailable: ${describeError(target.policies.error)}`,
      })),
      guardrailActions: actions,
      managementAccount: managementAccount ?? null,
    };
    if (managementAccount === context.account) {
      return failed(
        `Account ${context.account} is the organization's management account, to which no service control policy applies, so nothing stops ${actions.join(' or ')} there.`,
        evidence,
      );
    }
    const denied: Evidence = {};
    const missing: string[] = [];
    const unknowns = new Set<string>();
    for (const action of actions) {
      let found: { target: ScpTarget; policy: string; statement: PolicyStatement } | undefined;
      for (const target of path) {
        const policies = target.policies;
        if (!policies.ok) {
          unknowns.add(`the SCPs of ${targetLabel(target)} could not be listed (${describeError(policies.error)})`);
          continue;
        }
        for (const policy of policies.value) {
          if (!policy.statements.ok) {
            unknowns.add(`the SCP ${policy.name ?? policy.id} could not be read (${describeError(policy.statements.error)})`);
            continue;
          }
          const statement = policy.statements.value.find((s) => isGuardrail(s, action));
          if (statement) found ??= { target, policy: policy.name ?? policy.id, statement };
        }
      }
      if (found) denied[action] = { target: targetLabel(found.target), policy: found.policy, statement: statementEvidence(found.statement) };
      else missing.push(action);
    }
    const all = { ...evidence, denied };
    if (missing.length === 0) {
      return passed(`Service control policies on the path of account ${context.account} deny ${actions.join(' and ')} on every resource.`, all);
    }
    if (unknowns.size > 0) {
      return notAvailable(`No readable SCP denies ${missing.join(' or ')} for account ${context.account}, and ${[...unknowns].join('; ')}.`, all);
    }
    return failed(`No service control policy on the path of account ${context.account} denies ${missing.join(' or ')} on every resource without an exception that could let it through.`, all);
  },
});
