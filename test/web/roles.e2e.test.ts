// Each role lands where it works, in headless Chromium against the real app: a supervisor on the dashboard (with
// the follow-up deadlines), never on the login page, whatever address they open; someone with two roles switches
// between their areas with the keyboard; an admin turns on two-factor login with the QR code and then logs in with a
// code, asked for only after the password. axe-core finds nothing serious or critical on these pages.
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import t from 'tap';
import { currentCode } from '../../src/modules/auth/totp.js';
import { createFollowup, PERSON } from '../helpers/followups.js';
import { redisAvailable } from '../helpers/services.js';
import { lineApp } from '../helpers/telephony.js';
import { addUser, login, PASSWORD } from '../helpers/users.js';
import { assertAccessible, CHROMIUM, chromiumAvailable, focused, launchChromium, newContext, poll, servePage, watchPage } from '../helpers/web.js';

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });
const path = (page: Page) => new URL(page.url()).pathname;

async function logIn(page: Page, username: string) {
  await page.getByLabel('Brugernavn').fill(username);
  await page.getByLabel('Adgangskode').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log ind' }).click();
}

if (chromiumAvailable(t, 'the roles end-to-end test')) {
  t.test('a supervisor, a person with two roles, and an admin with two-factor login', async (t) => {
    if (!(await redisAvailable(t))) return;
    const { app, origin } = await servePage((origin) => lineApp(t, { env: { ALLOWED_ORIGINS: origin } }));
    await addUser(app, 'ada', ['admin']);
    await addUser(app, 'sofie', ['supervisor']);
    await addUser(app, 'max', ['psychologist', 'supervisor']);
    const created = await createFollowup(app, await login(app, 'max'), { phone: PERSON, smsAllowed: true });
    t.equal(created.statusCode, 201, 'one open follow-up');

    const browser = await launchChromium(t);

    // --- the supervisor: the dashboard, never the login page ---
    const sofie = await (await newContext(browser)).newPage();
    const sofieWatch = await watchPage(sofie);
    await sofie.goto(`${origin}/console`);
    await heading(sofie, 'Log ind på Stoplinjen').waitFor();
    await logIn(sofie, 'sofie');
    await heading(sofie, 'Overblik').waitFor();
    t.equal(path(sofie), '/dashboard', 'a supervisor who asked for the console lands on the dashboard');
    const open = sofie.locator('.figure', { hasText: 'Åbne' }).locator('dd');
    await open.filter({ hasText: /^1$/ }).waitFor();
    t.pass('the follow-up deadlines are shown: one open');
    await sofie.getByRole('heading', { name: 'Periode', exact: true }).waitFor();
    t.pass('the statistics\' period picker is there');
    await assertAccessible(t, sofie, 'the dashboard');
    for (const where of ['/admin', '/admin/users', '/console']) {
      await sofie.goto(`${origin}${where}`);
      await heading(sofie, 'Overblik').waitFor();
      t.equal(path(sofie), '/dashboard', `${where}: back to her own area`);
      t.equal(await sofie.getByRole('button', { name: 'Log ind' }).count(), 0, `${where}: not the login page`);
    }
    t.equal(await sofie.getByRole('link', { name: 'Administration' }).count(), 0, 'no link to an area she may not open');
    t.same(sofieWatch.failures, ['GET /api/me 401'], 'no request refused but the first "not logged in"');
    t.same(sofieWatch.violations, [], 'no CSP violation');

    // --- two roles: switch between them, by keyboard, and back with the browser ---
    const max = await (await newContext(browser)).newPage();
    const maxWatch = await watchPage(max);
    await max.goto(`${origin}/`);
    await logIn(max, 'max');
    await heading(max, 'Overblik').waitFor();
    const areas = max.getByRole('navigation', { name: 'Områder' });
    t.same(await areas.getByRole('link').allTextContents(), ['Konsol', 'Overblik', 'Min konto'], 'the areas of both roles');
    t.equal(await areas.getByRole('link', { name: 'Overblik' }).getAttribute('aria-current'), 'page');
    await areas.getByRole('link', { name: 'Konsol' }).focus();
    await max.keyboard.press('Enter');
    await max.locator('.connection[data-status="open"]').waitFor();
    t.equal(path(max), '/console', 'the console, without a reload');
    await max.getByRole('navigation', { name: 'Områder' }).getByRole('link', { name: 'Overblik' }).click();
    await heading(max, 'Overblik').waitFor();
    t.equal(await focused(max), 'h1 Overblik', 'the focus is on the heading after the switch');
    await max.goBack();
    await max.locator('.connection[data-status="open"]').waitFor();
    t.equal(path(max), '/console', 'the back button returns to the console');
    t.same(maxWatch.violations, [], 'no CSP violation');

    // --- the admin: two-factor login ---
    const ada = await (await newContext(browser)).newPage();
    const adaWatch = await watchPage(ada);
    await ada.goto(`${origin}/`);
    await logIn(ada, 'ada');
    await heading(ada, 'Brugere').waitFor();
    t.equal(path(ada), '/admin', 'an admin lands in the admin area');
    await ada.getByRole('link', { name: 'Min konto' }).click();
    await heading(ada, 'Min konto').waitFor();
    await ada.getByText('Totrinslogin er slået fra.').waitFor();
    await assertAccessible(t, ada, 'the account page');
    await ada.getByRole('button', { name: 'Slå totrinslogin til' }).click();
    const qr = ada.getByRole('img', { name: 'QR-kode til din godkendelsesapp' });
    await qr.waitFor();
    const drawn = () => qr.evaluate((img: unknown) => {
      const i = img as { complete: boolean; naturalWidth: number };
      return i.complete && i.naturalWidth > 0;
    });
    t.ok(await poll(drawn, 5000), 'the QR code is drawn under the CSP');
    const secret = (await ada.locator('.totp-secret').textContent())!.trim();
    t.match(secret, /^[A-Z2-7]{16,}$/, 'the key is shown as text too');
    const code = ada.getByLabel('Koden fra appen (6 cifre)');
    await code.fill(currentCode(secret) === '000000' ? '111111' : '000000');
    await ada.getByRole('button', { name: 'Bekræft og slå til' }).click();
    await ada.getByText('Koden passer ikke.').waitFor();
    t.equal(await code.getAttribute('aria-invalid'), 'true', 'a wrong code is shown at its field');
    await assertAccessible(t, ada, 'the account page, enrolling');
    await code.fill(currentCode(secret));
    await ada.getByRole('button', { name: 'Bekræft og slå til' }).click();
    await ada.getByText('Totrinslogin er slået til').waitFor();
    t.equal((await app.infra.db.query<{ totp_enabled: boolean }>('SELECT totp_enabled FROM users WHERE username = $1', ['ada'])).rows[0]?.totp_enabled, true);

    await ada.getByRole('button', { name: 'Log ud' }).click();
    await heading(ada, 'Log ind på Stoplinjen').waitFor();
    t.notOk(await ada.getByLabel('Kode fra din godkendelsesapp').isVisible(), 'no code field before the password');
    await logIn(ada, 'ada');
    await ada.getByText('Din konto bruger totrinslogin: skriv koden fra din app.').waitFor();
    // The code of the next 30-second step (the one used to enrol cannot be used again).
    await ada.getByLabel('Kode fra din godkendelsesapp').fill(currentCode(secret, Date.now() + 30_000));
    await ada.getByRole('button', { name: 'Log ind' }).click();
    await heading(ada, 'Brugere').waitFor();
    t.equal(path(ada), '/admin', 'logged in with the code');
    t.same(adaWatch.violations, [], 'no CSP violation');
    t.same(adaWatch.failures, ['GET /api/me 401', 'PUT /api/me/totp 400', 'POST /api/session 401'], 'only the refusals the scenario provokes');
    t.same(
      [...sofieWatch.consoleErrors, ...maxWatch.consoleErrors, ...adaWatch.consoleErrors].filter((m) => !/^Failed to load resource/.test(m)),
      [],
      'no other console errors',
    );
  });
}

if (existsSync(CHROMIUM)) {
  t.test('production: an admin without two-factor login is taken to enrol first, then to the admin area', async (t) => {
    if (!(await redisAvailable(t))) return;
    const { app, origin } = await servePage((origin) =>
      lineApp(t, {
        env: {
          NODE_ENV: 'production',
          ALLOWED_ORIGINS: origin,
          TWILIO_ACCOUNT_SID: `AC${'0123456789abcdef'.repeat(2)}`,
          TWILIO_API_KEY_SID: `SK${'fedcba9876543210'.repeat(2)}`,
          TWILIO_API_KEY_SECRET: 'Hy6Ud3Fo9Wm2Qs5B',
          CONTACT_KEY: Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + 11) % 256)).toString('base64'),
        },
      }),
    );
    await addUser(app, 'boss', ['admin']);
    const browser = await launchChromium(t);
    const page = await (await newContext(browser)).newPage();
    const watch = await watchPage(page);
    await page.goto(`${origin}/admin/users`);
    await logIn(page, 'boss');
    await heading(page, 'Min konto').waitFor();
    t.equal(path(page), '/account', 'to the enrolment, not the admin area');
    await page.getByText('Som administrator skal du slå totrinslogin til').waitFor();
    t.equal(await page.getByRole('link', { name: 'Administration' }).count(), 0, 'no way to the admin area yet');
    await page.goto(`${origin}/admin/rota`);
    await page.getByText('Som administrator skal du slå totrinslogin til').waitFor();
    t.equal(path(page), '/account', 'the admin area stays shut until enrolled');
    await page.getByRole('button', { name: 'Slå totrinslogin til' }).click();
    const secret = (await page.locator('.totp-secret').textContent())!.trim();
    await page.getByLabel('Koden fra appen (6 cifre)').fill(currentCode(secret));
    await page.getByRole('button', { name: 'Bekræft og slå til' }).click();
    await page.getByText('Totrinslogin er slået til').waitFor();
    await page.getByRole('link', { name: 'Administration' }).click();
    await heading(page, 'Brugere').waitFor();
    await page.getByRole('row', { name: /boss/ }).waitFor();
    t.equal(path(page), '/admin', 'enrolled: the admin area opens');
    t.same(watch.failures, ['GET /api/me 401'], 'no request was refused on the way (the page asked for nothing it may not have)');
    t.same(watch.violations, [], 'no CSP violation');
  });
}
