import { Redis } from 'ioredis';
import t from 'tap';
import { eventsChannel } from '../../../src/modules/telephony/call-events.js';
import { purge, sweep } from '../../../src/modules/followups/jobs.js';
import { deleteKeys, redisAvailable, TEST_REDIS_URL } from '../../helpers/services.js';
import { signedRequest } from '../../helpers/telephony.js';
import { createFollowup, followupFixture, PERSON, startWorker, waitFor } from '../../helpers/followups.js';

const listed = async (app: import('fastify').FastifyInstance, cookie: string, id: string) =>
  ((await app.inject({ method: 'GET', url: '/api/followups?status=all', headers: { cookie } })).json() as Array<Record<string, unknown>>).find((f) => f.id === id);

t.test('the confirmation SMS: permanent and transient Twilio errors, delivery reports, time windows', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { app, fake, psychologist } = await followupFixture(t);
  const jobs = await startWorker(t, app);
  const create = async (phone: string, extra: Record<string, unknown> = {}) => {
    const res = await createFollowup(app, psychologist, { phone, smsAllowed: true, ...extra });
    t.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  };

  fake.failNext(/Messages\.json$/, 400, 21614, `The 'To' number ${PERSON} is not a valid mobile number`);
  const landline = await create(PERSON);
  await waitFor('sms not possible', async () => (await listed(app, psychologist, landline))?.sms === 'not_possible');
  t.match(await listed(app, psychologist, landline), { flag: 'sms_not_possible', status: 'open' }, 'the follow-up stays open, flagged');
  t.equal(fake.messages.length, 0, 'a permanent error is not retried');

  fake.failNext(/Messages\.json$/, 429, 20429, 'Too Many Requests', 2);
  const busy = await create('+4521436500');
  await waitFor('sent after two rate-limit answers', async () => (await listed(app, psychologist, busy))?.sms === 'sent', 30_000);
  t.equal(fake.messages.filter((m) => m.to === '+4521436500').length, 1, 'one SMS after the retries');

  fake.failNext(/Messages\.json$/, 503, 20503, 'Service unavailable');
  const outage = await create('+4521436501');
  await waitFor('sent after a 5xx', async () => (await listed(app, psychologist, outage))?.sms === 'sent', 30_000);

  // Delivery reports: signed like every Twilio webhook; 30006 (landline) means SMS is not possible after all.
  const report = (sid: string, status: 'delivered' | 'undelivered', code?: number) => {
    const cb = fake.statusCallback(sid, status, code)!;
    return app.inject(signedRequest(new URL(cb.url).pathname, cb.params));
  };
  const sentTo = (phone: string) => fake.messages.find((m) => m.to === phone)!.sid;
  t.equal((await report(sentTo('+4521436500'), 'undelivered', 30006)).statusCode, 204);
  t.match(await listed(app, psychologist, busy), { sms: 'not_possible', flag: 'sms_not_possible' });
  t.equal((await report(sentTo('+4521436501'), 'delivered')).statusCode, 204);
  t.match(await listed(app, psychologist, outage), { sms: 'delivered', flag: null });
  const unsigned = await app.inject({ method: 'POST', url: '/twilio/sms-status', payload: 'MessageSid=SM1&MessageStatus=failed', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  t.equal(unsigned.statusCode, 403, 'an unsigned report is refused');

  // A window that is not now: the job waits (delayed) instead of sending.
  const now = new Date();
  const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
  const inTwoDays = weekdays[(now.getUTCDay() + 2) % 7];
  const later = await create('+4521436502', { windows: [{ day: inTwoDays, from: '10:00', to: '11:00' }] });
  const job = await waitFor('the confirm job delayed', async () => {
    const j = await jobs.queue.getJob(`confirm-${later}`);
    return j && (await j.isDelayed()) ? j : undefined;
  });
  t.ok(job.delay > 24 * 3600_000, 'it waits for the person\'s window');
  t.equal(fake.messages.filter((m) => m.to === '+4521436502').length, 0);
  t.match(await listed(app, psychologist, later), { sms: 'pending', nextWindow: /T/ });
});

t.test('deadlines: kept in the database, raised once at the deadline (job and sweep), seen by supervisors as overdue', async (t) => {
  if (!(await redisAvailable(t))) return;
  let clock = new Date('2026-12-04T10:00:00Z'); // a Friday
  const { app, psychologist, supervisor } = await followupFixture(t, { settings: { closures: ['2026-12-08'] }, now: () => clock });
  const created = await createFollowup(app, psychologist, { phone: PERSON, smsAllowed: false });
  const id = created.json().id as string;
  t.match(await listed(app, psychologist, id), { dueDate: '2026-12-09', overdue: false }, 'Friday + 2 working days, past the weekend and a closure');

  const subscriber = new Redis(TEST_REDIS_URL);
  t.teardown(() => subscriber.disconnect());
  const events: Array<Record<string, unknown>> = [];
  subscriber.on('message', (_c, m) => events.push(JSON.parse(m) as Record<string, unknown>));
  await subscriber.subscribe(eventsChannel(app.infra.redis.prefix));

  clock = new Date('2026-12-10T09:00:00Z'); // the morning after the deadline
  const jobs = await startWorker(t, app, { now: () => clock });
  const raised = await sweep(jobs.service, app.infra.redis.prefix);
  await sweep(jobs.service, app.infra.redis.prefix);
  t.equal(raised.raised, 1);
  await waitFor('the console event', () => events.some((e) => e.type === 'followup.due'));
  t.same(events.filter((e) => e.type === 'followup.due').map((e) => ({ ...e, at: undefined })), [{ type: 'followup.due', followupId: id, priority: 'not_assessed', at: undefined }], 'once, with the id only');
  t.match((await app.inject({ method: 'GET', url: '/api/followups/summary', headers: { cookie: supervisor } })).json(), { open: 1, overdue: 1, dueToday: 0 });
  t.match(await listed(app, psychologist, id), { overdue: true });
});

t.test('a Redis that lost its data loses no accepted follow-up: the sweep re-creates the SMS and raises the deadlines', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { app, fake, psychologist } = await followupFixture(t, { now: () => new Date(Date.now() - 10 * 86_400_000) });
  const subscriber = new Redis(TEST_REDIS_URL);
  t.teardown(() => subscriber.disconnect());
  const events: string[] = [];
  subscriber.on('message', (_c, m) => events.push(m));
  await subscriber.subscribe(eventsChannel(app.infra.redis.prefix));

  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push((await createFollowup(app, psychologist, { phone: `+452143651${i}`, smsAllowed: true })).json().id as string);
  // Redis restarts without its data (no AOF): every job and key of this app is gone.
  await deleteKeys(`${app.infra.redis.prefix}:*`);
  await startWorker(t, app);
  await waitFor('every SMS', () => fake.messages.length >= 5 && fake.messages.length);
  await new Promise((r) => setTimeout(r, 500));
  t.same(fake.messages.map((m) => m.to).sort(), ids.map((_, i) => `+452143651${i}`), 'each follow-up got its SMS, once, from the sweep');
  await waitFor('due events from the sweep', () => events.filter((e) => e.includes('followup.due')).length === 5);
});

t.test('the purge shreds what is past retention and nothing else', async (t) => {
  if (!(await redisAvailable(t))) return;
  let clock = new Date();
  const { app, psychologist } = await followupFixture(t, { settings: { retention: { contactDays: 30, notesDays: 30 } }, now: () => clock });
  const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000);
  const make = async (daysAgo: number, phone: string) => {
    clock = at(daysAgo);
    return (await createFollowup(app, psychologist, { phone, smsAllowed: false })).json().id as string;
  };
  const old = await make(45, '+4521436520');
  const due = await make(30, '+4521436521');
  const young = await make(29, '+4521436522');
  const fresh = await make(0, '+4521436523');
  clock = new Date();
  const jobs = await startWorker(t, app);
  t.equal(await purge(jobs.service), 2, 'the 45- and 30-day-old follow-ups');
  t.equal(await purge(jobs.service), 0, 'a second run finds nothing more');
  const contacts = await app.infra.db.query<{ followup_id: string }>('SELECT followup_id FROM followup_contacts ORDER BY followup_id');
  t.same(contacts.rows.map((r) => r.followup_id).sort(), [young, fresh].sort(), 'the younger ones keep their details');
  for (const id of [old, due]) t.match(await listed(app, psychologist, id), { status: 'closed', result: 'expired' });
});
