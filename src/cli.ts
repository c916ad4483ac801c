#!/usr/bin/env node
import { main } from './cli/main.js';

/** Exit codes: 0 no gating failure, 1 a FAILED finding at or above --fail-on, 2 usage/config/credential error, 3 internal error. */
process.exitCode = await main(process.argv);
