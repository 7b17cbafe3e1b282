import t from 'tap';
import { acceptWhisper, find, LINE_NUMBER, newCallSid, ringIn, webhook, callerFields } from '../../helpers/telephony.js';
import { redisAvailable } from '../../helpers/services.js';
import { followupFixture, PERSON, redisDump } from '../../helpers/followups.js';
import { addUser, login } from '../../helpers/users.js';

t.test('a queued caller presses 2: the sealed number moves into a follow-up, which is worked by "call via the line" only', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { app, fake, staff, psychologist } = await followupFixture(t);
  const responses: string[] = [];
  const api = async (method: 'GET' | 'POST', url: string, cookie = psychologist, payload?: Record<string, unknown>) => {
    const res = await app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
    responses.push(res.body);
    return res;
  };

  const a = await ringIn(app, '+4511000001');
  await acceptWhisper(app, a.routed!.twiml); // pia is talking
  const b = await ringIn(app, PERSON, '2');
  const enqueue = find(b.routed!.twiml, 'Enqueue')!;
  t.ok(enqueue, 'the caller waits in the queue');
  const wait = await webhook(app, enqueue.attrs.waitUrl!, { CallSid: b.callSid, QueuePosition: '1', QueueTime: '30' });
  const gather = find(wait.twiml, 'Gather')!;
  t.ok(gather, 'the wait loop listens for a key');
  t.match(find(gather, 'Say')!.text, /press 2.*kept encrypted until we call you back, and then deleted/i);
  t.notMatch(gather.attrs.action!, /21436587/);

  const other = await webhook(app, gather.attrs.action!, { CallSid: b.callSid, Digits: '5' });
  t.notOk(find(other.twiml, 'Hangup'), 'another key: back to waiting');
  const pressed = await webhook(app, gather.attrs.action!, { CallSid: b.callSid, Digits: '2' });
  t.match(find(pressed.twiml, 'Say')!.text, /call you back/);
  t.ok(find(pressed.twiml, 'Hangup'));
  t.equal(await app.infra.redis.client.exists(`callback:${b.callId}`), 0, 'the sealed number left Redis');
  const again = await webhook(app, gather.attrs.action!, { CallSid: b.callSid, Digits: '2' });
  t.notOk(find(again.twiml, 'Hangup'), 'a retried key press creates no second follow-up');
  await webhook(app, enqueue.attrs.action!, { CallSid: b.callSid, QueueResult: 'hangup', QueueTime: '35' });

  const list = await api('GET', '/api/followups');
  t.equal(list.json().length, 1);
  const item = list.json()[0] as { id: string; source: string; language: string; sms: string };
  t.match(item, { source: 'queue', language: 'en', sms: 'not_allowed' });
  const columns = await app.inject({ method: 'GET', url: `/api/followups/${item.id}`, headers: { cookie: psychologist } });
  responses.push(columns.body);
  t.match(columns.json(), { phone: null, phoneWithheld: true, name: null }, 'the number is never shown');

  // Call via the line: Twilio rings pia first, from the line's number; the TwiML of the second step dials the person.
  const started = await api('POST', `/api/followups/${item.id}/call`);
  t.equal(started.statusCode, 202);
  const leg = [...fake.calls.values()].find((c) => c.to === staff.pia!.phone && c.url?.includes('/twilio/followup-call'))!;
  t.ok(leg, 'Twilio rings the psychologist');
  t.equal(leg.from, LINE_NUMBER, 'with the line as caller id');
  t.notMatch(leg.url!, /21436587/, 'no number in the URL');
  const dump = await redisDump(app.infra.redis.prefix);
  t.ok(dump.includes('followup-call:'), 'the call token is in Redis');
  t.notMatch(dump, /21436587/, 'Redis holds no number, sealed or plain, for the line call');
  const whisper = await webhook(app, leg.url!, { CallSid: newCallSid(), CallStatus: 'in-progress' });
  const accept = find(whisper.twiml, 'Gather')!;
  t.match(find(accept, 'Say')!.text, /Press 1/);
  t.ok(find(await webhook(app, accept.attrs.action!, { CallSid: newCallSid(), Digits: '9' }).then((r) => r.twiml), 'Hangup'), 'no key 1, no call');
  const dial = await webhook(app, accept.attrs.action!, { CallSid: newCallSid(), Digits: '1' });
  t.equal(find(dial.twiml, 'Dial')!.attrs.callerId, LINE_NUMBER);
  t.equal(find(dial.twiml, 'Number')!.text, PERSON, 'the person is dialled (the number only in TwiML to Twilio)');
  const forged = await webhook(app, `/twilio/followup-call-accept?t=${'x'.repeat(24)}`, { CallSid: newCallSid(), Digits: '1' });
  t.ok(find(forged.twiml, 'Hangup'), 'an unknown token dials nobody');

  const closed = await api('POST', `/api/followups/${item.id}/attempts`, psychologist, { result: 'reached_booked' });
  t.match(closed.json(), { status: 'closed' });
  t.equal((await api('POST', `/api/followups/${item.id}/call`)).statusCode, 409, 'a closed follow-up cannot be called');
  t.ok(find((await webhook(app, accept.attrs.action!, { CallSid: newCallSid(), Digits: '1' })).twiml, 'Hangup'), 'its token dials nobody now');

  await addUser(app, 'pernille', ['psychologist']);
  const noPhone = await login(app, 'pernille');
  const other2 = await app.inject({ method: 'POST', url: '/api/followups', headers: { cookie: psychologist }, payload: { phone: '+4521436599', smsAllowed: false } });
  t.equal((await api('POST', `/api/followups/${other2.json().id}/call`, noPhone)).statusCode, 409, 'no phone to ring first');

  for (const body of responses) t.notMatch(body, /21436587/, 'no API response holds the number');
});

t.test('a withheld number is not offered the call-back; the prompt stays plain', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { app } = await followupFixture(t);
  const a = await ringIn(app, '+4511000001');
  await acceptWhisper(app, a.routed!.twiml);
  const callSid = newCallSid();
  const greeting = await webhook(app, '/twilio/voice', { CallSid: callSid, CallStatus: 'ringing', ...callerFields('anonymous') });
  const routed = await webhook(app, find(greeting.twiml, 'Gather')!.attrs.action!, { CallSid: callSid, Digits: '1' });
  const wait = await webhook(app, find(routed.twiml, 'Enqueue')!.attrs.waitUrl!, { CallSid: callSid, QueuePosition: '1' });
  t.notOk(find(wait.twiml, 'Gather'), 'no key to press');
  t.notMatch(find(wait.twiml, 'Say')!.text, /tryk 2/i);
});
