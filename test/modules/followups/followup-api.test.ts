import t from 'tap';
import { redisAvailable } from '../../helpers/services.js';
import { ALIAS, createFollowup, followupFixture, PERSON, PERSON_LOCAL, startWorker, waitFor } from '../../helpers/followups.js';

t.test('consent step: create, list without contact details, reveal (audited), attempts to closing and shredding', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { app, fake, psychologist, supervisor } = await followupFixture(t);
  await startWorker(t, app);

  const created = await createFollowup(app, psychologist, {
    phone: PERSON_LOCAL, name: ALIAS, smsAllowed: true, voicemailAllowed: true, language: 'da', priority: 'high',
  });
  t.equal(created.statusCode, 201, created.body);
  const { id } = created.json() as { id: string };
  const repeat = await createFollowup(app, psychologist, { phone: PERSON, name: ALIAS, smsAllowed: true, voicemailAllowed: true, language: 'da', priority: 'high' });
  t.equal(repeat.statusCode, 201);
  t.equal(repeat.json().id, id, 'the same request (the number written another way) within a minute: the same follow-up');

  const sms = await waitFor('the SMS', () => fake.messages.find((m) => m.to === PERSON));
  t.equal(sms.from, app.appConfig.settings.followup.smsSender.da);
  t.notMatch(sms.body + sms.from, /stalk|stop/i, 'nothing names the line or its subject');
  t.match(sms.params, { AddressRetention: 'obfuscate', ContentRetention: 'discard', StatusCallback: 'https://stopline.example/twilio/sms-status' });

  const list = await app.inject({ method: 'GET', url: '/api/followups', headers: { cookie: psychologist } });
  t.equal(list.statusCode, 200);
  t.notMatch(list.body, /21436587|Kvistgaard/, 'the list holds no contact details');
  t.match(list.json(), [{ id, status: 'open', source: 'consent', priority: 'high', attempts: 0 }]);
  t.equal(list.json().length, 1, 'one follow-up for two identical requests');
  await waitFor('sms sent in the list', async () => ((await app.inject({ method: 'GET', url: '/api/followups', headers: { cookie: psychologist } })).json()[0].sms === 'sent'));

  for (const url of ['/api/followups', `/api/followups/${id}`]) {
    t.equal((await app.inject({ method: 'GET', url, headers: { cookie: supervisor } })).statusCode, 403, `supervisors get 403 on ${url}`);
  }
  const summary = await app.inject({ method: 'GET', url: '/api/followups/summary', headers: { cookie: supervisor } });
  t.equal(summary.statusCode, 200);
  t.match(summary.json(), { open: 1, overdue: 0 });
  t.notMatch(summary.body, /21436587|Kvistgaard/);

  const reveal = await app.inject({ method: 'GET', url: `/api/followups/${id}`, headers: { cookie: psychologist } });
  t.equal(reveal.statusCode, 200);
  t.match(reveal.json(), { id, status: 'open', phone: PERSON, name: ALIAS, phoneWithheld: false, smsAllowed: true });
  const audit = await app.infra.db.query<{ action: string; subject: string; details: unknown }>(`SELECT action, subject, details FROM audit_log WHERE action = 'contact.viewed'`);
  t.same(audit.rows.map((r) => r.subject), [id], 'the view is in the audit log');
  t.notMatch(JSON.stringify(audit.rows), /21436587|Kvistgaard/);

  const attempt = (result: string) => app.inject({ method: 'POST', url: `/api/followups/${id}/attempts`, headers: { cookie: psychologist }, payload: { result } });
  t.match((await attempt('no_answer')).json(), { status: 'open', attempts: 1 });
  t.match((await attempt('voicemail_left')).json(), { status: 'open', attempts: 2 });
  t.match((await attempt('reached_booked')).json(), { status: 'closed', result: 'reached_booked' });
  const late = await attempt('no_answer');
  t.equal(late.statusCode, 409, 'an attempt on a closed follow-up');
  const after = await app.inject({ method: 'GET', url: `/api/followups/${id}`, headers: { cookie: psychologist } });
  t.same(after.json(), { id, status: 'closed', result: 'reached_booked' }, 'after closing: status and result only');
  t.equal((await app.infra.db.query('SELECT 1 FROM followup_contacts')).rowCount, 0, 'the contact details are shredded');
  const done = await app.inject({ method: 'GET', url: '/api/followups/summary', headers: { cookie: supervisor } });
  t.match(done.json(), { open: 0, medianWorkingDaysToFirstContact: 0, firstContacts: 1 });
});

t.test('bad input: clear 4xx naming the field, never the number', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { app, psychologist } = await followupFixture(t);
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ phone: '12345', smsAllowed: true }, 'body.phone'],
    [{ phone: '80 12 34 56', smsAllowed: true }, 'body.phone'],
    [{ phone: '90 12 34 56', smsAllowed: true }, 'body.phone'],
    [{ phone: '+1 800 555 1212', smsAllowed: true }, 'body.phone'],
    [{ phone: PERSON }, 'body.smsAllowed'],
    // An unknown key is refused without repeating its name (a key is input too, and could hold a number).
    [{ phone: PERSON, smsAllowed: true, cpr: '0101901234' }, 'unknown fields are not accepted'],
    [{ phone: PERSON, smsAllowed: true, windows: [{ day: 'mon', from: '12:00', to: '09:00' }] }, 'body.windows.0.to'],
    [{ phone: PERSON, smsAllowed: true, language: 'fr' }, 'body.language'],
  ];
  for (const [payload, field] of cases) {
    const res = await createFollowup(app, psychologist, payload);
    t.equal(res.statusCode, 400, `${field}: ${res.body}`);
    t.match(res.body, field);
    t.notMatch(res.body, /1234 ?56|555 ?1212|21436587|0101901234/, 'the submitted value is not echoed');
  }
  const id = (await createFollowup(app, psychologist, { phone: PERSON, smsAllowed: false })).json().id as string;
  const voicemail = await app.inject({ method: 'POST', url: `/api/followups/${id}/attempts`, headers: { cookie: psychologist }, payload: { result: 'voicemail_left' } });
  t.equal(voicemail.statusCode, 400, 'voicemail was not allowed');
  t.match(voicemail.body, 'body.result');
  const unknown = await app.inject({ method: 'POST', url: `/api/followups/${id}/attempts`, headers: { cookie: psychologist }, payload: { result: 'maybe' } });
  t.equal(unknown.statusCode, 400);
  const missing = await app.inject({ method: 'GET', url: '/api/followups/7f0e4c2a-9a43-4c55-8d4e-3f4f0f1b2c3d', headers: { cookie: psychologist } });
  t.equal(missing.statusCode, 404);
  t.equal((await createFollowup(app, '', { phone: PERSON, smsAllowed: true })).statusCode, 401);
});
