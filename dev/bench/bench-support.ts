// What both benchmarks need around the thing they measure: a scratch PostgreSQL database and Redis prefix (both
// removed afterwards; made by the helpers the tests use too), the app's environment, percentiles, and how busy the
// machine is.
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { writeLineSettings, PUBLIC_URL, LINE_NUMBER } from '../support/line-settings.js';
import { createScratchDatabase, postgresAnswers, redisClient, REDIS_URL, type ScratchDatabase } from '../support/scratch-stores.js';

const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** A fresh database for the run, or undefined when PostgreSQL does not answer (the benchmark then uses PGlite). */
export async function createDatabase(): Promise<ScratchDatabase | undefined> {
  return (await postgresAnswers()) ? createScratchDatabase('bench') : undefined;
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

export { LINE_NUMBER, PUBLIC_URL };

/**
 * The environment of a benchmarked app: production mode with random secrets, the line open all day (so every call
 * goes the whole way), the scratch database (or PGlite in memory) and Redis prefix, silent logs.
 */
export function benchAppEnv(opts: { tmp: string; host: string; databaseUrl: string | undefined; prefix: string }) {
  const configFile = writeLineSettings(opts.tmp);
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
