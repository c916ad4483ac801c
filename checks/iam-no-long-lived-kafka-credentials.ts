import { defineAccountRegionCheck, failed, notAvailable, passed, type Evidence, type SubjectVerdict, type Verdict } from '../src/check/index.js';
import type { IamPrincipalFacts } from '../src/inventory/index.js';
import { accountWideHere, broadGrants, collectedAt, connectGrants, DAY_MS, factProblem, listOf, statementEvidence } from './support/client-access.js';

interface Finding {
  failures: string[];
  unknowns: string[];
  severity: 'HIGH' | 'MEDIUM';
  evidence: Evidence;
}

function judgePrincipal(principal: IamPrincipalFacts, now: number | undefined, maxAgeDays: number): Finding {
  const failures: string[] = [];
  const unknowns: string[] = [];
  let severity: Finding['severity'] = 'MEDIUM';
  const evidence: Evidence = { kind: principal.kind, arn: principal.arn };
  if (principal.groups) evidence.groups = principal.groups;

  // A user's group grants are reported once, on the group.
  const broad = broadGrants(principal.statements).filter((s) => principal.kind !== 'user' || !s.policy.startsWith('group '));
  if (broad.length > 0) {
    failures.push(`it is allowed every kafka-cluster action on every cluster (Resource "*") by ${[...new Set(broad.map((s) => s.policy))].join(', ')}`);
    evidence.broadGrants = broad.map(statementEvidence);
  }

  if (principal.kind === 'user') {
    const connect = connectGrants(principal.statements);
    if (connect.length > 0 || principal.unreadablePolicies.length > 0) {
      const keys = principal.accessKeys;
      const problem = factProblem(keys, 'its access keys');
      if (problem || !keys?.ok) {
        if (connect.length > 0) unknowns.push(problem ?? 'its access keys are unknown');
      } else {
        const active = keys.value.filter((key) => key.status === 'Active');
        const old: { id: string; days: number }[] = [];
        for (const key of active) {
          const created = key.createDate ? Date.parse(key.createDate) : Number.NaN;
          if (now === undefined || Number.isNaN(created)) unknowns.push(`the age of its active access key ${key.accessKeyId} cannot be told`);
          else if ((now - created) / DAY_MS > maxAgeDays) old.push({ id: key.accessKeyId, days: Math.floor((now - created) / DAY_MS) });
        }
        evidence.activeAccessKeys = active.map((key) => ({ accessKeyId: key.accessKeyId, createDate: key.createDate ?? null }));
        if (old.length > 0 && connect.length > 0) {
          severity = 'HIGH';
          failures.push(
            `it may call kafka-cluster:Connect (${[...new Set(connect.map((s) => s.policy))].join(', ')}) and has ${old.length} active access key(s) older than ${maxAgeDays} days (${old.map((k) => `${k.id}, ${k.days} days`).join('; ')})`,
          );
          evidence.connectGrants = connect.map(statementEvidence);
        } else if (old.length > 0) {
          unknowns.push(`it has an active access key older than ${maxAgeDays} days and policies that could not be read (${principal.unreadablePolicies.join(', ')})`);
        }
      }
    }
  } else if (principal.unreadablePolicies.length > 0 && broad.length === 0) {
    unknowns.push(`its policies ${principal.unreadablePolicies.join(', ')} could not be read`);
  }
  if (principal.kind === 'user' && principal.unreadablePolicies.length > 0 && broad.length === 0 && unknowns.length === 0 && failures.length === 0) {
    // A user without old keys whose unreadable policy could still make it a broad grantee.
    unknowns.push(`its policies ${principal.unreadablePolicies.join(', ')} could not be read`);
  }
  if (principal.unreadablePolicies.length > 0) evidence.unreadablePolicies = principal.unreadablePolicies;
  return { failures, unknowns, severity, evidence };
}

export default defineAccountRegionCheck({
  scope: 'account-region',
  meta: {
    id: 'iam-no-long-lived-kafka-credentials',
    title: 'No long-lived IAM user keys and no blanket kafka-cluster grants for Kafka clients',
    severity: 'HIGH',
    resourceType: 'AwsAccountRegion',
    rationale:
      'With IAM authentication, whoever holds credentials allowed kafka-cluster:Connect can reach the cluster. An IAM user\'s ' +
      'access key never expires on its own: one older than the rotation period is a long-lived password for the cluster. ' +
      'A principal allowed kafka-cluster:* on Resource "*" (directly or through Action "*") can read, write and administer ' +
      'every topic of every IAM-authenticated cluster. IAM is account-wide, so the check answers once per account.',
    remediation: {
      text:
        'Give Kafka clients IAM roles (instance profiles, task or pod roles, IAM Roles Anywhere) instead of IAM users; rotate ' +
        'or delete old access keys; and scope kafka-cluster permissions to the actions and the cluster, topic and group ARNs ' +
        'each client needs.',
      url: 'https://docs.aws.amazon.com/msk/latest/developerguide/iam-access-control.html',
    },
    frameworks: {
      'pci-dss-4.0.1': ['8.6.3', '7.2.2'],
      soc2: ['CC6.1', 'CC6.3'],
      'nist-800-53-r5': ['IA-5', 'AC-6'],
      'iso-27001-2022': ['5.17', '5.15'],
    },
  },
  evaluate(context): Verdict | SubjectVerdict[] {
    const here = accountWideHere(context, 'IAM users, roles and groups');
    if (!here.ok) return here.verdict;
    const problem = factProblem(here.facts.iam, 'The account\'s IAM authorization details');
    if (problem || !here.facts.iam?.ok) return notAvailable(`${problem ?? 'IAM is unknown'}.`, { iam: null });
    const iam = here.facts.iam.value;
    const now = collectedAt(context.inventory);
    const maxAge = context.thresholds.accessKeyMaxAgeDays;
    const verdicts: SubjectVerdict[] = [];
    for (const principal of iam.principals) {
      const judged = judgePrincipal(principal, now, maxAge);
      const subject = { key: `${principal.kind}/${principal.arn}`, name: principal.name };
      const label = `The IAM ${principal.kind} ${principal.name}`;
      if (judged.failures.length > 0) verdicts.push({ ...failed(`${label} is a Kafka credential risk: ${listOf(judged.failures)}.`, judged.evidence, judged.severity === 'MEDIUM' ? 'MEDIUM' : undefined), subject });
      else if (judged.unknowns.length > 0) verdicts.push({ ...notAvailable(`${label} may be a Kafka credential risk: ${listOf(judged.unknowns)}.`, judged.evidence), subject });
    }
    if (verdicts.length > 0) return verdicts;
    return passed(
      `No IAM user with an active access key older than ${maxAge} days may connect to MSK, and no principal is allowed every kafka-cluster action on every cluster (${iam.counts.users} users, ${iam.counts.roles} roles, ${iam.counts.groups} groups read).`,
      { ...iam.counts, principalsWithKafkaStatements: iam.principals.length, accessKeyMaxAgeDays: maxAge },
    );
  },
});
