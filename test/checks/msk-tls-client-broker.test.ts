import check from '../../checks/msk-tls-client-broker.js';
import { checkTable } from '../support/check-table.js';
import { provisionedCluster, serverlessCluster } from '../support/fixtures.js';

function clientBroker(value: string | undefined) {
  return provisionedCluster((c) => {
    c.Provisioned!.EncryptionInfo!.EncryptionInTransit!.ClientBroker = value;
  });
}

checkTable(check, {
  PASSED: [
    { name: 'TLS only', cluster: clientBroker('TLS') },
    { name: 'serverless is TLS only by design', cluster: serverlessCluster(), reason: /Serverless/ },
  ],
  FAILED: [
    { name: 'TLS and plaintext', cluster: clientBroker('TLS_PLAINTEXT'), reason: /TLS_PLAINTEXT/ },
    { name: 'plaintext only', cluster: clientBroker('PLAINTEXT'), reason: /PLAINTEXT/ },
  ],
  NOT_APPLICABLE: [{ name: 'cluster being deleted', cluster: provisionedCluster((c) => (c.State = 'DELETING')) }],
  NOT_AVAILABLE: [
    { name: 'setting missing', cluster: clientBroker(undefined) },
    {
      name: 'no encryption info at all',
      cluster: provisionedCluster((c) => delete c.Provisioned!.EncryptionInfo),
    },
    { name: 'unknown setting', cluster: clientBroker('QUIC'), reason: /not recognised/ },
  ],
});
