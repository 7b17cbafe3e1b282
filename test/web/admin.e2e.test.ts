// The web app for every role, end to end in headless Chromium against the real app (fake Twilio), under its strict
// CSP: a first run from the printed setup link to a logged-in admin; the admin adds a psychologist (a bad phone
// first), puts them on the rota, sets a closure, adds and revokes a partner key, lifts a block, reads and verifies
// the audit log; the psychologist sets their password from the one-time link, logs in, lands in the console and a
// simulated call arrives there. axe-core finds nothing serious or critical on any of these pages.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { Page } from 'playwright-core';
import t from 'tap';
import { announceSetupLink } from '../../src/modules/auth/index.js';
import { blockHash } from '../../src/modules/telephony/block-list.js';
import { redisAvailable } from '../helpers/services.js';
import { acceptWhisper, lineApp, ringIn } from '../helpers/telephony.js';
import { assertAccessible, chromiumAvailable, focused, launchChromium, newContext, screenshot, servePage, watchPage } from '../helpers/web.js';

const ADMIN_PASSWORD = 'correct horse battery staple';
const PIA_PASSWORD = 'pia has a long password';

/** The line's weekday now ("mon" … "sun") in its time zone. */
const weekdayNow = (timezone: string) => new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone: timezone }).format(new Date()).toLowerCase().slice(0, 3);

/** A date `days` from today in the line's time zone, as YYYY-MM-DD. */
function dateFromToday(timezone: string, days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });

if (chromiumAvailable(t, 'the admin area end-to-end test')) {
  t.test('first run → admin → a psychologist on the rota → a call in their console', async (t) => {
    if (!(await redisAvailable(t))) return;
    const { app, origin } = await servePage((origin) => lineApp(t, { env: { ALLOWED_ORIGINS: origin } }));
    const timezone = app.appConfig.settings.timezone;

    // --- the server prints the setup link (as at start, while no account exists) ---
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
    await announceSetupLink(app.infra.db, app.appConfig.publicUrl, logger);
    const printed = /(https?:\/\/\S+\/setup\?token=[\w-]+)/.exec(lines.join('\n'))?.[1];
    t.ok(printed, 'a setup link is printed');
    const setupPath = new URL(printed!).pathname + new URL(printed!).search;

    const browser = await launchChromium(t);
    const context = await newContext(browser);
    const page = await context.newPage();
    const watch = await watchPage(page);

    // Without a session and without an account, the login page says where the first one is made.
    await page.goto(`${origin}/`);
    await page.getByText('Der findes ingen konto endnu. Åbn opsætningslinket').waitFor();

    // --- first run ---
    await page.goto(`${origin}${setupPath}`);
    await heading(page, 'Første opstart: opret administratoren').waitFor();
    await page.getByLabel('Dit brugernavn').waitFor();
    await assertAccessible(t, page, 'the setup page');
    await page.getByLabel('Dit brugernavn').fill('ada');
    await page.getByLabel('Adgangskode', { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByLabel('Gentag adgangskoden').fill('something else entirely');
    await page.getByRole('button', { name: 'Opret administrator' }).click();
    await page.getByText('De to adgangskoder er ikke ens.').waitFor();
    t.equal(await page.getByLabel('Gentag adgangskoden').getAttribute('aria-invalid'), 'true', 'the field at fault is marked');
    await page.getByLabel('Gentag adgangskoden').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Opret administrator' }).click();
    await heading(page, 'Brugere').waitFor();
    t.equal(new URL(page.url()).pathname, '/admin', 'the new admin is logged in, in the admin area');
    t.equal(await focused(page), 'h1 Brugere', 'the focus is on the page heading');
    await page.getByRole('button', { name: 'Log ud' }).waitFor();
    t.equal((await app.inject({ method: 'GET', url: '/api/setup' })).json().needed, false, 'the setup is done');
    await page.getByRole('row', { name: /ada/ }).waitFor();
    await assertAccessible(t, page, 'the admin area: users');

    // The setup link does not work twice.
    const again = await page.context().newPage();
    await again.goto(`${origin}${setupPath}`);
    await again.getByText('Opsætningen er allerede gjort: der findes en konto.').waitFor();
    await again.close();

    // --- a psychologist: a phone that is not one first (shown at the field, nothing saved) ---
    const newUser = page.getByRole('form', { name: 'Ny bruger' });
    await newUser.getByLabel('Brugernavn').fill('pia');
    await newUser.getByLabel('Telefon (til vagter)').fill('12 34');
    await newUser.getByRole('button', { name: 'Opret bruger' }).click();
    await newUser.getByText('Ikke et gyldigt telefonnummer.').waitFor();
    t.equal(await newUser.getByLabel('Telefon (til vagter)').getAttribute('aria-invalid'), 'true');
    t.equal((await app.infra.db.query('SELECT 1 FROM users WHERE username = $1', ['pia'])).rowCount, 0, 'nothing half-saved');
    await newUser.getByLabel('Telefon (til vagter)').fill('+45 21 43 65 87');
    await newUser.getByRole('button', { name: 'Opret bruger' }).click();
    await page.getByText('Brugeren pia er oprettet.').waitFor();
    const link = await page.getByLabel('Link til pia: vælg adgangskode').inputValue();
    t.match(link, /\/password\?token=/, 'the one-time password link is shown');
    await page.getByRole('row', { name: /pia/ }).waitFor();
    // A second psychologist, without a phone; and a duplicate name refused at the field.
    await newUser.getByLabel('Brugernavn').fill('bo');
    await newUser.getByRole('button', { name: 'Opret bruger' }).click();
    await page.getByText('Brugeren bo er oprettet.').waitFor();
    await newUser.getByLabel('Brugernavn').fill('pia');
    await newUser.getByRole('button', { name: 'Opret bruger' }).click();
    await newUser.getByText('Brugernavnet er optaget.').waitFor();
    // In English, the whole page and the field's message switch in place.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('form', { name: 'New user' }).getByText('This username is taken.').waitFor();
    await heading(page, 'Users').waitFor();
    await page.getByRole('button', { name: 'Dansk' }).click();
    await heading(page, 'Brugere').waitFor();
    await assertAccessible(t, page, 'the admin area: users, with a one-time link and a field error');
    await screenshot(page, 'admin-users');

    // --- the rota, by keyboard-reachable links ---
    const adminNav = page.getByRole('navigation', { name: 'Administration' });
    await adminNav.getByRole('link', { name: 'Vagtplan' }).focus();
    await page.keyboard.press('Enter');
    await heading(page, 'Vagtplan').waitFor();
    t.equal(new URL(page.url()).pathname, '/admin/rota');
    const today = weekdayNow(timezone);
    const addShift = page.locator('form.shift-form');
    const fillShift = async (day: string, from: string, to: string, who: string, place: string) => {
      await addShift.getByLabel('Ugedag').selectOption(day);
      await addShift.getByLabel('Fra (TT:MM)').fill(from);
      await addShift.getByLabel('Til (TT:MM, 24:00 = midnat)').fill(to);
      await addShift.getByLabel('Psykolog').selectOption(who);
      await addShift.getByLabel('Plads i rækkefølgen (1 = ringer først)').fill(place);
      await addShift.getByRole('button', { name: 'Tilføj vagt' }).click();
    };
    // An end before its start: refused in the page, at the field.
    await fillShift(today, '16:00', '08:00', 'pia', '1');
    await addShift.getByText('En vagt skal slutte, efter den begynder.').waitFor();
    await fillShift(today, '00:00', '24:00', 'pia', '1');
    await page.getByText(/Vagten er tilføjet: .* 00:00–24:00, pia\./).waitFor();
    // The same person twice at once: the server refuses, the message is at the time fields.
    await fillShift(today, '10:00', '12:00', 'pia', '2');
    await addShift.getByText('Overlapper en anden vagt for samme person samme dag.').first().waitFor();
    await fillShift(today, '08:00', '16:00', 'bo', '2');
    await page.getByText('bo er på vagtplanen, men har ingen telefon').waitFor();
    await assertAccessible(t, page, 'the admin area: rota');
    await screenshot(page, 'admin-rota');
    // Move bo's shift to another day, then remove it.
    const other = today === 'mon' ? 'tue' : 'mon';
    const boShift = page.locator('li.shift', { hasText: 'bo' });
    await boShift.getByRole('button', { name: /^Ret vagten/ }).click();
    const editing = page.locator('li.shift.editing form');
    await editing.getByLabel('Ugedag').selectOption(other);
    await editing.getByRole('button', { name: 'Gem vagten' }).click();
    await page.getByText(/Vagten er gemt: .* 08:00–16:00, bo\./).waitFor();
    let shifts = (await app.inject({ url: '/api/rota/shifts', headers: { cookie: await adminCookie(page) } })).json().shifts as Array<{ weekday: string; username: string; position: number }>;
    t.match(shifts.find((s) => s.username === 'bo'), { weekday: other, position: 1 }, 'the shift moved');
    await page.locator('li.shift', { hasText: 'bo' }).getByRole('button', { name: 'Fjern' }).click();
    await page.getByRole('button', { name: 'Ja, fjern' }).click();
    await page.getByText(/Vagten er fjernet/).waitFor();
    shifts = (await app.inject({ url: '/api/rota/shifts', headers: { cookie: await adminCookie(page) } })).json().shifts;
    t.same(shifts.map((s) => [s.weekday, s.username, s.position]), [[today, 'pia', 0]], 'one shift left: pia, first in the order');
    t.equal(await page.getByText('bo er på vagtplanen').count(), 0, 'the warning went with the shift');

    // --- the line: a closure in the past is refused at its field; one tomorrow is shown in the preview ---
    await adminNav.getByRole('link', { name: 'Linjen' }).click();
    await heading(page, 'Linjen').waitFor();
    await page.locator('.preview li').first().waitFor();
    t.equal(await page.getByLabel('Mandag').inputValue(), '00:00–24:00', 'the first values come from the config');
    await page.getByRole('button', { name: 'Tilføj lukkedag' }).click();
    const closure = page.locator('li.closure').last();
    await closure.getByLabel('Dato').fill(dateFromToday(timezone, -3));
    await page.getByRole('button', { name: 'Gem linjens indstillinger' }).click();
    await closure.getByText('Datoen er passeret.').waitFor();
    t.equal((await app.infra.db.query('SELECT 1 FROM line_settings')).rowCount, 0, 'nothing saved');
    const tomorrow = dateFromToday(timezone, 1);
    await closure.getByLabel('Dato').fill(tomorrow);
    await closure.getByLabel('Note (fx Juleaftensdag)').fill('Personaledag');
    await page.getByLabel('Bagvagtens navn').fill('Lis Bagvagt');
    await page.getByLabel('Bagvagtens telefon').fill('29 51 73 84');
    await page.getByRole('button', { name: 'Gem linjens indstillinger' }).click();
    await page.getByText('Gemt. Gælder fra næste opkald.').waitFor();
    await page.locator('.preview li.closed', { hasText: 'lukket: Personaledag' }).waitFor();
    t.equal(await page.getByLabel('Bagvagtens telefon').inputValue(), '+4529517384', 'the phone as the server keeps it');
    await assertAccessible(t, page, 'the admin area: the line');
    await screenshot(page, 'admin-line');

    // --- partners: a key shown once, then revoked ---
    await adminNav.getByRole('link', { name: 'Partnere' }).click();
    await heading(page, 'Partnere').waitFor();
    await page.getByLabel('Partnerens navn').fill('Krisecenter Nord');
    await page.getByRole('button', { name: 'Tilføj partner og lav nøgle' }).click();
    const key = await page.getByLabel('Nøgle til Krisecenter Nord').inputValue();
    t.ok(key.length >= 20, 'the key is shown');
    await assertAccessible(t, page, 'the admin area: partners');
    await page.getByRole('button', { name: 'Tilbagekald nøglen' }).click();
    await page.getByRole('button', { name: 'Ja, tilbagekald Krisecenter Nord' }).click();
    await page.getByRole('row', { name: /Krisecenter Nord.*tilbagekaldt/ }).waitFor();
    const referral = await app.inject({ method: 'POST', url: '/api/referrals', headers: { authorization: `Bearer ${key}` }, payload: { phone: '+4521436587', consentDate: dateFromToday(timezone, 0), smsAllowed: true } });
    t.equal(referral.statusCode, 401, 'the revoked key no longer works');

    // --- the block list: reason and days left, lift ---
    await blockHash(app.infra.redis.client, 'f'.repeat(64), { days: 30, reason: 'threatening', by: 'pia' });
    await adminNav.getByRole('link', { name: 'Blokeringer' }).click();
    await heading(page, 'Blokeringer').waitFor();
    await page.getByRole('row', { name: /Truende.*30 dage/ }).waitFor();
    t.notMatch(await page.content(), /f{64}/, 'never the hash');
    await assertAccessible(t, page, 'the admin area: blocks');
    await page.getByRole('button', { name: 'Ophæv' }).click();
    await page.getByRole('button', { name: 'Ja, ophæv blokering 1' }).click();
    await page.getByText('Blokeringen er ophævet').waitFor();
    await page.getByText('Ingen opkaldere er blokeret.').waitFor();

    // --- the audit log: filter, verify ---
    await adminNav.getByRole('link', { name: 'Revisionslog' }).click();
    await heading(page, 'Revisionslog').waitFor();
    await page.getByRole('row', { name: /setup\.first_admin/ }).waitFor();
    await page.getByLabel('Handling').selectOption('rota.shift_added');
    await page.getByRole('button', { name: 'Vis', exact: true }).click();
    await page.getByText('2 rækker vist, nyeste først.').waitFor();
    await page.getByLabel('Handling').selectOption('');
    await page.getByLabel('Bruger').fill('bo');
    await page.getByRole('button', { name: 'Vis', exact: true }).click();
    await page.getByRole('row', { name: /rota\.shift_removed/ }).waitFor();
    t.equal(await page.getByRole('row', { name: /line_settings\.changed/ }).count(), 0, 'filtered by user');
    await page.getByRole('button', { name: 'Kontrollér kæden' }).click();
    await page.getByText(/Kæden er hel: \d+ rækker kontrolleret/).waitFor();
    await assertAccessible(t, page, 'the admin area: audit log');

    // --- the psychologist: the one-time link, login, the console, a call ---
    const piaContext = await newContext(browser);
    const pia = await piaContext.newPage();
    const piaWatch = await watchPage(pia);
    const passwordPath = new URL(link).pathname + new URL(link).search;
    await pia.goto(`${origin}${passwordPath}`);
    await heading(pia, 'Vælg din adgangskode').waitFor();
    await assertAccessible(t, pia, 'the password page');
    await pia.getByLabel('Ny adgangskode').fill(PIA_PASSWORD);
    await pia.getByLabel('Gentag adgangskoden').fill(PIA_PASSWORD);
    await pia.getByRole('button', { name: 'Gem adgangskoden' }).click();
    await pia.getByText('Adgangskoden er gemt. Du kan logge ind nu.').waitFor();
    t.notMatch(pia.url(), /token=/, 'the used token left the address bar');
    await pia.getByRole('link', { name: 'Gå til login' }).click();
    await pia.getByLabel('Brugernavn').fill('pia');
    await pia.getByLabel('Adgangskode').fill(PIA_PASSWORD);
    await pia.getByRole('button', { name: 'Log ind' }).click();
    await pia.locator('.connection[data-status="open"]').waitFor();
    t.equal(new URL(pia.url()).pathname, '/console', 'a psychologist lands in the console');
    // A psychologist opening the admin area is taken back to their console, not to the login page.
    await pia.goto(`${origin}/admin/users`);
    await pia.locator('.connection[data-status="open"]').waitFor();
    t.equal(new URL(pia.url()).pathname, '/console');
    t.equal(await pia.getByRole('button', { name: 'Log ind' }).count(), 0, 'not the login page');

    // Her shift (made in the admin area) is on now: she is on call, by phone, without touching the switch.
    await pia.getByText('Du er på vagt: opkald ringer på din telefon.').waitFor();
    t.ok(await pia.getByRole('switch', { name: 'Jeg tager opkald nu' }).isChecked(), 'on call by the rota');
    const call = await ringIn(app, '+4561872345', '1');
    t.ok(call.callId, 'the call is routed by the rota made in the admin area');
    const dial = call.routed!.twiml;
    t.match(JSON.stringify(dial), /\+4521436587/, "pia's phone is dialled");
    await acceptWhisper(app, dial);
    await pia.locator('.call-card').getByRole('heading', { name: 'Igangværende opkald' }).waitFor();
    t.pass("the call is live in pia's console");
    t.equal(await pia.getByRole('navigation', { name: 'Områder' }).getByRole('link', { name: 'Min konto' }).count(), 1, 'her account page (two-factor login) is a link away');
    await screenshot(pia, 'psychologist-console');

    t.same([...watch.violations, ...piaWatch.violations], [], 'no Content-Security-Policy violation');
    t.same(
      watch.failures,
      ['GET /api/me 401', 'POST /api/users 400', 'POST /api/users 400', 'POST /api/rota/shifts 400', 'PUT /api/line-settings 400'],
      'no unexpected failed request (the ones the scenario provokes)',
    );
    t.same(piaWatch.failures, ['GET /api/me 401'], 'pia: only the first "not logged in"');
    t.same([...watch.consoleErrors, ...piaWatch.consoleErrors].filter((m) => !/^Failed to load resource/.test(m)), [], 'no other console errors');
  });
}

/** The admin's session cookie from the browser, to read the API as they would. */
async function adminCookie(page: Page): Promise<string> {
  return (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
}
