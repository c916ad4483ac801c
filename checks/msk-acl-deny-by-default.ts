import { defineCheck, failed, notApplicable, notAvailable, passed, type Evidence } from '../src/check/index.js';
import { configurationKey, describeError } from '../src/inventory/index.js';
import { evaluateCluster, orNull } from './support/cluster.js';
import { extend } from './support/evidence.js';

const PROPERTY = 'allow.everyone.if.no.acl.found';
const AUTH = 'Provisioned.ClientAuthentication';
const SOFTWARE = 'Provisioned.CurrentBrokerSoftwareInfo';
const PROPERTY_FIELD = `Configuration.ServerProperties.${PROPERTY}`;
const SCRAM_FIELD = `${AUTH}.Sasl.Scram.Enabled`;
const TLS_FIELD = `${AUTH}.Tls.Enabled`;
const CONFIGURATION_ARN_FIELD = `${SOFTWARE}.ConfigurationArn`;
const CONFIGURATION_REVISION_FIELD = `${SOFTWARE}.ConfigurationRevision`;

export default defineCheck({
  meta: {
    id: 'msk-acl-deny-by-default',
    title: 'MSK denies access to resources without Kafka ACLs',
    severity: 'MEDIUM',
    resourceType: 'AwsMskCluster',
    rationale:
      'SASL/SCRAM and mutual TLS clients are authorized by Kafka ACLs; while allow.everyone.if.no.acl.found is true, ' +
      'any authenticated client may use every topic and group that has no ACL, so access is allowed by default.',
    remediation: {
      text:
        'Define Kafka ACLs for every client, then apply a cluster configuration that sets ' +
        'allow.everyone.if.no.acl.found=false (UpdateClusterConfiguration).',
      url: 'https://docs.aws.amazon.com/msk/latest/developerguide/msk-acls.html',
    },
    frameworks: {
      'pci-dss-4.0.1': ['7.2.1', '7.2.2', '7.3.3'],
      soc2: ['CC6.1', 'CC6.3'],
      'nist-800-53-r5': ['AC-3', 'AC-6'],
      'iso-27001-2022': ['5.15', '8.3'],
    },
  },
  evaluate(cluster, { inventory }) {
    return evaluateCluster(cluster, {
      serverless: () =>
        notApplicable('MSK Serverless authorizes clients with IAM only and does not use Kafka ACLs.', {}),
      provisioned(provisioned) {
        const auth = provisioned.ClientAuthentication;
        if (auth === undefined || auth === null) {
          return notApplicable(
            'The cluster has no client authentication configured, so no ACL-based authentication is in use.',
            { [AUTH]: null },
          );
        }
        const scram = auth.Sasl?.Scram?.Enabled;
        const tls = auth.Tls?.Enabled;
        const authEvidence: Evidence = {
          [SCRAM_FIELD]: orNull(scram),
          [TLS_FIELD]: orNull(tls),
        };
        const aclModes = [scram === true ? 'SASL/SCRAM' : '', tls === true ? 'mutual TLS' : ''].filter(Boolean);
        if (aclModes.length === 0) {
          if (typeof scram !== 'boolean' || typeof tls !== 'boolean') {
            return notAvailable(
              `Whether SASL/SCRAM or TLS client authentication is on is unknown (SCRAM ${JSON.stringify(scram ?? null)}, TLS ${JSON.stringify(tls ?? null)}).`,
              authEvidence,
            );
          }
          return notApplicable(
            'Neither SASL/SCRAM nor mutual TLS client authentication is on, so Kafka ACLs do not authorize clients (IAM access control does not use them).',
            authEvidence,
          );
        }
        const modes = aclModes.join(' and ');

        const software = provisioned.CurrentBrokerSoftwareInfo;
        if (software === undefined || software === null) {
          return notAvailable('The cluster description has no broker software information (CurrentBrokerSoftwareInfo).', {
            ...authEvidence,
            [SOFTWARE]: null,
          });
        }
        const arn = software.ConfigurationArn;
        const revision = software.ConfigurationRevision;
        const evidence: Evidence = extend(authEvidence, {
          [CONFIGURATION_ARN_FIELD]: orNull(arn),
          [CONFIGURATION_REVISION_FIELD]: orNull(revision),
        });
        if (arn === undefined || arn === null || arn === '') {
          return failed(
            `The cluster uses ${modes} with MSK's default configuration, in which ${PROPERTY} is true, so resources without ACLs are open to every authenticated client.`,
            evidence,
          );
        }
        if (typeof revision !== 'number') {
          return notAvailable(`The cluster uses the configuration ${arn} but its description has no configuration revision.`, evidence);
        }
        const fact = inventory.configurations[configurationKey(arn, revision)];
        if (fact === undefined) {
          return notAvailable(`Revision ${revision} of the configuration ${arn} was not collected.`, evidence);
        }
        if (!fact.ok) {
          return notAvailable(
            `Revision ${revision} of the configuration ${arn} could not be read: ${describeError(fact.error)}.`,
            { ...evidence, collectionError: { code: fact.error.code, message: fact.error.message } },
          );
        }
        const properties: unknown = fact.value.serverProperties;
        if (typeof properties !== 'object' || properties === null) {
          return notAvailable(`Revision ${revision} of the configuration ${arn} has no parsed server properties.`, evidence);
        }
        const raw = Object.hasOwn(properties, PROPERTY) ? (properties as Record<string, unknown>)[PROPERTY] : undefined;
        const withProperty: Evidence = extend(evidence, { [PROPERTY_FIELD]: typeof raw === 'string' ? raw : null });
        if (raw === undefined) {
          return failed(
            `Revision ${revision} of the configuration ${arn} does not set ${PROPERTY}, so MSK's default of true applies to the ${modes} clients.`,
            withProperty,
          );
        }
        const value = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
        if (value === 'false') {
          return passed(`The cluster configuration sets ${PROPERTY}=false, so ${modes} clients need an ACL for every resource they use.`, withProperty);
        }
        if (value === 'true') {
          return failed(
            `The cluster configuration sets ${PROPERTY}=true, so resources without ACLs are open to every ${modes} client.`,
            withProperty,
          );
        }
        return notAvailable(`The cluster configuration sets ${PROPERTY} to the unrecognised value ${JSON.stringify(raw)}.`, withProperty);
      },
    });
  },
});
