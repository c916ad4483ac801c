import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import type { ScanResult } from '../src/engine/scan-result.js';
import { TEMPLATES_DIR } from '../src/package-info.js';
import { buildView, type ReportView } from './html/view-model.js';
import type { ReportRenderer } from './renderer.js';

/*
 * The auditor's HTML report: one self-contained file (inline CSS, SVG and one inline script; nothing fetched).
 *
 * Everything in a scan result is untrusted text: cluster names, tags, evidence and error messages come from
 * AWS APIs or from an inventory file someone else produced. So:
 *  - the templates only ever use `{{ }}` (HTML-escaped, safe inside quoted attributes too), never `{{{ }}}`;
 *  - the template gets a flat, precomputed view model (reports/html/) and no custom helpers, compiled with
 *    `knownHelpersOnly` so a data field can never resolve to a helper, and `strict` so a typo fails loudly;
 *  - a remediation link is emitted only for an absolute https: URL (escaping does not stop `javascript:`);
 *  - the only script is the static filter script (templates/partials/html-script.hbs): it reads data-
 *    attributes and text, and never writes markup (no innerHTML). No data is ever embedded in it;
 *  - the document carries a CSP that forbids every fetch and every script but that one, by its SHA-256 hash.
 */

const TEMPLATE_FILE = 'report.html.hbs';
/** Partials live in templates/partials/<name>.hbs and are used as `{{> name}}`. */
const PARTIALS = [
  'html-styles',
  'html-finding',
  'html-summary',
  'html-controls',
  'html-clusters',
  'html-cloudtrail',
  'html-trail-cell',
  'html-drift',
  'html-drift-cluster',
  'html-attribution',
  'html-accepted-risks',
  'html-security-hub',
  'html-methodology',
] as const;
/** The inline script: static text, inserted verbatim, allowed by the CSP through its hash. */
const SCRIPT_PARTIAL = 'html-script';

const COMPILE_OPTIONS = {
  strict: true,
  knownHelpersOnly: true,
  // Handlebars re-indents every output line of an indented partial at run time, which would shift the
  // lines of the evidence <pre> blocks; the templates are written so that indentation is not needed.
  preventIndent: true,
} as const;

let cachedTemplate: Handlebars.TemplateDelegate<ReportView> | undefined;

/** Renders the scan result as one self-contained HTML page. Deterministic: the same result, the same bytes. */
export function renderHtml(result: ScanResult): string {
  return template()(buildView(result));
}

export const htmlReport: ReportRenderer = {
  fileName: 'msk-audit-report.html',
  render: renderHtml,
};

/**
 * The Content-Security-Policy of the report: nothing may be fetched (no default-src, connect-src, img-src
 * beyond data:, no base or form target); styles only inline; scripts only the one whose hash is given.
 */
export function contentSecurityPolicy(scriptHash: string): string {
  return `default-src 'none'; script-src '${scriptHash}'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;
}

/** `sha256-<base64>` of a script's exact text, as CSP hash sources spell it. */
export function scriptHashSource(script: string): string {
  return `sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}`;
}

function template(): Handlebars.TemplateDelegate<ReportView> {
  if (cachedTemplate) return cachedTemplate;
  // An isolated environment: nothing registered on the global Handlebars instance by other code applies.
  const hbs = Handlebars.create();
  for (const name of PARTIALS) {
    hbs.registerPartial(name, hbs.compile(readPartial(name), COMPILE_OPTIONS));
  }

  // The script must reach the page byte for byte as written (its hash is in the CSP): prove Handlebars leaves
  // it untouched (no `{{`, no escapes), then register it and the CSP meta tag as static partials.
  const script = readPartial(SCRIPT_PARTIAL);
  if (hbs.compile(script, COMPILE_OPTIONS)({}) !== script) {
    throw new Error(`templates/partials/${SCRIPT_PARTIAL}.hbs must be plain JavaScript that Handlebars leaves unchanged.`);
  }
  if (/<\/script|<!--/i.test(script)) throw new Error(`templates/partials/${SCRIPT_PARTIAL}.hbs must not contain "</script" or "<!--".`);
  hbs.registerPartial(SCRIPT_PARTIAL, () => script);
  const csp = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(scriptHashSource(script))}">\n`;
  hbs.registerPartial('html-csp', () => csp);

  const source = readFileSync(join(TEMPLATES_DIR, TEMPLATE_FILE), 'utf8');
  cachedTemplate = hbs.compile<ReportView>(source, COMPILE_OPTIONS);
  return cachedTemplate;
}

function readPartial(name: string): string {
  return readFileSync(join(TEMPLATES_DIR, 'partials', `${name}.hbs`), 'utf8');
}
