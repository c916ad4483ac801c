import { readFile } from 'node:fs/promises';
import { builtinChecks } from '../checks/index.js';
import { withCatalogue } from '../src/engine/catalogue.js';
import { checksDocument, CHECKS_DOCUMENT } from '../src/engine/checks-document.js';
import { writeFileAtomic } from '../src/fs/atomic-write.js';

// Regenerates the check catalogue in README.md, and CHECKS.md, from the checks' metadata.
const path = new URL('../README.md', import.meta.url);
const readme = await readFile(path, 'utf8');
await writeFileAtomic(path.pathname, withCatalogue(readme, builtinChecks.map((check) => check.meta)));
await writeFileAtomic(new URL(`../${CHECKS_DOCUMENT}`, import.meta.url).pathname, checksDocument(builtinChecks));
