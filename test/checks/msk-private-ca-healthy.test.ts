import check from '../../checks/msk-private-ca-healthy.js';
import { checkTable } from '../support/check-table.js';
import { CA_ARN, mtlsCluster, privateCa, withCa } from '../support/client-access-fixtures.js';
import { provisionedCluster, serverlessCluster } from '../support/fixtures.js';

checkTable(check, {
  PASSED: [
    { name: 'an ACTIVE RSA_2048 CA with a CRL, valid for years', cluster: mtlsCluster(), inventory: withCa(), reason: /All 1 trusted private CA/ },
    { name: 'an EC P-384 CA with OCSP only', cluster: mtlsCluster(), inventory: withCa(privateCa((ca) => ((ca.keyAlgorithm = 'EC_secp384r1'), (ca.crlEnabled = false), (ca.ocspEnabled = true)))) },
    { name: 'expiring in 45 days with the default 30-day warning', cluster: mtlsCluster(), inventory: withCa(privateCa((ca) => (ca.notAfter = '2026-12-16T00:00:00.000Z'))) },
  ],
  FAILED: [
    { name: 'a DISABLED CA', cluster: mtlsCluster(), inventory: withCa(privateCa((ca) => (ca.status = 'DISABLED'))), reason: /is DISABLED, not ACTIVE/ },
    { name: 'an EXPIRED CA', cluster: mtlsCluster(), inventory: withCa(privateCa((ca) => ((ca.status = 'EXPIRED'), (ca.notAfter = '2026-10-01T00:00:00.000Z')))), reason: /expired on 2026-10-01/ },
    { name: 'a weak key algorithm', cluster: mtlsCluster(), inventory: withCa(privateCa((ca) => (ca.keyAlgorithm = 'SM2'))), reason: /key algorithm SM2/ },
    { name: 'no revocation', cluster: mtlsCluster(), inventory: withCa(privateCa((ca) => ((ca.crlEnabled = false), delete ca.ocspEnabled))), reason: /no revocation information/ },
    { name: 'expiring within 30 days', cluster: mtlsCluster(), inventory: withCa(privateCa((ca) => (ca.notAfter = '2026-11-20T00:00:00.000Z'))), reason: /within 30 days/ },
    {
      name: 'expiring in 45 days with a 60-day warning',
      cluster: mtlsCluster(),
      inventory: withCa(privateCa((ca) => (ca.notAfter = '2026-12-16T00:00:00.000Z'))),
      thresholds: { caExpiryWarningDays: 60 },
      reason: /within 60 days/,
    },
  ],
  NOT_APPLICABLE: [
    { name: 'mutual TLS off', cluster: provisionedCluster(), reason: /Mutual TLS client authentication is off/ },
    { name: 'serverless', cluster: serverlessCluster() },
    { name: 'TLS on with an empty CA list', cluster: mtlsCluster((c) => (c.Provisioned!.ClientAuthentication!.Tls!.CertificateAuthorityArnList = [])), inventory: withCa() },
  ],
  NOT_AVAILABLE: [
    { name: 'a CA in another account the scanner may not describe', cluster: mtlsCluster(), inventory: withCa('denied'), reason: new RegExp(`${CA_ARN.replace(/[/]/g, '\\/')} could not be read .*AccessDeniedException`) },
    { name: 'CAs not collected', cluster: mtlsCluster(), inventory: withCa(privateCa(), (i) => delete i.privateCas), reason: /not collected in this inventory/ },
    { name: 'the CA missing from the collection', cluster: mtlsCluster(), inventory: withCa('absent') },
    { name: 'no expiry reported', cluster: mtlsCluster(), inventory: withCa(privateCa((ca) => delete ca.notAfter)), reason: /no expiry/ },
    { name: 'no collection time to judge expiry against', cluster: mtlsCluster(), inventory: withCa(privateCa(), (i) => delete i.collectedAt) },
  ],
});
