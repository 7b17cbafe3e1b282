// Item: a psychologist's console learns that a colleague took a call, not who or exactly when; acting on a call
// that is not yours answers 404 (as for one that does not exist), not 403.
import t from 'tap';
import WebSocket from 'ws';
import { redisAvailable } from '../../helpers/services.js';
import { acceptWhisper, find, ringIn, telephonyFixture, webhook } from '../../helpers/telephony.js';

type Message = { type: string; [key: string]: unknown };

function consoleClient(url: string, cookie: string) {
  const ws = new WebSocket(url, { headers: { cookie } });
  const messages: Message[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(String(d)) as Message));
  const next = async (type: string, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = messages.find((m) => m.type === type);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no ${type}`);
  };
  return { ws, messages, next };
}

t.test('a colleague’s answered call: no user id, no exact times; block and call-back answer 404', async (t) => {
  if (!(await redisAvailable(t))) return;
  const fx = await telephonyFixture(t, { psychologists: ['pia', 'per'] });
  await fx.app.listen({ port: 0, host: '127.0.0.1' });
  const url = `ws://127.0.0.1:${(fx.app.server.address() as { port: number }).port}/api/console/ws`;
  const pia = consoleClient(url, fx.staff.pia!.cookie);
  const per = consoleClient(url, fx.staff.per!.cookie);
  t.teardown(() => { pia.ws.terminate(); per.ws.terminate(); });
  await pia.next('state');
  await per.next('state');

  const call = await ringIn(fx.app, '+4511000031');
  await acceptWhisper(fx.app, call.routed!.twiml); // pia takes it
  t.match(await pia.next('call.answered'), { callId: call.callId, userId: fx.staff.pia!.id }, 'pia hears of her own call in full');
  const colleague = await per.next('call.answered');
  t.notOk('userId' in colleague, 'per is not told who took it');
  t.notOk('at' in colleague, 'nor when exactly');
  t.notOk(JSON.stringify(colleague).includes(fx.staff.pia!.id), 'pia’s id appears nowhere');

  for (const path of ['block', 'callback']) {
    const res = await fx.app.inject({
      method: 'POST', url: `/api/calls/${call.callId}/${path}`, headers: { cookie: fx.staff.per!.cookie },
      ...(path === 'block' ? { payload: { days: 30, reason: 'abusive' } } : {}),
    });
    t.equal(res.statusCode, 404, `${path} on someone else’s call is 404`);
  }

  await webhook(fx.app, find(call.routed!.twiml, 'Dial')!.attrs.action!, { CallSid: call.callSid, DialCallStatus: 'completed' });
  t.match(await pia.next('call.ended'), { callId: call.callId, status: 'answered' });
  const ended = await per.next('call.ended');
  t.notOk(JSON.stringify(ended).includes(fx.staff.pia!.id), 'the end of pia’s call does not name her to per');
  t.notOk('at' in ended, 'nor its exact time');
  const callback = await fx.app.inject({ method: 'POST', url: `/api/calls/${call.callId}/callback`, headers: { cookie: fx.staff.per!.cookie } });
  t.equal(callback.statusCode, 404, 'calling back someone else’s ended call is 404 too');
});
