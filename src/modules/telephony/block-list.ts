import type { Redis } from 'ioredis';
import type { BlockReason } from '../../shared/block-reasons.js';

/**
 * The block list holds keyed hashes of numbers (HMAC with a server key), never numbers, and every entry expires.
 * The reason is a code, not free text, so nothing identifying is written down.
 */

/** Read when a call starts (in the script that begins a call), written here. */
export const blockKey = (hash: string) => `blocked:${hash}`;

export async function blockHash(redis: Redis, hash: string, entry: { days: number; reason: BlockReason; by: string }): Promise<void> {
  await redis.set(blockKey(hash), JSON.stringify({ reason: entry.reason, by: entry.by, since: new Date().toISOString().slice(0, 10) }), 'EX', entry.days * 86_400);
}
