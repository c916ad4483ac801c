import { defineCheck, failed, notApplicable, notAvailable, passed, type Evidence } from '../src/check/index.js';
import { describeError } from '../src/inventory/index.js';
import { evaluateCluster, orNull } from './support/cluster.js';

const FIELD = 'Provisioned.CurrentBrokerSoftwareInfo.KafkaVersion';
const STATUS = 'KafkaVersions.Status';

export default defineCheck({
  meta: {
    id: 'msk-kafka-version-supported',
    title: 'MSK runs an Apache Kafka version that is not deprecated',
    severity: 'MEDIUM',
    resourceType: 'AwsMskCluster',
    rationale:
      'A deprecated Kafka version is heading for end of support, after which it stops receiving fixes and MSK ' +
      'upgrades the cluster automatically at a time the owner does not choose.',
    remediation: {
      text:
        'Upgrade the cluster to an ACTIVE Kafka version (UpdateClusterKafkaVersion), ideally the version MSK ' +
        'recommends, after testing clients against it.',
      url: 'https://docs.aws.amazon.com/msk/latest/developerguide/version-support.html',
    },
    frameworks: {
      'pci-dss-4.0.1': ['6.3.3'],
      soc2: ['CC7.1'],
      'nist-800-53-r5': ['SI-2'],
      'iso-27001-2022': ['8.8'],
    },
  },
  evaluate(cluster, { inventory, region }) {
    return evaluateCluster(cluster, {
      serverless: () => notApplicable('MSK Serverless manages the Kafka version itself.', {}),
      provisioned(provisioned) {
        const version = provisioned.CurrentBrokerSoftwareInfo?.KafkaVersion;
        if (version === undefined || version === null || version === '') {
          return notAvailable('The cluster description has no Kafka version (CurrentBrokerSoftwareInfo.KafkaVersion).', {
            [FIELD]: orNull(version),
          });
        }
        const versions = inventory.kafkaVersions;
        if (!versions.ok) {
          return notAvailable(
            `The Kafka versions of ${region} could not be listed: ${describeError(versions.error)}.`,
            { [FIELD]: version, collectionError: { code: versions.error.code, message: versions.error.message } },
          );
        }
        const listed = versions.value.find((v) => v.version === version);
        const evidence: Evidence = { [FIELD]: version, [STATUS]: orNull(listed?.status) };
        if (!listed) {
          return notAvailable(`The Kafka version ${version} is not listed by ListKafkaVersions in ${region}, so its status is unknown.`, evidence);
        }
        switch (listed.status) {
          case 'ACTIVE':
            return passed(`The cluster runs Kafka ${version}, which MSK lists as ACTIVE.`, evidence);
          case 'DEPRECATED':
            return failed(`The cluster runs Kafka ${version}, which MSK lists as DEPRECATED.`, evidence);
          case undefined:
            return notAvailable(`ListKafkaVersions gave no status for Kafka ${version}.`, evidence);
          default:
            return notAvailable(`ListKafkaVersions gave the unrecognised status ${JSON.stringify(listed.status)} for Kafka ${version}.`, evidence);
        }
      },
    });
  },
});
