import type { Redis } from 'ioredis';

export type Via = 'phone' | 'browser';

export interface Availability {
  available: boolean;
  via: Via;
  /** When it was set (ms): people who make themselves available off-rota are tried in that order. */
  since: number;
}

/** A psychologist's own on-call switch, for one local day only: tomorrow the rota decides again. */
const key = (date: string, userId: string) => `oncall:${date}:${userId}`;
const indexKey = (date: string) => `oncall:${date}`;
const TTL_SECONDS = 36 * 60 * 60;

export async function setAvailability(redis: Redis, date: string, userId: string, value: Omit<Availability, 'since'>): Promise<void> {
  const stored: Availability = { ...value, since: Date.now() };
  await redis
    .multi()
    .set(key(date, userId), JSON.stringify(stored), 'EX', TTL_SECONDS)
    .sadd(indexKey(date), userId)
    .expire(indexKey(date), TTL_SECONDS)
    .exec();
}

/** Every override set today, by user id. */
export async function availabilityToday(redis: Redis, date: string): Promise<Map<string, Availability>> {
  const userIds = await redis.smembers(indexKey(date));
  if (userIds.length === 0) return new Map();
  const values = await redis.mget(...userIds.map((id) => key(date, id)));
  const out = new Map<string, Availability>();
  userIds.forEach((id, i) => {
    const v = values[i];
    if (v) out.set(id, JSON.parse(v) as Availability);
  });
  return out;
}
