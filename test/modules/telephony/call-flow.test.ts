import t from 'tap';
import { getCallRecord } from '../../../src/modules/calls/calls-repository.js';
import { redisAvailable } from '../../helpers/services.js';
import {
  acceptWhisper, allText, find, findAll, LINE_NUMBER, newCallSid, ringIn, telephonyFixture, webhook, callerFields,
} from '../../helpers/telephony.js';

const CALLER = '+4511223344';

t.test('open: greeting with the anonymity statement, language, whisper, answer, end', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { app, staff } = await telephonyFixture(t);
  const { callSid, callId, greeting, routed } = await ringIn(app, CALLER, '2');

  t.equal(greeting.status, 200);
  const gather = find(greeting.twiml, 'Gather')!;
  t.match(gather.attrs, { numDigits: '1', method: 'POST' });
  const says = findAll(gather, 'Say');
  t.same(says.map((s) => s.attrs.language), ['da-DK', 'en-GB']);
  t.match(says[0]!.text, /hverken vist eller gemt/);
  t.match(says[1]!.text, /neither shown nor stored/);
  t.equal(find(greeting.twiml, 'Redirect')?.text, gather.attrs.action, 'no key press: on to the language step (Danish)');
  t.match((await getCallRecord(app.infra.db, callId!))!, { status: 'ringing', language: 'en' });

  const dial = find(routed!.twiml, 'Dial')!;
  t.equal(find(routed!.twiml, 'Say')!.attrs.language, 'en-GB', 'English was chosen');
  t.match(dial.attrs, { callerId: LINE_NUMBER, answerOnBridge: 'true', timeout: '20' });
  const number = find(dial, 'Number')!;
  t.equal(number.text, staff.pia!.phone, "the psychologist's own phone rings");
  t.match(number.attrs.url, /\/twilio\/whisper\?call=.*&user=.*&via=phone/);

  const accepted = await acceptWhisper(app, routed!.twiml);
  t.equal(accepted.body.includes('<Hangup'), false, 'pressing 1 bridges the call');
  const answered = (await getCallRecord(app.infra.db, callId!))!;
  t.match(answered, { status: 'answered', language: 'en', answered_by: staff.pia!.id });
  t.ok(answered.answer_wait_s !== null && answered.answer_wait_s % 10 === 0, 'time to answer is rounded to 10 s');

  const ended = await webhook(app, dial.attrs.action!, { CallSid: callSid, CallStatus: 'in-progress', DialCallStatus: 'completed', DialCallDuration: '312' });
  t.ok(find(ended.twiml, 'Hangup'));
  const record = (await getCallRecord(app.infra.db, callId!))!;
  t.match(record, { status: 'answered', duration_band: '<5', queue_band: 'none' });
  t.match(record.call_date, /^\d{4}-\d{2}-\d{2}$/);
  t.ok(record.hour_band >= 0 && record.hour_band <= 23);

  const status = await webhook(app, '/twilio/status', { CallSid: callSid, CallStatus: 'completed', SequenceNumber: '3', CallDuration: '340' });
  t.equal(status.status, 204);
  t.equal((await getCallRecord(app.infra.db, callId!))!.status, 'answered', 'the final status callback changes nothing');
});

t.test('a key other than 1 in the whisper (or a voicemail box) does not take the call', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { app } = await telephonyFixture(t);
  const { callId, routed } = await ringIn(app, CALLER);
  const number = find(routed!.twiml, 'Number')!;
  const whisper = await webhook(app, number.attrs.url!, { CallSid: newCallSid() });
  t.ok(find(whisper.twiml, 'Gather'), 'the whisper waits for a key');
  t.ok(find(whisper.twiml, 'Hangup'), 'and hangs up the psychologist leg without one');
  const declined = await webhook(app, find(whisper.twiml, 'Gather')!.attrs.action!, { Digits: '9' });
  t.ok(find(declined.twiml, 'Hangup'));
  t.equal((await getCallRecord(app.infra.db, callId!))!.status, 'ringing');
});

t.test('the caller hangs up just before the psychologist presses 1: the call is not answered', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { app } = await telephonyFixture(t);
  const call = await ringIn(app, CALLER);
  const number = find(call.routed!.twiml, 'Number')!;
  const whisper = await webhook(app, number.attrs.url!, { CallSid: newCallSid() });
  await webhook(app, '/twilio/status', { CallSid: call.callSid, CallStatus: 'completed', SequenceNumber: '5' });
  const late = await webhook(app, find(whisper.twiml, 'Gather')!.attrs.action!, { Digits: '1' });
  t.ok(find(late.twiml, 'Hangup'));
  t.match((await getCallRecord(app.infra.db, call.callId!))!, { status: 'abandoned', answered_by: null });
});

t.test('no key at the language choice means Danish', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { app } = await telephonyFixture(t);
  const { callId, routed } = await ringIn(app, CALLER, '');
  t.equal(find(routed!.twiml, 'Say')!.attrs.language, 'da-DK');
  t.equal((await getCallRecord(app.infra.db, callId!))!.language, 'da');
});

t.test('closed: outside the hours, on a closure date and on a public holiday', async (t) => {
  if (!(await redisAvailable(t))) return;
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['outside the hours', { openingHours: { mon: [['09:00', '10:00']], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } }, '2026-12-01T12:00:00Z'],
    ['a closure date', { closures: ['2026-12-01'] }, '2026-12-01T12:00:00Z'],
    ['Christmas Day', { closeOnPublicHolidays: true }, '2026-12-25T10:00:00Z'],
  ];
  for (const [name, settings, at] of cases) {
    await t.test(name, async (t) => {
      const { app } = await telephonyFixture(t, { settings, now: () => new Date(at) });
      const res = await webhook(app, '/twilio/voice', { CallSid: newCallSid(), ...callerFields(CALLER) });
      const says = findAll(res.twiml, 'Say');
      t.same(says.map((s) => s.attrs.language), ['da-DK', 'en-GB']);
      t.match(says[0]!.text, /lukket.*112.*70 201 201.*Vi har åbent/);
      t.match(says[1]!.text, /closed.*112.*70 201 201.*We are open/);
      t.ok(find(res.twiml, 'Hangup'));
      t.notOk(find(res.twiml, 'Gather'));
      const { rows } = await app.infra.db.query<{ status: string; call_date: string }>("SELECT status, to_char(call_date, 'YYYY-MM-DD') AS call_date FROM calls");
      t.same(rows, [{ status: 'closed', call_date: at.slice(0, 10) }]);
    });
  }
});

t.test('busy psychologists are skipped; no answer falls back to the next on the rota, then the apology', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { app, staff } = await telephonyFixture(t, { psychologists: ['pia', 'ole', 'eva'] });

  // Call A is answered by pia (first on the rota): she is busy now.
  const a = await ringIn(app, '+4511000001');
  t.equal(find(a.routed!.twiml, 'Number')!.text, staff.pia!.phone);
  await acceptWhisper(app, a.routed!.twiml);

  // Call B skips pia; ole does not answer, eva is next; eva is busy ringing? no: eva rings and does not answer.
  const b = await ringIn(app, '+4511000002');
  const first = find(b.routed!.twiml, 'Dial')!;
  t.equal(find(first, 'Number')!.text, staff.ole!.phone, 'pia is on a call: ole is tried');
  const second = await webhook(app, first.attrs.action!, { CallSid: b.callSid, CallStatus: 'in-progress', DialCallStatus: 'no-answer' });
  const backup = find(second.twiml, 'Dial')!;
  t.equal(find(backup, 'Number')!.text, staff.eva!.phone, 'no answer: the backup is tried');
  t.notOk(find(second.twiml, 'Say'), 'no second announcement');

  // eva is busy ringing; she declines. pia is still talking: call B waits for her in the queue.
  const third = await webhook(app, backup.attrs.action!, { CallSid: b.callSid, CallStatus: 'in-progress', DialCallStatus: 'busy' });
  t.ok(find(third.twiml, 'Enqueue'), 'everyone free was tried and someone is talking: the queue');
  t.equal((await getCallRecord(app.infra.db, b.callId!))!.status, 'queued');
});

t.test('nobody answers and nobody is talking: the apology, recorded as missed', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { app } = await telephonyFixture(t, { psychologists: ['pia', 'ole'] });
  const call = await ringIn(app, CALLER);
  let twiml = call.routed!.twiml;
  for (let i = 0; i < 2; i++) {
    twiml = (await webhook(app, find(twiml, 'Dial')!.attrs.action!, { CallSid: call.callSid, CallStatus: 'in-progress', DialCallStatus: i ? 'failed' : 'no-answer' })).twiml;
  }
  t.notOk(find(twiml, 'Dial'));
  t.match(allText(twiml), /Desværre kan ingen tage dit opkald.*112.*Vi har åbent/);
  t.ok(find(twiml, 'Hangup'));
  t.equal((await getCallRecord(app.infra.db, call.callId!))!.status, 'missed');
});

t.test('nobody on call at all: straight to the apology', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { app, staff } = await telephonyFixture(t);
  const off = await app.inject({ method: 'PUT', url: '/api/oncall', headers: { cookie: staff.pia!.cookie }, payload: { available: false } });
  t.equal(off.statusCode, 200);
  const call = await ringIn(app, CALLER);
  t.ok(find(call.routed!.twiml, 'Hangup'));
  t.match(allText(call.routed!.twiml), /Desværre/);
});

t.test('the queue: position announcements, bridging the front caller when a psychologist frees up, and the maximum wait', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { app, fake, staff } = await telephonyFixture(t, { settings: { routing: { dialTimeoutSeconds: 20, maxQueueSeconds: 120, holdMusicUrl: 'https://audio.example/calm.mp3' } } });
  const a = await ringIn(app, '+4511000001');
  await acceptWhisper(app, a.routed!.twiml);

  const b = await ringIn(app, '+4511000002', '2');
  const enqueue = find(b.routed!.twiml, 'Enqueue')!;
  t.ok(enqueue, 'pia is talking: B is queued');
  fake.addCall(b.callSid, 'in-progress');
  const wait = await webhook(app, enqueue.attrs.waitUrl!, { CallSid: b.callSid, QueuePosition: '1', QueueTime: '12', CurrentQueueSize: '1' });
  t.match(find(wait.twiml, 'Say')!.text, /number 1 in the queue/);
  t.equal(find(wait.twiml, 'Play')!.text, 'https://audio.example/calm.mp3', 'calm hold audio');

  const c = await ringIn(app, '+4511000003');
  const cEnqueue = find(c.routed!.twiml, 'Enqueue')!;
  const late = await webhook(app, cEnqueue.attrs.waitUrl!, { CallSid: c.callSid, QueuePosition: '2', QueueTime: '121' });
  t.ok(find(late.twiml, 'Leave'), 'past the maximum wait the caller leaves the queue');
  const left = await webhook(app, cEnqueue.attrs.action!, { CallSid: c.callSid, QueueResult: 'leave', QueueTime: '121' });
  t.match(allText(left.twiml), /Desværre.*112/);
  t.equal((await getCallRecord(app.infra.db, c.callId!))!.status, 'queue_timeout');

  // Pia's call ends: the front caller (B) is redirected to the bridge, which rings pia.
  await webhook(app, find(a.routed!.twiml, 'Dial')!.attrs.action!, { CallSid: a.callSid, DialCallStatus: 'completed' });
  const update = fake.requests.find((r) => r.method === 'POST' && r.path.endsWith(`/Calls/${b.callSid}.json`));
  t.ok(update, 'Twilio was asked to redirect the queued call');
  const bridgeUrl = update!.params.Url!;
  t.match(bridgeUrl, /^https:\/\/stopline\.example\/twilio\/bridge\?call=/);
  const bridged = await webhook(app, bridgeUrl, { CallSid: b.callSid, CallStatus: 'in-progress' });
  t.equal(find(bridged.twiml, 'Number')!.text, staff.pia!.phone);
  await webhook(app, enqueue.attrs.action!, { CallSid: b.callSid, QueueResult: 'redirected', QueueTime: '40' });
  await acceptWhisper(app, bridged.twiml);
  const record = (await getCallRecord(app.infra.db, b.callId!))!;
  t.match(record, { status: 'answered', language: 'en' });
  t.not(record.queue_band, 'none');
});

t.test('a queued caller is offered to a psychologist who just let another call ring out', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { app, fake, staff } = await telephonyFixture(t);
  const y = await ringIn(app, '+4511000011'); // pia rings for Y
  const x = await ringIn(app, '+4511000012'); // pia is busy ringing: X waits
  t.ok(find(x.routed!.twiml, 'Enqueue'));
  fake.addCall(x.callSid, 'in-progress');
  const missed = await webhook(app, find(y.routed!.twiml, 'Dial')!.attrs.action!, { CallSid: y.callSid, CallStatus: 'in-progress', DialCallStatus: 'no-answer' });
  t.match(allText(missed.twiml), /Desværre/, 'Y hears the apology (nobody else to try)');
  const redirect = fake.requests.find((r) => r.path.endsWith(`/Calls/${x.callSid}.json`));
  t.ok(redirect, 'and X, at the front of the queue, is bridged to pia');
  const bridged = await webhook(app, redirect!.params.Url!, { CallSid: x.callSid });
  t.equal(find(bridged.twiml, 'Number')!.text, staff.pia!.phone);
});

t.test('a retried webhook of a closed call gets the same answer and no second record', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { app } = await telephonyFixture(t, { settings: { closures: ['2026-12-01'] }, now: () => new Date('2026-12-01T12:00:00Z') });
  const params = { CallSid: newCallSid(), ...callerFields(CALLER) };
  const first = await webhook(app, '/twilio/voice', params);
  const again = await webhook(app, '/twilio/voice', params);
  t.equal(again.body, first.body);
  t.equal((await app.infra.db.query('SELECT id FROM calls')).rows.length, 1);
});

t.test('a caller hanging up in the queue is recorded as abandoned_in_queue', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { app } = await telephonyFixture(t);
  const a = await ringIn(app, '+4511000001');
  await acceptWhisper(app, a.routed!.twiml);
  const b = await ringIn(app, '+4511000002');
  await webhook(app, '/twilio/status', { CallSid: b.callSid, CallStatus: 'completed', SequenceNumber: '2' });
  t.equal((await getCallRecord(app.infra.db, b.callId!))!.status, 'abandoned_in_queue');
  const result = await webhook(app, find(b.routed!.twiml, 'Enqueue')!.attrs.action!, { CallSid: b.callSid, QueueResult: 'hangup' });
  t.equal(result.status, 200);
  t.equal((await getCallRecord(app.infra.db, b.callId!))!.status, 'abandoned_in_queue');
});

t.test('status callbacks out of order and duplicated; unknown calls ignored', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { app } = await telephonyFixture(t);
  const call = await ringIn(app, CALLER);
  const status = (seq: string, CallStatus: string) => webhook(app, '/twilio/status', { CallSid: call.callSid, CallStatus, SequenceNumber: seq });

  await status('3', 'completed');
  t.equal((await getCallRecord(app.infra.db, call.callId!))!.status, 'abandoned', 'hung up while it rang');
  await status('1', 'ringing');
  await status('2', 'in-progress');
  await status('3', 'completed');
  t.equal((await getCallRecord(app.infra.db, call.callId!))!.status, 'abandoned', 'late and duplicate callbacks change nothing');

  // The Dial's action can still arrive after the caller hung up.
  const late = await webhook(app, find(call.routed!.twiml, 'Dial')!.attrs.action!, { CallSid: call.callSid, CallStatus: 'completed', DialCallStatus: 'no-answer' });
  t.ok(find(late.twiml, 'Hangup'));
  t.equal((await getCallRecord(app.infra.db, call.callId!))!.status, 'abandoned');

  const unknown = await webhook(app, '/twilio/status', { CallSid: newCallSid(), CallStatus: 'completed', SequenceNumber: '0' });
  t.equal(unknown.status, 204);
  const nobody = await webhook(app, '/twilio/language?call=7f0d7a35-5d5e-4a8f-9d8c-1f0c3d1e2a3b', { CallSid: newCallSid(), Digits: '1' });
  t.ok(find(nobody.twiml, 'Hangup'), 'a language step for a call that never started: valid TwiML');
});

t.test('a retried language step rings the same psychologist, not a second one', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { app, staff } = await telephonyFixture(t, { psychologists: ['pia', 'ole'] });
  const call = await ringIn(app, CALLER);
  const action = find(call.greeting.twiml, 'Gather')!.attrs.action!;
  const retried = await webhook(app, action, { CallSid: call.callSid, Digits: '1' });
  t.equal(find(retried.twiml, 'Number')!.text, staff.pia!.phone);
  t.equal(find(call.routed!.twiml, 'Number')!.text, staff.pia!.phone);
});

t.test('a retried /twilio/voice for the same CallSid does not create a second call', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { app } = await telephonyFixture(t);
  const CallSid = newCallSid();
  const [one, two] = await Promise.all([
    webhook(app, '/twilio/voice', { CallSid, ...callerFields(CALLER) }),
    webhook(app, '/twilio/voice', { CallSid, ...callerFields(CALLER) }),
  ]);
  t.equal(find(one.twiml, 'Gather')!.attrs.action, find(two.twiml, 'Gather')!.attrs.action);
  const { rows } = await app.infra.db.query('SELECT id FROM calls');
  t.equal(rows.length, 1);
});
