// Item: a console socket cannot flood the server with messages: 5,000 resyncs are not all answered, the socket is
// closed, and /readyz stays within its own timeout meanwhile.
import t from 'tap';
import WebSocket from 'ws';
import { redisAvailable } from '../../helpers/services.js';
import { telephonyFixture } from '../../helpers/telephony.js';

t.test('5,000 resyncs from one socket: a few answered, then the socket is closed; the server stays ready', async (t) => {
  if (!(await redisAvailable(t))) return;
  const fx = await telephonyFixture(t);
  await fx.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = fx.app.server.address() as { port: number };
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/console/ws`, { headers: { cookie: fx.staff.pia!.cookie } });
  t.teardown(() => ws.terminate());
  let states = 0;
  ws.on('message', (d) => { if (String(d).includes('"state"')) states++; });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve) => ws.once('open', () => resolve()));
  while (states === 0) await new Promise((r) => setTimeout(r, 20)); // the state every console gets on connect

  for (let i = 0; i < 5000; i++) ws.send('{"type":"resync"}');
  const started = Date.now();
  const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
  const readyMs = Date.now() - started;
  t.equal(ready.status, 200);
  t.ok(readyMs < 2000, `/readyz answered in ${readyMs} ms (its timeout is 2 s)`);
  const code = await Promise.race([closed, new Promise<string>((r) => setTimeout(() => r('open'), 5000))]);
  t.equal(code, 1008, 'the flooding socket is closed (policy violation)');
  t.ok(states >= 1 && states <= 20, `only ${states} states were sent`);
});
