import { defineCheck, failed, notApplicable, notAvailable, passed, type Evidence, type JsonValue } from '../src/check/index.js';
import { describeError, vpcConnectivityEnabled } from '../src/inventory/index.js';
import { evaluateCluster } from './support/cluster.js';
import { trustedAccounts } from './support/trust.js';

const FIELD = 'Provisioned.BrokerNodeGroupInfo.ConnectivityInfo.VpcConnectivity';

/** The authentication types of a client VPC connection that authenticate the client (CreateVpcConnection spellings). */
const AUTHENTICATED = new Set(['SASL_IAM', 'SASL_SCRAM', 'TLS', 'IAM', 'SCRAM', 'MTLS']);
/** Spellings that would mean no authentication (multi-VPC connectivity does not offer it today). */
const UNAUTHENTICATED = new Set(['UNAUTHENTICATED', 'NONE', 'PLAINTEXT', 'SASL_PLAINTEXT']);
/** States in which the connection carries no traffic and never will again. */
const CLOSED_STATES = new Set(['REJECTED', 'REJECTING', 'DELETING', 'FAILED']);

export default defineCheck({
  meta: {
    id: 'msk-vpc-connections-authenticated',
    title: 'MSK client VPC connections authenticate clients and belong to trusted accounts',
    severity: 'HIGH',
    resourceType: 'AwsMskCluster',
    rationale:
      'Multi-VPC private connectivity lets VPCs of other accounts reach the brokers over AWS PrivateLink; a connection ' +
      'owned by an account outside the organization, or one that does not authenticate its clients, extends the ' +
      'cluster’s network boundary to parties nobody vetted.',
    remediation: {
      text:
        'Reject (RejectClientVpcConnection) connections whose owner is not a trusted account, restrict the cluster ' +
        'policy to trusted accounts, and keep only IAM, SASL/SCRAM or TLS client authentication on for multi-VPC ' +
        'connectivity. List your organization’s accounts in the `trustedAccounts` threshold.',
      url: 'https://docs.aws.amazon.com/msk/latest/developerguide/aws-access-mult-vpc.html',
    },
    frameworks: {
      'pci-dss-4.0.1': ['1.3.1', '8.3.1'],
      soc2: ['CC6.1', 'CC6.6'],
      'nist-800-53-r5': ['AC-3', 'IA-2', 'SC-7'],
      'iso-27001-2022': ['8.5', '8.20'],
    },
  },
  evaluate(cluster, context) {
    return evaluateCluster(cluster, {
      serverless: () => notApplicable('MSK Serverless does not offer multi-VPC private connectivity.', { [FIELD]: null }),
      provisioned(provisioned) {
        const connectivity = provisioned.BrokerNodeGroupInfo?.ConnectivityInfo;
        if (connectivity === undefined || connectivity === null) {
          return notAvailable('The cluster description has no connectivity information (BrokerNodeGroupInfo.ConnectivityInfo).', { [FIELD]: null });
        }
        const settings = (connectivity.VpcConnectivity ?? null) as JsonValue;
        if (!vpcConnectivityEnabled(cluster)) {
          return notApplicable('Multi-VPC private connectivity is off, so no client VPC can connect to the cluster.', { [FIELD]: settings });
        }
        const collected = context.inventory.clientVpcConnections;
        if (collected === undefined) {
          return notAvailable('Client VPC connections were not collected in this inventory (kafka:ListClientVpcConnections).', { [FIELD]: settings });
        }
        const fact = Object.hasOwn(collected, cluster.ClusterArn) ? collected[cluster.ClusterArn] : undefined;
        if (fact === undefined) return notAvailable("The cluster's client VPC connections were not collected.", { [FIELD]: settings });
        if (!fact.ok) {
          return notAvailable(`The cluster's client VPC connections could not be listed: ${describeError(fact.error)}.`, {
            [FIELD]: settings,
            collectionError: { code: fact.error.code, message: fact.error.message },
          });
        }
        const trusted = trustedAccounts(cluster, context);
        const problems: string[] = [];
        const unknowns: string[] = [];
        const connections: JsonValue[] = [];
        let open = 0;
        for (const connection of fact.value) {
          connections.push({
            VpcConnectionArn: connection.vpcConnectionArn,
            Owner: connection.owner ?? null,
            Authentication: connection.authentication ?? null,
            State: connection.state ?? null,
          });
          if (connection.state !== undefined && CLOSED_STATES.has(connection.state.toUpperCase())) continue;
          open += 1;
          const name = connection.vpcConnectionArn;
          const auth = connection.authentication?.trim().toUpperCase();
          if (auth === undefined || auth === '') unknowns.push(`${name} reports no authentication type`);
          else if (UNAUTHENTICATED.has(auth)) problems.push(`${name} does not authenticate its clients (${connection.authentication})`);
          else if (!AUTHENTICATED.has(auth)) unknowns.push(`${name} uses the unrecognised authentication ${JSON.stringify(connection.authentication)}`);
          if (connection.owner === undefined || connection.owner === '') unknowns.push(`${name} reports no owner`);
          else if (!trusted.has(connection.owner)) problems.push(`${name} is owned by the untrusted account ${connection.owner}`);
        }
        const evidence: Evidence = { [FIELD]: settings, trustedAccounts: [...trusted], clientVpcConnections: connections };
        if (problems.length > 0) return failed(`A client VPC connection is not acceptable: ${problems.join('; ')}.`, evidence);
        if (unknowns.length > 0) return notAvailable(`The client VPC connections could not be fully judged: ${unknowns.join('; ')}.`, evidence);
        if (open === 0) return passed('Multi-VPC private connectivity is on, but no client VPC connection is open.', evidence);
        return passed(`All ${open} open client VPC connection(s) authenticate their clients and belong to trusted accounts.`, evidence);
      },
    });
  },
});
