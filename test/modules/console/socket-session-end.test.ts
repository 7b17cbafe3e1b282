// Item: a console socket must not outlive its session. Logout closes the user's sockets on every instance; a
// disable (or a lost psychologist role) is noticed at the next heartbeat; a resync is answered only to a valid session.
import t from 'tap';
import WebSocket from 'ws';
import { buildApp } from '../../../src/app.js';
import { createLogger } from '../../../src/infra/logger.js';
import { setUserDisabled } from '../../../src/modules/auth/users-repository.js';
import { redisAvailable } from '../../helpers/services.js';
import { telephonyFixture } from '../../helpers/telephony.js';

type App = Awaited<ReturnType<typeof buildApp>>;

async function url(app: App) {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `ws://127.0.0.1:${(app.server.address() as { port: number }).port}/api/console/ws`;
}

/** Opens a console and waits for its first state; `closed` resolves with the close code. */
async function openConsole(address: string, cookie: string) {
  const ws = new WebSocket(address, { headers: { cookie } });
  const messages: string[] = [];
  ws.on('message', (d) => messages.push(String(d)));
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('message', () => resolve());
    ws.once('error', reject);
  });
  return { ws, messages, closed };
}

const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms))]);

t.test('logging out closes the console sockets of that session, on another instance too', async (t) => {
  if (!(await redisAvailable(t))) return;
  const fx = await telephonyFixture(t);
  const second = await buildApp(fx.app.appConfig, { logger: createLogger('silent') });
  t.teardown(() => second.close());
  const here = await openConsole(await url(fx.app), fx.staff.pia!.cookie);
  const there = await openConsole(await url(second), fx.staff.pia!.cookie);
  t.teardown(() => { here.ws.terminate(); there.ws.terminate(); });

  const out = await fx.app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie: fx.staff.pia!.cookie } });
  t.equal(out.statusCode, 204);
  t.not(await within(here.closed, 3000), 'timeout', 'the socket on this instance is closed');
  t.not(await within(there.closed, 3000), 'timeout', 'the socket on the other instance is closed');
});

t.test('a disabled user’s console is closed at the next heartbeat, and an expired session gets no resync', async (t) => {
  if (!(await redisAvailable(t))) return;
  const fx = await telephonyFixture(t, { psychologists: ['pia', 'per'] });
  const app = await buildApp(fx.app.appConfig, { logger: createLogger('silent'), hub: { heartbeatMs: 150 } });
  t.teardown(() => app.close());
  const address = await url(app);

  const pia = await openConsole(address, fx.staff.pia!.cookie);
  t.teardown(() => pia.ws.terminate());
  await setUserDisabled(app.infra.db, 'pia', true);
  t.not(await within(pia.closed, 3000), 'timeout', 'closed after the user was disabled');

  const per = await openConsole(address, fx.staff.per!.cookie);
  t.teardown(() => per.ws.terminate());
  const before = per.messages.length;
  // The session ends without any request (its idle timeout): the socket must not keep answering.
  await app.infra.redis.client.eval("for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end", 0, `${app.infra.redis.prefix}:session:*`);
  per.ws.send(JSON.stringify({ type: 'resync' }));
  t.not(await within(per.closed, 3000), 'timeout', 'the socket is closed');
  t.equal(per.messages.slice(before).filter((m) => m.includes('"state"')).length, 0, 'no state was sent to the ended session');
});
