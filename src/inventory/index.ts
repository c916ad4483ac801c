export * from './fact.js';
export * from './msk-cluster.js';
export * from './inventory.js';
export * from './cloudtrail.js';
export * from './exposure.js';
export * from './baseline.js';
export * from './client-access.js';
export * from './iam-policy.js';
