import { defineCheck, failed, notApplicable, notAvailable, passed, type Evidence, type JsonValue } from '../src/check/index.js';
import type { AccountRegionInventory, SecretFacts } from '../src/inventory/index.js';
import { evaluateCluster, orNull } from './support/cluster.js';
import { combine, fail, factProblem, listOf, ok, publicStatements, unknown, type Judgement } from './support/client-access.js';
import { extend } from './support/evidence.js';

const SCRAM = 'Provisioned.ClientAuthentication.Sasl.Scram.Enabled';

/** What was read about one secret, for the evidence. */
function secretEvidence(arn: string, secret: SecretFacts | undefined, inventory: AccountRegionInventory): Evidence {
  if (!secret) return { arn };
  const key = secret.kmsKeyId ? inventory.kmsKeys[secret.kmsKeyId] : undefined;
  const evidence: Evidence = {
    arn,
    kmsKeyId: secret.kmsKeyId ?? 'aws/secretsmanager (default)',
    rotationEnabled: orNull(secret.rotationEnabled),
    rotationRules: (secret.rotationRules ?? null) as JsonValue,
    resourcePolicy: secret.resourcePolicy.ok ? (secret.resourcePolicy.value === null ? 'none' : 'present') : 'unreadable',
  };
  if (key?.ok) {
    evidence['kms.keyManager'] = orNull(key.value.keyManager);
    evidence['kms.keyState'] = orNull(key.value.keyState);
    evidence['kms.rotationEnabled'] = key.value.rotation?.ok ? key.value.rotation.value.enabled : null;
  }
  if (secret.deletedDate) evidence.deletedDate = secret.deletedDate;
  return evidence;
}

/** The secret's KMS key: customer-managed, enabled, rotating. */
function judgeKey(secret: SecretFacts, inventory: AccountRegionInventory): Judgement {
  const name = secret.name ?? secret.arn;
  if (!secret.kmsKeyId) {
    return fail(`${name} is encrypted with the AWS-managed key aws/secretsmanager, which MSK cannot use for SCRAM secrets`);
  }
  const fact = inventory.kmsKeys[secret.kmsKeyId];
  const problem = factProblem(fact, `the KMS key ${secret.kmsKeyId} of ${name}`);
  if (problem || !fact?.ok) return unknown(problem ?? `the KMS key of ${name} is unknown`);
  const key = fact.value;
  if (key.keyManager === 'AWS') return fail(`${name} is encrypted with the AWS-managed key ${key.arn ?? secret.kmsKeyId}, which MSK cannot use for SCRAM secrets`);
  if (key.keyManager !== 'CUSTOMER') return unknown(`KMS reported no recognised key manager (${JSON.stringify(key.keyManager ?? null)}) for the key of ${name}`);
  if (key.keyState === 'Creating' || key.keyState === 'Updating') return unknown(`the key of ${name} is in the transitional state ${key.keyState}`);
  if (key.keyState === undefined) return unknown(`KMS reported no state for the key of ${name}`);
  if (key.keyState !== 'Enabled') return fail(`the customer-managed key of ${name} is ${key.keyState}, so the secret cannot be decrypted`);
  const rotation = key.rotation;
  const rotationProblem = factProblem(rotation, `the rotation status of the key of ${name}`);
  if (rotationProblem || !rotation?.ok) return unknown(rotationProblem ?? 'the key rotation status is unknown');
  if (!rotation.value.enabled) return fail(`the customer-managed key of ${name} does not rotate automatically`);
  return ok;
}

function judgeRotation(secret: SecretFacts): Judgement {
  const name = secret.name ?? secret.arn;
  if (secret.rotationEnabled === true) return ok;
  return fail(`${name} has no rotation configured (RotationEnabled is ${JSON.stringify(secret.rotationEnabled ?? null)})`);
}

function judgePolicy(secret: SecretFacts): Judgement {
  const name = secret.name ?? secret.arn;
  const problem = factProblem(secret.resourcePolicy, `the resource policy of ${name}`);
  if (problem || !secret.resourcePolicy.ok) return unknown(problem ?? 'the resource policy is unknown');
  if (secret.resourcePolicy.value === null) return ok;
  const verdict = publicStatements(secret.resourcePolicy.value);
  if (!verdict.ok) return unknown(`${verdict.reason} for ${name}`);
  if (verdict.sids.length > 0) return fail(`the resource policy of ${name} lets any principal in (${verdict.sids.join(', ')}, Principal * without a restricting condition)`);
  return ok;
}

export default defineCheck({
  meta: {
    id: 'msk-scram-secrets-protected',
    title: 'MSK SCRAM secrets use a rotating customer-managed key, rotate, and are not public',
    severity: 'HIGH',
    resourceType: 'AwsMskCluster',
    rationale:
      'Each SASL/SCRAM user is a password in a Secrets Manager secret: whoever can read the secret can sign in as that ' +
      'user. MSK only accepts secrets encrypted with a customer-managed KMS key; that key must stay enabled and rotate, ' +
      'the password must rotate, and the secret\'s resource policy must not open it to every AWS principal.',
    remediation: {
      text:
        'Encrypt each secret with an enabled customer-managed key that rotates (UpdateSecret KmsKeyId, EnableKeyRotation), ' +
        'configure rotation (RotateSecret with a rotation function or schedule), and remove Principal * statements from ' +
        'the secret\'s resource policy or restrict them with aws:PrincipalAccount / aws:PrincipalOrgID.',
      url: 'https://docs.aws.amazon.com/msk/latest/developerguide/msk-password.html',
    },
    frameworks: {
      'pci-dss-4.0.1': ['8.3.2', '8.6.3'],
      soc2: ['CC6.1'],
      'nist-800-53-r5': ['IA-5', 'SC-12', 'SC-28(1)'],
      'iso-27001-2022': ['5.17', '8.24'],
    },
  },
  evaluate(cluster, { inventory }) {
    return evaluateCluster(cluster, {
      serverless: () => notApplicable('MSK Serverless authenticates clients with IAM only; it has no SCRAM secrets.', {}),
      provisioned(provisioned) {
        const scram = provisioned.ClientAuthentication?.Sasl?.Scram?.Enabled;
        if (scram === false || scram === undefined) {
          return notApplicable('SASL/SCRAM authentication is off, so the cluster has no SCRAM secrets.', { [SCRAM]: orNull(scram) });
        }
        if (scram !== true) return notAvailable(`The SASL/SCRAM setting ${JSON.stringify(scram)} is not recognised.`, { [SCRAM]: scram as JsonValue });
        const evidence: Evidence = { [SCRAM]: true };
        if (inventory.scramSecretLists === undefined) {
          return notAvailable('The SCRAM secrets of the clusters were not collected in this inventory.', { ...evidence, scramSecrets: null });
        }
        const list = inventory.scramSecretLists[cluster.ClusterArn];
        const listProblem = factProblem(list, 'The list of the cluster\'s SCRAM secrets (ListScramSecrets)');
        if (listProblem || !list?.ok) return notAvailable(`${listProblem ?? 'The SCRAM secrets are unknown'}.`, evidence);
        if (list.value.length === 0) {
          return notApplicable('SASL/SCRAM is on but no secret is associated with the cluster, so no SCRAM user can sign in.', { ...evidence, scramSecrets: [] });
        }
        const judgements: Judgement[] = [];
        const secrets: Evidence[] = [];
        for (const arn of list.value) {
          const fact = inventory.secrets?.[arn];
          const problem = factProblem(fact, `the secret ${arn}`);
          if (problem || !fact?.ok) {
            judgements.push(unknown(problem ?? `the secret ${arn} is unknown`));
            secrets.push(secretEvidence(arn, undefined, inventory));
            continue;
          }
          judgements.push(judgeKey(fact.value, inventory), judgeRotation(fact.value), judgePolicy(fact.value));
          secrets.push(secretEvidence(arn, fact.value, inventory));
        }
        const all = extend(evidence, { scramSecrets: secrets });
        const { failures, unknowns } = combine(judgements);
        if (failures.length > 0) return failed(`SCRAM credentials are exposed: ${listOf(failures)}.`, all);
        if (unknowns.length > 0) return notAvailable(`No problem was found, but ${listOf(unknowns)}.`, all);
        const count = list.value.length;
        return passed(
          `All ${count} SCRAM secret(s) use an enabled, rotating customer-managed key, rotate, and are not open to every principal.`,
          all,
        );
      },
    });
  },
});
