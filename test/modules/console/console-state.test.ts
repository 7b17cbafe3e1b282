// The console's state and private events (issue: the console during a hard call): a ringing call shown to the one
// it rings for (and to nobody else), the ended call with call-back and block rebuilt after a reconnect, call-back
// progress from Twilio's status callbacks on the call-back leg, and the back-up duty for the emergency protocol.
import t from 'tap';
import { consoleClient, listenForConsole, type ConsoleMessage } from '../../helpers/console-client.js';
import { redisAvailable } from '../../helpers/services.js';
import { acceptWhisper, find, newCallSid, ringIn, telephonyFixture, webhook } from '../../helpers/telephony.js';

const CALLER = '+4528193746';
const NUMBER = /28193746/;
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

t.test('ringing: her console is told, and it is in the state after a reload; a colleague learns nothing of it', async (t) => {
  if (!(await redisAvailable(t))) return;
  const fx = await telephonyFixture(t, { psychologists: ['pia', 'ole'], settings: { backupDuty: { name: 'Bente Bagvagt', phone: '+45 22 33 44 55' } } });
  const url = await listenForConsole(fx.app);
  const pia = consoleClient(url, fx.staff.pia!.cookie);
  const ole = consoleClient(url, fx.staff.ole!.cookie);
  t.teardown(() => { pia.ws.terminate(); ole.ws.terminate(); });
  // Both connect-time states are awaited at once: `next` sees only messages that arrive after it is called.
  const [first] = await Promise.all([pia.next('state'), ole.next('state')]);
  t.same(first.backupDuty, { name: 'Bente Bagvagt', phone: '+45 22 33 44 55' }, 'the back-up duty for the emergency protocol');

  const ringing = pia.next('call.ringing');
  const call = await ringIn(fx.app, CALLER, '2');
  t.match(await ringing, { callId: call.callId, userId: fx.staff.pia!.id, language: 'en' });

  const reloaded = consoleClient(url, fx.staff.pia!.cookie);
  t.teardown(() => reloaded.ws.terminate());
  const state = await reloaded.next('state');
  t.match(state.ringingCall, { callId: call.callId, language: 'en' });
  t.type((state.ringingCall as { since: number }).since, 'number');

  // Pia does not answer: her ringing stops, and it rings for ole.
  const unanswered = pia.next('call.unanswered');
  const oleRinging = ole.next('call.ringing');
  const dial = find(call.routed!.twiml, 'Dial')!;
  const next = await webhook(fx.app, dial.attrs.action!, { CallSid: call.callSid, DialCallStatus: 'no-answer' });
  t.match(await unanswered, { callId: call.callId });
  t.match(await oleRinging, { callId: call.callId, userId: fx.staff.ole!.id });
  await acceptWhisper(fx.app, next.twiml);
  await settle();
  t.notOk(ole.messages.some((m) => m.type === 'call.ringing' && m.userId === fx.staff.pia!.id), 'ole never heard that it rang for pia');
  t.notOk(pia.messages.some((m) => m.type === 'call.ringing' && m.userId === fx.staff.ole!.id), 'pia never heard that it rang for ole');
  t.notOk(pia.messages.some((m) => m.type === 'call.unanswered' && m.userId !== fx.staff.pia!.id));
  const afterAnswer = consoleClient(url, fx.staff.pia!.cookie);
  t.teardown(() => afterAnswer.ws.terminate());
  t.equal((await afterAnswer.next('state')).ringingCall, null, 'no longer ringing for pia');
});

t.test('the ended call and its call-back, rebuilt after a reload; call-back progress from the status callbacks', async (t) => {
  if (!(await redisAvailable(t))) return;
  const fx = await telephonyFixture(t, { psychologists: ['pia', 'ole'] });
  const url = await listenForConsole(fx.app);
  const call = await ringIn(fx.app, CALLER);
  await acceptWhisper(fx.app, call.routed!.twiml);
  await webhook(fx.app, find(call.routed!.twiml, 'Dial')!.attrs.action!, { CallSid: call.callSid, DialCallStatus: 'completed' });

  // A reload (or a new login) after the end: the ended call is there, with call-back and block still possible.
  const pia = consoleClient(url, fx.staff.pia!.cookie);
  const ole = consoleClient(url, fx.staff.ole!.cookie);
  t.teardown(() => { pia.ws.terminate(); ole.ws.terminate(); });
  const [state, oleState] = await Promise.all([pia.next('state'), ole.next('state')]);
  t.match(state, { currentCall: null, endedCall: { callId: call.callId, language: 'da', canCallBack: true, canBlock: true, callback: null } });
  const ended = state.endedCall as { answeredAt: number; endedAt: number };
  t.ok(ended.endedAt >= ended.answeredAt, 'with its answer and end times (for the duration)');
  t.equal(oleState.endedCall, null, "a colleague's ended call is not hers");

  const progress: string[] = [];
  const waiting = new Map<string, (m: ConsoleMessage) => void>();
  pia.ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as ConsoleMessage;
    if (m.type !== 'callback.progress') return;
    progress.push(String(m.status));
    waiting.get(String(m.status))?.(m);
  });
  const seen = (status: string) =>
    new Promise<ConsoleMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${status}; got ${progress.join(',')}`)), 5000);
      waiting.set(status, (m) => { clearTimeout(timer); resolve(m); });
    });

  const dialing = seen('dialing');
  const res = await fx.app.inject({ method: 'POST', url: `/api/calls/${call.callId}/callback`, headers: { cookie: fx.staff.pia!.cookie } });
  t.equal(res.statusCode, 202);
  t.match(await dialing, { callId: call.callId, userId: fx.staff.pia!.id });

  // Twilio was given a status callback for the leg; it reports as Twilio would.
  const leg = [...fx.fake.calls.values()].find((c) => c.to === CALLER)!;
  const statusUrl = leg.params.StatusCallback!;
  t.match(statusUrl, /\/twilio\/callback-status\?call=/);
  t.match(leg.params.StatusCallbackEvent, /ringing/);
  const status = (CallStatus: string) => webhook(fx.app, statusUrl, { CallSid: leg.sid, CallStatus });

  const ringing = seen('ringing');
  await status('ringing');
  await ringing;
  const answered = seen('answered');
  await status('in-progress');
  await answered;
  const connect = await webhook(fx.app, leg.url!, { CallSid: leg.sid, CallStatus: 'in-progress' });
  const ringingYou = seen('ringing_you');
  const accepted = await webhook(fx.app, find(connect.twiml, 'Gather')!.attrs.action!, { CallSid: leg.sid, Digits: '1' });
  await ringingYou;
  const whisper = await webhook(fx.app, find(accepted.twiml, 'Number')!.attrs.url!, { CallSid: newCallSid() });
  const connected = seen('connected');
  await webhook(fx.app, find(whisper.twiml, 'Gather')!.attrs.action!, { CallSid: newCallSid(), Digits: '1' });
  await connected;
  await status('ringing'); // late and out of order: ignored
  const over = seen('ended');
  await status('completed');
  await over;
  t.same(progress, ['dialing', 'ringing', 'answered', 'ringing_you', 'connected', 'ended'], 'forward only, each once');

  const reloaded = consoleClient(url, fx.staff.pia!.cookie);
  t.teardown(() => reloaded.ws.terminate());
  t.match((await reloaded.next('state')).endedCall, { callId: call.callId, canCallBack: false, callback: 'ended' });
  await settle();
  t.notOk(ole.messages.some((m) => m.type === 'callback.progress'), 'a colleague gets nothing of it');
  t.notMatch(JSON.stringify([...pia.messages, ...ole.messages, ...reloaded.messages]), NUMBER, 'no message carries the number');
});

t.test('a call-back nobody answers says so; the window passing takes the ended call off', async (t) => {
  if (!(await redisAvailable(t))) return;
  const fx = await telephonyFixture(t);
  const url = await listenForConsole(fx.app);
  const call = await ringIn(fx.app, CALLER);
  await acceptWhisper(fx.app, call.routed!.twiml);
  await webhook(fx.app, '/twilio/status', { CallSid: call.callSid, CallStatus: 'completed', SequenceNumber: '3' });
  t.equal((await fx.app.inject({ method: 'POST', url: `/api/calls/${call.callId}/callback`, headers: { cookie: fx.staff.pia!.cookie } })).statusCode, 202);
  const leg = [...fx.fake.calls.values()].find((c) => c.to === CALLER)!;
  await webhook(fx.app, leg.params.StatusCallback!, { CallSid: leg.sid, CallStatus: 'no-answer' });
  const pia = consoleClient(url, fx.staff.pia!.cookie);
  t.teardown(() => pia.ws.terminate());
  t.match((await pia.next('state')).endedCall, { callId: call.callId, callback: 'no_answer', canCallBack: false });

  // The window passes (what the TTL does): nothing is offered any more.
  await fx.app.infra.redis.client.del(`call:${call.callId}`);
  pia.ws.send(JSON.stringify({ type: 'resync' }));
  t.equal((await pia.next('state')).endedCall, null);
  // A late status for a call that is gone is ignored (204 for Twilio; no hash is made again).
  const stray = await webhook(fx.app, `/twilio/callback-status?call=${call.callId}`, { CallSid: leg.sid, CallStatus: 'ringing' });
  t.equal(stray.status, 204);
  t.equal(await fx.app.infra.redis.client.exists(`call:${call.callId}`), 0);
});

t.test('calls awaiting an outcome carry their end time while the live state lasts, so two in one hour are told apart', async (t) => {
  if (!(await redisAvailable(t))) return;
  const fx = await telephonyFixture(t);
  const url = await listenForConsole(fx.app);
  const ids: string[] = [];
  for (const number of [CALLER, '+4528193747']) {
    const call = await ringIn(fx.app, number);
    await acceptWhisper(fx.app, call.routed!.twiml);
    await webhook(fx.app, find(call.routed!.twiml, 'Dial')!.attrs.action!, { CallSid: call.callSid, DialCallStatus: 'completed' });
    ids.push(call.callId!);
    await settle();
  }
  const pia = consoleClient(url, fx.staff.pia!.cookie);
  t.teardown(() => pia.ws.terminate());
  const state = await pia.next('state');
  const awaiting = state.awaitingOutcome as Array<{ id: string; endedAt: number | null }>;
  const [a, b] = ids.map((id) => awaiting.find((c) => c.id === id));
  t.type(a?.endedAt, 'number');
  t.type(b?.endedAt, 'number');
  t.ok(b!.endedAt! > a!.endedAt!, 'the later call ended later');

  // Once the live hash has gone, only the bands remain (the database has no exact time).
  await fx.app.infra.redis.client.del(`call:${ids[0]}`);
  pia.ws.send(JSON.stringify({ type: 'resync' }));
  const after = (await pia.next('state')).awaitingOutcome as Array<{ id: string; endedAt: number | null }>;
  t.equal(after.find((c) => c.id === ids[0])?.endedAt, null);
  t.type(after.find((c) => c.id === ids[1])?.endedAt, 'number');
});
