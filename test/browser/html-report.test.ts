/*
 * The HTML report in a real browser (playwright-core driving the system's Chromium): it loads nothing, raises no
 * error, its CSP lets the filter script run (and nothing else), the filters and search work, hostile payloads
 * stay inert, it reads fine without JavaScript and in print. Leaves test-artifacts/report.html and report.png.
 *
 * Needs a Chromium executable (Debian: `apt-get install chromium`, at /usr/bin/chromium; or the path in
 * MSK_AUDIT_CHROMIUM). Without one the tests are skipped with a message — except under CI (CI=true), where a
 * missing browser is a failure (.ci/run installs it).
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../reports/html.js';
import { fullScanResult, PWN_CLUSTER_NAME, PWN_PRINCIPAL, PWN_SCRIPT_END } from './report-fixture.js';

/** MSK_AUDIT_CHROMIUM names another Chromium executable (e.g. on a developer's machine). */
// The few browser globals the page functions below use (they run in Chromium; tsconfig has no DOM lib).
interface BrowserElement {
  getAttribute(name: string): string | null;
  readonly textContent: string | null;
  readonly attributes: ArrayLike<{ name: string }>;
  checkVisibility(): boolean;
}
declare const document: {
  querySelectorAll(selector: string): ArrayLike<BrowserElement>;
  documentElement: { classList: { contains(name: string): boolean } };
};
declare const window: { __pwned?: unknown; dispatchEvent(event: unknown): boolean };
declare const getComputedStyle: (element: BrowserElement) => { breakBefore: string };
declare const Event: new (type: string) => unknown;

const CHROMIUM_CANDIDATES = process.env.MSK_AUDIT_CHROMIUM ? [process.env.MSK_AUDIT_CHROMIUM] : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
const executablePath = CHROMIUM_CANDIDATES.find((path) => existsSync(path));
const inCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false' && process.env.CI !== '0';
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const REPORT_FILE = `${ARTIFACTS}report.html`;
const SCREENSHOT_FILE = `${ARTIFACTS}report.png`;

if (!executablePath && !inCi) {
  console.warn(`Skipping the browser tests of the HTML report: no Chromium executable at ${CHROMIUM_CANDIDATES.join(' or ')} (install it with: apt-get install chromium).`);
}

if (!executablePath && inCi) {
  describe('HTML report in Chromium (CI)', () => {
    it('has a Chromium executable to run the browser tests with', () => {
      throw new Error(`CI is set but no Chromium executable exists at ${CHROMIUM_CANDIDATES.join(' or ')}: the browser tests cannot run (install it with: apt-get install chromium).`);
    });
  });
}

describe.skipIf(!executablePath)(`HTML report in Chromium${executablePath ? '' : ` (skipped: no Chromium executable at ${CHROMIUM_CANDIDATES.join(' or ')})`}`, () => {
  const result = fullScanResult();
  const reportUrl = pathToFileURL(REPORT_FILE).href;
  let browser: Browser;

  interface Observed {
    page: Page;
    context: BrowserContext;
    consoleErrors: string[];
    pageErrors: string[];
    requests: string[];
    blocked: string[];
    dialogs: string[];
  }

  /** Opens the report in a fresh context, recording console errors, page errors, requests and dialogs. */
  async function open(options: { javaScriptEnabled?: boolean } = {}): Promise<Observed> {
    const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const observed: Observed = { page, context, consoleErrors: [], pageErrors: [], requests: [], blocked: [], dialogs: [] };
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') observed.consoleErrors.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => observed.pageErrors.push(error.message));
    page.on('request', (request) => observed.requests.push(request.url()));
    page.on('dialog', (dialog) => {
      observed.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    // Anything but the report itself is refused (and recorded), should the page ever ask.
    await context.route('**/*', (route) => {
      if (route.request().url() === reportUrl) return route.continue();
      observed.blocked.push(route.request().url());
      return route.abort('blockedbyclient');
    });
    await page.goto(reportUrl, { waitUntil: 'load' });
    return observed;
  }

  async function visibleFindings(page: Page): Promise<{ status: string; severity: string; account: string; region: string; check: string; text: string }[]> {
    return page.$$eval('[data-finding]', (rows) =>
      rows
        // False under display: none (filtered out) and inside a closed <details> (content-visibility: hidden).
        .filter((row) => (row as unknown as BrowserElement).checkVisibility())
        .map((row) => ({
          status: row.getAttribute('data-status') ?? '',
          severity: row.getAttribute('data-severity') ?? '',
          account: row.getAttribute('data-account') ?? '',
          region: row.getAttribute('data-region') ?? '',
          check: row.getAttribute('data-check') ?? '',
          text: (row.textContent ?? '').toLowerCase(),
        })),
    );
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(REPORT_FILE, renderHtml(result));
    browser = await chromium.launch({ executablePath: executablePath!, args: LAUNCH_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('loads with no error, no dialog and no request but the document itself', async () => {
    const { page, context, consoleErrors, pageErrors, requests, blocked, dialogs } = await open();
    try {
      // The filter script ran (the CSP hash matches): it shows the panel and sets the count.
      await expect.poll(() => page.locator('#finding-filters').isVisible()).toBe(true);
      expect(await page.locator('#filter-count').textContent()).toBe(`Showing all ${result.findings.length} findings`);
      expect(await page.evaluate(() => document.documentElement.classList.contains('js'))).toBe(true);
      expect(consoleErrors).toEqual([]);
      expect(pageErrors).toEqual([]);
      expect(dialogs).toEqual([]);
      expect(blocked).toEqual([]);
      expect(requests).toEqual([reportUrl]);
    } finally {
      await context.close();
    }
  });

  it('keeps hostile payloads inert: shown as text, nothing executed, no element created from them', async () => {
    const { page, context, consoleErrors, dialogs } = await open();
    try {
      expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
      expect(dialogs).toEqual([]);
      expect(consoleErrors).toEqual([]); // a blocked inline script would be reported as a CSP violation
      // The payloads are text.
      expect(await page.locator('.group-name', { hasText: PWN_CLUSTER_NAME }).count()).toBeGreaterThan(0);
      expect(await page.locator('#cloudtrail code', { hasText: PWN_PRINCIPAL }).count()).toBeGreaterThan(0);
      expect(await page.locator('pre.evidence', { hasText: PWN_SCRIPT_END }).count()).toBeGreaterThan(0);
      // No element came from them: one script, no images, frames or event-handler attributes anywhere.
      const dom = await page.evaluate(() => ({
        scripts: document.querySelectorAll('script').length,
        embedded: document.querySelectorAll('img, iframe, object, embed, link, base, form, video, audio').length,
        handlers: Array.from(document.querySelectorAll('*'))
          .flatMap((element) => Array.from(element.attributes).map((attribute) => attribute.name))
          .filter((name) => name.startsWith('on')),
        javascriptUrls: Array.from(document.querySelectorAll('[href]'))
          .map((element) => element.getAttribute('href') ?? '')
          .filter((href) => /^\s*javascript:/i.test(href)),
      }));
      expect(dom).toEqual({ scripts: 1, embedded: 0, handlers: [], javascriptUrls: [] });
      // Interacting with the filters (which read the hostile data) executes nothing either.
      await page.locator('#filter-search').fill('window.__pwned');
      await page.locator('input[name="status"][value="FAILED"]').check();
      expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
      expect(dialogs).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('filters by status: only the chosen statuses stay visible, and the counts update', async () => {
    const { page, context } = await open();
    try {
      const total = result.findings.length;
      const failed = result.findings.filter((f) => f.status === 'FAILED').length;
      const unavailable = result.findings.filter((f) => f.status === 'NOT_AVAILABLE').length;
      expect(await visibleFindings(page)).toHaveLength(total);

      await page.locator('input[name="status"][value="FAILED"]').click();
      const onlyFailed = await visibleFindings(page);
      expect(onlyFailed).toHaveLength(failed);
      expect(new Set(onlyFailed.map((f) => f.status))).toEqual(new Set(['FAILED']));
      expect(await page.locator('#filter-count').textContent()).toBe(`Showing ${failed} of ${total} findings`);

      await page.locator('input[name="status"][value="NOT_AVAILABLE"]').click();
      const both = await visibleFindings(page);
      expect(both).toHaveLength(failed + unavailable);
      expect(new Set(both.map((f) => f.status))).toEqual(new Set(['FAILED', 'NOT_AVAILABLE']));

      // A cluster with no FAILED or NOT_AVAILABLE finding is hidden; the others say how many they show.
      expect(await page.locator('details.resource-group:has(strong.group-name:text-is("left-out"))').isVisible()).toBe(false);
      const payments = page.locator('details.resource-group', { has: page.locator('strong.group-name', { hasText: /^payments$/ }) });
      const paymentsFailed = result.findings.filter((f) => f.resource.name === 'payments' && (f.status === 'FAILED' || f.status === 'NOT_AVAILABLE')).length;
      const paymentsTotal = result.findings.filter((f) => f.resource.name === 'payments').length;
      expect(await payments.locator('[data-group-count]').textContent()).toBe(`${paymentsFailed} of ${paymentsTotal} findings shown`);

      await page.locator('#filter-reset').click();
      expect(await visibleFindings(page)).toHaveLength(total);
      expect(await page.locator('#filter-count').textContent()).toBe(`Showing all ${total} findings`);
    } finally {
      await context.close();
    }
  });

  it('filters by severity, account, region and check, and combines them', async () => {
    const { page, context } = await open();
    try {
      await page.locator('input[name="severity"][value="CRITICAL"]').check();
      const critical = await visibleFindings(page);
      expect(critical.length).toBe(result.findings.filter((f) => f.severity === 'CRITICAL').length);
      expect(critical.every((f) => f.severity === 'CRITICAL')).toBe(true);
      await page.locator('#filter-reset').click();

      await page.locator('#filter-account').selectOption('444455556666');
      expect((await visibleFindings(page)).map((f) => f.account)).toEqual(result.findings.filter((f) => f.resource.account === '444455556666').map(() => '444455556666'));
      await page.locator('#filter-reset').click();

      await page.locator('#filter-region').selectOption('us-east-1');
      await page.locator('#filter-check').selectOption('msk-risky-change');
      const both = await visibleFindings(page);
      expect(both).toHaveLength(result.findings.filter((f) => f.resource.region === 'us-east-1' && f.checkId === 'msk-risky-change').length);
      expect(both.every((f) => f.region === 'us-east-1' && f.check === 'msk-risky-change')).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('searches the findings text, narrowing as terms are added', async () => {
    const { page, context } = await open();
    try {
      const total = result.findings.length;
      await page.locator('#filter-search').fill('payments');
      const payments = await visibleFindings(page);
      expect(payments.length).toBeGreaterThan(0);
      expect(payments.length).toBeLessThan(total);
      expect(payments.every((f) => f.text.includes('payments'))).toBe(true);

      await page.locator('#filter-search').fill('payments UpdateConnectivity');
      const narrowed = await visibleFindings(page);
      expect(narrowed.length).toBeGreaterThan(0);
      expect(narrowed.length).toBeLessThan(payments.length);
      expect(narrowed.every((f) => f.text.includes('payments') && f.text.includes('updateconnectivity'))).toBe(true);
      expect(await page.locator('#filter-count').textContent()).toBe(`Showing ${narrowed.length} of ${total} findings`);

      await page.locator('#filter-search').fill('no-such-text-anywhere');
      expect(await visibleFindings(page)).toHaveLength(0);
      expect(await page.locator('#filter-empty').isVisible()).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('shows everything without JavaScript, with the filter panel hidden', async () => {
    const { page, context, requests, consoleErrors } = await open({ javaScriptEnabled: false });
    try {
      expect(await page.locator('#finding-filters').isVisible()).toBe(false);
      expect(await visibleFindings(page)).toHaveLength(result.findings.length);
      expect(await page.locator('details.resource-group[open]').count()).toBe(await page.locator('details.resource-group').count());
      expect(requests).toEqual([reportUrl]);
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('prints everything: no filters, every finding shown, groups expanded', async () => {
    const { page, context } = await open();
    try {
      await page.locator('input[name="status"][value="PASSED"]').check();
      await page.locator('#collapse-all').click();
      expect((await visibleFindings(page)).length).toBe(0); // collapsed on screen
      await page.emulateMedia({ media: 'print' });
      // The print stylesheet alone shows the content of collapsed groups …
      expect(await visibleFindings(page)).toHaveLength(result.findings.length);
      // … and printing also expands them (beforeprint), so the page reads the same.
      await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
      expect(await page.locator('details.resource-group:not([open])').count()).toBe(0);
      expect(await page.locator('#finding-filters').isVisible()).toBe(false);
      expect(await page.locator('nav.toc').isVisible()).toBe(false);
      expect(await visibleFindings(page)).toHaveLength(result.findings.length);
      const breaks = await page.$$eval('section.report-section', (sections) => sections.map((s) => getComputedStyle(s as unknown as BrowserElement).breakBefore));
      expect(breaks[0]).toBe('auto');
      expect(breaks.slice(1).every((value) => value === 'page')).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('saves a full-page screenshot as a test artifact', async () => {
    const { page, context } = await open();
    try {
      await page.screenshot({ path: SCREENSHOT_FILE, fullPage: true });
      expect(statSync(SCREENSHOT_FILE).size).toBeGreaterThan(10_000);
    } finally {
      await context.close();
    }
  });
});
