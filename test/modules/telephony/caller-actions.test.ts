import t from 'tap';
import twilio from 'twilio';
import { getCallRecord } from '../../../src/modules/calls/calls-repository.js';
import { redisAvailable } from '../../helpers/services.js';
import { acceptWhisper, allText, callerFields, find, LINE_NUMBER, newCallSid, ringIn, telephonyFixture, webhook } from '../../helpers/telephony.js';
import { addUser, login } from '../../helpers/users.js';

const CALLER = '+4531415926';

async function answeredAndEnded(fx: Awaited<ReturnType<typeof telephonyFixture>>, number = CALLER) {
  const call = await ringIn(fx.app, number);
  await acceptWhisper(fx.app, call.routed!.twiml);
  await webhook(fx.app, find(call.routed!.twiml, 'Dial')!.attrs.action!, { CallSid: call.callSid, DialCallStatus: 'completed' });
  return call;
}

t.test('block the caller of a call I took, without seeing the number; the block applies to their next call', async (t) => {
  if (!(await redisAvailable(t))) return;
  const fx = await telephonyFixture(t, { psychologists: ['pia', 'ole'] });
  const call = await answeredAndEnded(fx);
  const block = (cookie: string, payload: unknown, id = call.callId) => fx.app.inject({ method: 'POST', url: `/api/calls/${id}/block`, headers: { cookie }, payload: payload as object });

  t.equal((await block(fx.staff.ole!.cookie, { days: 30, reason: 'abusive' })).statusCode, 404, 'only who took the call (others get 404, as for no call)');
  const bad = await block(fx.staff.pia!.cookie, { days: 0, reason: 'because' });
  t.equal(bad.statusCode, 400);
  t.same(bad.json().fields.sort(), ['body.days', 'body.reason']);
  t.equal((await block(fx.staff.pia!.cookie, { days: 30, reason: 'abusive' })).statusCode, 204);

  const again = await webhook(fx.app, '/twilio/voice', { CallSid: newCallSid(), ...callerFields(CALLER) });
  t.match(find(again.twiml, 'Say')!.text, /kan ikke tage dit opkald/);
  t.ok(find(again.twiml, 'Hangup'));
  const { rows } = await fx.app.infra.db.query<{ status: string }>("SELECT status FROM calls WHERE status = 'blocked'");
  t.equal(rows.length, 1, 'recorded as blocked');
  const other = await ringIn(fx.app, '+4531415927');
  t.ok(find(other.greeting.twiml, 'Gather'), 'another number is not blocked');

  // KEYS patterns are not prefixed by ioredis: ask with the full prefix, and strip it for the prefixed client.
  const prefix = `${fx.app.infra.redis.prefix}:`;
  const keys = await fx.app.infra.redis.client.keys(`${prefix}blocked:*`);
  t.equal(keys.length, 1);
  t.match(keys[0], /:blocked:[0-9a-f]{64}$/, 'the block list holds a keyed hash');
  const key = keys[0]!.slice(prefix.length);
  t.notMatch((await fx.app.infra.redis.client.get(key))!, /3141/, 'and no number');
  const ttl = await fx.app.infra.redis.client.ttl(key);
  t.ok(ttl > 29 * 86_400 && ttl <= 30 * 86_400, 'it expires after the chosen days');
});

t.test('a withheld number is an ordinary call that cannot be blocked or called back', async (t) => {
  if (!(await redisAvailable(t))) return;
  const fx = await telephonyFixture(t);
  const call = await answeredAndEnded(fx, 'anonymous');
  t.ok(call.callId);
  const block = await fx.app.inject({ method: 'POST', url: `/api/calls/${call.callId}/block`, headers: { cookie: fx.staff.pia!.cookie }, payload: { days: 1, reason: 'prank' } });
  t.equal(block.statusCode, 409);
  const back = await fx.app.inject({ method: 'POST', url: `/api/calls/${call.callId}/callback`, headers: { cookie: fx.staff.pia!.cookie } });
  t.equal(back.statusCode, 404);
});

t.test('anonymous call-back: Twilio dials the caller from the line number; the psychologist never sees it; once only', async (t) => {
  if (!(await redisAvailable(t))) return;
  const fx = await telephonyFixture(t, { psychologists: ['pia', 'ole'] });
  const call = await ringIn(fx.app, CALLER);
  await acceptWhisper(fx.app, call.routed!.twiml);
  const early = await fx.app.inject({ method: 'POST', url: `/api/calls/${call.callId}/callback`, headers: { cookie: fx.staff.pia!.cookie } });
  t.equal(early.statusCode, 409, 'not while the call is still going');
  // The line drops.
  await webhook(fx.app, '/twilio/status', { CallSid: call.callSid, CallStatus: 'completed', SequenceNumber: '4' });
  t.equal((await getCallRecord(fx.app.infra.db, call.callId!))!.status, 'answered');

  const notMine = await fx.app.inject({ method: 'POST', url: `/api/calls/${call.callId}/callback`, headers: { cookie: fx.staff.ole!.cookie } });
  t.equal(notMine.statusCode, 404, 'someone else’s call is 404, as for no call');

  // Twilio fails: nothing is lost, the number goes back for the rest of the window.
  fx.fake.failNext(/Calls\.json$/, 500, 20500, 'Internal error');
  const failed = await fx.app.inject({ method: 'POST', url: `/api/calls/${call.callId}/callback`, headers: { cookie: fx.staff.pia!.cookie } });
  t.equal(failed.statusCode, 503);
  t.equal(failed.json().error, 'unavailable');

  const res = await fx.app.inject({ method: 'POST', url: `/api/calls/${call.callId}/callback`, headers: { cookie: fx.staff.pia!.cookie } });
  t.equal(res.statusCode, 202);
  t.same(res.json(), { status: 'dialing' });
  t.notMatch(res.body, /3141/, 'the response holds no number');

  const created = [...fx.fake.calls.values()].find((c) => c.to === CALLER);
  t.ok(created, 'Twilio was asked to ring the caller');
  t.equal(created!.from, LINE_NUMBER, 'from the line number');
  const connect = await webhook(fx.app, created!.url!, { CallSid: created!.sid, CallStatus: 'in-progress' });
  const question = find(connect.twiml, 'Gather')!;
  t.match(find(question, 'Say')!.text, /opkaldet, du ventede på/);
  t.notMatch(allText(connect.twiml), /Stop/i, 'whoever picks up does not hear what the line is');
  t.ok(find(connect.twiml, 'Hangup'), 'no key (a voicemail box, someone else): hang up');
  const accepted = await webhook(fx.app, question.attrs.action!, { CallSid: created!.sid, Digits: '1' });
  const number = find(accepted.twiml, 'Number')!;
  t.equal(number.text, fx.staff.pia!.phone, 'bridged to the psychologist who asked');
  const whisper = await webhook(fx.app, number.attrs.url!, { CallSid: newCallSid() });
  t.ok(find(whisper.twiml, 'Gather'), "the psychologist's phone must accept with a key too");
  t.ok(fx.fake.requests.length > 0);

  const twice = await fx.app.inject({ method: 'POST', url: `/api/calls/${call.callId}/callback`, headers: { cookie: fx.staff.pia!.cookie } });
  t.equal(twice.statusCode, 404, 'one call-back per call; the number is gone');
});

t.test('the call-back window closes: the sealed number expires with it', async (t) => {
  if (!(await redisAvailable(t))) return;
  const fx = await telephonyFixture(t, { settings: { callback: { windowMinutes: 1 } } });
  const call = await answeredAndEnded(fx);
  const ttl = await fx.app.infra.redis.client.ttl(`callback:${call.callId}`);
  t.ok(ttl > 0 && ttl <= 60, `the sealed number lives ${ttl} s`);
  await fx.app.infra.redis.client.del(`callback:${call.callId}`); // what the TTL does after a minute
  const res = await fx.app.inject({ method: 'POST', url: `/api/calls/${call.callId}/callback`, headers: { cookie: fx.staff.pia!.cookie } });
  t.equal(res.statusCode, 404);
  t.match(res.json().message, /window has passed/);
});

t.test('on call: the switch for today, phone or browser, and the softphone token', async (t) => {
  if (!(await redisAvailable(t))) return;
  const fx = await telephonyFixture(t);
  await addUser(fx.app, 'kai', ['psychologist']); // not on the rota, no phone
  const kai = await login(fx.app, 'kai');
  const put = (cookie: string, payload: object) => fx.app.inject({ method: 'PUT', url: '/api/oncall', headers: { cookie }, payload });

  const noPhone = await put(kai, { available: true });
  t.equal(noPhone.statusCode, 400);
  t.match(noPhone.json(), { error: 'no_phone', message: /No phone number is registered/ });
  t.same((await put(kai, { available: true, via: 'browser' })).json(), { available: true, via: 'browser' });
  t.equal((await put(kai, { available: 'yes' })).statusCode, 400);
  t.equal((await put(fx.admin, { available: true })).statusCode, 403, 'admins do not take calls');

  // pia (rota) switches off: kai (browser, off-rota) takes the next call once her softphone is registered.
  await put(fx.staff.pia!.cookie, { available: false });
  const unregistered = await fx.app.inject({ url: '/api/oncall', headers: { cookie: kai } });
  t.match(unregistered.json(), { available: true, via: 'browser', reachable: 'none', hasPhone: false, softphoneRegistered: false });
  const register = await fx.app.inject({ method: 'PUT', url: '/api/oncall/softphone', headers: { cookie: kai }, payload: { registered: true } });
  t.equal(register.statusCode, 204);
  const call = await ringIn(fx.app, CALLER);
  const client = find(call.routed!.twiml, 'Client')!;
  t.match(client.text, /^psychologist_[0-9a-f]{32}$/, 'the browser is rung by an identity that is neither a name nor a number');
  const answered = await webhook(fx.app, client.attrs.url!, { CallSid: newCallSid() });
  t.notOk(find(answered.twiml, 'Gather'), 'a browser needs no whisper key');
  t.equal((await getCallRecord(fx.app.infra.db, call.callId!))!.status, 'answered');

  const me = await fx.app.inject({ url: '/api/oncall', headers: { cookie: kai } });
  t.match(me.json(), { available: true, via: 'browser' });

  const token = await fx.app.inject({ url: '/api/voice/token', headers: { cookie: kai } });
  t.equal(token.statusCode, 200);
  const decoded = twilio.jwt.AccessToken.prototype && JSON.parse(Buffer.from(token.json().token.split('.')[1], 'base64url').toString());
  t.match(decoded, { grants: { identity: client.text, voice: { incoming: { allow: true } } } });
  t.equal((await fx.app.inject({ url: '/api/voice/token', headers: { cookie: fx.admin } })).statusCode, 403);
});

t.test('the rota: admins only, validated, unknown people pointed to', async (t) => {
  if (!(await redisAvailable(t))) return;
  const fx = await telephonyFixture(t);
  const put = (cookie: string, shifts: unknown) => fx.app.inject({ method: 'PUT', url: '/api/rota', headers: { cookie }, payload: { shifts } });
  t.equal((await put(fx.staff.pia!.cookie, [])).statusCode, 403);
  const unknown = await put(fx.admin, [{ weekday: 'mon', starts: '09:00', ends: '17:00', username: 'ghost', position: 0 }]);
  t.equal(unknown.statusCode, 400);
  // Pointed to by its shift, not repeated (error bodies never echo input: error-no-echo.test.ts).
  t.same(unknown.json().fields, ['body.shifts.0.username']);
  const backwards = await put(fx.admin, [{ weekday: 'mon', starts: '17:00', ends: '09:00', username: 'pia', position: 0 }]);
  t.equal(backwards.statusCode, 400);
  t.same(backwards.json().fields, ['body.shifts.0.ends']);
  const twice = await put(fx.admin, [
    { weekday: 'tue', starts: '09:00', ends: '12:00', username: 'pia', position: 0 },
    { weekday: 'tue', starts: '09:00', ends: '17:00', username: 'pia', position: 1 },
  ]);
  t.equal(twice.statusCode, 400, 'a duplicate shift is named, not a 500');
  t.same(twice.json().fields, ['body.shifts.1']);
  const ok = await put(fx.admin, [{ weekday: 'tue', starts: '09:00', ends: '24:00', username: 'pia', position: 0 }]);
  t.same(ok.json(), { shifts: [{ weekday: 'tue', starts: '09:00', ends: '24:00', username: 'pia', position: 0 }] });
  const read = await fx.app.inject({ url: '/api/rota', headers: { cookie: fx.staff.pia!.cookie } });
  t.equal(read.json().shifts.length, 1);
});
