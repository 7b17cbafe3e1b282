import type { Redis } from 'ioredis';
import { keyedHash } from '../../infra/crypto.js';
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

export interface BlockEntry {
  /** Not the hash: a keyed hash of it, so the list never hands out what a number could be matched against. */
  id: string;
  reason: BlockReason;
  /** When the block ends (ISO time). */
  until: string;
  /** The day it was set (YYYY-MM-DD). */
  since: string;
}

const blockId = (idKey: Buffer, hash: string) => keyedHash(idKey, `block-id:${hash}`).slice(0, 32);

/** Every block in force, soonest end first. SCAN over the app's own keys (the client's prefix is not applied to SCAN). */
export async function listBlocks(redis: Redis, prefix: string, idKey: Buffer): Promise<Array<BlockEntry & { hash: string }>> {
  const out: Array<BlockEntry & { hash: string }> = [];
  const match = `${prefix}:blocked:*`;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 500);
    cursor = next;
    for (const fullKey of keys) {
      const hash = fullKey.slice(match.length - 1);
      const [raw, ttl] = await Promise.all([redis.get(blockKey(hash)), redis.pttl(blockKey(hash))]);
      if (raw === null || ttl < 0) continue;
      const value = JSON.parse(raw) as { reason: BlockReason; since?: string };
      out.push({ id: blockId(idKey, hash), hash, reason: value.reason, since: value.since ?? '', until: new Date(Date.now() + ttl).toISOString() });
    }
  } while (cursor !== '0');
  return out.sort((a, b) => (a.until < b.until ? -1 : 1));
}

/** Lifts the block with this id; false when there is none (expired or lifted already). */
export async function liftBlock(redis: Redis, prefix: string, idKey: Buffer, id: string): Promise<BlockEntry | undefined> {
  const found = (await listBlocks(redis, prefix, idKey)).find((b) => b.id === id);
  if (!found) return undefined;
  await redis.del(blockKey(found.hash));
  const { hash: _hash, ...entry } = found;
  return entry;
}
