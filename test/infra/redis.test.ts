import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import t from 'tap';
import { createLogger } from '../../src/infra/logger.js';
import { openRedis } from '../../src/infra/redis.js';
import { freePort, tempDir } from '../helpers/services.js';


function capturingLogger() {
  let text = '';
  const stream = new Writable({ write(c: Buffer, _e, done) { text += c.toString(); done(); } });
  return { logger: createLogger('info', stream), text: () => text };
}

t.test('with REDIS_URL unset and nothing on the default address, a private Redis is started and stopped', async (t) => {
  const dataDir = tempDir(t);
  const closedPort = await freePort();
  const { logger, text } = capturingLogger();
  const redis = await openRedis({ url: undefined, defaultUrl: `redis://127.0.0.1:${closedPort}`, prefix: 'p', dataDir, nodeEnv: 'development', logger });
  t.match(text(), /started a private Redis/);
  t.not(redis.url, `redis://127.0.0.1:${closedPort}`);
  t.equal(await redis.client.ping(), 'PONG');
  t.same(await redis.client.config('GET', 'appendonly'), ['appendonly', 'yes'], 'AOF is on');
  t.same(await redis.client.config('GET', 'maxmemory-policy'), ['maxmemory-policy', 'noeviction']);
  await redis.client.set('k', 'v');
  t.equal(await redis.client.get('k'), 'v');
  t.ok(existsSync(join(dataDir, 'redis')), 'it keeps its files under DATA_DIR/redis');
  await redis.close();
  const probe = new Redis(redis.url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  probe.on('error', () => undefined);
  await t.rejects(probe.connect(), 'the private Redis is stopped on close');
  probe.disconnect();
});

t.test('an unreachable REDIS_URL stops the start with a message naming it', async (t) => {
  const port = await freePort();
  await t.rejects(
    openRedis({ url: `redis://user:secret@127.0.0.1:${port}`, prefix: 'p', dataDir: tempDir(t), nodeEnv: 'development', logger: createLogger('silent') }),
    { name: 'RedisUnavailableError', message: new RegExp(`Redis does not answer at REDIS_URL \\(redis://\\*\\*\\*@127\\.0\\.0\\.1:${port}\\)`) },
  );
});

t.test('a Redis that may evict keys, or has no persistence in production, gets a warning', async (t) => {
  const port = await freePort();
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'allkeys-lru'], { stdio: 'ignore' });
  t.teardown(() => server.kill('SIGKILL'));
  const { logger, text } = capturingLogger();
  let redis;
  for (let i = 0; i < 50 && !redis; i++) {
    redis = await openRedis({ url: `redis://127.0.0.1:${port}`, prefix: 'p', dataDir: tempDir(t), nodeEnv: 'production', logger }).catch(() => undefined);
    if (!redis) await new Promise((r) => setTimeout(r, 100));
  }
  t.ok(redis, 'connected');
  await redis?.close();
  t.match(text(), /maxmemory-policy is not noeviction/);
  t.match(text(), /persistence \(AOF\) is off/);
});
