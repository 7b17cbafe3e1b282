import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}

export interface RedisHandle {
  /** The URL in use (of the private server when one was started). */
  url: string;
  /** All keys of this app start with `${prefix}:` (BullMQ queues with `${prefix}:bull`). */
  prefix: string;
  /**
   * For the request path: fails fast while Redis is away instead of queueing commands without bound.
   * Its keys are prefixed with `${prefix}:` automatically.
   */
  client: Redis;
  /** A new connection for BullMQ workers and subscribers: waits for Redis to come back instead of failing. */
  newBlockingConnection(): Redis;
  /** A new fail-fast connection (BullMQ producers, publishers). */
  newConnection(): Redis;
  close(): Promise<void>;
}

export interface RedisStartOptions {
  url: string | undefined;
  /** All keys of this app live under `${prefix}:`. */
  prefix: string;
  dataDir: string;
  nodeEnv: string;
  logger: Logger;
  /** Where to look for a Redis when REDIS_URL is unset (a parameter so tests can point at a closed port). */
  defaultUrl?: string;
}

/**
 * Connects to REDIS_URL; or, when it is unset, to a Redis on the default address; or, when nothing answers there and
 * redis-server is installed, to a private one started under DATA_DIR/redis (AOF on, noeviction) and stopped on close.
 */
export async function openRedis(opts: RedisStartOptions): Promise<RedisHandle> {
  const { logger } = opts;
  let url = opts.url ?? opts.defaultUrl ?? DEFAULT_REDIS_URL;
  let privateServer: ChildProcess | undefined;

  if (!(await redisAnswers(url))) {
    if (opts.url !== undefined) {
      throw new RedisUnavailableError(`Redis does not answer at REDIS_URL (${redactUrl(url)}). Start Redis there or fix REDIS_URL.`);
    }
    if (!hasRedisServer()) {
      throw new RedisUnavailableError(
        `No Redis answers at ${url} and redis-server is not installed. Install Redis (e.g. "apt install redis-server") ` +
          'or set REDIS_URL to a running one.',
      );
    }
    ({ url, child: privateServer } = await startPrivateRedis(join(opts.dataDir, 'redis'), logger));
  }

  const base: RedisOptions = { connectionName: 'stopline', lazyConnect: true };
  const failFast = (): Redis => new Redis(url, { ...base, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  const blocking = (): Redis => new Redis(url, { ...base, maxRetriesPerRequest: null });
  // Auto-pipelining: commands issued in the same tick (many webhooks at once) leave in one socket write.
  const client = new Redis(url, { ...base, enableOfflineQueue: false, maxRetriesPerRequest: 1, keyPrefix: `${opts.prefix}:`, enableAutoPipelining: true });
  client.on('error', (err) => logger.warn({ err }, 'Redis connection error'));
  await client.connect();
  await warnAboutDurability(client, opts.nodeEnv, logger);

  const extra: Redis[] = [];
  const track = (conn: Redis): Redis => {
    conn.on('error', (err) => logger.debug({ err }, 'Redis connection error'));
    extra.push(conn);
    void conn.connect().catch(() => undefined);
    return conn;
  };

  return {
    url,
    prefix: opts.prefix,
    client,
    newBlockingConnection: () => track(blocking()),
    newConnection: () => track(failFast()),
    async close() {
      await Promise.all([client, ...extra].map((c) => c.quit().catch(() => c.disconnect())));
      if (privateServer) await stopPrivateRedis(privateServer);
    },
  };
}

/** Production Redis must not evict queued jobs or sessions, and must keep them across a restart (docs/architecture.md, "Stores: what lives where"). */
async function warnAboutDurability(client: Redis, nodeEnv: string, logger: Logger): Promise<void> {
  try {
    const info = await client.info();
    const field = (name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();
    const policy = field('maxmemory_policy');
    if (policy !== undefined && policy !== 'noeviction') {
      logger.warn({ maxmemoryPolicy: policy }, 'Redis maxmemory-policy is not noeviction: queued jobs and sessions may be evicted');
    }
    if (nodeEnv === 'production' && field('aof_enabled') !== '1') {
      logger.warn('Redis persistence (AOF) is off: queued follow-ups would be lost if Redis restarts; enable appendonly with appendfsync everysec');
    }
  } catch (err) {
    logger.warn({ err }, 'could not read the Redis configuration to check eviction and persistence');
  }
}

/** True when a Redis at `url` answers PING within a second and a half. */
export async function redisAnswers(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1500 });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

async function startPrivateRedis(dir: string, logger: Logger): Promise<{ url: string; child: ChildProcess }> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const port = await freePort();
  const args = [
    '--bind', '127.0.0.1', '--port', String(port), '--protected-mode', 'yes', '--dir', dir,
    '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--maxmemory-policy', 'noeviction',
    '--logfile', join(dir, 'redis.log'),
  ];
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    if (await redisAnswers(url)) {
      logger.info({ port, dir }, 'started a private Redis (REDIS_URL is unset and none answered on the default address)');
      return { url, child };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new RedisUnavailableError(`A private redis-server could not be started under ${dir}; see ${join(dir, 'redis.log')}`);
}

async function stopPrivateRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM'); // redis-server flushes its AOF on SIGTERM
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Hides a password in a Redis URL before it goes into a message. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}
