import { Writable } from 'node:stream';
import t from 'tap';
import { createLogger } from '../../../src/infra/logger.js';
import { addPartner } from '../../../src/modules/followups/index.js';
import { redisAvailable, stores } from '../../helpers/services.js';
import { acceptWhisper, find, ringIn, webhook } from '../../helpers/telephony.js';
import { ALIAS, createFollowup, followupFixture, PERSON, redisDump, startWorker, waitFor } from '../../helpers/followups.js';

// Everything a follow-up holds about a person, in every form it could leak in.
const QUEUE_CALLER = '+4531425364';
const PARTNER_PERSON = '+4540302010';
const CASE_REF = 'POL-7788-XYZ';
const PARTNER_ALIAS = 'Marguerite';
const SECRETS = [PERSON, '21436587', '21 43 65 87', ALIAS, QUEUE_CALLER, '31425364', PARTNER_PERSON, '40302010', CASE_REF, PARTNER_ALIAS];
const anySecret = new RegExp(SECRETS.map((s) => s.replace(/[+ ]/g, (c) => `\\${c}`)).join('|'), 'i');

t.test('ciphertext only at rest; no contact detail in Redis (BullMQ keys included) or in the logs', async (t) => {
  if (!(await redisAvailable(t))) return;
  for (const store of await stores(t)) {
    await t.test(store, async (t) => {
      let logText = '';
      const logger = createLogger('trace', new Writable({ write(c: Buffer, _e, done) { logText += c.toString(); done(); } }));
      const { app, fake, psychologist, supervisor } = await followupFixture(t, { store, logger });

      // Twilio fails three times first with a message that quotes the number, as Twilio's messages do.
      fake.failNext(/Messages\.json$/, 500, 20500, `Internal error sending to ${PERSON}`, 3);
      const jobs = await startWorker(t, app, {}, logger);
      const consent = await createFollowup(app, psychologist, { phone: '21 43 65 87', name: ALIAS, smsAllowed: true, voicemailAllowed: true, windows: [{ day: 'mon', from: '00:00', to: '24:00' }, { day: 'tue', from: '00:00', to: '24:00' }, { day: 'wed', from: '00:00', to: '24:00' }, { day: 'thu', from: '00:00', to: '24:00' }, { day: 'fri', from: '00:00', to: '24:00' }, { day: 'sat', from: '00:00', to: '24:00' }, { day: 'sun', from: '00:00', to: '24:00' }] });
      const id = consent.json().id as string;
      const failed = await waitFor('the job waiting to retry', async () => {
        const job = await jobs.queue.getJob(`confirm-${id}`);
        return job && job.attemptsMade >= 1 && (await job.isDelayed()) ? job : undefined;
      }, 30_000);
      t.equal(failed.failedReason, 'twilio_20500', 'the failure reason BullMQ keeps is a code');
      const duringRetry = await redisDump(app.infra.redis.prefix);
      t.ok(duringRetry.includes(`confirm-${id}`), 'the job is in Redis');
      t.notMatch(duringRetry, anySecret, 'no contact detail in Redis while a job waits to retry (its data, reason and stack)');

      const { key } = await addPartner(app.infra.db, 'Politi', '2026-11-01');
      const referral = await app.inject({
        method: 'POST', url: '/api/referrals', headers: { authorization: `Bearer ${key}` },
        payload: { phone: PARTNER_PERSON, name: PARTNER_ALIAS, consentDate: '2026-11-20', smsAllowed: true, caseReference: CASE_REF },
      });
      t.equal(referral.statusCode, 201);
      await createFollowup(app, psychologist, { phone: '+45 21436587 9', smsAllowed: true }); // a wrong number: 400
      const a = await ringIn(app, '+4511000001');
      await acceptWhisper(app, a.routed!.twiml);
      const b = await ringIn(app, QUEUE_CALLER);
      const wait = await webhook(app, find(b.routed!.twiml, 'Enqueue')!.attrs.waitUrl!, { CallSid: b.callSid, QueuePosition: '1' });
      await webhook(app, find(wait.twiml, 'Gather')!.attrs.action!, { CallSid: b.callSid, Digits: '2' });

      await waitFor('both SMS sent', () => fake.messages.filter((m) => m.to === PERSON || m.to === PARTNER_PERSON).length === 2 || undefined, 60_000);
      for (const f of (await app.inject({ method: 'GET', url: '/api/followups', headers: { cookie: psychologist } })).json() as Array<{ id: string }>) {
        await app.inject({ method: 'GET', url: `/api/followups/${f.id}`, headers: { cookie: psychologist } }); // audited views
      }
      await app.inject({ method: 'GET', url: '/api/followups/summary', headers: { cookie: supervisor } });

      // Every table, every row, as text.
      const tables = await app.infra.db.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
      let database = '';
      for (const { table_name } of tables.rows) database += JSON.stringify((await app.infra.db.query(`SELECT * FROM ${table_name}`)).rows);
      const contacts = await app.infra.db.query<{ phone: string }>('SELECT phone FROM followup_contacts');
      t.equal(contacts.rowCount, 3, 'three sealed contact rows');
      t.ok(contacts.rows.every((r) => r.phone.startsWith('v1.')), 'sealed values');
      t.notMatch(database, anySecret, 'no number, alias or case reference in any table');
      t.notMatch(await redisDump(app.infra.redis.prefix), anySecret, 'nor in Redis');
      t.ok(logText.length > 500, 'there were logs to search');
      t.notMatch(logText, anySecret, 'nor in the logs');
    });
  }
});
