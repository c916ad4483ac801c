/**
 * The MSK cluster as ListClustersV2 / DescribeClusterV2 return it (AWS's PascalCase field names, dates as
 * ISO strings). Every field but the ARN is optional: the API may omit fields, and a check that needs a
 * missing one answers NOT_AVAILABLE. Unknown fields are kept as collected.
 */
export interface MskCluster {
  ClusterArn: string;
  ClusterName?: string;
  ClusterType?: string; // PROVISIONED | SERVERLESS
  State?: string; // ACTIVE | CREATING | DELETING | FAILED | HEALING | MAINTENANCE | REBOOTING_BROKER | UPDATING
  StateInfo?: { Code?: string; Message?: string };
  CreationTime?: string;
  CurrentVersion?: string;
  Tags?: Record<string, string>;
  Provisioned?: ProvisionedInfo;
  Serverless?: ServerlessInfo;
  [unknownField: string]: unknown;
}

export interface ProvisionedInfo {
  BrokerNodeGroupInfo?: {
    BrokerAZDistribution?: string;
    ClientSubnets?: string[];
    InstanceType?: string;
    SecurityGroups?: string[];
    ZoneIds?: string[];
    StorageInfo?: unknown;
    ConnectivityInfo?: {
      PublicAccess?: { Type?: string };
      VpcConnectivity?: { ClientAuthentication?: VpcClientAuthentication };
      NetworkType?: string;
    };
  };
  CurrentBrokerSoftwareInfo?: {
    ConfigurationArn?: string;
    ConfigurationRevision?: number;
    KafkaVersion?: string;
  };
  ClientAuthentication?: ClientAuthentication;
  EncryptionInfo?: {
    EncryptionAtRest?: { DataVolumeKMSKeyId?: string };
    EncryptionInTransit?: { ClientBroker?: string; InCluster?: boolean };
  };
  EnhancedMonitoring?: string;
  OpenMonitoring?: unknown;
  LoggingInfo?: unknown;
  NumberOfBrokerNodes?: number;
  ZookeeperConnectString?: string;
  ZookeeperConnectStringTls?: string;
  StorageMode?: string;
  CustomerActionStatus?: string;
  [unknownField: string]: unknown;
}

export interface ClientAuthentication {
  Sasl?: { Scram?: { Enabled?: boolean }; Iam?: { Enabled?: boolean } };
  Tls?: { CertificateAuthorityArnList?: string[]; Enabled?: boolean };
  Unauthenticated?: { Enabled?: boolean };
}

export interface VpcClientAuthentication {
  Sasl?: { Scram?: { Enabled?: boolean }; Iam?: { Enabled?: boolean } };
  Tls?: { Enabled?: boolean };
}

export interface ServerlessInfo {
  VpcConfigs?: { SubnetIds?: string[]; SecurityGroupIds?: string[] }[];
  ClientAuthentication?: { Sasl?: { Iam?: { Enabled?: boolean } } };
  [unknownField: string]: unknown;
}
