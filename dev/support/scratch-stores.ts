// Scratch stores for tests and benchmarks: a fresh PostgreSQL database and a Redis key prefix of their own, so that
// runs never see each other's data, and both removed afterwards.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';

export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function adminClient(timeoutMs: number): pg.Client {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined); // a dropped admin connection fails the query in flight, which is enough
  return client;
}

/** Whether PostgreSQL answers at POSTGRES_ADMIN_URL within two seconds. */
export async function postgresAnswers(): Promise<boolean> {
  const client = adminClient(2000);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface ScratchDatabase {
  name: string;
  /** The connection URL of the new database. */
  url: string;
  /** The server's version, for reports. */
  version: string;
}

/** Creates `stopline_<label>_<random>`; drop it with dropScratchDatabase. */
export async function createScratchDatabase(label: 'test' | 'bench'): Promise<ScratchDatabase> {
  const admin = adminClient(5000);
  await admin.connect();
  try {
    const name = `stopline_${label}_${randomBytes(6).toString('hex')}`;
    const { rows } = await admin.query<{ server_version: string }>('SHOW server_version');
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(POSTGRES_ADMIN_URL);
    url.pathname = `/${name}`;
    return { name, url: url.toString(), version: rows[0]?.server_version ?? 'unknown version' };
  } finally {
    await admin.end();
  }
}

export async function dropScratchDatabase(name: string): Promise<void> {
  const admin = adminClient(5000);
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** A Redis key prefix nobody else uses: `stopline-<label>-<random>`. */
export const scratchRedisPrefix = (label: 'test' | 'bench') => `stopline-${label}-${randomBytes(5).toString('hex')}`;

/** A client that fails fast instead of retrying: scratch work wants an answer or an error, not a hang. */
export function redisClient(url = REDIS_URL): Redis {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null, connectTimeout: 2000 });
  redis.on('error', () => undefined);
  return redis;
}

/** Deletes every key matching `pattern` (e.g. `${prefix}:*`); returns how many. */
export async function deleteRedisKeys(pattern: string, url = REDIS_URL): Promise<number> {
  const redis = redisClient(url);
  let deleted = 0;
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}
