import type { Redis } from 'ioredis';

/**
 * The caller's number for an anonymous call-back (docs/architecture.md, "Data flow of a call", call-back): only
 * sealed (AES-256-GCM), only in Redis, only while the call is live and then for `callback.windowMinutes`. Staff
 * never see it; it is only handed to Twilio.
 */
export const callbackKey = (callId: string) => `callback:${callId}`;
const key = callbackKey;

export async function keepCallbackFor(redis: Redis, callId: string, seconds: number): Promise<void> {
  await redis.expire(key(callId), seconds);
}

export async function dropCallbackNumber(redis: Redis, callId: string): Promise<void> {
  await redis.del(key(callId));
}

export interface TakenNumber {
  sealed: string;
  /** What was left of the window, to put it back with if the call-back cannot be made. */
  ttlSeconds: number;
}

/** Takes the sealed number out (one call-back per call): a double click cannot ring the caller twice. */
export async function takeCallbackNumber(redis: Redis, callId: string): Promise<TakenNumber | undefined> {
  const [[, ttl], [, sealed]] = (await redis.multi().ttl(key(callId)).getdel(key(callId)).exec()) as [[null, number], [null, string | null]];
  return sealed ? { sealed, ttlSeconds: Math.max(ttl, 1) } : undefined;
}

export async function restoreCallbackNumber(redis: Redis, callId: string, taken: TakenNumber): Promise<void> {
  await redis.set(key(callId), taken.sealed, 'EX', taken.ttlSeconds, 'NX');
}
