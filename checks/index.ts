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
];
