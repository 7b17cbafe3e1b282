// Follow-up contact in the console, end to end in headless Chromium against the real app (fake Twilio): a call's
// outcome with consent opens the contact form; a number the server refuses is shown beside its field after the
// outcome is saved; corrected, the follow-up appears in the list with the triage as its priority. Then the panel:
// reveal (audited; on the page only while shown), call via the line (the fake Twilio rings the psychologist from
// the line's number), attempts, a due alert from the `followup.due` event, and a final result that leaves status and
// result only. The number and the alias never reach localStorage, a live message, or the page outside the reveal;
// axe-core finds no serious or critical violation with the consent form or the follow-up panel open.
import type { Locator } from 'playwright-core';
import t from 'tap';
import { sweep } from '../../src/modules/followups/jobs.js';
import { flag, logIn, unfold } from '../helpers/console-browser.js';
import { ALIAS, followupFixture, PERSON, PERSON_LOCAL, startWorker } from '../helpers/followups.js';
import { redisAvailable } from '../helpers/services.js';
import { acceptWhisper, find, LINE_NUMBER, newCallSid, ringIn, webhook } from '../helpers/telephony.js';
import { assertAccessible, chromiumAvailable, launchChromium, newContext, servePage, watchPage } from '../helpers/web.js';

const CALLER = '+4561872345';
const TOLL_FREE = '80 20 30 40';
/** The person's number in any spelling, the alias, and the caller's number. */
const SECRET = new RegExp(`21436587|21 43 65 87|${ALIAS}|61872345|80203040|80 20 30 40`);

if (chromiumAvailable(t, 'the follow-up end-to-end test')) {
  t.test('follow-ups in the console: the consent step, the list, reveal, call via the line, attempts, a due alert', async (t) => {
    if (!(await redisAvailable(t))) return;
    const fx = await servePage((origin) => followupFixture(t, { env: { ALLOWED_ORIGINS: origin } }));
    const { app, fake, origin } = fx;

    const browser = await launchChromium(t);
    // A computer on another clock than the line's: times of day are still shown on the line's (Copenhagen) clock.
    const context = await newContext(browser, { height: 1000, timezoneId: 'America/New_York' });
    const page = await context.newPage();
    const { consoleErrors, violations, failures, socketFrames } = await watchPage(page);
    // Every write to localStorage is recorded as it happens (a value later overwritten would escape a final look).
    // (Strings: this file is type-checked for Node, without the DOM library. Injected by the browser, not eval.)
    await page.addInitScript({
      content: [
        'window.__stored = [];',
        'const setItem = Storage.prototype.setItem;',
        'Storage.prototype.setItem = function (k, v) { window.__stored.push(k + "=" + v); return setItem.call(this, k, v); };',
      ].join('\n'),
    });
    const stored = () => page.evaluate(() => (globalThis as unknown as { __stored: string[] }).__stored.join('\n'));

    // --- log in, a call arrives and ends ---
    await logIn(page, origin, 'pia');
    const panel = page.locator('section.followups');
    await panel.getByRole('heading', { name: 'Opfølgninger' }).waitFor();
    await panel.getByText('Ingen åbne opfølgninger.').waitFor();

    const call = await ringIn(app, CALLER, '1');
    await acceptWhisper(app, call.routed!.twiml);
    await webhook(app, find(call.routed!.twiml, 'Dial')!.attrs.action!, { CallSid: call.callSid, DialCallStatus: 'completed' });
    const item = page.locator(`.awaiting-item[data-call-id="${call.callId}"]`);
    await item.click();

    // --- the outcome: consent opens the contact form ---
    const form = page.locator('form.outcome-form');
    await form.waitFor();
    const consent = page.locator('.consent-step');
    t.notOk(await consent.isVisible(), 'no contact form before consent is chosen');
    await form.getByRole('radiogroup', { name: 'Hvem ringer?' }).getByLabel('Udøver selv').check();
    await form.getByRole('radiogroup', { name: 'Udfald' }).getByLabel('Samtykke til opfølgning').check();
    await consent.getByRole('heading', { name: /Samtykke til opfølgning: kontaktoplysninger/ }).waitFor();
    t.pass('choosing consent opens the contact form');
    await unfold(page, 'Om opkalderen og forløbet');
    await form.getByLabel('Relation til den, der bliver stalket').selectOption('ex_intimate');
    await unfold(page, 'Risikofaktorer');
    await flag(page, 'Har truet med vold', 'Ja');
    await form.locator('.triage-badge', { hasText: 'Høj' }).waitFor();

    // A number the server refuses (toll-free), an alias, a time window, SMS safe.
    await consent.getByLabel('Telefonnummer').fill(TOLL_FREE);
    await consent.getByLabel(/Fornavn eller alias/).fill(ALIAS);
    await consent.getByRole('button', { name: 'Tilføj tidsrum' }).click();
    const windowRow = consent.getByRole('group', { name: 'Tidsrum 1' });
    t.ok(await isFocused(windowRow.getByLabel('Dag')), 'the new window row has the focus');
    await windowRow.getByLabel('Dag').selectOption('tue');
    await windowRow.getByLabel('Fra').fill('10:00');
    await windowRow.getByLabel('Til').fill('12:00');
    await consent.getByRole('radiogroup', { name: /Er det sikkert at sende en sms/ }).getByLabel('Ja').check();
    await form.getByText(/Kladde gemt i browseren/).waitFor();
    const draft = await page.evaluate((key) => (globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage.getItem(key), `stopline.draft.${call.callId}`);
    t.match(draft, /consented_to_followup/, 'the outcome draft is kept');
    t.notMatch(draft, SECRET, 'the draft holds no contact detail');
    await assertAccessible(t, page, 'the outcome form with the consent step open');

    // Nothing is sent while a contact field is missing: SMS unanswered is caught in the page.
    await consent.getByLabel('Telefonnummer').fill('');
    await form.getByRole('button', { name: 'Gem udfald' }).click();
    await consent.getByText('Skriv personens telefonnummer.').waitFor();
    t.ok(await isFocused(consent.getByLabel('Telefonnummer')), 'the focus goes to the phone field');
    t.equal(await consent.getByLabel('Telefonnummer').getAttribute('aria-invalid'), 'true');
    const before = await app.infra.db.query<{ outcome: string | null }>('SELECT outcome FROM calls WHERE id = $1', [call.callId]);
    t.equal(before.rows[0]?.outcome ?? null, null, 'the outcome is not saved while the contact form is incomplete');

    // The outcome saves first; the follow-up is refused on its phone field, shown beside it in Danish.
    await consent.getByLabel('Telefonnummer').fill(TOLL_FREE);
    await form.getByRole('button', { name: 'Gem udfald' }).click();
    await consent.getByText('Et gratisnummer (80…) kan ikke ringes op eller få en sms.').waitFor();
    await consent.getByText(/Udfaldet er gemt, men opfølgningen er ikke oprettet/).waitFor();
    const saved = await app.infra.db.query<{ outcome: string; triage_computed: string }>('SELECT outcome, triage_computed FROM calls WHERE id = $1', [call.callId]);
    t.match(saved.rows[0], { outcome: 'consented_to_followup', triage_computed: 'high' }, 'the outcome was saved first');
    t.equal((await app.infra.db.query('SELECT id FROM followups')).rows.length, 0, 'no follow-up yet');
    // In English the same error reads in English (the page switches in place, keeping what was typed).
    await page.getByRole('button', { name: 'English' }).click();
    await consent.getByText('A toll-free number (80…) cannot be called back or sent an SMS.').waitFor();
    await page.getByRole('button', { name: 'Dansk' }).click();

    await consent.getByLabel('Telefonnummer').fill(PERSON_LOCAL);
    await consent.getByRole('button', { name: 'Gem opfølgningen' }).click();
    await page.locator('.saved').getByRole('heading', { name: 'Udfaldet er gemt' }).waitFor();
    t.pass('corrected, the follow-up is created and the form counts as saved');

    const rows = await app.infra.db.query<{ id: string; priority: string; source: string }>('SELECT id, priority, source FROM followups');
    t.equal(rows.rows.length, 1, 'one follow-up');
    t.match(rows.rows[0], { priority: 'high', source: 'consent' }, 'the triage copied as its priority');
    const followupId = rows.rows[0]!.id;
    const columns = await app.infra.db.query<{ column_name: string }>("SELECT column_name FROM information_schema.columns WHERE table_name = 'followups'");
    t.notOk(columns.rows.some((c) => /call/.test(c.column_name)), 'no column of the follow-up names a call');

    // --- the list ---
    const listItem = panel.locator(`.followup-item[data-followup-id="${followupId}"]`);
    await listItem.waitFor();
    await listItem.getByText('Høj', { exact: true }).waitFor();
    await listItem.getByText('Samtykke efter opkald').waitFor();
    await listItem.getByText(/^Frist /).waitFor();
    await listItem.getByText(/0 forsøg · Næste mulige tid: tirs/).waitFor();
    // The instant as the API gives it (asked from the page, with its session), on Copenhagen's clock.
    const listed = await page.evaluate<{ id: string; nextWindow: string }[]>(`fetch('/api/followups?status=open').then((r) => r.json())`);
    const nextWindow = listed.find((f) => f.id === followupId)!.nextWindow;
    const copenhagen = new Intl.DateTimeFormat('da-DK', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Europe/Copenhagen' }).format(new Date(nextWindow));
    const newYork = new Intl.DateTimeFormat('da-DK', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'America/New_York' }).format(new Date(nextWindow));
    t.not(copenhagen, newYork);
    const shown = await listItem.getByText(/Næste mulige tid/).textContent();
    t.match(shown, copenhagen, `shown on the line's clock (${copenhagen})`);
    t.notMatch(shown, newYork, `not on the browser's (${newYork})`);
    t.notMatch(await page.content(), SECRET, 'after saving, the page has no number or alias');
    t.notMatch(await stored(), SECRET, 'nothing written to localStorage held a contact detail');

    // --- open it by keyboard; reveal (audited), hide ---
    await listItem.focus();
    await page.keyboard.press('Enter');
    const detail = panel.locator(`.followup-detail[data-followup-id="${followupId}"]`);
    await detail.getByRole('heading', { name: /^Opfølgning · frist/ }).waitFor();
    t.notMatch(await page.content(), SECRET, 'opened, it shows no contact detail until asked');
    await detail.getByRole('button', { name: 'Vis kontaktoplysninger' }).click();
    const contact = detail.getByRole('region', { name: 'Kontaktoplysninger' });
    await contact.waitFor();
    t.equal(await contact.locator('[data-field="phone"]').textContent(), PERSON, 'the number, revealed');
    await contact.getByText(ALIAS).waitFor();
    await contact.getByText('Tirsdag 10:00–12:00').waitFor();
    const audit = await app.infra.db.query<{ actor: string }>("SELECT actor FROM audit_log WHERE action = 'contact.viewed' AND subject = $1", [followupId]);
    t.same(audit.rows.map((r) => r.actor), ['pia'], 'the reveal is audited');
    await assertAccessible(t, page, 'the follow-up panel with the contact details revealed');
    await detail.getByRole('button', { name: 'Skjul kontaktoplysninger' }).click();
    t.equal(await contact.count(), 0, 'hidden: the contact details left the page');
    t.notMatch(await page.content(), SECRET, 'hidden, the page has no number again');

    // --- call via the line ---
    await detail.getByRole('button', { name: 'Ring op via linjen' }).click();
    await detail.getByText(/Linjen ringer din telefon op nu/).waitFor();
    const leg = [...fake.calls.values()].find((c) => c.to === fx.staff.pia!.phone && c.url?.includes('/twilio/followup-call'));
    t.ok(leg, 'Twilio (the fake) rings the psychologist first');
    t.equal(leg?.from, LINE_NUMBER, 'with the line as caller id');
    const legSid = newCallSid();
    const whisper = await webhook(app, leg!.url!, { CallSid: legSid, CallStatus: 'in-progress' });
    const dial = await webhook(app, find(whisper.twiml, 'Gather')!.attrs.action!, { CallSid: legSid, Digits: '1' });
    t.equal(find(dial.twiml, 'Number')?.text, PERSON, 'pressing 1 dials the person (the number only in TwiML to Twilio)');

    // --- an unanswered attempt ---
    await detail.getByRole('button', { name: 'Registrér forsøg' }).click();
    await detail.getByText('Vælg et resultat.').waitFor();
    await detail.getByRole('radiogroup', { name: 'Resultat af forsøget' }).getByLabel('Intet svar').check();
    await detail.getByRole('button', { name: 'Registrér forsøg' }).click();
    await detail.getByText('Forsøget er registreret (1 i alt).').waitFor();
    await listItem.getByText(/^1 forsøg/).waitFor();
    // Voicemail was not agreed to: the refusal is explained, not a bare error.
    await detail.getByRole('radiogroup', { name: 'Resultat af forsøget' }).getByLabel('Besked lagt på telefonsvarer').check();
    await detail.getByRole('button', { name: 'Registrér forsøg' }).click();
    await detail.getByText(/Personen har ikke sagt ja til beskeder på telefonsvareren/).waitFor();

    // --- the deadline passes: `followup.due` reaches the console as an alert ---
    const later = new Date(Date.now() + 10 * 86_400_000);
    const jobs = await startWorker(t, app, { now: () => later });
    t.equal((await sweep(jobs.service, app.infra.redis.prefix)).raised, 1, 'the sweep raises the deadline');
    const alert = panel.locator(`.due-alert[data-followup-id="${followupId}"]`);
    await alert.getByText('Frist nået: en opfølgning (prioritet Høj) skal ringes op.').waitFor();
    t.ok(socketFrames.some((f) => f.includes('"followup.due"')), 'it came over the console socket');
    await assertAccessible(t, page, 'the follow-up panel with a due alert and a follow-up open');
    await alert.getByRole('button', { name: 'Åbn opfølgningen' }).click();
    await detail.getByRole('heading', { name: /^Opfølgning · frist/ }).waitFor();
    t.equal(await alert.count(), 0, 'the alert is gone once acted on');

    // --- reached: a final result closes it; status and result only ---
    await detail.getByRole('button', { name: 'Vis kontaktoplysninger' }).click();
    await contact.waitFor();
    await detail.getByRole('radiogroup', { name: 'Resultat af forsøget' }).getByLabel('Talt med: tid aftalt').check();
    await detail.getByRole('button', { name: 'Registrér forsøg' }).click();
    await detail.locator('[data-field="result"]', { hasText: 'Talt med: tid aftalt' }).waitFor();
    t.equal(await detail.locator('[data-field="status"]').textContent(), 'Afsluttet');
    t.equal(await detail.locator('dt').count(), 2, 'a closed follow-up shows status and result only');
    t.equal(await contact.count(), 0, 'the revealed details left the page with the closing');
    t.equal(await detail.getByRole('button', { name: /Vis kontaktoplysninger|Ring op via linjen/ }).count(), 0, 'nothing left to reveal or call');
    await panel.getByText('Ingen åbne opfølgninger.').waitFor();
    await panel.getByLabel('Vis').selectOption('closed');
    await listItem.getByText('Afsluttet: Talt med: tid aftalt').waitFor();
    await detail.waitFor({ state: 'detached' });
    await listItem.click();
    await detail.locator('[data-field="result"]', { hasText: 'Talt med: tid aftalt' }).waitFor();
    await detail.getByRole('button', { name: 'Luk opfølgningen' }).click();
    t.equal(await detail.count(), 0, 'closed: the detail left the page');

    // --- the number never reached the page, the storage, or a live message ---
    t.notMatch(await page.content(), SECRET, 'the page has no contact detail');
    t.notMatch(await stored(), SECRET, 'localStorage never held a contact detail');
    t.ok(socketFrames.length > 0, 'live messages arrived');
    t.notMatch(socketFrames.join('\n'), SECRET, 'no live message has a contact detail');
    t.same(violations, [], 'no Content-Security-Policy violation');
    t.same(failures, ['GET /api/me 401', 'POST /api/followups 400', `POST /api/followups/${followupId}/attempts 400`], 'no unexpected failed request');
    t.same(consoleErrors.filter((m) => !/^Failed to load resource/.test(m)), [], 'no other console errors');
  });
}

function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((el: { ownerDocument: { activeElement: unknown } }) => el === el.ownerDocument.activeElement);
}
