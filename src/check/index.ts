export * from './check.js';
export * from './verdict.js';
export * from './thresholds.js';
