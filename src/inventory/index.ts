export * from './fact.js';
export * from './msk-cluster.js';
export * from './inventory.js';
export * from './cloudtrail.js';
export * from './baseline.js';
