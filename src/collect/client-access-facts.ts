/**
 * The optional facts of issue 9 and the built-in checks that read them. A scan collects only the facts its
 * selected checks need, so leaving a check out also leaves out its calls (and the permissions they need).
 */
export const CLIENT_ACCESS_FACTS = ['scram-secrets', 'private-cas', 'msk-connect', 'lambda-consumers', 'iam', 'scp-guardrails'] as const;
export type ClientAccessFact = (typeof CLIENT_ACCESS_FACTS)[number];

export const FACTS_BY_CHECK: Readonly<Record<string, readonly ClientAccessFact[]>> = {
  'msk-scram-secrets-protected': ['scram-secrets'],
  'msk-private-ca-healthy': ['private-cas'],
  'msk-connect-secure': ['msk-connect'],
  'msk-lambda-consumers-authenticated': ['lambda-consumers'],
  'iam-no-long-lived-kafka-credentials': ['iam'],
  'org-scp-denies-msk-security-changes': ['scp-guardrails'],
};

/** The facts the given checks read. */
export function factsForChecks(checks: readonly { meta: { id: string } }[]): Set<ClientAccessFact> {
  return new Set(checks.flatMap((check) => FACTS_BY_CHECK[check.meta.id] ?? []));
}
