import type { Check } from '../src/check/index.js';
import mskAtRestCmk from './msk-at-rest-cmk.js';
import mskTlsClientBroker from './msk-tls-client-broker.js';

/** The built-in checks, in catalogue order. test/checks/registry.test.ts fails when a check file is not listed. */
export const builtinChecks: readonly Check[] = [mskAtRestCmk, mskTlsClientBroker];
