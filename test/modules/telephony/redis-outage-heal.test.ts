// Item: a short Redis outage must not make a psychologist unreachable for hours. When a call's end webhooks arrive
// while Redis is away, live state heals afterwards: the busy marker is checked against Twilio's own call status.
import { spawn, type ChildProcess } from 'node:child_process';
import t, { type Test } from 'tap';
import WebSocket from 'ws';
import { getCallRecord } from '../../../src/modules/calls/calls-repository.js';
import { freePort, redisAvailable, tempDir } from '../../helpers/services.js';
import { acceptWhisper, find, ringIn, telephonyFixture, webhook, type TelephonyFixture } from '../../helpers/telephony.js';
import { redisAnswers } from '../../../src/infra/redis.js';

/** A redis-server of this test's own, with an append-only file so a restart keeps its data (a short outage). */
async function ownRedis(t: Test) {
  const port = await freePort();
  const dir = tempDir(t);
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always'], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !(await redisAnswers(url)); i++) await new Promise((r) => setTimeout(r, 50));
  };
  const stop = async () => {
    const c = child!;
    if (c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await exited;
  };
  await start();
  t.teardown(stop);
  return { url, start, stop };
}

/** Waits until the app's own Redis client is back (it reconnects by itself). */
async function appReconnected(fx: TelephonyFixture) {
  for (let i = 0; i < 100; i++) {
    try {
      await fx.app.infra.redis.client.ping();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error('the app did not reconnect to Redis');
}

/** An answered call whose end webhooks all arrive while Redis is down; Twilio knows it completed. */
async function callEndedDuringOutage(t: Test, clock: { offset: number }) {
  const redis = await ownRedis(t);
  const fx = await telephonyFixture(t, { env: { REDIS_URL: redis.url }, now: () => new Date(Date.now() + clock.offset) });
  const call = await ringIn(fx.app, '+4511000021');
  await acceptWhisper(fx.app, call.routed!.twiml);
  const twilioCall = fx.fake.addCall(call.callSid, 'in-progress');
  t.equal((await getCallRecord(fx.app.infra.db, call.callId!))!.status, 'answered');

  await redis.stop();
  twilioCall.status = 'completed';
  clock.offset += 5 * 60_000; // a five-minute conversation
  const dial = await webhook(fx.app, find(call.routed!.twiml, 'Dial')!.attrs.action!, { CallSid: call.callSid, DialCallStatus: 'completed' });
  t.equal(dial.status, 200, 'the end webhook is answered (the apology) while Redis is away');
  const status = await webhook(fx.app, '/twilio/status', { CallSid: call.callSid, CallStatus: 'completed', SequenceNumber: '3' });
  t.ok(status.status < 500, 'so is the status callback');
  await redis.start();
  await appReconnected(fx);
  clock.offset += 60_000;
  return { fx, call };
}

t.test('after the outage the next caller rings the psychologist, and the ended call’s record is finished', async (t) => {
  if (!(await redisAvailable(t))) return;
  const clock = { offset: 0 };
  const { fx, call } = await callEndedDuringOutage(t, clock);
  const next = await ringIn(fx.app, '+4511000022');
  t.notOk(find(next.routed!.twiml, 'Enqueue'), 'the next caller is not queued');
  t.equal(find(next.routed!.twiml, 'Number')?.text, fx.staff.pia!.phone, 'pia’s phone rings');
  const record = (await getCallRecord(fx.app.infra.db, call.callId!))!;
  t.equal(record.status, 'answered');
  t.ok(record.duration_band, `the duration is recorded (${record.duration_band})`);
});

t.test('after the outage switching on-call off and on frees the psychologist, and the console shows no live call', async (t) => {
  if (!(await redisAvailable(t))) return;
  const clock = { offset: 0 };
  const { fx, call } = await callEndedDuringOutage(t, clock);
  const cookie = fx.staff.pia!.cookie;
  for (const available of [false, true]) {
    const res = await fx.app.inject({ method: 'PUT', url: '/api/oncall', headers: { cookie }, payload: { available, via: 'phone' } });
    t.equal(res.statusCode, 200);
  }
  t.equal(await fx.app.infra.redis.client.exists(`busy:${fx.staff.pia!.id}`), 0, 'the busy marker is gone');

  await fx.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = fx.app.server.address() as { port: number };
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/console/ws`, { headers: { cookie } });
  t.teardown(() => ws.close());
  const state = await new Promise<{ currentCall: unknown }>((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))));
  t.equal(state.currentCall, null, 'the console shows no live call');
  t.ok((await getCallRecord(fx.app.infra.db, call.callId!))!.duration_band, 'the record is finished');
});

t.test('the psychologist can end, from the console, a call that is over at Twilio; not one that is still going on', async (t) => {
  if (!(await redisAvailable(t))) return;
  const clock = { offset: 0 };
  const { fx, call } = await callEndedDuringOutage(t, clock);
  const cookie = fx.staff.pia!.cookie;
  const live = await ringIn(fx.app, '+4511000023'); // (pia was freed by this call's routing; that is fine)
  await acceptWhisper(fx.app, live.routed!.twiml);
  fx.fake.addCall(live.callSid, 'in-progress');
  const refused = await fx.app.inject({ method: 'POST', url: `/api/calls/${live.callId}/end`, headers: { cookie } });
  t.equal(refused.statusCode, 409, 'a call Twilio says is going on is not ended from the console');

  fx.fake.calls.get(live.callSid)!.status = 'completed';
  await fx.app.infra.redis.client.set(`stale-check:${live.callId}`, '1'); // no automatic check now: the button does it
  const ended = await fx.app.inject({ method: 'POST', url: `/api/calls/${live.callId}/end`, headers: { cookie } });
  t.equal(ended.statusCode, 204);
  t.equal(await fx.app.infra.redis.client.exists(`busy:${fx.staff.pia!.id}`), 0, 'pia is free');
  t.ok((await getCallRecord(fx.app.infra.db, live.callId!))!.duration_band, 'the record is finished');
  const again = await fx.app.inject({ method: 'POST', url: `/api/calls/${call.callId}/end`, headers: { cookie } });
  t.equal(again.statusCode, 404, 'an ended call is no longer live');
});
