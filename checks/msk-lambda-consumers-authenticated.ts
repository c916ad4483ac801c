import {
  defineAccountRegionCheck,
  failed,
  notApplicable,
  notAvailable,
  passed,
  type Evidence,
  type JsonValue,
  type SubjectVerdict,
  type Verdict,
} from '../src/check/index.js';
import { isNotCollectedNoCluster, type EventSourceMappingFacts, type MskCluster } from '../src/inventory/index.js';
import { factProblem, functionName } from './support/client-access.js';

const SCRAM_TYPES = new Set(['SASL_SCRAM_512_AUTH', 'SASL_SCRAM_256_AUTH']);
const MTLS = 'CLIENT_CERTIFICATE_TLS_AUTH';
/** SourceAccessConfigurations types Lambda documents (network placement, secrets, CA, virtual host). */
const KNOWN_ACCESS_TYPES = new Set([...SCRAM_TYPES, MTLS, 'BASIC_AUTH', 'VPC_SUBNET', 'VPC_SECURITY_GROUP', 'SERVER_ROOT_CA_CERTIFICATE', 'VIRTUAL_HOST']);

function mappingEvidence(mapping: EventSourceMappingFacts): Evidence {
  return {
    uuid: mapping.uuid,
    functionArn: mapping.functionArn ?? null,
    eventSourceArn: mapping.eventSourceArn,
    state: mapping.state ?? null,
    sourceAccessConfigurationTypes: mapping.sourceAccessConfigurations.map((entry) => entry.type ?? null),
  };
}

/** Whether `arn` is a provisioned or serverless cluster of this account-region (so its complete listing would show it). */
function listedHere(arn: string, account: string, region: string, listingComplete: boolean): boolean {
  const [prefix, , service, arnRegion, arnAccount, resource] = arn.split(':');
  return listingComplete && prefix === 'arn' && service === 'kafka' && arnRegion === region && arnAccount === account && (resource ?? '').startsWith('cluster/');
}

/**
 * A mapping that names no SCRAM or mTLS secret connects the way the cluster allows: with IAM when IAM is on, else
 * unauthenticated. Multi-VPC connections and MSK Serverless offer no unauthenticated access.
 */
function withoutSecret(
  mapping: EventSourceMappingFacts,
  cluster: MskCluster | undefined,
  evidence: Evidence,
  name: string,
  where: { account: string; region: string; listingComplete: boolean },
): Verdict {
  const { account, region, listingComplete } = where;
  if (/:vpc-connection\//.test(mapping.eventSourceArn)) {
    return passed(`The mapping of ${name} reaches MSK through a multi-VPC connection with IAM authentication (it names no SCRAM or mTLS secret).`, evidence);
  }
  if (!cluster && listedHere(mapping.eventSourceArn, account, region, listingComplete)) {
    // The listing of this account-region is complete, so a cluster of it that is not listed does not exist (its ARN
    // carries a UUID: no later cluster can take it). The mapping can consume from nothing.
    return notApplicable(`The mapping of ${name} names the cluster ${mapping.eventSourceArn}, which no longer exists (ListClustersV2 does not list it), so it consumes from no cluster.`, evidence);
  }
  if (!cluster) {
    return notAvailable(
      `The mapping of ${name} names no SCRAM or mTLS secret, so it authenticates as the cluster allows, but its cluster ${mapping.eventSourceArn} is not in this account-region's inventory.`,
      evidence,
    );
  }
  if (cluster.ClusterType === 'SERVERLESS') return passed(`The mapping of ${name} authenticates to the MSK Serverless cluster with IAM.`, evidence);
  const auth = cluster.Provisioned?.ClientAuthentication;
  const iam = auth?.Sasl?.Iam?.Enabled;
  const unauthenticated = auth?.Unauthenticated?.Enabled;
  const withCluster = { ...evidence, 'cluster.Sasl.Iam.Enabled': (iam ?? null) as JsonValue, 'cluster.Unauthenticated.Enabled': (unauthenticated ?? null) as JsonValue };
  if (iam === true) return passed(`The mapping of ${name} authenticates with IAM (it names no SCRAM or mTLS secret and the cluster has IAM on).`, withCluster);
  if (iam === false && unauthenticated === true) {
    return failed(`The mapping of ${name} connects to the cluster unauthenticated: it names no SCRAM or mTLS secret and the cluster has IAM off.`, withCluster, 'HIGH');
  }
  if (iam === false && (unauthenticated === false || unauthenticated === undefined)) {
    return failed(`The mapping of ${name} has no usable authentication: it names no SCRAM or mTLS secret and the cluster offers neither IAM nor unauthenticated access.`, withCluster);
  }
  return notAvailable(`The mapping of ${name} names no SCRAM or mTLS secret and the cluster's IAM setting ${JSON.stringify(iam ?? null)} is not known.`, withCluster);
}

export default defineAccountRegionCheck({
  scope: 'account-region',
  meta: {
    id: 'msk-lambda-consumers-authenticated',
    title: 'Lambda functions consume MSK with IAM or mutual TLS authentication',
    severity: 'MEDIUM',
    resourceType: 'AwsAccountRegion',
    rationale:
      'A Lambda event source mapping is a Kafka consumer: with IAM (the function\'s execution role) or mutual TLS (a client ' +
      'certificate) each function has its own revocable identity that IAM policies or Kafka ACLs can scope. SASL/SCRAM ' +
      'shares a password kept in a secret, which is weaker (reported with LOW severity); a mapping that names no secret on a ' +
      'cluster without IAM connects unauthenticated or cannot connect at all.',
    remediation: {
      text:
        'Turn on IAM authentication on the cluster and remove the SASL_SCRAM source access configuration from the mapping ' +
        '(UpdateEventSourceMapping), or use CLIENT_CERTIFICATE_TLS_AUTH with a certificate from the cluster\'s private CA.',
      url: 'https://docs.aws.amazon.com/lambda/latest/dg/msk-cluster-auth.html',
    },
    frameworks: {
      'pci-dss-4.0.1': ['8.3.1', '8.3.2', '8.6.3'],
      soc2: ['CC6.1'],
      'nist-800-53-r5': ['IA-5', 'IA-9'],
      'iso-27001-2022': ['5.17', '8.5'],
    },
  },
  evaluate({ account, region, inventory }): Verdict | SubjectVerdict[] {
    // Mappings are listed only where ListClustersV2 found a cluster; with the listing known to be empty, nothing is judged.
    if (isNotCollectedNoCluster(inventory.eventSourceMappings) && inventory.clusters.ok && inventory.clusters.value.length === 0) {
      return notApplicable(`There is no MSK cluster in ${account} ${region}, so its Lambda event source mappings were not listed.`, {
        eventSourceMappings: null,
        clusters: 0,
      });
    }
    const problem = factProblem(inventory.eventSourceMappings, 'The Lambda event source mappings');
    if (problem || !inventory.eventSourceMappings?.ok) return notAvailable(`${problem ?? 'The mappings are unknown'}.`, { eventSourceMappings: null });
    const mappings = inventory.eventSourceMappings.value;
    const clusters = inventory.clusters.ok ? inventory.clusters.value : [];
    if (mappings.length === 0) {
      const evidence = { eventSourceMappings: 0, clusters: clusters.length };
      if (clusters.length === 0) return notApplicable(`There is neither an MSK cluster nor a Lambda event source mapping from MSK in ${account} ${region}.`, evidence);
      return passed(`No Lambda function consumes MSK through an event source mapping in ${account} ${region}.`, evidence);
    }
    const byArn = new Map(clusters.map((cluster) => [cluster.ClusterArn, cluster]));
    return mappings.map((mapping): SubjectVerdict => {
      const cluster = byArn.get(mapping.eventSourceArn);
      const name = functionName(mapping.functionArn) ?? mapping.uuid;
      const subject = { key: `event-source-mapping/${mapping.uuid}`, name, ...(cluster ? { clusterArn: cluster.ClusterArn } : {}) };
      const evidence = mappingEvidence(mapping);
      const types = mapping.sourceAccessConfigurations.map((entry) => entry.type ?? '');
      if (types.includes(MTLS)) return { ...passed(`The mapping of ${name} authenticates with mutual TLS (CLIENT_CERTIFICATE_TLS_AUTH).`, evidence), subject };
      const scram = types.find((type) => SCRAM_TYPES.has(type));
      if (scram) {
        return {
          ...failed(`The mapping of ${name} authenticates with SASL/SCRAM (${scram}), a shared password, rather than IAM or mutual TLS.`, evidence, 'LOW'),
          subject,
        };
      }
      if (types.includes('BASIC_AUTH')) {
        return { ...failed(`The mapping of ${name} uses SASL/PLAIN (BASIC_AUTH), which MSK does not accept, so it has no usable authentication.`, evidence), subject };
      }
      // A type this check does not know may be a way to authenticate it cannot judge: not a mapping "without a secret".
      const unrecognised = types.filter((type) => !KNOWN_ACCESS_TYPES.has(type));
      if (unrecognised.length > 0) {
        return {
          ...notAvailable(`The mapping of ${name} names the unrecognised source access configuration type(s) ${unrecognised.map((type) => JSON.stringify(type)).join(', ')}, so how it authenticates is not known.`, evidence),
          subject,
        };
      }
      return { ...withoutSecret(mapping, cluster, evidence, name, { account, region, listingComplete: inventory.clusters.ok }), subject };
    });
  },
});
