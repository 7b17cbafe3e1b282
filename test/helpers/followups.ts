// Follow-up tests: the app with a fake Twilio, a psychologist and a supervisor, and the follow-up worker in-process.
import type { FastifyInstance } from 'fastify';
import type { Test } from 'tap';
import { createLogger } from '../../src/infra/logger.js';
import { startFollowupJobs, type FollowupJobsOptions } from '../../src/modules/followups/index.js';
import { telephonyFixture, type TelephonyFixture } from './telephony.js';
import { addUser, login } from './users.js';

export const PERSON = '+4521436587';
export const PERSON_LOCAL = '21 43 65 87';
export const ALIAS = 'Kvistgaard';

export interface FollowupFixture extends TelephonyFixture {
  psychologist: string;
  supervisor: string;
}

export async function followupFixture(t: Test, options: Parameters<typeof telephonyFixture>[1] = {}): Promise<FollowupFixture> {
  const fx = await telephonyFixture(t, options);
  await addUser(fx.app, 'sam', ['supervisor']);
  return { ...fx, psychologist: fx.staff.pia!.cookie, supervisor: await login(fx.app, 'sam') };
}

export async function startWorker(t: Test, app: FastifyInstance, options: FollowupJobsOptions = {}, logger = createLogger('silent')) {
  const jobs = await startFollowupJobs({ config: app.appConfig, infra: app.infra, logger }, options);
  t.teardown(() => jobs.close());
  return jobs;
}

export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function createFollowup(app: FastifyInstance, cookie: string, payload: Record<string, unknown>) {
  return app.inject({ method: 'POST', url: '/api/followups', headers: { cookie }, payload });
}

/** Every key under `prefix:` with its value, whatever its type (strings, hashes, lists, sets, sorted sets, streams). */
export async function redisDump(prefix: string): Promise<string> {
  const { Redis } = await import('ioredis');
  const { TEST_REDIS_URL } = await import('./services.js');
  const redis = new Redis(TEST_REDIS_URL);
  const out: string[] = [];
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        let value: unknown;
        if (type === 'string') value = await redis.get(key);
        else if (type === 'hash') value = await redis.hgetall(key);
        else if (type === 'list') value = await redis.lrange(key, 0, -1);
        else if (type === 'set') value = await redis.smembers(key);
        else if (type === 'zset') value = await redis.zrange(key, '0', '-1', 'WITHSCORES');
        else if (type === 'stream') value = await redis.xrange(key, '-', '+');
        out.push(`${key} ${JSON.stringify(value)}`);
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return out.join('\n');
}
