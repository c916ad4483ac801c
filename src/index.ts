// The public API of msk-audit for custom checks and programmatic use.
export * from './check/index.js';
export type * from './inventory/index.js';
export { available, unavailable, describeError, configurationKey } from './inventory/index.js';
export { evaluateCluster } from '../checks/support/cluster.js';
export type { Finding, FindingResource } from './engine/finding.js';
export type { ScanResult } from './engine/scan-result.js';
export { buildScanResult, type EvaluationPlan } from './audit.js';
