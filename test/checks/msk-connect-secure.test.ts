import { describe, expect, it } from 'vitest';
import check, { targetsMsk } from '../../checks/msk-connect-secure.js';
import { available, unavailable } from '../../src/inventory/index.js';
import { accountRegionTable } from '../support/account-region-table.js';
import { connector, regionWith } from '../support/client-access-fixtures.js';
import { accessDenied } from '../support/fixtures.js';

const SELF_MANAGED = connector((c) => ((c.name = 'onprem'), (c.arn = `${c.arn}-onprem`), (c.bootstrapServers = 'kafka-1.corp.example.com:9092')));

accountRegionTable(check, {
  PASSED: [
    { name: 'a TLS + IAM connector with CloudWatch worker logs', inventory: regionWith((i) => (i.connectors = available([connector()]))), subjects: ['PASSED'], reason: /over TLS with IAM/ },
    { name: 'clusters but no connector', inventory: regionWith((i) => (i.connectors = available([]))), reason: /No MSK Connect connector/ },
    { name: 'only a connector to self-managed Kafka', inventory: regionWith((i) => (i.connectors = available([SELF_MANAGED]))) },
  ],
  FAILED: [
    {
      name: 'PLAINTEXT, no authentication, no logs',
      inventory: regionWith((i) => (i.connectors = available([connector((c) => ((c.encryptionInTransit = 'PLAINTEXT'), (c.clientAuthentication = 'NONE'), delete c.workerLogDelivery))]))),
      subjects: ['FAILED'],
      reason: /PLAINTEXT instead of TLS .*MSK\.3.*worker logs nowhere .*MSK\.5.*NONE instead of IAM/,
    },
    {
      name: 'every log destination disabled, next to a good connector',
      inventory: regionWith((i) =>
        (i.connectors = available([
          connector(),
          connector((c) => ((c.arn = `${c.arn}-b`), (c.name = 'b'), (c.workerLogDelivery = { cloudWatchLogs: { enabled: false }, firehose: { enabled: false }, s3: { enabled: false } }))),
        ]))),
      subjects: ['PASSED', 'FAILED'],
    },
  ],
  NOT_APPLICABLE: [
    { name: 'no cluster and no connector', inventory: regionWith((i) => (i.connectors = available([])), []) },
    { name: 'a connector being deleted', inventory: regionWith((i) => (i.connectors = available([connector((c) => (c.state = 'DELETING'))]))), subjects: ['NOT_APPLICABLE'] },
  ],
  NOT_AVAILABLE: [
    { name: 'ListConnectors denied', inventory: regionWith((i) => (i.connectors = unavailable(accessDenied('kafkaconnect', 'ListConnectors')))), reason: /could not be read/ },
    { name: 'connectors not collected', inventory: regionWith(() => undefined), reason: /not collected/ },
    { name: 'a log destination that does not say whether it is enabled', inventory: regionWith((i) => (i.connectors = available([connector((c) => (c.workerLogDelivery = { cloudWatchLogs: { logGroup: 'x' } }))]))), subjects: ['NOT_AVAILABLE'], reason: /do not say whether/ },
    { name: 'an unknown encryption type', inventory: regionWith((i) => (i.connectors = available([connector((c) => delete c.encryptionInTransit)]))), subjects: ['NOT_AVAILABLE'] },
    {
      name: 'a connector whose target is unknown is judged',
      inventory: regionWith((i) => (i.connectors = available([connector((c) => ((c.clientAuthentication = 'SOMETHING'), delete c.bootstrapServers))]))),
      subjects: ['NOT_AVAILABLE'],
    },
  ],
});

describe('targetsMsk', () => {
  it('recognises provisioned and serverless MSK endpoints, and nothing else', () => {
    expect(targetsMsk(connector())).toBe(true);
    expect(targetsMsk(connector((c) => (c.bootstrapServers = 'boot-abc.c1.kafka-serverless.us-east-1.amazonaws.com:9098')))).toBe(true);
    expect(targetsMsk(SELF_MANAGED)).toBe(false);
    expect(targetsMsk(connector((c) => delete c.bootstrapServers))).toBeUndefined();
  });
});
