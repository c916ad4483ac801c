import { describe, expect, it } from 'vitest';
import { renderJunit, stripXmlIllegal, xmlAttribute, xmlText } from '../../reports/junit.js';
import type { ScanResult } from '../../src/engine/scan-result.js';
import { ANSI_NAME, FORMULA_NAME, hostileScanResult } from '../frameworks/hostile-result.js';
import { scanResult, XSS_CLUSTER_NAME, XSS_EVIDENCE } from './fixture.js';

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const XML_CHAR = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
const NAME = /^[A-Za-z_][\w.-]*/;

function decode(raw: string, inAttribute: boolean): string {
  if (/[<]/.test(raw)) throw new Error(`raw < in ${JSON.stringify(raw)}`);
  // Attribute-value normalisation: literal tab/CR/LF become spaces (so the renderer must encode them).
  const normalised = inAttribute ? raw.replace(/[\t\n\r]/g, ' ') : raw.replace(/\r\n?/g, '\n');
  return normalised.replace(/&([^;]*);|&/g, (match, entity: string | undefined) => {
    if (entity === undefined) throw new Error('bare &');
    if (entity in ENTITIES) return ENTITIES[entity]!;
    const numeric = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(entity);
    if (!numeric) throw new Error(`unknown entity &${entity};`);
    const char = String.fromCodePoint(numeric[1] ? parseInt(numeric[1], 16) : Number(numeric[2]));
    if (!XML_CHAR.test(char)) throw new Error(`illegal character reference &${entity};`);
    return char;
  });
}

/** A small, strict XML 1.0 parser: elements, double-quoted attributes, text, the five entities, char references. */
function parseXml(xml: string): XmlElement {
  if (!XML_CHAR.test(xml)) throw new Error('document contains characters XML 1.0 forbids');
  const declaration = '<?xml version="1.0" encoding="UTF-8"?>\n';
  if (!xml.startsWith(declaration)) throw new Error('missing XML declaration');
  let i = declaration.length;
  function element(): XmlElement {
    if (xml[i] !== '<') throw new Error(`expected < at ${i}`);
    i += 1;
    const name = NAME.exec(xml.slice(i))?.[0];
    if (!name) throw new Error(`bad element name at ${i}`);
    i += name.length;
    const attributes: Record<string, string> = {};
    for (;;) {
      const ws = /^\s*/.exec(xml.slice(i))![0];
      i += ws.length;
      if (xml.startsWith('/>', i)) {
        i += 2;
        return { name, attributes, children: [], text: '' };
      }
      if (xml[i] === '>') {
        i += 1;
        break;
      }
      if (ws.length === 0) throw new Error(`expected whitespace before attribute at ${i}`);
      const attribute = NAME.exec(xml.slice(i))?.[0];
      if (!attribute || xml[i + attribute.length] !== '=' || xml[i + attribute.length + 1] !== '"') throw new Error(`bad attribute at ${i}`);
      i += attribute.length + 2;
      const end = xml.indexOf('"', i);
      if (attribute in attributes) throw new Error(`duplicate attribute ${attribute}`);
      attributes[attribute] = decode(xml.slice(i, end), true);
      i = end + 1;
    }
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      const next = xml.indexOf('<', i);
      if (next < 0) throw new Error(`unclosed <${name}>`);
      const raw = xml.slice(i, next);
      if (raw.includes(']]>')) throw new Error(']]> in text');
      text += decode(raw, false);
      i = next;
      if (xml.startsWith(`</${name}>`, i)) {
        i += name.length + 3;
        return { name, attributes, children, text };
      }
      if (xml.startsWith('</', i)) throw new Error(`mismatched end tag at ${i}`);
      children.push(element());
    }
  }
  const root = element();
  if (xml.slice(i) !== '\n') throw new Error('content after the root element');
  return root;
}

function suites(result: ScanResult): XmlElement[] {
  return parseXml(renderJunit(result)).children;
}

function testcases(suite: XmlElement): XmlElement[] {
  return suite.children.filter((c) => c.name === 'testcase');
}

describe('the test\'s XML parser', () => {
  it.each([
    ['a bare &', '<a>&</a>'],
    ['a raw < in an attribute', '<a b="<"/>'],
    ['an illegal character', '<a>\u001b</a>'],
    ['an unknown entity', '<a>&nbsp;</a>'],
    ['a mismatched tag', '<a><b></a></b>'],
    ['a duplicate attribute', '<a b="1" b="2"/>'],
  ])('rejects %s', (_name, body) => {
    expect(() => parseXml(`<?xml version="1.0" encoding="UTF-8"?>\n${body}\n`)).toThrow();
  });
});

describe('xml escaping', () => {
  it.each<[string, string, string, string]>([
    ['plain', 'abc', 'abc', 'abc'],
    ['markup', `<a href="x">&'`, `&lt;a href="x"&gt;&amp;'`, '&lt;a href=&quot;x&quot;&gt;&amp;&apos;'],
    ['CDATA end', ']]>', ']]&gt;', ']]&gt;'],
    ['whitespace', 'a\tb\nc\rd', 'a\tb\nc&#13;d', 'a&#9;b&#10;c&#13;d'],
    ['ANSI and C0 controls removed', '\u001b[31mred\u0000\u0007', '[31mred', '[31mred'],
    ['lone surrogates and U+FFFE/U+FFFF removed', 'a\ud800b\udfffc\ufffed\uffff', 'abcd', 'abcd'],
    ['astral characters kept', '\u{1F600}', '\u{1F600}', '\u{1F600}'],
    ['C1 controls are legal XML 1.0 characters', '\u0085\u009b', '\u0085\u009b', '\u0085\u009b'],
  ])('%s', (_name, input, text, attribute) => {
    expect(xmlText(input)).toBe(text);
    expect(xmlAttribute(input)).toBe(attribute);
  });

  it('stripXmlIllegal keeps tab, LF and CR', () => {
    expect(stripXmlIllegal('\t\n\r\u0001')).toBe('\t\n\r');
  });
});

describe('renderJunit', () => {
  it('is well-formed XML with one testsuite per check that ran and right totals', () => {
    const result = scanResult();
    const root = parseXml(renderJunit(result));
    expect(root.name).toBe('testsuites');
    expect(root.attributes).toMatchObject({ tests: '11', failures: '4', errors: '2', skipped: '2', time: '42.000', timestamp: '2026-03-01T09:00:00' });
    expect(root.attributes.name).toBe(`msk-audit ${result.scanId}`);
    expect(root.children.map((s) => s.attributes.name)).toEqual(result.checks.map((c) => c.id));
  });

  it.each([
    ['msk-tls-client-broker', { tests: '2', failures: '1', errors: '0', skipped: '0' }],
    ['msk-at-rest-cmk', { tests: '3', failures: '1', errors: '2', skipped: '0' }],
    ['msk-at-rest-key-rotation', { tests: '2', failures: '1', errors: '0', skipped: '1' }],
    ['msk-enhanced-monitoring', { tests: '2', failures: '1', errors: '0', skipped: '1' }],
    ['msk-public-access-disabled', { tests: '2', failures: '0', errors: '0', skipped: '0' }],
  ])('%s: counts match its testcases', (checkId, expected) => {
    const suite = suites(scanResult()).find((s) => s.attributes.name === checkId)!;
    expect(suite.attributes).toMatchObject(expected);
    const cases = testcases(suite);
    expect(String(cases.length)).toBe(expected.tests);
    const count = (child: string) => String(cases.filter((c) => c.children.some((x) => x.name === child)).length);
    expect(count('failure')).toBe(expected.failures);
    expect(count('error')).toBe(expected.errors);
    expect(count('skipped')).toBe(expected.skipped);
  });

  it('maps each status to its JUnit element, with the reason and evidence', () => {
    const result = scanResult();
    const cases = suites(result).flatMap(testcases);
    expect(cases).toHaveLength(result.findings.length);
    result.findings.forEach((finding, index) => {
      // Suites group by check, so find the testcase by name and class.
      const name = finding.resource.name ? `${finding.resource.name} (${finding.resource.arn})` : finding.resource.arn;
      const testcase = cases.find((c) => c.attributes.classname === finding.checkId && c.attributes.name === name);
      expect(testcase, `finding ${index}`).toBeDefined();
      const kinds = testcase!.children.map((c) => c.name);
      switch (finding.status) {
        case 'PASSED':
          expect(kinds).toEqual(['system-out']);
          expect(testcase!.children[0]!.text).toContain(finding.reason);
          break;
        case 'FAILED': {
          expect(kinds).toEqual(['failure']);
          const failure = testcase!.children[0]!;
          expect(failure.attributes).toEqual({ message: finding.reason, type: finding.severity });
          expect(failure.text).toContain(finding.reason);
          expect(failure.text).toContain(JSON.stringify(finding.evidence, null, 2));
          expect(failure.text).toContain(finding.remediation.url);
          break;
        }
        case 'NOT_AVAILABLE':
          expect(kinds).toEqual(['error']);
          expect(testcase!.children[0]!.attributes).toEqual({ message: finding.reason, type: 'NOT_AVAILABLE' });
          break;
        case 'NOT_APPLICABLE':
          expect(kinds).toEqual(['skipped']);
          expect(testcase!.children[0]!.attributes).toEqual({ message: finding.reason });
          break;
      }
    });
  });

  it('lists the check\'s requirements as suite properties, scoped with --framework', () => {
    const result = scanResult();
    const properties = (r: ScanResult, checkId: string) =>
      Object.fromEntries(
        suites(r)
          .find((s) => s.attributes.name === checkId)!
          .children.find((c) => c.name === 'properties')!
          .children.map((p) => [p.attributes.name, p.attributes.value]),
      );
    expect(properties(result, 'msk-enhanced-monitoring')).toEqual({
      title: 'MSK enhanced monitoring is at least PER_TOPIC_PER_BROKER',
      severity: 'LOW',
      requirements: 'SOC 2 CC7.2; AWS FSBP MSK.2',
      securityHubControl: 'MSK.2',
    });
    result.scope.framework = 'aws-fsbp';
    expect(properties(result, 'msk-enhanced-monitoring').requirements).toBe('AWS FSBP MSK.2');
  });

  it('escapes the hostile fixture: no markup injection, no illegal characters, values survive', () => {
    const result = hostileScanResult();
    const xml = renderJunit(result);
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain('<img');
    expect(xml).not.toContain('\u001b');
    expect(xml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const cases = parseXml(xml).children.flatMap(testcases);
    expect(cases).toHaveLength(result.findings.length);
    expect(cases.some((c) => c.attributes.name!.startsWith(`${XSS_CLUSTER_NAME} (`))).toBe(true);
    expect(cases.some((c) => c.attributes.name!.startsWith(`${FORMULA_NAME} (`))).toBe(true);
    expect(cases.some((c) => c.attributes.name!.startsWith(`${stripXmlIllegal(ANSI_NAME)} (`))).toBe(true);
    const failure = cases.flatMap((c) => c.children).find((c) => c.name === 'failure' && c.text.includes('listener.name.note'))!;
    expect(failure.text).toContain(JSON.stringify(XSS_EVIDENCE));
    const notAvailable = cases.flatMap((c) => c.children).find((c) => c.name === 'error' && c.attributes.message!.includes('=1+1'))!;
    expect(notAvailable.attributes.message).toBe('\t=1+1'); // tab survives attribute normalisation (encoded as &#9;)
  });

  it('gives a suite to a finding whose check is not listed, and an empty suite to a check without findings', () => {
    const result = scanResult();
    result.checks = result.checks.filter((c) => c.id !== 'msk-at-rest-cmk');
    result.checks.push({ ...result.checks[0]!, id: 'no-findings' });
    const all = suites(result);
    expect(all.find((s) => s.attributes.name === 'no-findings')!.attributes).toMatchObject({ tests: '0', failures: '0', errors: '0', skipped: '0' });
    expect(all.find((s) => s.attributes.name === 'msk-at-rest-cmk')!.attributes).toMatchObject({ tests: '3', failures: '1', errors: '2' });
    expect(all.map((s) => s.attributes.name).at(-1)).toBe('msk-at-rest-cmk');
  });

  it('is deterministic', () => {
    const first = renderJunit(hostileScanResult());
    expect(renderJunit(hostileScanResult())).toBe(first);
    expect(renderJunit(structuredClone(hostileScanResult()))).toBe(first);
  });
});
