import { defineCheck, failed, notApplicable, notAvailable, passed, type Evidence, type JsonValue } from '../src/check/index.js';
import { describeError } from '../src/inventory/index.js';
import { evaluateCluster } from './support/cluster.js';
import { accountOfArn, trustedAccounts } from './support/trust.js';
import { extend } from './support/evidence.js';

/** Condition keys naming the calling (or source) account: their values must be trusted accounts. */
const ACCOUNT_KEYS = new Set(['aws:sourceaccount', 'aws:principalaccount', 'aws:sourceowner']);
/** Condition keys naming principal or source ARNs: the accounts in them must be trusted. */
const ARN_KEYS = new Set(['aws:principalarn', 'aws:sourcearn']);
/** Condition keys that confine the caller to an organization or a network (their values cannot be checked here). */
const SCOPE_KEYS = new Set(['aws:principalorgid', 'aws:principalorgpaths', 'aws:sourceorgid', 'aws:sourceorgpaths', 'aws:sourcevpc', 'aws:sourcevpce']);

type Json = JsonValue | undefined;

interface StatementFinding {
  problems: string[];
  unknowns: string[];
}

const asList = (value: Json): JsonValue[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/**
 * Whether a statement's Condition confines a wildcard principal, and to which accounts. A condition restricts
 * only with a positive operator (not …Not…, not …IfExists, not Null, not ForAllValues) over one of the keys
 * above, with concrete values.
 */
function conditionScope(condition: Json, trusted: Set<string>): { restricting: boolean; untrusted: string[]; keys: string[] } {
  const untrusted: string[] = [];
  const keys: string[] = [];
  let restricting = false;
  if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) return { restricting, untrusted, keys };
  for (const [operator, block] of Object.entries(condition)) {
    const op = operator.toLowerCase();
    if (op.includes('not') || op.endsWith('ifexists') || op === 'null' || op.startsWith('forallvalues:')) continue;
    if (typeof block !== 'object' || block === null || Array.isArray(block)) continue;
    for (const [rawKey, rawValues] of Object.entries(block)) {
      const key = rawKey.toLowerCase();
      const values = asList(rawValues).map(String);
      if (values.length === 0 || values.some((value) => value.trim() === '' || value.trim() === '*')) continue;
      if (ACCOUNT_KEYS.has(key)) {
        if (values.some((value) => !/^\d{12}$/.test(value))) continue;
        restricting = true;
        keys.push(rawKey);
        untrusted.push(...values.filter((value) => !trusted.has(value)));
      } else if (ARN_KEYS.has(key)) {
        const accounts = values.map((value) => accountOfArn(value));
        if (accounts.some((account) => account === undefined)) continue;
        restricting = true;
        keys.push(rawKey);
        untrusted.push(...(accounts as string[]).filter((account) => !trusted.has(account)));
      } else if (SCOPE_KEYS.has(key)) {
        restricting = true;
        keys.push(rawKey);
      }
    }
  }
  return { restricting, untrusted: [...new Set(untrusted)], keys };
}

function judgeStatement(statement: { [key: string]: JsonValue }, label: string, trusted: Set<string>): StatementFinding {
  const problems: string[] = [];
  const unknowns: string[] = [];
  const effect = statement.Effect;
  if (effect === 'Deny') return { problems, unknowns };
  if (effect !== 'Allow') {
    unknowns.push(`${label} has the unrecognised Effect ${JSON.stringify(effect ?? null)}`);
    return { problems, unknowns };
  }
  const scope = conditionScope(statement.Condition, trusted);
  const wildcard = (reason: string) => {
    if (!scope.restricting) problems.push(`${label} allows ${reason} without a condition restricting the caller`);
    else if (scope.untrusted.length > 0) problems.push(`${label} allows ${reason} from the untrusted account(s) ${scope.untrusted.join(', ')} (${scope.keys.join(', ')})`);
  };
  if (statement.NotPrincipal !== undefined) {
    wildcard('every principal but those in NotPrincipal');
    return { problems, unknowns };
  }
  const principal = statement.Principal;
  if (principal === '*') {
    wildcard('any principal (Principal "*")');
    return { problems, unknowns };
  }
  if (typeof principal !== 'object' || principal === null || Array.isArray(principal)) {
    unknowns.push(`${label} has no recognisable Principal`);
    return { problems, unknowns };
  }
  for (const value of asList(principal.AWS).map(String)) {
    if (value === '*') {
      wildcard('any AWS principal (AWS "*")');
      continue;
    }
    const account = /^\d{12}$/.test(value) ? value : accountOfArn(value);
    if (account === undefined) unknowns.push(`${label} names the AWS principal ${value}, whose account is not known`);
    else if (!trusted.has(account)) problems.push(`${label} allows ${value} of the untrusted account ${account}`);
  }
  // Service, Federated and CanonicalUser principals are not accounts and are not judged here.
  return { problems, unknowns };
}

export default defineCheck({
  meta: {
    id: 'msk-cluster-policy-restricted',
    title: 'MSK cluster policy grants no access to anyone or to untrusted accounts',
    severity: 'HIGH',
    resourceType: 'AwsMskCluster',
    rationale:
      'A cluster policy grants IAM principals of other accounts MSK and Kafka data-plane permissions (cross-account ' +
      'private connectivity, kafka-cluster:* actions); a statement allowing any principal without a restricting ' +
      'condition, or an account outside the organization, opens the cluster beyond the people who own it.',
    remediation: {
      text:
        'Rewrite the cluster policy (PutClusterPolicy) so each Allow names only trusted account or role ARNs, or a ' +
        'wildcard principal restricted by aws:PrincipalOrgID, aws:PrincipalAccount or aws:SourceAccount; delete it ' +
        '(DeleteClusterPolicy) when no cross-account access is needed. List your organization’s accounts in the ' +
        '`trustedAccounts` threshold.',
      url: 'https://docs.aws.amazon.com/msk/latest/developerguide/security_iam_service-with-iam-resource-based-policies.html',
    },
    frameworks: {
      'pci-dss-4.0.1': ['7.2.1', '7.2.2'],
      soc2: ['CC6.1', 'CC6.3'],
      'nist-800-53-r5': ['AC-3', 'AC-6'],
      'iso-27001-2022': ['5.15', '8.3'],
    },
  },
  evaluate(cluster, context) {
    return evaluateCluster(cluster, {
      serverless: () =>
        notApplicable(
          'MSK Serverless clusters have no multi-VPC private connectivity, the cross-account access cluster policies grant; their policies are not read.',
          { 'clusterPolicy.collected': false },
        ),
      provisioned() {
        const policies = context.inventory.clusterPolicies;
        if (policies === undefined) {
          return notAvailable('Cluster policies were not collected in this inventory (kafka:GetClusterPolicy).', { clusterPolicy: null });
        }
        const fact = Object.hasOwn(policies, cluster.ClusterArn) ? policies[cluster.ClusterArn] : undefined;
        if (fact === undefined) return notAvailable('The cluster policy of this cluster was not collected.', { clusterPolicy: null });
        if (!fact.ok) {
          return notAvailable(`The cluster policy could not be read: ${describeError(fact.error)}.`, {
            clusterPolicy: null,
            collectionError: { code: fact.error.code, message: fact.error.message },
          });
        }
        const trusted = trustedAccounts(cluster, context);
        const base: Evidence = { trustedAccounts: [...trusted], 'clusterPolicy.CurrentVersion': fact.value.currentVersion ?? null };
        if (fact.value.policy === null) {
          return passed('The cluster has no cluster policy, so no principal of another account is granted access to it.', extend(base, { clusterPolicy: null }));
        }
        let document: Json;
        try {
          document = JSON.parse(fact.value.policy) as JsonValue;
        } catch {
          return notAvailable('The cluster policy is not valid JSON.', { ...base, clusterPolicy: fact.value.policy.slice(0, 2000) });
        }
        const statements = typeof document === 'object' && document !== null && !Array.isArray(document) ? asList(document.Statement) : [];
        if (statements.length === 0) {
          return notAvailable('The cluster policy has no recognisable Statement.', { ...base, clusterPolicy: fact.value.policy.slice(0, 2000) });
        }
        const problems: string[] = [];
        const unknowns: string[] = [];
        const flagged: JsonValue[] = [];
        statements.forEach((statement, index) => {
          if (typeof statement !== 'object' || statement === null || Array.isArray(statement)) {
            unknowns.push(`statement ${index + 1} is not an object`);
            return;
          }
          const label = typeof statement.Sid === 'string' && statement.Sid !== '' ? `statement ${statement.Sid}` : `statement ${index + 1}`;
          const judged = judgeStatement(statement, label, trusted);
          problems.push(...judged.problems);
          unknowns.push(...judged.unknowns);
          if (judged.problems.length > 0 || judged.unknowns.length > 0) {
            flagged.push({
              Sid: statement.Sid ?? null,
              Effect: statement.Effect ?? null,
              Principal: statement.Principal ?? null,
              ...(statement.NotPrincipal !== undefined ? { NotPrincipal: statement.NotPrincipal } : {}),
              Action: statement.Action ?? null,
              Condition: statement.Condition ?? null,
            });
          }
        });
        const evidence: Evidence = extend(base, { statements: statements.length, flaggedStatements: flagged });
        if (problems.length > 0) return failed(`The cluster policy is too broad: ${problems.join('; ')}.`, evidence);
        if (unknowns.length > 0) return notAvailable(`The cluster policy could not be fully judged: ${unknowns.join('; ')}.`, evidence);
        return passed(
          `Each of the cluster policy's ${statements.length} statement(s) grants access only to trusted accounts or under a restricting condition.`,
          evidence,
        );
      },
    });
  },
});
