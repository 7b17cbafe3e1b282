// The console in headless Chromium against the real app (fake Twilio), for the browser tests: the app listening on a
// free port, a browser kept from Twilio (as in a sandbox), a watched page (web.ts) that also records the scripts it
// loaded; log in, wait for the live connection, answer risk flags, unfold parts of the form, tab to an element.
import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import type { Test } from 'tap';
import { telephonyFixture, type TelephonyFixture } from './telephony.js';
import { PASSWORD } from './users.js';
import { focused, launchChromium, newContext, servePage, watchPage } from './web.js';

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
  const { origin, ...fx } = await servePage((origin) => telephonyFixture(t, { ...options, env: { ALLOWED_ORIGINS: origin, ...options.env } }));
  const browser = await launchChromium(t, ['--autoplay-policy=no-user-gesture-required']);
  // Twilio is out of reach, as in a sandbox: the browser softphone must say so, and the console keep working.
  const twilioRequests: string[] = [];
  const context = await newContext(browser, { twilioRequests });
  const page = await context.newPage();
  const consoleSockets: WebSocketRoute[] = [];
  await page.routeWebSocket(/\/api\/console\/ws$/, (ws) => {
    ws.connectToServer();
    consoleSockets.push(ws);
  });
  const watch = await watchPage(page);
  const { consoleErrors, violations: cspViolations, failures, socketFrames } = watch;
  const cb: ConsoleBrowser = { fx, origin, browser, context, page, consoleSockets, twilioRequests, consoleErrors, cspViolations, failures, socketFrames, scripts: [] };
  page.on('response', (response) => {
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
