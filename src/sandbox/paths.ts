import { fileURLToPath } from 'node:url';
import example from './estates/example.json' with { type: 'json' };

/** Absolute path of the bundled example estate (estates/example.json, copied to dist by tsc as it is imported here). */
export const EXAMPLE_ESTATE_PATH = fileURLToPath(new URL('./estates/example.json', import.meta.url));

/** The bundled example estate document (unvalidated JSON; pass it to startSandbox or validateEstate). */
export const EXAMPLE_ESTATE: unknown = example;
