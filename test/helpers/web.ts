// Browser tests: headless Debian Chromium through playwright-core, the page under the app's own strict CSP, watched
// for CSP violations, console errors and failed requests, and checked with axe-core (evaluated from its source in
// the page over the DevTools protocol: the CSP rightly blocks an injected script tag).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Test } from 'tap';

export const CHROMIUM = '/usr/bin/chromium';
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** False (and the test file planned as skipped, or failed under STOPLINE_REQUIRE_SERVICES=1) without Chromium. */
export function chromiumAvailable(t: Test, what: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.STOPLINE_REQUIRE_SERVICES === '1') t.fail(`Chromium is required (STOPLINE_REQUIRE_SERVICES=1) but ${CHROMIUM} is missing: apt-get install chromium`);
  else t.plan(0, `${CHROMIUM} is missing: ${what} is skipped (apt-get install chromium)`);
  return false;
}

/** The web page is built (web/dist), building it once if not. */
export function ensureBuilt(): void {
  if (existsSync(`${ROOT}web/dist/index.html`)) return;
  const build = spawnSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('`npx vite build` failed');
}

export async function launchChromium(t: Test): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  t.teardown(() => browser.close());
  return browser;
}

/** A Danish desktop context with Twilio out of reach (as in a sandbox). */
export async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'da-DK' });
  await context.route(/twilio\.com/, (route) => route.abort());
  await context.routeWebSocket(/twilio\.com/, (ws) => ws.close());
  return context;
}

export interface PageWatch {
  consoleErrors: string[];
  violations: string[];
  /** "METHOD /path status" of every response >= 400. */
  failures: string[];
}

/** Records CSP violations, console errors and failed requests of a page. */
export async function watchPage(page: Page): Promise<PageWatch> {
  const watch: PageWatch = { consoleErrors: [], violations: [], failures: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') watch.consoleErrors.push(message.text());
  });
  page.on('pageerror', (err) => watch.consoleErrors.push(`uncaught: ${err.message}`));
  await page.exposeBinding('__reportCspViolation', (_source, violation: string) => watch.violations.push(violation));
  // (A string: this file is type-checked for Node, without the DOM library. Injected by the browser, not eval.)
  await page.addInitScript({
    content: "document.addEventListener('securitypolicyviolation', (e) => window.__reportCspViolation(e.violatedDirective + ' ' + e.blockedURI));",
  });
  page.on('response', (response) => {
    if (response.status() >= 400) watch.failures.push(`${response.request().method()} ${new URL(response.url()).pathname} ${response.status()}`);
  });
  return watch;
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core's serious and critical findings on the page as it is now (WCAG 2.x A and AA rules, best practices). */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate('typeof window.axe');
  if (loaded !== 'object') await page.evaluate(AXE_SOURCE);
  const result = (await page.evaluate(
    `window.axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) })))`,
  )) as AxeViolation[];
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Asserts no serious or critical axe finding on the page, naming each one found. */
export async function assertAccessible(t: Test, page: Page, what: string): Promise<void> {
  const found = await seriousAxeViolations(page);
  t.same(found.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).join(', ')}`), [], `axe-core: no serious or critical violation on ${what}`);
}

export async function poll(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** The element that has the focus: its tag and text (for "focus moved to the heading" checks). */
export async function focused(page: Page): Promise<{ tag: string; text: string }> {
  return (await page.evaluate('({ tag: document.activeElement?.tagName ?? "", text: document.activeElement?.textContent ?? "" })')) as { tag: string; text: string };
}

/** test-artifacts/NAME.png, the whole page: what a test saw, for a person to look at (never checked in by a run). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(`${ROOT}test-artifacts`, { recursive: true });
  await page.screenshot({ path: `${ROOT}test-artifacts/${name}.png`, fullPage: true });
}
