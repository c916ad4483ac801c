import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import type { HeldScanResult, ScanResult } from '../../src/engine/scan-result.js';
import { contentSecurityPolicy, renderHtml, scriptHashSource } from '../../reports/html.js';
import * as full from '../browser/report-fixture.js';
import * as hostile from '../frameworks/hostile-result.js';
import { scanResult, XSS_CLUSTER_NAME, XSS_EVIDENCE, XSS_TAG_VALUE } from './fixture.js';

const escape = (value: string): string => Handlebars.escapeExpression(value);

const html = renderHtml(full.fullScanResult());
const plain = renderHtml(scanResult());

/** The one inline script's text. */
function inlineScript(out: string): string {
  const scripts = [...out.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
  expect(scripts).toHaveLength(1);
  expect(scripts[0]![1]).toBe('');
  return scripts[0]![2]!;
}

function cspOf(out: string): string {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(out);
  if (!match?.[1]) throw new Error('no CSP');
  return match[1];
}

describe('renderHtml: Content-Security-Policy', () => {
  it('comes first in <head>, before any style or script', () => {
    for (const out of [plain, html]) {
      const head = out.slice(0, out.indexOf('</head>'));
      expect(head.indexOf('<meta charset="utf-8">')).toBeLessThan(head.indexOf('Content-Security-Policy'));
      expect(head.indexOf('Content-Security-Policy')).toBeLessThan(head.indexOf('<style>'));
      expect(head.indexOf('Content-Security-Policy')).toBeLessThan(head.indexOf('<title>'));
    }
  });

  it('forbids every fetch, and every script but the inline one, by its SHA-256 hash', () => {
    const csp = cspOf(html);
    const script = inlineScript(html);
    const hash = `sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}`;
    expect(scriptHashSource(script)).toBe(hash);
    expect(csp).toBe(contentSecurityPolicy(hash));
    expect(csp).toBe(`default-src 'none'; script-src '${hash}'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`);
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|https?:|\*/);
    expect(cspOf(plain)).toBe(csp); // the script is static: the same hash for every result
  });

  it('runs a script that only reads the page: no markup writing, no eval, no network, no data embedded', () => {
    const script = inlineScript(html);
    for (const forbidden of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'eval(', 'Function(', 'setTimeout(', 'fetch(', 'XMLHttpRequest', 'import(', 'WebSocket', 'EventSource', 'sendBeacon', 'location', 'src', 'href']) {
      expect(script, forbidden).not.toContain(forbidden);
    }
    expect(script).toBe(inlineScript(plain));
    expect(script).not.toContain('111122223333');
  });
});

describe('renderHtml: nothing external', () => {
  it('has no external resource: no link, img, iframe, object, script src, @import or url()', () => {
    for (const out of [plain, html]) {
      expect(out).not.toMatch(/<link\b/i);
      expect(out).not.toMatch(/<(iframe|object|embed|img|base|form|frame|audio|video|source|track|image|use|foreignObject)\b/i);
      expect(out).not.toMatch(/<[a-z][^>]*\s(src|srcset|action|formaction|background|poster|xlink:href|ping|manifest|data)\s*=/i);
      expect(out).not.toMatch(/url\s*\(/i);
      expect(out).not.toMatch(/@import/i);
      expect(out).not.toMatch(/<meta http-equiv="refresh"/i);
      expect(out).not.toMatch(/\son[a-z]+\s*=/i);
    }
  });

  it('links only to #anchors and to https remediation documentation, and no attribute holds a URL otherwise', () => {
    for (const out of [plain, html]) {
      const anchors = [...out.matchAll(/<a\s[^>]*>/g)].map((m) => m[0]);
      const external = anchors.filter((tag) => !/^<a href="#[a-z0-9-]+"( title="[^"]*")?>$/.test(tag));
      expect(external.length).toBeGreaterThan(0);
      for (const tag of external) {
        expect(tag).toMatch(/^<a href="https:\/\/docs\.aws\.amazon\.com\/[^"]*" rel="noopener noreferrer" target="_blank">$/);
      }
      // Outside those <a> tags, no attribute value holds a URL (text may mention one; text is never fetched).
      const withoutAnchors = out.replace(/<a\s[^>]*>/g, '').replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
      for (const tag of withoutAnchors.matchAll(/<[a-z][^>]*>/gi)) expect(tag[0]).not.toMatch(/(https?|javascript|data|file|ftp):/i);
    }
  });

  it('does not link a remediation URL that is not https, and still shows it as text', () => {
    expect(html).not.toMatch(/href="\s*javascript/i);
    expect(html).toContain(`link not shown: not an https URL: <code>${escape(full.PWN_URL)}</code>`);
  });
});

describe('renderHtml: hostile content renders inert', () => {
  const payloads: [string, string][] = [
    ['XSS_CLUSTER_NAME', XSS_CLUSTER_NAME],
    ['XSS_TAG_VALUE', XSS_TAG_VALUE],
    ['XSS_EVIDENCE', XSS_EVIDENCE],
    ['FORMULA_NAME', hostile.FORMULA_NAME],
    ['PWN_CLUSTER_NAME', full.PWN_CLUSTER_NAME],
    ['PWN_TAG_VALUE', full.PWN_TAG_VALUE],
    ['PWN_EVIDENCE', full.PWN_EVIDENCE],
    ['PWN_PRINCIPAL', full.PWN_PRINCIPAL],
    ['PWN_FIELD', full.PWN_FIELD],
    ['PWN_OWNER', full.PWN_OWNER],
    ['PWN_MESSAGE', full.PWN_MESSAGE],
    ['PWN_SCRIPT_END', full.PWN_SCRIPT_END],
  ];

  it.each(payloads)('%s appears only escaped', (_name, payload) => {
    expect(html).not.toContain(payload);
    expect(html).toContain(escape(payload));
  });

  it('has exactly one <script> element and no markup from the data', () => {
    expect(html.match(/<script/gi)).toHaveLength(1);
    expect(html.match(/<\/script/gi)).toHaveLength(1);
    expect(html).not.toMatch(/<svg\s+onload/i);
    expect(html).not.toMatch(/<!--/);
  });

  it('keeps ANSI and control characters as text inside escaped output', () => {
    // Terminal escapes are harmless in HTML; they must not break the markup around them.
    expect(html).toContain(escape(hostile.ANSI_NAME));
    for (const tag of ['</pre>', '</article>', '</details>']) expect(html.split(tag).length).toBeGreaterThan(1);
    expect(html.match(/<article /g)?.length).toBe(html.match(/<\/article>/g)?.length);
  });

  it('escapes hostile values in every section they reach', () => {
    const name = escape(full.PWN_CLUSTER_NAME);
    const at = (id: string): string => html.slice(html.indexOf(`<section id="${id}"`));
    expect(at('clusters')).toContain(name);
    expect(at('drift')).toContain(name);
    expect(at('drift')).toContain(escape(full.PWN_FIELD));
    expect(at('accepted-risks')).toContain(escape(full.PWN_OWNER));
    expect(at('security-hub')).toContain(escape(full.PWN_MESSAGE));
    expect(at('cloudtrail')).toContain(escape(full.PWN_PRINCIPAL));
  });

  it('renders a hostile value used as a data- attribute or option value escaped inside its quotes', () => {
    const result: HeldScanResult = full.fullScanResult();
    result.findings[0]!.resource.account = '"><script>window.__pwned=10</script>';
    result.findings[0]!.checkId = "' onmouseover='window.__pwned=11";
    const out = renderHtml(result);
    expect(out).toContain(`data-account="${escape('"><script>window.__pwned=10</script>')}"`);
    expect(out).toContain(`<option value="${escape("' onmouseover='window.__pwned=11")}">`);
    expect(out.match(/<script/gi)).toHaveLength(1);
    expect(out).not.toMatch(/\son[a-z]+\s*=/i);
  });
});
