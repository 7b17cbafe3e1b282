import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { keyedHash } from '../../infra/crypto.js';
import { canonicalJson } from '../audit/index.js';

/**
 * "A repeat of the same request within a minute creates nothing new": the normalised request (the number in E.164,
 * defaults filled in) and who sent it are reduced to a keyed hash (HMAC), which is all Redis holds — for 60 seconds,
 * pointing at the follow-up id. Never the number itself.
 */
export const REPEAT_WINDOW_SECONDS = 60;
const requestKey = (hash: string) => `followup-request:${hash}`;

export async function claimRequest(redis: Redis, hmacKey: Buffer, sender: string, request: unknown): Promise<{ id: string; repeat: boolean; release(): Promise<void> }> {
  const hash = keyedHash(hmacKey, `${sender}\n${canonicalJson(request)}`);
  const id = randomUUID();
  const set = await redis.set(requestKey(hash), id, 'EX', REPEAT_WINDOW_SECONDS, 'NX');
  if (set === 'OK') return { id, repeat: false, release: async () => void (await redis.del(requestKey(hash))) };
  const existing = await redis.get(requestKey(hash));
  return { id: existing ?? id, repeat: existing !== null, release: async () => undefined };
}
