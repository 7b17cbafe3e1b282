// The console during a call, in headless Chromium against the real app (fake Twilio): a call ringing for her is
// visible in phone mode, and a keyboard-only path leads from it to a saved outcome; the ended call keeps its
// call-back after a reload, the call-back's progress follows the fake Twilio's status callbacks, Escape closes the
// block form, and two calls awaiting an outcome are told apart.
import t from 'tap';
import { connected, consoleBrowser, logIn, tabTo } from '../helpers/console-browser.js';
import { redisAvailable } from '../helpers/services.js';
import { acceptWhisper, find, newCallSid, ringIn, webhook } from '../helpers/telephony.js';
import { chromiumAvailable, focused, poll, screenshot } from '../helpers/web.js';

const CALLER = '+4528193746';
const OTHER_CALLER = '+4528193747';
const NUMBER_PATTERN = /2819374[6-9]/;

if (chromiumAvailable(t, 'the console call end-to-end test')) {
  t.test('ringing is visible in phone mode; keyboard only from ringing to a saved outcome', async (t) => {
    if (!(await redisAvailable(t))) return;
    const { fx, origin, page, consoleErrors, cspViolations } = await consoleBrowser(t, { psychologists: ['pia', 'ole'] });
    await logIn(page, origin, 'pia');
    t.equal(await focused(page), 'h1 Psykologkonsol', 'after login the focus is on the page heading');
    t.equal(await page.locator('h1').count(), 1, 'one h1');

    // The truth about her switch: the rota shift and its end, colleagues on call.
    await page.getByText('Du er på vagt: opkald ringer på din telefon.').waitFor();
    await page.getByText('Din vagt i rotaen slutter midnat (begyndte kl. 00:00).').waitFor();
    await page.getByText('1 kollega er på vagt.').waitFor();

    const call = await ringIn(fx.app, CALLER, '2');
    const card = page.locator('.call-card');
    await card.getByRole('heading', { name: 'Opkald ringer' }).waitFor();
    await card.getByText('Tag din telefon, og tryk 1 for at besvare.').waitFor();
    await card.locator('.caller-language', { hasText: 'Engelsk' }).waitFor();
    t.match(await page.title(), /^Opkald ringer/, 'the tab title says it rings');
    const sound = card.getByRole('checkbox', { name: 'Ringelyd i browseren' });
    t.ok(await sound.isChecked(), 'the ring sound is on by default');
    await sound.uncheck();
    t.equal(await page.evaluate(() => (globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage.getItem('stopline.ringSound')), 'off', 'and can be turned off (remembered)');

    // After a reload the ringing is rebuilt from the server's state.
    await page.reload();
    await connected(page);
    await card.getByRole('heading', { name: 'Opkald ringer' }).waitFor();
    t.notOk(await card.getByRole('checkbox', { name: 'Ringelyd i browseren' }).isChecked(), 'the sound stays off');
    t.pass('ringing shown in phone mode, and again after a reload');
    await screenshot(page, 'console-ringing', { viewport: true });

    // She answers on her phone: the live card; then the call ends.
    await acceptWhisper(fx.app, call.routed!.twiml);
    await card.getByRole('heading', { name: 'Igangværende opkald' }).waitFor();
    t.notMatch(await page.title(), /^Opkald ringer/);
    await webhook(fx.app, find(call.routed!.twiml, 'Dial')!.attrs.action!, { CallSid: call.callSid, DialCallStatus: 'completed' });
    await card.getByRole('heading', { name: 'Opkaldet er afsluttet' }).waitFor();

    // --- keyboard only: from the page heading to the outcome button, then the form ---
    await page.locator('h1').focus();
    await tabTo(page, /^button Udfyld udfald$/);
    await page.keyboard.press('Enter');
    const form = page.locator(`form.outcome-form[data-call-id="${call.callId}"]`);
    await form.waitFor();
    t.equal(await focused(page), 'input[radio] Ved ikke', 'the form opens on the first acute question');
    // The three acute questions: one tab stop each, the arrow keys choose (Ved ikke → Nej).
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('ArrowLeft');
      t.equal(await focused(page), 'input[radio] Nej', `acute question ${i + 1}: no`);
      await page.keyboard.press('Tab');
    }
    t.equal(await focused(page), 'input[radio] Udøver selv', 'then who is calling');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    t.equal(await focused(page), 'input[radio] Samtykke til opfølgning', 'then the outcome');
    await page.keyboard.press('ArrowDown');
    t.equal(await focused(page), 'input[radio] Kun information');
    // The rest folds: only its summaries are tab stops on the way to the save button.
    const stops = await tabTo(page, /^button Gem udfald$/, 20);
    t.ok(stops <= 8, `${stops} tab stops from the outcome to the save button`);
    await page.keyboard.press('Enter');
    const saved = page.locator('.saved');
    await saved.getByRole('heading', { name: 'Udfaldet er gemt' }).waitFor();
    t.equal(await saved.getAttribute('data-triage'), 'low');
    t.ok(await saved.evaluate((el: { ownerDocument: { activeElement: unknown } }) => el.ownerDocument.activeElement === el), 'the focus is on the saved panel');
    const { rows } = await fx.app.infra.db.query<{ outcome: string; caller_type: string; risk_flags: Record<string, string> }>('SELECT outcome, caller_type, risk_flags FROM calls WHERE id = $1', [call.callId]);
    t.match(rows[0], { outcome: 'information_only', caller_type: 'perpetrator_self', risk_flags: { intent_to_harm_target_now: 'no', at_target_location_now: 'no', attempt_in_progress: 'no' } });

    t.notMatch(await page.content(), NUMBER_PATTERN, 'the page has no number');
    t.same(cspViolations, []);
    t.same(consoleErrors.filter((m) => !/^Failed to load resource/.test(m)), [], 'no console errors');
  });

  t.test('the ended call keeps its call-back after a reload; its progress follows the status callbacks; Escape closes the block form', async (t) => {
    if (!(await redisAvailable(t))) return;
    const { fx, origin, page, socketFrames, consoleErrors } = await consoleBrowser(t);
    await logIn(page, origin, 'pia');
    const card = page.locator('.call-card');

    const first = await ringIn(fx.app, OTHER_CALLER);
    await acceptWhisper(fx.app, first.routed!.twiml);
    await webhook(fx.app, find(first.routed!.twiml, 'Dial')!.attrs.action!, { CallSid: first.callSid, DialCallStatus: 'completed' });
    const call = await ringIn(fx.app, CALLER);
    await acceptWhisper(fx.app, call.routed!.twiml);
    await webhook(fx.app, find(call.routed!.twiml, 'Dial')!.attrs.action!, { CallSid: call.callSid, DialCallStatus: 'completed' });
    await card.getByRole('heading', { name: 'Opkaldet er afsluttet' }).waitFor();

    // Two calls in the same hour, told apart by their end times ("just now").
    const items = page.locator('.awaiting-item');
    await poll(async () => (await items.count()) === 2, 5000);
    const labels = await items.locator('.summary').allTextContents();
    t.equal(labels.length, 2);
    t.not(labels[0], labels[1], `told apart: ${labels.join(' | ')}`);
    for (const label of labels) t.match(label, /^Sluttede kl\. \d\d:\d\d · lige nu · Dansk/);

    // A reload: the ended call, its call-back and its block are still offered.
    await page.reload();
    await connected(page);
    await card.getByRole('heading', { name: 'Opkaldet er afsluttet' }).waitFor();
    const callback = card.getByRole('button', { name: 'Ring opkalderen op' });
    await callback.waitFor();
    t.ok(await callback.isEnabled(), 'call-back still offered after a reload');
    const blockButton = card.getByRole('button', { name: 'Bloker opkalder…' });
    await blockButton.waitFor();

    // Escape closes the block form, and the focus goes back to its button.
    await blockButton.click();
    await card.getByLabel('Antal dage (1–365)').waitFor();
    await page.keyboard.press('Escape');
    t.notOk(await card.locator('.block-form').isVisible(), 'Escape closed the block form');
    t.equal(await blockButton.getAttribute('aria-expanded'), 'false');
    t.equal(await focused(page), 'button Bloker opkalder…', 'the focus is back on the block button');

    // Call back: every step the fake Twilio reports is shown.
    await callback.click();
    const progress = card.locator('.callback-message');
    await progress.getByText('Opkalderen ringes op fra linjens nummer…').waitFor();
    t.ok(await callback.isDisabled(), 'one call-back per call');
    const leg = await (async () => {
      let found;
      await poll(async () => (found = [...fx.fake.calls.values()].find((c) => c.to === CALLER)) !== undefined, 5000);
      return found!;
    })();
    const status = (CallStatus: string) => webhook(fx.app, leg.params.StatusCallback!, { CallSid: leg.sid, CallStatus });
    await status('ringing');
    await progress.getByText('Det ringer hos opkalderen.').waitFor();
    await status('in-progress');
    await progress.getByText(/Opkalderen har taget telefonen/).waitFor();
    const connect = await webhook(fx.app, leg.url!, { CallSid: leg.sid, CallStatus: 'in-progress' });
    const accepted = await webhook(fx.app, find(connect.twiml, 'Gather')!.attrs.action!, { CallSid: leg.sid, Digits: '1' });
    await progress.getByText('Opkalderen sagde ja: nu ringer det hos dig.').waitFor();
    const whisper = await webhook(fx.app, find(accepted.twiml, 'Number')!.attrs.url!, { CallSid: newCallSid() });
    await webhook(fx.app, find(whisper.twiml, 'Gather')!.attrs.action!, { CallSid: newCallSid(), Digits: '1' });
    await progress.getByText('I er forbundet.').waitFor();

    // Blocking meanwhile keeps the call-back's message.
    await blockButton.click();
    await card.getByLabel('Årsag').selectOption('threatening');
    await card.getByRole('button', { name: 'Bloker', exact: true }).click();
    await card.getByText('Opkalderen er blokeret i 30 dage.').waitFor();
    t.equal(await progress.textContent(), 'I er forbundet.', 'the call-back message is still there');

    // A reload rebuilds the progress too.
    await page.reload();
    await connected(page);
    await card.locator('.callback-message').getByText('I er forbundet.').waitFor();
    t.equal(await card.getByRole('button', { name: 'Ring opkalderen op' }).count(), 1);
    t.ok(await card.getByRole('button', { name: 'Ring opkalderen op' }).isDisabled(), 'not offered again');

    // A call-back nobody answers says so.
    await status('completed');
    await card.locator('.callback-message').getByText('Samtalen efter opringningen er afsluttet.').waitFor();
    t.pass('ringing, answered, ringing for her, connected and ended, as Twilio reported them');

    t.notMatch(socketFrames.join('\n'), NUMBER_PATTERN, 'no live message has the number');
    t.notMatch(await page.content(), NUMBER_PATTERN, 'the page has no number');
    t.same(consoleErrors.filter((m) => !/^Failed to load resource/.test(m)), [], 'no console errors');
  });

  t.test('a call-back nobody answers, and one that fails, say so', async (t) => {
    if (!(await redisAvailable(t))) return;
    const { fx, origin, page } = await consoleBrowser(t);
    await logIn(page, origin, 'pia');
    const card = page.locator('.call-card');
    for (const [number, outcome, text] of [[CALLER, 'no-answer', 'Opkalderen svarede ikke.'], [OTHER_CALLER, 'failed', 'Opkaldet til opkalderen kunne ikke gennemføres.']] as const) {
      const call = await ringIn(fx.app, number);
      await acceptWhisper(fx.app, call.routed!.twiml);
      await webhook(fx.app, find(call.routed!.twiml, 'Dial')!.attrs.action!, { CallSid: call.callSid, DialCallStatus: 'completed' });
      await card.getByRole('button', { name: 'Ring opkalderen op' }).click();
      await card.getByText('Opkalderen ringes op fra linjens nummer…').waitFor();
      let leg: { sid: string; params: Record<string, string> } | undefined;
      await poll(async () => (leg = [...fx.fake.calls.values()].find((c) => c.to === number)) !== undefined, 5000);
      await webhook(fx.app, leg!.params.StatusCallback!, { CallSid: leg!.sid, CallStatus: outcome });
      await card.locator('.callback-message').getByText(text).waitFor();
      t.pass(`${outcome}: ${text}`);
    }

    // While she is on a call the next caller waits in the queue: how long the front caller has waited is shown.
    const live = await ringIn(fx.app, '+4528193748');
    await acceptWhisper(fx.app, live.routed!.twiml);
    await card.getByRole('heading', { name: 'Igangværende opkald' }).waitFor();
    const waiting = await ringIn(fx.app, '+4528193749');
    t.ok(find(waiting.routed!.twiml, 'Enqueue'), 'the second caller is queued');
    await page.getByText('1 opkalder venter').waitFor();
    await page.getByText('Den forreste har ventet under 1 min.').waitFor();
  });
}
