/**
 * Security state extraction (pure): the flat, security-relevant state of one cluster as the checks read it,
 * from the cluster description and the account-region's other facts (KMS key, configuration revision).
 *
 * Values are string | number | boolean | null | sorted string[]. `null` means the API reported nothing for
 * the field (e.g. no custom configuration); UNAVAILABLE means the fact could not be collected (see types.ts).
 */
import { createHash } from 'node:crypto';
import {
  configurationKey,
  describeError,
  type AccountRegionInventory,
  type MskCluster,
  type ProvisionedInfo,
  type StateValue,
} from '../inventory/index.js';
import { SERVER_PROPERTIES_PREFIX, SERVER_PROPERTIES_UNAVAILABLE, UNAVAILABLE, type ExtractedState } from './types.js';

/** The fields every cluster records. */
export const CLUSTER_FIELDS = ['cluster.type', 'cluster.state'] as const;

/** The fields a provisioned cluster records (besides `serverProperties.*` and the cluster policy). */
export const PROVISIONED_FIELDS = [
  'encryption.atRest.kmsKeyId',
  'encryption.inTransit.clientBroker',
  'encryption.inTransit.inCluster',
  'kms.keyManager',
  'kms.keyState',
  'kms.rotation.enabled',
  'kms.rotation.periodDays',
  'clientAuthentication.iam',
  'clientAuthentication.scram',
  'clientAuthentication.tls',
  'clientAuthentication.tls.certificateAuthorities',
  'clientAuthentication.unauthenticated',
  'connectivity.publicAccess',
  'connectivity.vpcConnectivity.authModes',
  'monitoring.enhanced',
  'monitoring.prometheus.jmxExporter',
  'monitoring.prometheus.nodeExporter',
  'logging.brokerLogs',
  'kafka.version',
  'configuration.arn',
  'configuration.revision',
  'brokers.count',
  'brokers.instanceType',
  'network.securityGroups',
] as const;

/** The fields a serverless cluster records (besides the cluster policy). */
export const SERVERLESS_FIELDS = ['clientAuthentication.iam', 'network.securityGroups'] as const;

/** The cluster policy's SHA-256 (canonical JSON) when the inventory has policies; null = no policy. */
export const CLUSTER_POLICY_FIELD = 'clusterPolicy.sha256';

/** The security state of one cluster of this account-region. */
export function extractClusterState(cluster: MskCluster, inventory: AccountRegionInventory): ExtractedState {
  const out = new StateBuilder();
  out.set('cluster.type', scalar(cluster.ClusterType));
  out.set('cluster.state', scalar(cluster.State));
  if (cluster.ClusterType === 'PROVISIONED') {
    if (cluster.Provisioned && typeof cluster.Provisioned === 'object') provisionedState(cluster.Provisioned, inventory, out);
    else {
      for (const field of PROVISIONED_FIELDS) out.unavailable(field, 'the API returned no provisioned details for this PROVISIONED cluster');
      out.unavailable(SERVER_PROPERTIES_UNAVAILABLE, 'the API returned no provisioned details for this PROVISIONED cluster');
    }
  } else if (cluster.ClusterType === 'SERVERLESS') {
    const serverless = cluster.Serverless;
    if (serverless && typeof serverless === 'object') {
      out.set('clientAuthentication.iam', scalar(serverless.ClientAuthentication?.Sasl?.Iam?.Enabled));
      const groups = Array.isArray(serverless.VpcConfigs) ? serverless.VpcConfigs.flatMap((config) => stringList(config?.SecurityGroupIds) ?? []) : null;
      out.set('network.securityGroups', groups === null ? null : [...new Set(groups)].sort());
    } else {
      for (const field of SERVERLESS_FIELDS) out.unavailable(field, 'the API returned no serverless details for this SERVERLESS cluster');
    }
  }
  clusterPolicy(cluster, inventory, out);
  return out.result();
}

function provisionedState(provisioned: ProvisionedInfo, inventory: AccountRegionInventory, out: StateBuilder): void {
  // Encryption and the at-rest key.
  const keyId = provisioned.EncryptionInfo?.EncryptionAtRest?.DataVolumeKMSKeyId;
  out.set('encryption.atRest.kmsKeyId', scalar(keyId));
  out.set('encryption.inTransit.clientBroker', scalar(provisioned.EncryptionInfo?.EncryptionInTransit?.ClientBroker));
  out.set('encryption.inTransit.inCluster', scalar(provisioned.EncryptionInfo?.EncryptionInTransit?.InCluster));
  kmsKeyState(typeof keyId === 'string' && keyId !== '' ? keyId : undefined, inventory, out);

  // Client authentication.
  const auth = provisioned.ClientAuthentication;
  out.set('clientAuthentication.iam', scalar(auth?.Sasl?.Iam?.Enabled));
  out.set('clientAuthentication.scram', scalar(auth?.Sasl?.Scram?.Enabled));
  out.set('clientAuthentication.tls', scalar(auth?.Tls?.Enabled));
  out.set('clientAuthentication.tls.certificateAuthorities', sorted(stringList(auth?.Tls?.CertificateAuthorityArnList)));
  out.set('clientAuthentication.unauthenticated', scalar(auth?.Unauthenticated?.Enabled));

  // Connectivity.
  const broker = provisioned.BrokerNodeGroupInfo;
  const connectivity = broker?.ConnectivityInfo;
  out.set('connectivity.publicAccess', scalar(connectivity?.PublicAccess?.Type));
  const vpc = connectivity?.VpcConnectivity?.ClientAuthentication;
  const modes: string[] = [];
  if (vpc?.Sasl?.Iam?.Enabled === true) modes.push('IAM');
  if (vpc?.Sasl?.Scram?.Enabled === true) modes.push('SCRAM');
  if (vpc?.Tls?.Enabled === true) modes.push('TLS');
  out.set('connectivity.vpcConnectivity.authModes', modes.sort());

  // Monitoring and logging.
  out.set('monitoring.enhanced', scalar(provisioned.EnhancedMonitoring));
  const prometheus = objectAt(provisioned.OpenMonitoring, 'Prometheus');
  out.set('monitoring.prometheus.jmxExporter', scalar(objectAt(prometheus, 'JmxExporter')?.EnabledInBroker));
  out.set('monitoring.prometheus.nodeExporter', scalar(objectAt(prometheus, 'NodeExporter')?.EnabledInBroker));
  out.set('logging.brokerLogs', brokerLogDestinations(provisioned.LoggingInfo));

  // Software and configuration.
  const software = provisioned.CurrentBrokerSoftwareInfo;
  out.set('kafka.version', scalar(software?.KafkaVersion));
  const configurationArn = typeof software?.ConfigurationArn === 'string' && software.ConfigurationArn !== '' ? software.ConfigurationArn : undefined;
  out.set('configuration.arn', configurationArn ?? null);
  out.set('configuration.revision', scalar(software?.ConfigurationRevision));
  serverProperties(configurationArn, software?.ConfigurationRevision, inventory, out);

  // Brokers and network.
  out.set('brokers.count', scalar(provisioned.NumberOfBrokerNodes));
  out.set('brokers.instanceType', scalar(broker?.InstanceType));
  out.set('network.securityGroups', sorted(stringList(broker?.SecurityGroups)));
}

function kmsKeyState(keyId: string | undefined, inventory: AccountRegionInventory, out: StateBuilder): void {
  const fields = ['kms.keyManager', 'kms.keyState', 'kms.rotation.enabled', 'kms.rotation.periodDays'] as const;
  if (keyId === undefined) {
    for (const field of fields) out.set(field, null);
    return;
  }
  const fact = inventory.kmsKeys[keyId];
  if (fact === undefined || !fact.ok) {
    const why = fact === undefined ? `the KMS key ${keyId} was not described during collection` : `the KMS key ${keyId} could not be described: ${describeError(fact.error)}`;
    for (const field of fields) out.unavailable(field, why);
    return;
  }
  const key = fact.value;
  out.set('kms.keyManager', scalar(key.keyManager));
  out.set('kms.keyState', scalar(key.keyState));
  const rotation = key.rotation;
  if (rotation === undefined) {
    if (key.keyManager === 'AWS') {
      // AWS rotates its managed keys itself; GetKeyRotationStatus is not called for them.
      out.set('kms.rotation.enabled', null);
      out.set('kms.rotation.periodDays', null);
    } else {
      for (const field of ['kms.rotation.enabled', 'kms.rotation.periodDays']) out.unavailable(field, `the rotation status of ${keyId} was not collected`);
    }
    return;
  }
  if (!rotation.ok) {
    for (const field of ['kms.rotation.enabled', 'kms.rotation.periodDays']) {
      out.unavailable(field, `the rotation status of ${keyId} could not be read: ${describeError(rotation.error)}`);
    }
    return;
  }
  out.set('kms.rotation.enabled', scalar(rotation.value.enabled));
  out.set('kms.rotation.periodDays', scalar(rotation.value.rotationPeriodInDays));
}

function serverProperties(arn: string | undefined, revision: unknown, inventory: AccountRegionInventory, out: StateBuilder): void {
  // No custom configuration: MSK's defaults apply and there are no properties to record.
  if (arn === undefined) return;
  if (typeof revision !== 'number') {
    out.unavailable(SERVER_PROPERTIES_UNAVAILABLE, `the cluster uses the configuration ${arn} but reports no revision`);
    return;
  }
  const fact = inventory.configurations[configurationKey(arn, revision)];
  if (fact === undefined || !fact.ok) {
    out.unavailable(
      SERVER_PROPERTIES_UNAVAILABLE,
      fact === undefined
        ? `revision ${revision} of the configuration ${arn} was not collected`
        : `revision ${revision} of the configuration ${arn} could not be read: ${describeError(fact.error)}`,
    );
    return;
  }
  const properties: unknown = fact.value.serverProperties;
  if (typeof properties !== 'object' || properties === null) {
    out.unavailable(SERVER_PROPERTIES_UNAVAILABLE, `revision ${revision} of the configuration ${arn} has no parsed server properties`);
    return;
  }
  for (const [property, value] of Object.entries(properties as Record<string, unknown>)) {
    out.set(`${SERVER_PROPERTIES_PREFIX}${property}`, typeof value === 'string' ? value : scalar(value));
  }
}

/**
 * The cluster policy (GetClusterPolicy, collected for provisioned clusters into `clusterPolicies`): its hash joins
 * the state. Inventories without policies record no such field, so it is never compared.
 */
function clusterPolicy(cluster: MskCluster, inventory: AccountRegionInventory, out: StateBuilder): void {
  const policies = inventory.clusterPolicies;
  if (policies === undefined) return;
  const fact = policies[cluster.ClusterArn];
  if (fact === undefined) {
    // Policies are looked up for provisioned clusters: for one of those a missing entry is a gap, not "no policy".
    if (cluster.ClusterType === 'PROVISIONED') out.unavailable(CLUSTER_POLICY_FIELD, 'the cluster policy was not collected');
    return;
  }
  if (!fact.ok) {
    out.unavailable(CLUSTER_POLICY_FIELD, `the cluster policy could not be read: ${describeError(fact.error)}`);
    return;
  }
  out.set(CLUSTER_POLICY_FIELD, fact.value.policy === null ? null : policyHash(fact.value.policy));
}

/** SHA-256 of the policy as canonical JSON (keys sorted), so formatting alone is not a change. */
export function policyHash(policy: string): string {
  let canonical = policy;
  try {
    canonical = JSON.stringify(sortKeys(JSON.parse(policy)));
  } catch {
    // Not JSON: hash the text as it is.
  }
  return createHash('sha256').update(canonical).digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** Enabled broker-log destinations with their targets, e.g. `CloudWatchLogs:/msk/payments`, sorted. */
function brokerLogDestinations(logging: unknown): string[] {
  const brokerLogs = objectAt(logging, 'BrokerLogs');
  const destinations: string[] = [];
  const cloudWatch = objectAt(brokerLogs, 'CloudWatchLogs');
  if (cloudWatch?.Enabled === true) destinations.push(`CloudWatchLogs:${text(cloudWatch.LogGroup)}`);
  const firehose = objectAt(brokerLogs, 'Firehose');
  if (firehose?.Enabled === true) destinations.push(`Firehose:${text(firehose.DeliveryStream)}`);
  const s3 = objectAt(brokerLogs, 'S3');
  if (s3?.Enabled === true) destinations.push(`S3:${text(s3.Bucket)}/${text(s3.Prefix)}`);
  return destinations.sort();
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function objectAt(value: unknown, key: string): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const inner = (value as Record<string, unknown>)[key];
  return typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? (inner as Record<string, unknown>) : undefined;
}

/** A scalar as recorded: strings, finite numbers and booleans as they are; anything else (absent, odd) null. */
function scalar(value: unknown): StateValue {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  // An unrecognised shape is kept, as JSON text, so that a change to it still shows.
  if (value !== undefined && value !== null) return JSON.stringify(value);
  return null;
}

function stringList(value: unknown): string[] | null {
  if (!Array.isArray(value)) return null;
  return value.filter((item): item is string => typeof item === 'string');
}

function sorted(value: string[] | null): string[] | null {
  return value === null ? null : [...value].sort();
}

class StateBuilder {
  private readonly state: Record<string, StateValue> = {};
  private readonly reasons: Record<string, string> = {};

  set(field: string, value: StateValue): void {
    this.state[field] = value;
  }

  unavailable(field: string, reason: string): void {
    this.state[field] = UNAVAILABLE;
    this.reasons[field] = reason;
  }

  result(): ExtractedState {
    const fields = Object.keys(this.state).sort();
    return {
      state: Object.fromEntries(fields.map((field) => [field, this.state[field]!])),
      unavailable: { ...this.reasons },
    };
  }
}
