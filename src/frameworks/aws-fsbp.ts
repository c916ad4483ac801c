import type { FrameworkDefinition } from './types.js';

/**
 * The MSK controls of AWS Security Hub's Foundational Security Best Practices standard. Titles are the controls'
 * names; a check maps to one through its `meta.securityHubControl`. MSK.3 and MSK.5 concern MSK Connect
 * connectors: msk-connect-secure judges both (and IAM authentication) in one verdict, so it names neither as its
 * single control; they stay listed here without a mapped check.
 */
export const awsFsbp: FrameworkDefinition = {
  id: 'aws-fsbp',
  name: 'AWS Foundational Security Best Practices',
  version: '1.0.0',
  label: 'AWS FSBP',
  requirements: [
    { id: 'MSK.1', title: 'MSK clusters should be encrypted in transit among broker nodes', description: 'Replication traffic between the brokers of a provisioned cluster is TLS-encrypted.' },
    { id: 'MSK.2', title: 'MSK clusters should have enhanced monitoring configured', description: 'The cluster publishes at least per-topic, per-broker metrics to CloudWatch.' },
    { id: 'MSK.3', title: 'MSK Connect connectors should be encrypted in transit', description: 'MSK Connect connectors reach their Kafka cluster over TLS only.' },
    { id: 'MSK.4', title: 'MSK clusters should have public access disabled', description: 'The brokers have no public, internet-reachable endpoints.' },
    { id: 'MSK.5', title: 'MSK connectors should have logging enabled', description: 'MSK Connect connectors deliver their worker logs to at least one destination.' },
    { id: 'MSK.6', title: 'MSK clusters should disable unauthenticated access', description: 'Clients must authenticate; the unauthenticated access mode is off.' },
  ],
};
