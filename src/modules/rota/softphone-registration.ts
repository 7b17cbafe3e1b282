import type { Redis } from 'ioredis';

/**
 * Whether a psychologist's browser softphone is registered with Twilio right now, as the page reports it
 * (PUT /api/oncall/softphone) and refreshes by heartbeat. A call is routed to the browser only while this holds:
 * a closed laptop or a softphone that cannot reach Twilio stops reporting, and the key expires.
 */
export const SOFTPHONE_TTL_SECONDS = 75;
/** How often the page repeats its report (well inside the TTL, so one lost heartbeat does not drop it). */
export const SOFTPHONE_HEARTBEAT_SECONDS = 25;

const key = (userId: string) => `softphone:${userId}`;

export async function setSoftphoneRegistered(redis: Redis, userId: string, registered: boolean): Promise<void> {
  if (registered) await redis.set(key(userId), '1', 'EX', SOFTPHONE_TTL_SECONDS);
  else await redis.del(key(userId));
}

/** The ones among these whose softphone is registered now. */
export async function softphonesRegistered(redis: Redis, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const values = await redis.mget(...userIds.map(key));
  return new Set(userIds.filter((_, i) => values[i] !== null));
}
