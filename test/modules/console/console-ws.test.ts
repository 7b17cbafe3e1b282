import { Redis } from 'ioredis';
import t from 'tap';
import WebSocket from 'ws';
import { buildApp } from '../../../src/app.js';
import { createLogger } from '../../../src/infra/logger.js';
import { eventsChannel } from '../../../src/modules/telephony/call-events.js';
import { redisAvailable, TEST_REDIS_URL } from '../../helpers/services.js';
import { acceptWhisper, ringIn, telephonyFixture } from '../../helpers/telephony.js';
import { addUser, login } from '../../helpers/users.js';
import { consoleClient, listenForConsole } from '../../helpers/console-client.js';

function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => { ws.close(); resolve(101); });
    ws.on('error', () => undefined);
  });
}

t.test('no session, no socket: the upgrade is refused before the handshake', async (t) => {
  if (!(await redisAvailable(t))) return;
  const fx = await telephonyFixture(t);
  const url = await listenForConsole(fx.app);
  t.equal(await upgradeStatus(url, {}), 401);
  t.equal(await upgradeStatus(url, { cookie: 'stopline_session=forged' }), 401);
  await addUser(fx.app, 'sue', ['supervisor']);
  t.equal(await upgradeStatus(url, { cookie: await login(fx.app, 'sue') }), 403, 'supervisors do not get the live console');
  t.equal(await upgradeStatus(url, { cookie: fx.staff.pia!.cookie, origin: 'https://evil.stopline.example' }), 403, 'another origin, even a sibling subdomain');
  t.equal(await upgradeStatus(url, { cookie: fx.staff.pia!.cookie, origin: 'https://stopline.example' }), 101);
  t.equal(await upgradeStatus(url, { cookie: fx.staff.pia!.cookie }), 101);
});

t.test('state on connect, live events for a call, resync after a reconnect; never a number', async (t) => {
  if (!(await redisAvailable(t))) return;
  const fx = await telephonyFixture(t);
  const url = await listenForConsole(fx.app);
  const c = consoleClient(url, fx.staff.pia!.cookie);
  t.teardown(() => c.ws.terminate());
  const state = await c.next('state');
  t.same(state, {
    type: 'state', currentCall: null, ringingCall: null, endedCall: null, queueLength: 0, queueFrontSince: null, awaitingOutcome: [],
    backupDuty: null, serverNow: state.serverNow,
  });
  t.type(state.serverNow, 'number');

  const incoming = c.next('call.incoming');
  const call = await ringIn(fx.app, '+4577665544', '2');
  t.equal((await incoming).callId, call.callId);
  const answered = c.next('call.answered');
  await acceptWhisper(fx.app, call.routed!.twiml);
  t.match(await answered, { callId: call.callId, userId: fx.staff.pia!.id });

  // The console drops and comes back: the state has the live call (with its start, for the timer) and language.
  c.ws.terminate();
  const again = consoleClient(url, fx.staff.pia!.cookie);
  t.teardown(() => again.ws.terminate());
  const resync = await again.next('state');
  t.match(resync, { currentCall: { callId: call.callId, language: 'en' }, queueLength: 0 });
  t.type((resync.currentCall as { answeredAt: number }).answeredAt, 'number');

  again.ws.send(JSON.stringify({ type: 'resync' }));
  t.equal((await again.next('state')).type, 'state', 'a resync on request');
  t.notMatch(JSON.stringify([...c.messages, ...again.messages]), /77665544/, 'no message carries the number');
});

t.test('two app instances on one Redis: an event raised on one reaches a console on the other', async (t) => {
  if (!(await redisAvailable(t))) return;
  const fx = await telephonyFixture(t);
  const second = await buildApp(fx.app.appConfig, { logger: createLogger('silent') });
  t.teardown(() => second.close());
  const url = await listenForConsole(second);
  const c = consoleClient(url, fx.staff.pia!.cookie);
  t.teardown(() => c.ws.terminate());
  await c.next('state');
  const incoming = c.next('call.incoming');
  const call = await ringIn(fx.app, '+4577665545'); // handled by the first instance
  t.equal((await incoming).callId, call.callId);
});

t.test('a console that stops answering pings is dropped; so is one that does not keep up', async (t) => {
  if (!(await redisAvailable(t))) return;
  const fx = await telephonyFixture(t);
  const app = await buildApp(fx.app.appConfig, { logger: createLogger('silent'), hub: { heartbeatMs: 100, maxBufferedBytes: 64 * 1024 } });
  t.teardown(() => app.close());
  const url = await listenForConsole(app);

  const silent = consoleClient(url, fx.staff.pia!.cookie, { autoPong: false });
  await silent.next('state');
  const closed = await new Promise<number>((resolve) => silent.ws.once('close', (code) => resolve(code)));
  t.equal(closed, 1006, 'terminated after a missed heartbeat');

  const slow = consoleClient(url, fx.staff.pia!.cookie);
  await slow.next('state');
  t.equal(app.consoleHub.size, 1);
  (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause(); // stops reading
  const publisher = new Redis(TEST_REDIS_URL);
  t.teardown(() => publisher.disconnect());
  const payload = JSON.stringify({ type: 'queue.changed', length: 1, padding: 'x'.repeat(16 * 1024) });
  for (let i = 0; i < 2000 && app.consoleHub.size > 0; i++) {
    await publisher.publish(eventsChannel(app.infra.redis.prefix), payload);
  }
  t.equal(app.consoleHub.size, 0, 'the slow console was dropped instead of buffering without bound');
});
