import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import t from 'tap';
import { buildApp } from '../../../src/app.js';
import { createLogger } from '../../../src/infra/logger.js';
import { freePort, redisAvailable, testApp, testConfig } from '../../helpers/services.js';
import { addUser, PASSWORD } from '../../helpers/users.js';


t.test('healthz and readyz when everything is up', async (t) => {
  if (!(await redisAvailable(t))) return;
  const app = await testApp(t);
  t.same((await app.inject({ url: '/healthz' })).json(), { status: 'ok' });
  const ready = await app.inject({ url: '/readyz' });
  t.equal(ready.statusCode, 200);
  t.same(ready.json(), { status: 'ready', checks: { database: 'ok', redis: 'ok' } });
});

t.test('with Redis stopped: readyz is 503 naming Redis, requests fail with 503 and lose nothing, and recover', async (t) => {
  const port = await freePort();
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  t.teardown(() => redis.kill('SIGKILL'));
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(true)).listen(port, '127.0.0.1', () => s.close(() => resolve(false)));
    });
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const config = await testConfig(t, 'pglite', { REDIS_URL: url });
  const app = await buildApp(config, { logger: createLogger('silent') });
  t.teardown(() => app.close());
  await addUser(app, 'rut');
  t.equal((await app.inject({ url: '/readyz' })).statusCode, 200);

  const stopped = new Promise((r) => redis.once('exit', r));
  redis.kill('SIGTERM');
  await stopped;

  const ready = await app.inject({ url: '/readyz' });
  t.equal(ready.statusCode, 503);
  t.same(ready.json(), { error: 'not_ready', message: 'Not ready: redis is down', checks: { database: 'ok', redis: 'down' } });
  t.same((await app.inject({ url: '/healthz' })).json(), { status: 'ok' }, 'the process itself is alive');

  const loginWhileDown = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'rut', password: PASSWORD } });
  t.equal(loginWhileDown.statusCode, 503, 'a request that needs Redis fails fast with 503');
  t.match(loginWhileDown.json(), { error: 'unavailable', message: /Nothing was saved; please try again/ });
  t.notMatch(loginWhileDown.body, /at .*\.ts/, 'no stack trace');

  // Redis comes back on the same port: the app reconnects by itself.
  const again = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  t.teardown(() => again.kill('SIGKILL'));
  let status = 0;
  for (let i = 0; i < 100 && status !== 200; i++) {
    await new Promise((r) => setTimeout(r, 100));
    status = (await app.inject({ url: '/readyz' })).statusCode;
  }
  t.equal(status, 200, 'ready again once Redis is back');
  t.equal((await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'rut', password: PASSWORD } })).statusCode, 204);
});

t.test('with the database closed: readyz is 503 naming the database', async (t) => {
  if (!(await redisAvailable(t))) return;
  const app = await testApp(t);
  await app.infra.db.close();
  const ready = await app.inject({ url: '/readyz' });
  t.equal(ready.statusCode, 503);
  t.match(ready.json(), { error: 'not_ready', message: 'Not ready: database is down', checks: { database: 'down', redis: 'ok' } });
});
