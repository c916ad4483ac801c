import type { AccountRegionInventory, ClientAuthentication, MskCluster } from '../inventory/index.js';

/**
 * The identifying and security-relevant facts of one listed cluster, kept in the scan result so outputs
 * (Security Hub's Details.AwsMskCluster, the per-cluster report) do not need the raw inventory, and so a
 * publisher can tell a cluster that no longer exists from one that was not evaluated.
 */
export interface ClusterSummary {
  arn: string;
  account: string;
  region: string;
  name?: string;
  clusterType?: string;
  state?: string;
  currentVersion?: string;
  kafkaVersion?: string;
  numberOfBrokerNodes?: number;
  encryptionInfo?: {
    EncryptionAtRest?: { DataVolumeKMSKeyId?: string };
    EncryptionInTransit?: { ClientBroker?: string; InCluster?: boolean };
  };
  clientAuthentication?: ClientAuthentication;
  enhancedMonitoring?: string;
  tags: Record<string, string>;
  /** False when a tag filter left the cluster out of this scan's evaluation. */
  evaluated: boolean;
}

export function summarizeCluster(cluster: MskCluster, accountRegion: Pick<AccountRegionInventory, 'account' | 'region'>, evaluated: boolean): ClusterSummary {
  const provisioned = cluster.Provisioned;
  const summary: ClusterSummary = {
    arn: cluster.ClusterArn,
    account: accountRegion.account,
    region: accountRegion.region,
    tags: { ...(cluster.Tags ?? {}) },
    evaluated,
  };
  if (cluster.ClusterName !== undefined) summary.name = cluster.ClusterName;
  if (cluster.ClusterType !== undefined) summary.clusterType = cluster.ClusterType;
  if (cluster.State !== undefined) summary.state = cluster.State;
  if (cluster.CurrentVersion !== undefined) summary.currentVersion = cluster.CurrentVersion;
  const kafkaVersion = provisioned?.CurrentBrokerSoftwareInfo?.KafkaVersion;
  if (kafkaVersion !== undefined) summary.kafkaVersion = kafkaVersion;
  if (provisioned?.NumberOfBrokerNodes !== undefined) summary.numberOfBrokerNodes = provisioned.NumberOfBrokerNodes;
  if (provisioned?.EncryptionInfo !== undefined) summary.encryptionInfo = provisioned.EncryptionInfo;
  const clientAuthentication = provisioned?.ClientAuthentication ?? cluster.Serverless?.ClientAuthentication;
  if (clientAuthentication !== undefined) summary.clientAuthentication = clientAuthentication;
  if (provisioned?.EnhancedMonitoring !== undefined) summary.enhancedMonitoring = provisioned.EnhancedMonitoring;
  return summary;
}
