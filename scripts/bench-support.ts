// What both benchmarks need around the thing they measure: a scratch PostgreSQL database and Redis prefix (both
// removed afterwards), percentiles, and how busy the machine is.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';

export const POSTGRES_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = 'redis://127.0.0.1:6379';

const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));

export interface BenchDatabase {
  name: string;
  url: string;
  version: string;
}

export async function createDatabase(): Promise<BenchDatabase | undefined> {
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 2000 });
  admin.on('error', () => undefined);
  try {
    await admin.connect();
  } catch {
    return undefined;
  }
  try {
    const name = `stopline_bench_${randomBytes(6).toString('hex')}`;
    const { rows } = await admin.query<{ server_version: string }>('SHOW server_version');
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(POSTGRES_ADMIN_URL);
    url.pathname = `/${name}`;
    return { name, url: url.toString(), version: rows[0]?.server_version ?? 'unknown version' };
  } finally {
    await admin.end();
  }
}

export async function dropDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 5000 });
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

export function redisClient(): Redis {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null, connectTimeout: 2000 });
  redis.on('error', () => undefined);
  return redis;
}

export async function checkRedis(): Promise<void> {
  const redis = redisClient();
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    throw new Error(`Redis does not answer at ${REDIS_URL}: ${errorMessage(err)}`, { cause: err });
  } finally {
    redis.disconnect();
  }
}

export async function deleteRedisKeys(prefix: string): Promise<number> {
  const redis = redisClient();
  let deleted = 0;
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

export function machineTimes(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const cpu of cpus()) {
    idle += cpu.times.idle;
    total += cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.idle + cpu.times.irq;
  }
  return { idle, total };
}

/** How busy the machine is (% of all cores) over `ms`: other work takes cores from servers, stores and clients alike. */
export async function machineBusy(ms: number): Promise<number> {
  const before = machineTimes();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = machineTimes();
  return 100 * (1 - (after.idle - before.idle) / Math.max(1, after.total - before.total));
}

export const PUBLIC_URL = 'https://stopline.example';
export const LINE_NUMBER = '+4570000000';

/**
 * The environment of a benchmarked app: production mode with random secrets, the line open all day (so every call
 * goes the whole way), the scratch database (or PGlite in memory) and Redis prefix, silent logs.
 */
export function benchAppEnv(opts: { tmp: string; host: string; databaseUrl: string | undefined; prefix: string }) {
  const configFile = join(opts.tmp, 'config.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      openingHours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [['00:00', '24:00']]])),
      closeOnPublicHolidays: false,
    }),
  );
  const authToken = randomBytes(16).toString('hex');
  const accountSid = `AC${randomBytes(16).toString('hex')}`;
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    HOST: opts.host,
    PORT: '0',
    PUBLIC_URL,
    DATABASE_URL: opts.databaseUrl ?? 'memory://',
    DATA_DIR: join(opts.tmp, 'data'),
    REDIS_URL,
    REDIS_PREFIX: opts.prefix,
    TWILIO_ACCOUNT_SID: accountSid,
    TWILIO_AUTH_TOKEN: authToken,
    TWILIO_API_KEY_SID: `SK${randomBytes(16).toString('hex')}`,
    TWILIO_API_KEY_SECRET: randomBytes(16).toString('hex'),
    LINE_NUMBER,
    CONTACT_KEY: randomBytes(32).toString('base64'),
    CONFIG_FILE: configFile,
    LOG_LEVEL: 'silent',
  };
  return { env, authToken, accountSid };
}
