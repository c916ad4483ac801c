/** Drift against an approved baseline: state extraction, approval, diff, attribution, baseline files. */
export * from './types.js';
export { extractClusterState, policyHash, CLUSTER_FIELDS, PROVISIONED_FIELDS, SERVERLESS_FIELDS, CLUSTER_POLICY_FIELD } from './state.js';
export { BaselineBuilder, baselineFromInventory, type BaselineSource, type BaselineWarning } from './baseline.js';
export {
  diffStates,
  diffAccountRegion,
  observationsOfBaseline,
  coversAccountRegion,
  approvedClusters,
  sameValue,
  isUnavailable,
  type ObservedAccountRegion,
  type ObservedCluster,
  type AccountRegionDiff,
} from './diff.js';
export {
  attribute,
  attributeChange,
  attributeChanges,
  attributeAddition,
  attributeRemoval,
  describeAttribution,
  summarizeAttribution,
  eventEvidence,
  eventsForField,
  FIELD_RULES,
  CREATE_EVENTS,
  DELETE_EVENTS,
  MSK_EVENT_SOURCE,
  eventWindowStartFor,
  type EventEvidence,
  type AttributionPeriod,
} from './attribute.js';
export { DriftAccumulator, observeAccountRegion, removalAttribution, isExplained, type DriftOptions } from './report.js';
export { formatDriftReport, formatValue } from './format.js';
export {
  loadBaseline,
  saveBaseline,
  parseBaseline,
  parseS3Uri,
  readLocation,
  parseJsonText,
  assertBaselineOutput,
  BASELINE_KIND,
  type StorageOptions,
  type S3Location,
} from './baseline-file.js';
