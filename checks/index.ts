import type { Check } from '../src/check/index.js';
import mskAtRestCmk from './msk-at-rest-cmk.js';
import mskAtRestKeyRotation from './msk-at-rest-key-rotation.js';
import mskAtRestKeyEnabled from './msk-at-rest-key-enabled.js';
import mskTlsClientBroker from './msk-tls-client-broker.js';
import mskTlsInCluster from './msk-tls-in-cluster.js';
import mskNoPublicAccess from './msk-no-public-access.js';
import mskNoUnauthenticatedAccess from './msk-no-unauthenticated-access.js';
import mskStrongClientAuth from './msk-strong-client-auth.js';
import mskEnhancedMonitoring from './msk-enhanced-monitoring.js';
import mskKafkaVersionSupported from './msk-kafka-version-supported.js';
import mskAclDenyByDefault from './msk-acl-deny-by-default.js';
import mskNoOpenIngress from './msk-no-open-ingress.js';
import mskClusterPolicyRestricted from './msk-cluster-policy-restricted.js';
import mskVpcConnectionsAuthenticated from './msk-vpc-connections-authenticated.js';
import mskZookeeperTlsOnly from './msk-zookeeper-tls-only.js';
import mskBrokerLogsRetained from './msk-broker-logs-retained.js';
import mskConfigHygiene from './msk-config-hygiene.js';
import cloudtrailRegionCovered from './cloudtrail-region-covered.js';
import cloudtrailTrailLogging from './cloudtrail-trail-logging.js';
import cloudtrailLogFileValidation from './cloudtrail-log-file-validation.js';
import cloudtrailLogsEncrypted from './cloudtrail-logs-encrypted.js';
import mskRiskyChange from './msk-risky-change.js';
import mskDriftFromBaseline from './msk-drift-from-baseline.js';
import mskDriftClusterRemoved from './msk-drift-cluster-removed.js';
import mskScramSecretsProtected from './msk-scram-secrets-protected.js';
import mskPrivateCaHealthy from './msk-private-ca-healthy.js';
import mskConnectSecure from './msk-connect-secure.js';
import mskLambdaConsumersAuthenticated from './msk-lambda-consumers-authenticated.js';
import iamNoLongLivedKafkaCredentials from './iam-no-long-lived-kafka-credentials.js';
import orgScpDeniesMskSecurityChanges from './org-scp-denies-msk-security-changes.js';

/** The built-in checks, in catalogue order. test/checks/registry.test.ts fails when a check file is not listed. */
export const builtinChecks: readonly Check[] = [
  mskAtRestCmk,
  mskAtRestKeyRotation,
  mskAtRestKeyEnabled,
  mskTlsClientBroker,
  mskTlsInCluster,
  mskNoPublicAccess,
  mskNoUnauthenticatedAccess,
  mskStrongClientAuth,
  mskEnhancedMonitoring,
  mskKafkaVersionSupported,
  mskAclDenyByDefault,
  mskNoOpenIngress,
  mskClusterPolicyRestricted,
  mskVpcConnectionsAuthenticated,
  mskZookeeperTlsOnly,
  mskBrokerLogsRetained,
  mskConfigHygiene,
  mskScramSecretsProtected,
  mskPrivateCaHealthy,
  cloudtrailRegionCovered,
  cloudtrailTrailLogging,
  cloudtrailLogFileValidation,
  cloudtrailLogsEncrypted,
  mskRiskyChange,
  mskDriftFromBaseline,
  mskDriftClusterRemoved,
  mskConnectSecure,
  mskLambdaConsumersAuthenticated,
  iamNoLongLivedKafkaCredentials,
  orgScpDeniesMskSecurityChanges,
];
