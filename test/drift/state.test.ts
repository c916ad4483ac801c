import { describe, expect, it } from 'vitest';
import { available, unavailable, type AccountRegionInventory, type Fact } from '../../src/inventory/index.js';
import { CLUSTER_POLICY_FIELD, extractClusterState, policyHash, PROVISIONED_FIELDS } from '../../src/drift/state.js';
import { SERVER_PROPERTIES_UNAVAILABLE, UNAVAILABLE } from '../../src/drift/types.js';
import { accessDenied, accountRegion, CONFIG_ARN, KEY_ARN, provisionedCluster, serverlessCluster } from '../support/fixtures.js';

describe('extractClusterState', () => {
  it('records every security field of a provisioned cluster, flat', () => {
    const { state, unavailable: missing } = extractClusterState(provisionedCluster(), accountRegion());
    expect(missing).toEqual({});
    expect(state).toEqual({
      'brokers.count': 3,
      'brokers.instanceType': 'kafka.m7g.large',
      'clientAuthentication.iam': true,
      'clientAuthentication.scram': false,
      'clientAuthentication.tls': false,
      'clientAuthentication.tls.certificateAuthorities': [],
      'clientAuthentication.unauthenticated': false,
      'cluster.state': 'ACTIVE',
      'cluster.type': 'PROVISIONED',
      'configuration.arn': CONFIG_ARN,
      'configuration.revision': 2,
      'connectivity.publicAccess': 'DISABLED',
      'connectivity.vpcConnectivity.authModes': [],
      'encryption.atRest.kmsKeyId': KEY_ARN,
      'encryption.inTransit.clientBroker': 'TLS',
      'encryption.inTransit.inCluster': true,
      'kafka.version': '3.6.0',
      'kms.keyManager': 'CUSTOMER',
      'kms.keyState': 'Enabled',
      'kms.rotation.enabled': true,
      'kms.rotation.periodDays': 365,
      'logging.brokerLogs': [],
      'monitoring.enhanced': 'PER_TOPIC_PER_BROKER',
      'monitoring.prometheus.jmxExporter': null,
      'monitoring.prometheus.nodeExporter': null,
      'network.securityGroups': ['sg-0123456789abcdef0'],
      'serverProperties.allow.everyone.if.no.acl.found': 'false',
      'serverProperties.auto.create.topics.enable': 'false',
    });
    expect(Object.keys(state)).toEqual(Object.keys(state).sort());
  });

  it('records a serverless cluster by its own fields', () => {
    const cluster = serverlessCluster((c) => {
      c.Serverless!.VpcConfigs = [{ SecurityGroupIds: ['sg-b', 'sg-a'] }, { SecurityGroupIds: ['sg-a', 'sg-c'] }];
    });
    expect(extractClusterState(cluster, accountRegion()).state).toEqual({
      'cluster.type': 'SERVERLESS',
      'cluster.state': 'ACTIVE',
      'clientAuthentication.iam': true,
      'network.securityGroups': ['sg-a', 'sg-b', 'sg-c'],
    });
  });

  it('sorts lists, so that order alone is never drift', () => {
    const cluster = provisionedCluster((c) => {
      c.Provisioned!.BrokerNodeGroupInfo!.SecurityGroups = ['sg-2', 'sg-1'];
      c.Provisioned!.ClientAuthentication!.Tls = { Enabled: true, CertificateAuthorityArnList: ['arn:ca/b', 'arn:ca/a'] };
      c.Provisioned!.BrokerNodeGroupInfo!.ConnectivityInfo = {
        PublicAccess: { Type: 'DISABLED' },
        VpcConnectivity: { ClientAuthentication: { Tls: { Enabled: true }, Sasl: { Iam: { Enabled: true }, Scram: { Enabled: false } } } },
      };
    });
    const { state } = extractClusterState(cluster, accountRegion());
    expect(state['network.securityGroups']).toEqual(['sg-1', 'sg-2']);
    expect(state['clientAuthentication.tls.certificateAuthorities']).toEqual(['arn:ca/a', 'arn:ca/b']);
    expect(state['connectivity.vpcConnectivity.authModes']).toEqual(['IAM', 'TLS']);
  });

  it('records open monitoring and the enabled broker-log destinations with their targets', () => {
    const cluster = provisionedCluster((c) => {
      c.Provisioned!.OpenMonitoring = { Prometheus: { JmxExporter: { EnabledInBroker: true }, NodeExporter: { EnabledInBroker: false } } };
      c.Provisioned!.LoggingInfo = {
        BrokerLogs: {
          S3: { Enabled: true, Bucket: 'logs', Prefix: 'msk/' },
          CloudWatchLogs: { Enabled: true, LogGroup: '/msk/payments' },
          Firehose: { Enabled: false, DeliveryStream: 'unused' },
        },
      };
    });
    const { state } = extractClusterState(cluster, accountRegion());
    expect(state['monitoring.prometheus.jmxExporter']).toBe(true);
    expect(state['monitoring.prometheus.nodeExporter']).toBe(false);
    expect(state['logging.brokerLogs']).toEqual(['CloudWatchLogs:/msk/payments', 'S3:logs/msk/']);
  });

  it('records no properties and a null configuration for a cluster on MSK defaults', () => {
    const cluster = provisionedCluster((c) => (c.Provisioned!.CurrentBrokerSoftwareInfo = { KafkaVersion: '3.6.0' }));
    const { state } = extractClusterState(cluster, accountRegion());
    expect(state['configuration.arn']).toBeNull();
    expect(state['configuration.revision']).toBeNull();
    expect(Object.keys(state).filter((field) => field.startsWith('serverProperties'))).toEqual([]);
  });

  describe('facts that could not be collected are marked, with the reason', () => {
    it('an at-rest key that could not be described', () => {
      const inventory = accountRegion((r) => (r.kmsKeys[KEY_ARN] = unavailable(accessDenied('kms', 'DescribeKey', KEY_ARN))));
      const { state, unavailable: why } = extractClusterState(provisionedCluster(), inventory);
      for (const field of ['kms.keyManager', 'kms.keyState', 'kms.rotation.enabled', 'kms.rotation.periodDays']) {
        expect(state[field]).toBe(UNAVAILABLE);
        expect(why[field]).toMatch(/could not be described: kms:DescribeKey failed with AccessDeniedException/);
      }
      expect(state['encryption.atRest.kmsKeyId']).toBe(KEY_ARN);
    });

    it('an at-rest key that was not described at all', () => {
      const { state, unavailable: why } = extractClusterState(provisionedCluster(), accountRegion((r) => (r.kmsKeys = {})));
      expect(state['kms.keyState']).toBe(UNAVAILABLE);
      expect(why['kms.keyState']).toMatch(/was not described during collection/);
    });

    it('a denied rotation status (the key itself was described)', () => {
      const inventory = accountRegion((r) => {
        const key = r.kmsKeys[KEY_ARN];
        if (key?.ok) key.value.rotation = unavailable(accessDenied('kms', 'GetKeyRotationStatus', KEY_ARN));
      });
      const { state } = extractClusterState(provisionedCluster(), inventory);
      expect(state['kms.keyState']).toBe('Enabled');
      expect(state['kms.rotation.enabled']).toBe(UNAVAILABLE);
      expect(state['kms.rotation.periodDays']).toBe(UNAVAILABLE);
    });

    it('a customer key whose rotation was not collected, unlike an AWS-managed key (AWS rotates those)', () => {
      const customer = accountRegion((r) => {
        const key = r.kmsKeys[KEY_ARN];
        if (key?.ok) delete key.value.rotation;
      });
      expect(extractClusterState(provisionedCluster(), customer).state['kms.rotation.enabled']).toBe(UNAVAILABLE);
      const managed = accountRegion((r) => {
        const key = r.kmsKeys[KEY_ARN];
        if (key?.ok) {
          delete key.value.rotation;
          key.value.keyManager = 'AWS';
        }
      });
      const { state } = extractClusterState(provisionedCluster(), managed);
      expect(state['kms.keyManager']).toBe('AWS');
      expect(state['kms.rotation.enabled']).toBeNull();
    });

    it('a configuration revision that could not be read: one marker for all properties', () => {
      const inventory = accountRegion((r) => {
        for (const key of Object.keys(r.configurations)) r.configurations[key] = unavailable(accessDenied('kafka', 'DescribeConfigurationRevision', CONFIG_ARN));
      });
      const { state, unavailable: why } = extractClusterState(provisionedCluster(), inventory);
      expect(state[SERVER_PROPERTIES_UNAVAILABLE]).toBe(UNAVAILABLE);
      expect(why[SERVER_PROPERTIES_UNAVAILABLE]).toMatch(/revision 2 of the configuration .* could not be read/);
      expect(Object.keys(state).filter((field) => field.startsWith('serverProperties.') && field !== SERVER_PROPERTIES_UNAVAILABLE)).toEqual([]);
      expect(state['configuration.arn']).toBe(CONFIG_ARN);
    });

    it('a PROVISIONED cluster described without its provisioned details', () => {
      const { state } = extractClusterState(provisionedCluster((c) => delete c.Provisioned), accountRegion());
      for (const field of PROVISIONED_FIELDS) expect(state[field], field).toBe(UNAVAILABLE);
      expect(state[SERVER_PROPERTIES_UNAVAILABLE]).toBe(UNAVAILABLE);
    });
  });

  it('records null (reported absent), not the marker, for fields the API left out', () => {
    const cluster = provisionedCluster((c) => {
      delete c.Provisioned!.EnhancedMonitoring;
      delete c.Provisioned!.ClientAuthentication;
    });
    const { state, unavailable: why } = extractClusterState(cluster, accountRegion());
    expect(state['monitoring.enhanced']).toBeNull();
    expect(state['clientAuthentication.iam']).toBeNull();
    expect(why).toEqual({});
  });

  it('gives only JSON values: strings, finite numbers, booleans, null, sorted string lists', () => {
    const odd = provisionedCluster((c) => {
      (c.Provisioned as Record<string, unknown>).NumberOfBrokerNodes = Number.NaN;
      (c.Provisioned as Record<string, unknown>).EnhancedMonitoring = { weird: true };
    });
    const { state } = extractClusterState(odd, accountRegion());
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    expect(state['brokers.count']).toBeNull();
    expect(state['monitoring.enhanced']).toBe('{"weird":true}');
  });

  describe('the cluster policy hook', () => {
    const withPolicies = (facts: Record<string, Fact<{ policy: string | null }>>) =>
      accountRegion((r) => Object.assign(r as AccountRegionInventory & { clusterPolicies: unknown }, { clusterPolicies: facts }));

    it('records nothing while the inventory does not collect policies', () => {
      expect(extractClusterState(provisionedCluster(), accountRegion()).state).not.toHaveProperty(CLUSTER_POLICY_FIELD);
    });

    it('marks a provisioned cluster missing from the collected policies unavailable, but not a serverless one (not looked up)', () => {
      expect(extractClusterState(provisionedCluster(), withPolicies({})).state[CLUSTER_POLICY_FIELD]).toBe(UNAVAILABLE);
      expect(extractClusterState(serverlessCluster(), withPolicies({})).state).not.toHaveProperty(CLUSTER_POLICY_FIELD);
    });

    it('records the policy hash, insensitive to formatting; null without a policy; the marker when unreadable', () => {
      const arn = provisionedCluster().ClusterArn;
      const compact = extractClusterState(provisionedCluster(), withPolicies({ [arn]: available({ policy: '{"b":1,"a":[1,2]}' }) })).state;
      const spaced = extractClusterState(provisionedCluster(), withPolicies({ [arn]: available({ policy: '{ "a": [1, 2],\n "b": 1 }' }) })).state;
      expect(compact[CLUSTER_POLICY_FIELD]).toMatch(/^[0-9a-f]{64}$/);
      expect(spaced[CLUSTER_POLICY_FIELD]).toBe(compact[CLUSTER_POLICY_FIELD]);
      expect(policyHash('{"a":[2,1]}')).not.toBe(policyHash('{"a":[1,2]}'));
      expect(extractClusterState(provisionedCluster(), withPolicies({ [arn]: available({ policy: null }) })).state[CLUSTER_POLICY_FIELD]).toBeNull();
      const denied = withPolicies({ [arn]: unavailable(accessDenied('kafka', 'GetClusterPolicy', arn)) });
      expect(extractClusterState(provisionedCluster(), denied).state[CLUSTER_POLICY_FIELD]).toBe(UNAVAILABLE);
    });
  });
});
