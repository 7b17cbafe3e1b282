// Browser tests: headless Debian Chromium through playwright-core, the page under the app's own strict CSP, watched
// for CSP violations, console errors and failed requests, and checked with axe-core (evaluated from its source in
// the page over the DevTools protocol: the CSP rightly blocks an injected script tag).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Test } from 'tap';
import { freePort } from './services.js';

export const CHROMIUM = '/usr/bin/chromium';
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** False (and the test file planned as skipped, or failed under STOPLINE_REQUIRE_SERVICES=1) without Chromium. */
export function chromiumAvailable(t: Test, what: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.STOPLINE_REQUIRE_SERVICES === '1') t.fail(`Chromium is required (STOPLINE_REQUIRE_SERVICES=1) but ${CHROMIUM} is missing: apt-get install chromium`);
  else t.plan(0, `${CHROMIUM} is missing: ${what} is skipped (apt-get install chromium)`);
  return false;
}

/** The newest modification time of the files below a folder (ms). */
function newestIn(dir: string): number {
  return Math.max(0, ...readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => statSync(`${e.parentPath}/${e.name}`).mtimeMs));
}

/** The web page is built (web/dist), building it if it is missing or older than its sources. */
export function ensureBuilt(): void {
  const built = `${ROOT}web/dist/index.html`;
  const sources = Math.max(newestIn(`${ROOT}web/src`), newestIn(`${ROOT}web/public`), newestIn(`${ROOT}src/shared`), statSync(`${ROOT}web/index.html`).mtimeMs);
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  const build = spawnSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('`npx vite build` failed');
}

/**
 * The built page (ensureBuilt) served by the app fixture `start` makes for its origin, a free port on 127.0.0.1 (the
 * app must know its origin before it starts: ALLOWED_ORIGINS), listening there; the fixture with the origin.
 */
export async function servePage<F extends { app: { listen(options: { port: number; host: string }): Promise<unknown> } }>(start: (origin: string) => Promise<F>): Promise<F & { origin: string }> {
  ensureBuilt();
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const fixture = await start(origin);
  await fixture.app.listen({ port, host: '127.0.0.1' });
  return { ...fixture, origin };
}

/** Headless Chromium, closed when the test ends; `extraArgs` add to the usual flags (e.g. an autoplay policy). */
export async function launchChromium(t: Test, extraArgs: string[] = []): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', ...extraArgs],
  });
  t.teardown(() => browser.close());
  return browser;
}

export interface ContextOptions {
  /** The window's height (1280 wide); 900 unless told. */
  height?: number;
  /** Receives the URL of every request and socket the page tried to open to Twilio. */
  twilioRequests?: string[];
  /** The browser's time zone (IANA); Chromium's own (the machine's) unless told. */
  timezoneId?: string;
}

/** A Danish desktop context with Twilio out of reach (as in a sandbox). */
export async function newContext(browser: Browser, options: ContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: options.height ?? 900 }, locale: 'da-DK', ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}) });
  await context.route(/twilio\.com/, (route) => {
    options.twilioRequests?.push(route.request().url());
    return route.abort();
  });
  await context.routeWebSocket(/twilio\.com/, (ws) => {
    options.twilioRequests?.push(ws.url());
    return ws.close();
  });
  return context;
}

export interface PageWatch {
  consoleErrors: string[];
  violations: string[];
  /** "METHOD /path status" of every response >= 400. */
  failures: string[];
  /** Every frame received on the page's sockets. */
  socketFrames: string[];
}

/** Records CSP violations, console errors and failed requests of a page. */
export async function watchPage(page: Page): Promise<PageWatch> {
  const watch: PageWatch = { consoleErrors: [], violations: [], failures: [], socketFrames: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') watch.consoleErrors.push(message.text());
  });
  page.on('pageerror', (err) => watch.consoleErrors.push(`uncaught: ${err.message}`));
  await page.exposeBinding('__reportCspViolation', (_source, violation: string) => watch.violations.push(violation));
  // (A string: this file is type-checked for Node, without the DOM library. Injected by the browser, not eval.)
  await page.addInitScript({
    content: "document.addEventListener('securitypolicyviolation', (e) => window.__reportCspViolation(e.violatedDirective + ' ' + e.blockedURI));",
  });
  page.on('websocket', (ws) => ws.on('framereceived', (frame) => watch.socketFrames.push(String(frame.payload))));
  page.on('response', (response) => {
    if (response.status() >= 400) watch.failures.push(`${response.request().method()} ${new URL(response.url()).pathname} ${response.status()}`);
  });
  return watch;
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's serious and critical violations on the page as it is now (WCAG 2.x A and AA rules, best practices, and
 * the accessible name containing the visible text), one line each: rule, impact, help, the first elements.
 */
export async function axeSerious(page: Page): Promise<string[]> {
  const loaded = await page.evaluate('typeof window.axe');
  if (loaded !== 'object') await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ passes: unknown[]; violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, {
      resultTypes: ['violations'],
      // Experimental in axe-core, so off by default: an accessible name that does not contain the visible text.
      rules: { 'label-content-name-mismatch': { enabled: true } },
    });
    // A run that checked nothing would find nothing: it must have passed rules too.
    if (result.passes.length === 0) throw new Error('axe-core checked no rule');
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 3) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.targets.join(', ')}`);
}

/** Asserts no serious or critical axe finding on the page, naming each one found. */
export async function assertAccessible(t: Test, page: Page, what: string): Promise<void> {
  t.same(await axeSerious(page), [], `axe-core: no serious or critical violation on ${what}`);
}

export async function poll(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** A description of the focused element: tag, type, label or text, e.g. "h1 Brugere", "input[radio] Nej". */
export function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = (globalThis as unknown as { document: { activeElement: { tagName: string; getAttribute(n: string): string | null; textContent: string | null; id: string } | null } }).document.activeElement;
    if (!el) return '';
    const label = el.id ? (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector(`label[for="${el.id}"]`)?.textContent : undefined;
    const type = el.tagName === 'INPUT' ? `[${el.getAttribute('type') ?? 'text'}]` : '';
    return `${el.tagName.toLowerCase()}${type} ${label ?? (el.tagName === 'BODY' ? '' : el.textContent) ?? ''}`.trim();
  });
}

/**
 * test-artifacts/NAME.png, what a test saw, for a person to look at (never checked in by a run): the whole page, or
 * with `viewport` the 1280×900 window only (docs/ holds copies of those, made by hand when the page changes).
 */
export async function screenshot(page: Page, name: string, options: { viewport?: boolean } = {}): Promise<void> {
  mkdirSync(`${ROOT}test-artifacts`, { recursive: true });
  await page.screenshot({ path: `${ROOT}test-artifacts/${name}.png`, fullPage: !options.viewport });
}
