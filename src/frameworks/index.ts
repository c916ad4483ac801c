// Compliance frameworks: definitions, the check → requirement mapping (derived from the checks' metadata) and
// controls matrices computed from a scan result.
export * from './types.js';
export * from './mapping.js';
export * from './matrix.js';
export { pciDss } from './pci-dss.js';
export { soc2 } from './soc2.js';
export { nist80053 } from './nist-800-53.js';
export { iso27001 } from './iso-27001.js';
export { awsFsbp } from './aws-fsbp.js';
