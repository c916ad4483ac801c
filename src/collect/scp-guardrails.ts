import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListParentsCommand,
  ListPoliciesForTargetCommand,
  type OrganizationsClient,
  type PolicySummary,
} from '@aws-sdk/client-organizations';
import { malformedResponse, toCollectionError, type ErrorContext } from '../aws/errors.js';
import {
  available,
  parsePolicyDocument,
  unavailable,
  type CollectionError,
  type Fact,
  type PolicyStatement,
  type ScpFacts,
  type ScpGuardrailFacts,
  type ScpTarget,
} from '../inventory/index.js';
import { compact } from './json.js';

/** Organizations allows five levels of OUs under a root; a longer chain of parents means a malformed answer. */
const MAX_DEPTH = 8;

interface Parent {
  id: string;
  type: string;
}

/**
 * Reads the service control policies on each account's path (its root, every OU down to it, the account itself)
 * with the scanning identity's Organizations client — the management account or a delegated administrator.
 * ListParents, ListPoliciesForTarget (SERVICE_CONTROL_POLICY) and DescribePolicy are each made once per scan for a
 * given child, target or policy, however many accounts share them.
 */
export class GuardrailReader {
  private readonly parents = new Map<string, Promise<Fact<Parent>>>();
  private readonly targets = new Map<string, Promise<Fact<PolicySummary[]>>>();
  private readonly policies = new Map<string, Promise<Fact<PolicyStatement[]>>>();
  private organization: Promise<Fact<string>> | undefined;

  constructor(
    private readonly client: OrganizationsClient,
    private readonly region: string,
  ) {}

  /** The account's guardrail facts; never throws. `errors` lists every failure met (also recorded in the facts). */
  async read(account: string): Promise<{ guardrails: Fact<ScpGuardrailFacts>; errors: CollectionError[] }> {
    const chain: { id: string; kind: ScpTarget['kind'] }[] = [{ id: account, kind: 'account' }];
    let child = account;
    for (let depth = 0; ; depth++) {
      const parent = await this.parentOf(child, account);
      if (!parent.ok) return { guardrails: unavailable(parent.error), errors: [parent.error] };
      if (parent.value.type === 'ROOT') {
        chain.push({ id: parent.value.id, kind: 'root' });
        break;
      }
      chain.push({ id: parent.value.id, kind: 'ou' });
      if (depth >= MAX_DEPTH) {
        const error = malformedResponse(`ListParents found no root within ${MAX_DEPTH} levels above ${account}.`, this.context('ListParents', account, account));
        return { guardrails: unavailable(error), errors: [error] };
      }
      child = parent.value.id;
    }
    chain.reverse();

    const errors: CollectionError[] = [];
    const path: ScpTarget[] = [];
    const management = await this.managementAccount(account);
    if (!management.ok) errors.push(management.error);
    // Without DescribeOrganization, a customer SCP's ARN still names the management account.
    let managementAccount: string | undefined = management.ok ? management.value : undefined;
    for (const target of chain) {
      const summaries = await this.policiesFor(target.id, account);
      if (!summaries.ok) {
        errors.push(summaries.error);
        path.push({ ...target, policies: unavailable(summaries.error) });
        continue;
      }
      const policies: ScpFacts[] = [];
      for (const summary of summaries.value) {
        const id = summary.Id!;
        managementAccount ??= managementAccountOf(summary.Arn);
        const statements = await this.statementsOf(id, account);
        if (!statements.ok) errors.push(statements.error);
        policies.push(compact<ScpFacts>({ id, name: summary.Name, arn: summary.Arn, awsManaged: summary.AwsManaged, statements }));
      }
      path.push({ ...target, policies: available(policies) });
    }
    return { guardrails: available(compact<ScpGuardrailFacts>({ managementAccount, path })), errors };
  }

  private context(operation: string, account: string, resource: string): ErrorContext {
    return { service: 'organizations', operation, account, region: this.region, resource };
  }

  /** DescribeOrganization, once per scan: the management account, to which no SCP applies. */
  private managementAccount(account: string): Promise<Fact<string>> {
    this.organization ??= (async () => {
      const context = this.context('DescribeOrganization', account, 'organization');
      try {
        const id = (await this.client.send(new DescribeOrganizationCommand({}))).Organization?.MasterAccountId;
        return id ? available(id) : unavailable(malformedResponse('DescribeOrganization returned no MasterAccountId.', context));
      } catch (error) {
        return unavailable(toCollectionError(error, context));
      }
    })();
    return this.organization;
  }

  private parentOf(child: string, account: string): Promise<Fact<Parent>> {
    let pending = this.parents.get(child);
    if (!pending) {
      pending = (async () => {
        const context = this.context('ListParents', account, child);
        try {
          const parents: Parent[] = [];
          let token: string | undefined;
          do {
            const page = await this.client.send(new ListParentsCommand({ ChildId: child, ...(token ? { NextToken: token } : {}) }));
            for (const parent of page.Parents ?? []) if (parent.Id && parent.Type) parents.push({ id: parent.Id, type: parent.Type });
            token = page.NextToken || undefined;
          } while (token);
          if (parents.length !== 1) return unavailable(malformedResponse(`ListParents returned ${parents.length} parents for ${child}.`, context));
          return available(parents[0]!);
        } catch (error) {
          return unavailable(toCollectionError(error, context));
        }
      })();
      this.parents.set(child, pending);
    }
    return pending;
  }

  private policiesFor(target: string, account: string): Promise<Fact<PolicySummary[]>> {
    let pending = this.targets.get(target);
    if (!pending) {
      pending = (async () => {
        const context = this.context('ListPoliciesForTarget', account, target);
        try {
          const summaries: PolicySummary[] = [];
          const seen = new Set<string>();
          let token: string | undefined;
          do {
            const page = await this.client.send(
              new ListPoliciesForTargetCommand({ TargetId: target, Filter: 'SERVICE_CONTROL_POLICY', ...(token ? { NextToken: token } : {}) }),
            );
            for (const summary of page.Policies ?? []) {
              if (!summary.Id) return unavailable(malformedResponse('ListPoliciesForTarget returned a policy without Id.', context));
              summaries.push(summary);
            }
            token = page.NextToken || undefined;
            if (token && seen.has(token)) return unavailable(malformedResponse('ListPoliciesForTarget returned the same NextToken twice.', context));
            if (token) seen.add(token);
          } while (token);
          return available(summaries);
        } catch (error) {
          return unavailable(toCollectionError(error, context));
        }
      })();
      this.targets.set(target, pending);
    }
    return pending;
  }

  private statementsOf(policyId: string, account: string): Promise<Fact<PolicyStatement[]>> {
    let pending = this.policies.get(policyId);
    if (!pending) {
      pending = (async () => {
        const context = this.context('DescribePolicy', account, policyId);
        try {
          const policy = (await this.client.send(new DescribePolicyCommand({ PolicyId: policyId }))).Policy;
          if (policy?.Content === undefined) return unavailable(malformedResponse('DescribePolicy returned no Content.', context));
          const parsed = parsePolicyDocument(policy.Content, policyId);
          return parsed.ok ? available(parsed.statements) : unavailable(malformedResponse(`The content of SCP ${policyId} cannot be read: ${parsed.reason}.`, context));
        } catch (error) {
          return unavailable(toCollectionError(error, context));
        }
      })();
      this.policies.set(policyId, pending);
    }
    return pending;
  }
}

/** A customer SCP's ARN names the management account: arn:aws:organizations::<management>:policy/o-…/service_control_policy/p-…. */
export function managementAccountOf(policyArn: string | undefined): string | undefined {
  return /^arn:[\w-]+:organizations::(\d{12}):policy\//.exec(policyArn ?? '')?.[1];
}
