/** msk-audit sandbox: a local AWS endpoint speaking each service's real wire protocol. */
export { startSandbox, type RunningSandbox, type SandboxOptions, type CallFilter } from './server.js';
export type { CallRecord } from './dispatch.js';
export { summarizeCalls, isThrottled, THROTTLING_ERROR_CODES, type CallSummary, type OperationCounts, type AccountSpan } from './call-summary.js';
export {
  loadEstate,
  validateEstate,
  EstateSchema,
  EstateValidationError,
  DEFAULT_KAFKA_VERSIONS,
  FaultKinds,
  type Estate,
  type EstateInput,
  type EstateAccount,
  type Fault,
  type FaultInput,
  type FaultKind,
} from './estate.js';
export { generateEstate, type GenerateEstateOptions } from './generator.js';
export { DEFAULT_RATE_LIMITS, type Rate } from './rate-limit.js';
export { DEFAULT_REGIONS, OPT_IN_REGIONS } from './regions.js';
export type { ActiveFault } from './faults.js';
export type { AwsObject } from './world.js';
export { EXAMPLE_ESTATE_PATH, EXAMPLE_ESTATE } from './paths.js';
