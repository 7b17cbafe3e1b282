// The console in headless Chromium against the real app (fake Twilio), for the browser tests: build check, the app
// listening on a free port, a browser kept from Twilio (as in a sandbox), a page that records CSP violations,
// console errors and failed requests; log in, wait for the live connection, answer risk flags, run axe-core.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page, type WebSocketRoute } from 'playwright-core';
import type { Test } from 'tap';
import { freePort } from './services.js';
import { telephonyFixture, type TelephonyFixture } from './telephony.js';
import { PASSWORD } from './users.js';

export const CHROMIUM = '/usr/bin/chromium';
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** True when Chromium is there; else the file's tests are skipped (or fail when services are required). */
export function chromiumAvailable(t: Test): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.STOPLINE_REQUIRE_SERVICES === '1') t.fail(`Chromium is required (STOPLINE_REQUIRE_SERVICES=1) but ${CHROMIUM} is missing: apt-get install chromium`);
  else t.plan(0, `${CHROMIUM} is missing: the console end-to-end test is skipped (apt-get install chromium)`);
  return false;
}

export function ensureBuilt(): void {
  if (existsSync(`${ROOT}web/dist/index.html`)) return;
  const build = spawnSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('`npx vite build` failed');
}

export interface ConsoleBrowser {
  fx: TelephonyFixture;
  origin: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** The console's own sockets, routed through the test (so it can drop them). */
  consoleSockets: WebSocketRoute[];
  twilioRequests: string[];
  consoleErrors: string[];
  cspViolations: string[];
  /** "METHOD /path status" of every response >= 400. */
  failures: string[];
  socketFrames: string[];
  scripts: string[];
}

/** The app (telephonyFixture options) listening on a free port, and a Chromium page on it. */
export async function consoleBrowser(t: Test, options: Parameters<typeof telephonyFixture>[1] = {}): Promise<ConsoleBrowser> {
  ensureBuilt();
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const fx = await telephonyFixture(t, { ...options, env: { ALLOWED_ORIGINS: origin, ...options.env } });
  await fx.app.listen({ port, host: '127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--autoplay-policy=no-user-gesture-required'],
  });
  t.teardown(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'da-DK' });
  // Twilio is out of reach, as in a sandbox: the browser softphone must say so, and the console keep working.
  const twilioRequests: string[] = [];
  await context.route(/twilio\.com/, (route) => {
    twilioRequests.push(route.request().url());
    return route.abort();
  });
  await context.routeWebSocket(/twilio\.com/, (ws) => {
    twilioRequests.push(ws.url());
    return ws.close();
  });
  const page = await context.newPage();
  const consoleSockets: WebSocketRoute[] = [];
  await page.routeWebSocket(/\/api\/console\/ws$/, (ws) => {
    ws.connectToServer();
    consoleSockets.push(ws);
  });
  const cb: ConsoleBrowser = { fx, origin, browser, context, page, consoleSockets, twilioRequests, consoleErrors: [], cspViolations: [], failures: [], socketFrames: [], scripts: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') cb.consoleErrors.push(message.text());
  });
  page.on('pageerror', (err) => cb.consoleErrors.push(`uncaught: ${err.message}`));
  await page.exposeBinding('__reportCspViolation', (_source, violation: string) => cb.cspViolations.push(violation));
  // (A string: this file is type-checked for Node, without the DOM library. Injected by the browser, not eval.)
  await page.addInitScript({
    content: "document.addEventListener('securitypolicyviolation', (e) => window.__reportCspViolation(e.violatedDirective + ' ' + e.blockedURI));",
  });
  page.on('websocket', (ws) => ws.on('framereceived', (frame) => cb.socketFrames.push(String(frame.payload))));
  page.on('response', (response) => {
    if (response.status() >= 400) cb.failures.push(`${response.request().method()} ${new URL(response.url()).pathname} ${response.status()}`);
    if (/\.js$/.test(new URL(response.url()).pathname)) void response.text().then((body) => cb.scripts.push(body), () => undefined);
  });
  return cb;
}

/** Logs in through the form and waits for the live connection. */
export async function logIn(page: Page, origin: string, username: string): Promise<void> {
  await page.goto(`${origin}/`);
  await page.getByLabel('Brugernavn').fill(username);
  await page.getByLabel('Adgangskode').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await connected(page);
}

export async function connected(page: Page): Promise<void> {
  await page.locator('.connection[data-status="open"]').waitFor();
}

export async function poll(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** The answer radio of one risk flag (its fieldset's legend names the flag). */
export function flagAnswer(page: Page, flagLabel: string, answer: 'Ja' | 'Nej' | 'Ved ikke') {
  return page.getByRole('radiogroup', { name: flagLabel, exact: true }).getByLabel(answer, { exact: true });
}

export async function flag(page: Page, flagLabel: string, answer: 'Ja' | 'Nej' | 'Ved ikke'): Promise<void> {
  await flagAnswer(page, flagLabel, answer).check();
}

/** Unfolds a folded part of the outcome form by its summary. */
export async function unfold(page: Page, summary: string): Promise<void> {
  const details = page.locator('form.outcome-form details', { has: page.locator('summary', { hasText: summary }) });
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
}

/** A description of the focused element: tag, type, name or text (for keyboard-path assertions). */
export function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = (globalThis as unknown as { document: { activeElement: { tagName: string; getAttribute(n: string): string | null; textContent: string | null; id: string } | null } }).document.activeElement;
    if (!el) return '';
    const label = el.id ? (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector(`label[for="${el.id}"]`)?.textContent : undefined;
    const type = el.tagName === 'INPUT' ? `[${el.getAttribute('type') ?? 'text'}]` : '';
    return `${el.tagName.toLowerCase()}${type} ${label ?? (el.tagName === 'BODY' ? '' : el.textContent) ?? ''}`.trim();
  });
}

/** Presses Tab until the focused element's description matches, at most `max` times; returns how many it took. */
export async function tabTo(page: Page, pattern: RegExp, max = 40): Promise<number> {
  const seen: string[] = [];
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (pattern.test(now)) return i;
    seen.push(now);
  }
  throw new Error(`no ${pattern} within ${max} tab stops (${seen.join(' → ')})`);
}

const AXE_SOURCE = readFileSync(`${ROOT}node_modules/axe-core/axe.min.js`, 'utf8');

/**
 * axe-core's serious and critical violations on the page as it is now. Its source is evaluated in the page (as
 * the devtools protocol does it, so the page's CSP, which blocks injected script tags, stays on).
 */
export async function axeSerious(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ passes: unknown[]; violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, {
      resultTypes: ['violations'],
      // Experimental in axe-core, so off by default: an accessible name that does not contain the visible text.
      rules: { 'label-content-name-mismatch': { enabled: true } },
    });
    // A run that checked nothing would find nothing: it must have passed rules too.
    if (result.passes.length === 0) throw new Error('axe-core checked no rule');
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 3) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.targets.join(', ')}`);
}

/** test-artifacts/<name>.png (1280×900), the test's artifact; docs/ holds a copy made by hand when the page changes. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(`${ROOT}test-artifacts`, { recursive: true });
  await page.screenshot({ path: `${ROOT}test-artifacts/${name}.png` });
}
