import { defineCheck, failed, notApplicable, notAvailable, passed, type Evidence, type JsonValue } from '../src/check/index.js';
import type { PrivateCaFacts } from '../src/inventory/index.js';
import { evaluateCluster, orNull } from './support/cluster.js';
import { collectedAt, combine, DAY_MS, fail, factProblem, listOf, ok, unknown, type Judgement } from './support/client-access.js';
import { extend } from './support/evidence.js';

const TLS = 'Provisioned.ClientAuthentication.Tls';
const TLS_ENABLED = `${TLS}.Enabled`;
const TLS_CA_LIST = `${TLS}.CertificateAuthorityArnList`;

/** RSA of at least 2048 bits or an elliptic curve of at least 256 bits. */
export const ACCEPTED_KEY_ALGORITHMS = ['RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_prime256v1', 'EC_secp384r1', 'EC_secp521r1'] as const;

function judge(ca: PrivateCaFacts, now: number | undefined, warningDays: number): Judgement[] {
  const out: Judgement[] = [];
  const name = ca.arn;
  if (ca.status === undefined) out.push(unknown(`ACM PCA reported no status for ${name}`));
  else if (ca.status !== 'ACTIVE') out.push(fail(`${name} is ${ca.status}, not ACTIVE, so client certificates cannot be issued or renewed`));
  if (ca.keyAlgorithm === undefined) out.push(unknown(`ACM PCA reported no key algorithm for ${name}`));
  else if (!(ACCEPTED_KEY_ALGORITHMS as readonly string[]).includes(ca.keyAlgorithm)) {
    out.push(fail(`${name} uses the key algorithm ${ca.keyAlgorithm}, not RSA of 2048 bits or more or an accepted elliptic curve`));
  }
  if (ca.crlEnabled !== true && ca.ocspEnabled !== true) {
    out.push(fail(`${name} publishes no revocation information (neither a CRL nor OCSP is enabled), so a leaked client certificate cannot be revoked`));
  }
  if (ca.notAfter === undefined) out.push(unknown(`ACM PCA reported no expiry (NotAfter) for ${name}`));
  else if (now === undefined) out.push(unknown(`the inventory does not record when it was collected, so the expiry of ${name} cannot be judged`));
  else {
    const days = Math.floor((Date.parse(ca.notAfter) - now) / DAY_MS);
    if (Number.isNaN(days)) out.push(unknown(`the expiry ${ca.notAfter} of ${name} is not a date`));
    else if (days < 0) out.push(fail(`the certificate of ${name} expired on ${ca.notAfter}`));
    else if (days < warningDays) out.push(fail(`the certificate of ${name} expires on ${ca.notAfter}, within ${warningDays} days`));
  }
  return out.length > 0 ? out : [ok];
}

function caEvidence(arn: string, ca: PrivateCaFacts | undefined): Evidence {
  if (!ca) return { arn };
  return {
    arn,
    status: orNull(ca.status),
    type: orNull(ca.type),
    keyAlgorithm: orNull(ca.keyAlgorithm),
    notAfter: orNull(ca.notAfter),
    crlEnabled: orNull(ca.crlEnabled),
    ocspEnabled: orNull(ca.ocspEnabled),
  };
}

export default defineCheck({
  meta: {
    id: 'msk-private-ca-healthy',
    title: 'The private CAs MSK trusts for mutual TLS are active, strong, revocable and not about to expire',
    severity: 'HIGH',
    resourceType: 'AwsMskCluster',
    rationale:
      'With mutual TLS, the cluster admits any client holding a certificate from the AWS Private CAs it lists. A CA that is ' +
      'not ACTIVE cannot issue or renew client certificates, a weak key undermines every certificate it signs, a CA without a ' +
      'CRL or OCSP cannot take back a leaked certificate, and an expiring CA certificate stops every client at once.',
    remediation: {
      text:
        'Use an ACTIVE AWS Private CA with an RSA 2048+ or ECDSA P-256+ key, enable CRL distribution or OCSP ' +
        '(UpdateCertificateAuthority RevocationConfiguration), and renew or replace the CA certificate well before it expires ' +
        '(then add the new CA to the cluster with UpdateSecurity).',
      url: 'https://docs.aws.amazon.com/msk/latest/developerguide/msk-authentication.html',
    },
    frameworks: {
      'pci-dss-4.0.1': ['8.3.2', '4.2.1'],
      soc2: ['CC6.1', 'CC6.7'],
      'nist-800-53-r5': ['IA-5', 'SC-12', 'SC-23'],
      'iso-27001-2022': ['5.17', '8.24'],
    },
  },
  evaluate(cluster, { inventory, thresholds }) {
    return evaluateCluster(cluster, {
      serverless: () => notApplicable('MSK Serverless authenticates clients with IAM only; it trusts no private CA.', {}),
      provisioned(provisioned) {
        const tls = provisioned.ClientAuthentication?.Tls;
        const enabled = tls?.Enabled;
        if (enabled === false || enabled === undefined) {
          return notApplicable('Mutual TLS client authentication is off, so the cluster trusts no private CA.', { [TLS_ENABLED]: orNull(enabled) });
        }
        if (enabled !== true) return notAvailable(`The TLS client authentication setting ${JSON.stringify(enabled)} is not recognised.`, { [TLS_ENABLED]: enabled as JsonValue });
        const list: unknown = tls?.CertificateAuthorityArnList;
        const evidence: Evidence = { [TLS_ENABLED]: true, [TLS_CA_LIST]: (list ?? null) as JsonValue };
        if (!Array.isArray(list)) return notAvailable('The cluster description lists no certificate authorities (CertificateAuthorityArnList).', evidence);
        if (list.length === 0) {
          return notApplicable('Mutual TLS is on but the cluster lists no certificate authority, so there is no CA to judge (msk-strong-client-auth reports this).', evidence);
        }
        if (inventory.privateCas === undefined) return notAvailable('The private CAs were not collected in this inventory.', { ...evidence, privateCas: null });
        const now = collectedAt(inventory);
        const judgements: Judgement[] = [];
        const cas: Evidence[] = [];
        for (const arn of list as string[]) {
          const fact = inventory.privateCas[arn];
          const problem = factProblem(fact, `the private CA ${arn}`);
          if (problem || !fact?.ok) {
            // Often a CA in another account or region that the scanner may not describe.
            judgements.push(unknown(problem ?? `the private CA ${arn} is unknown`));
            cas.push(caEvidence(arn, undefined));
            continue;
          }
          judgements.push(...judge(fact.value, now, thresholds.caExpiryWarningDays));
          cas.push(caEvidence(arn, fact.value));
        }
        const all = extend(evidence, { privateCas: cas, caExpiryWarningDays: thresholds.caExpiryWarningDays });
        const { failures, unknowns } = combine(judgements);
        if (failures.length > 0) return failed(`A trusted private CA is not healthy: ${listOf(failures)}.`, all);
        if (unknowns.length > 0) return notAvailable(`No problem was found, but ${listOf(unknowns)}.`, all);
        return passed(
          `All ${list.length} trusted private CA(s) are ACTIVE, use an accepted key algorithm, publish revocation information and stay valid for at least ${thresholds.caExpiryWarningDays} more days.`,
          all,
        );
      },
    });
  },
});
