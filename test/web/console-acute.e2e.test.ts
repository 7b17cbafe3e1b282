// The console's acute path and its accessibility, in headless Chromium against the real app (fake Twilio): the
// emergency protocol as a checklist (the back-up duty by name and number, or plainly "not set"), the focus staying
// on the question answered, the warning before an acute outcome is saved with no escalation, correction within the
// grace period; axe-core on the login page, the idle console and the open form; a missing phone explained in Danish.
import t from 'tap';
import { connected, consoleBrowser, flag, flagAnswer, logIn } from '../helpers/console-browser.js';
import { redisAvailable } from '../helpers/services.js';
import { acceptWhisper, find, ringIn, webhook } from '../helpers/telephony.js';
import { addUser } from '../helpers/users.js';
import { axeSerious, chromiumAvailable, screenshot } from '../helpers/web.js';

const CALLER = '+4528193746';
const BACKUP = { name: 'Bente Bagvagt', phone: '+4522334455' };

if (chromiumAvailable(t, 'the acute checklist end-to-end test')) {
  t.test('the acute checklist, the warning, correction in the grace period; axe-core finds nothing serious', async (t) => {
    if (!(await redisAvailable(t))) return;
    const { fx, origin, page, consoleErrors, cspViolations, failures } = await consoleBrowser(t, { settings: { backupDuty: BACKUP } });

    await page.goto(`${origin}/`);
    await page.getByLabel('Brugernavn').waitFor();
    t.same(await axeSerious(page), [], 'login page: no serious or critical axe-core violation');
    await logIn(page, origin, 'pia');
    await page.getByText('Du er på vagt: opkald ringer på din telefon.').waitFor();
    t.same(await axeSerious(page), [], 'idle console: no serious or critical axe-core violation');
    t.equal(await page.getByRole('button', { name: 'English', exact: true }).textContent(), 'English', 'the language button is named by its text');

    const call = await ringIn(fx.app, CALLER);
    await acceptWhisper(fx.app, call.routed!.twiml);
    await webhook(fx.app, find(call.routed!.twiml, 'Dial')!.attrs.action!, { CallSid: call.callSid, DialCallStatus: 'completed' });
    const item = page.locator(`.awaiting-item[data-call-id="${call.callId}"]`);
    await item.click();
    const form = page.locator('form.outcome-form');
    await form.waitFor();
    t.same(await axeSerious(page), [], 'the open form: no serious or critical axe-core violation');

    // The acute questions come first in the form.
    const firstLegend = await form.locator('fieldset legend').first().textContent();
    t.equal(firstLegend, 'Vil skade personen nu', 'the first question is an acute one');

    // --- acute: the checklist, in the flow of the form, the focus where it was ---
    const emergency = form.locator('.emergency');
    t.notOk(await emergency.isVisible());
    const answer = flagAnswer(page, 'Vil skade personen nu', 'Ja');
    await flagAnswer(page, 'Vil skade personen nu', 'Ved ikke').focus();
    await page.keyboard.press('ArrowLeft'); // Ved ikke → Nej
    await page.keyboard.press('ArrowLeft'); // Nej → Ja
    await emergency.waitFor();
    t.ok(await answer.isChecked());
    t.ok(await answer.evaluate((el: { ownerDocument: { activeElement: unknown } }) => el.ownerDocument.activeElement === el), 'the focus stayed on the question');
    await emergency.getByRole('alert').getByText('Triagen er akut. Følg trinene herunder.').waitFor();
    const steps = await emergency.locator('ol > li').allTextContents();
    t.match(steps[0], /Hold opkalderen i røret/);
    t.match(steps[1], /Ring 112/);
    t.match(steps[2], /Ring bagvagten: Bente Bagvagt, \+4522334455/);
    t.equal(await emergency.getByRole('link', { name: '+4522334455' }).getAttribute('href'), 'tel:+4522334455');
    t.match(steps[3], /Afværgepligt \(straffelovens § 141\)/);
    t.match(steps[4], /Kryds af, hvad du har gjort/);
    t.equal(await emergency.getByRole('checkbox').count(), 5, 'the escalation boxes are inside the checklist');
    t.equal(await emergency.evaluate((el: { ownerDocument: { defaultView: { getComputedStyle(e: unknown): { position: string } } } }) => el.ownerDocument.defaultView.getComputedStyle(el).position), 'static', 'not sticky: it covers no form row');
    t.same(await axeSerious(page), [], 'the form with the protocol: no serious or critical axe-core violation');
    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    await screenshot(page, 'console-acute', { viewport: true });

    // --- saving with no escalation is warned about (not blocked) ---
    await form.getByRole('radiogroup', { name: 'Hvem ringer?' }).getByLabel('Udøver selv').check();
    await form.getByRole('radiogroup', { name: 'Udfald' }).getByLabel('Samtykke til opfølgning').check();
    const contact = page.locator('.consent-step'); // consent opens the contact step (test/web/followups.e2e.test.ts)
    await contact.getByLabel('Telefonnummer').fill('+4521436599');
    await contact.getByRole('radiogroup', { name: /Er det sikkert at sende en sms/ }).getByLabel('Nej').check();
    await form.getByRole('button', { name: 'Gem udfald' }).click();
    const warning = page.locator('.acute-warning');
    await warning.getByText('Akut triage uden eskalering').waitFor();
    await warning.getByText(/kun »Samtykke til opfølgning«. En opfølgning afværger ikke en akut fare/).waitFor();
    t.ok(await warning.evaluate((el: { ownerDocument: { activeElement: unknown } }) => el.ownerDocument.activeElement === el), 'the warning takes the focus');
    t.equal((await fx.app.infra.db.query('SELECT 1 FROM calls WHERE id = $1 AND outcome IS NOT NULL', [call.callId])).rowCount, 0, 'nothing saved yet');
    await warning.getByRole('button', { name: 'Tilbage til nødprotokollen' }).click();
    t.ok(await emergency.getByRole('checkbox', { name: 'Opkalder rådet til at ringe 112' }).evaluate((el: { ownerDocument: { activeElement: unknown } }) => el.ownerDocument.activeElement === el), 'back at the escalation boxes');
    await form.getByRole('button', { name: 'Gem udfald' }).click();
    await warning.getByRole('button', { name: 'Gem alligevel' }).click();
    const saved = page.locator('.saved');
    await saved.getByRole('heading', { name: 'Udfaldet er gemt' }).waitFor();
    t.equal(await saved.getAttribute('data-triage'), 'acute');
    t.same((await fx.app.infra.db.query<{ escalations: string[] }>('SELECT escalations FROM calls WHERE id = $1', [call.callId])).rows[0]?.escalations, [], 'saved anyway, with no escalation');

    // --- correction within the grace period, from the saved panel ---
    await saved.getByText(/Du kan rette udfaldet indtil kl\. \d\d:\d\d/).waitFor();
    await saved.getByRole('button', { name: 'Ret udfaldet' }).click();
    const correction = page.locator(`form.outcome-form[data-call-id="${call.callId}"]`);
    await correction.waitFor();
    await page.getByRole('heading', { name: 'Ret udfaldet' }).waitFor();
    t.ok(await flagAnswer(page, 'Vil skade personen nu', 'Ja').isChecked(), 'the saved answers are back in the form');
    t.ok(await correction.getByRole('radiogroup', { name: 'Udfald' }).getByLabel('Samtykke til opfølgning').isChecked());
    t.notOk(await page.locator('.consent-step').isVisible(), 'the follow-up was made with the first save: a correction offers no second one');
    await correction.locator('.emergency').getByRole('checkbox', { name: 'Supervisor kontaktet' }).check();
    await correction.getByRole('radiogroup', { name: 'Udfald' }).getByLabel('Akut eskaleret').check();
    await correction.getByRole('button', { name: 'Gem rettelsen' }).click();
    await saved.getByRole('heading', { name: 'Udfaldet er gemt' }).waitFor();
    const corrected = (await fx.app.infra.db.query<{ escalations: string[]; outcome: string }>('SELECT escalations, outcome FROM calls WHERE id = $1', [call.callId])).rows[0];
    t.match(corrected, { escalations: ['supervisor_consulted'], outcome: 'emergency_escalated' }, 'the correction was saved');
    t.equal(await page.locator('.acute-warning:not([hidden])').count(), 0, 'no warning once an escalation is ticked');

    // Opened again and closed without a change: back at the saved panel.
    await saved.getByRole('button', { name: 'Ret udfaldet' }).click();
    await page.getByRole('button', { name: 'Luk uden at rette' }).click();
    await saved.getByRole('heading', { name: 'Udfaldet er gemt' }).waitFor();

    // The grace period passes (what its key's TTL does): the page says so in Danish.
    await saved.getByRole('button', { name: 'Ret udfaldet' }).waitFor();
    await fx.app.infra.redis.client.del(`outcome-grace:${call.callId}`);
    await saved.getByRole('button', { name: 'Ret udfaldet' }).click();
    await saved.getByText('Tiden til at rette udfaldet er gået.').waitFor();
    t.notOk(await page.getByText(/can no longer be changed/).count(), "not the server's English");

    t.same(cspViolations, []);
    t.same(failures, ['GET /api/me 401', 'GET /api/me 401', `GET /api/calls/${call.callId}/outcome 409`], 'no unexpected failed request');
    t.same(consoleErrors.filter((m) => !/^Failed to load resource/.test(m)), [], 'no console errors');
  });

  t.test('no back-up duty set: said plainly; a missing phone is explained in Danish, with what to do', async (t) => {
    if (!(await redisAvailable(t))) return;
    const { fx, origin, page } = await consoleBrowser(t);
    // Uffe is a psychologist with no phone, not on the rota.
    await addUser(fx.app, 'uffe', ['psychologist']);
    await logIn(page, origin, 'uffe');
    await page.getByText('Du tager ikke opkald.').waitFor();
    await page.getByText(/Der er ikke registreret et telefonnummer til dig, så opkald kan ikke ringe på en telefon\. Vælg »her i browseren«, eller bed en administrator om at tilføje dit nummer\./).waitFor();
    await page.getByText('1 kollega er på vagt.').waitFor();
    await page.getByText('Du har ingen vagt i rotaen lige nu.').waitFor();

    // Switching on by phone: the server refuses (no_phone), and the page says it in Danish.
    await page.getByRole('switch', { name: 'Jeg tager opkald nu' }).check();
    await page.getByRole('alert').filter({ hasText: 'Vagten blev ikke ændret. Du har ikke et telefonnummer registreret.' }).waitFor();
    t.notOk(await page.getByText(/No phone number is registered/).count(), "not the server's English");
    t.notOk(await page.getByRole('switch', { name: 'Jeg tager opkald nu' }).isChecked(), 'still off');

    // In the browser, with Twilio out of reach: he is told plainly that he cannot be reached.
    await page.getByRole('radio', { name: 'her i browseren' }).check();
    await page.getByRole('switch', { name: 'Jeg tager opkald nu' }).check();
    await page.getByText('Du kan ikke nås lige nu: browser-telefonen er ikke forbundet, og du har ikke et telefonnummer registreret.').waitFor({ timeout: 20_000 });
    t.equal(await page.getByText('Du er på vagt: opkald ringer her i browseren.').count(), 0);

    // In English, the same truths.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('You cannot be reached right now: the browser phone is not connected and you have no phone number registered.').waitFor();
    await page.getByRole('button', { name: 'Dansk' }).click();

    // The back-up duty is not set: the checklist says so.
    await page.getByRole('button', { name: 'Log ud' }).click();
    await page.getByText('Du er logget ud.').waitFor();
    await logIn(page, origin, 'pia');
    const call = await ringIn(fx.app, CALLER);
    await acceptWhisper(fx.app, call.routed!.twiml);
    await page.locator('.call-card').getByRole('button', { name: 'Udfyld udfald' }).click();
    await flag(page, 'Et forsøg på at skade nogen er i gang lige nu', 'Ja');
    await page.locator('.emergency').getByText('Ring bagvagten: ikke angivet. Ring din supervisor, og bed en administrator om at angive en bagvagt.').waitFor();
    t.pass('"not set", plainly');
    await connected(page);
  });
}
