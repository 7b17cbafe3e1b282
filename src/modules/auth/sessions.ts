import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

export const SESSION_COOKIE = 'stopline_session';
/** A session ends after this long without a request… */
export const SESSION_IDLE_SECONDS = 8 * 60 * 60;
/** …and at the latest this long after login, so a stolen cookie does not live forever. */
export const SESSION_MAX_SECONDS = 24 * 60 * 60;

interface StoredSession {
  userId: string;
  createdAt: number;
}

// Redis holds a hash of the session id, not the id itself: a copy of Redis does not hand out live sessions.
const key = (sessionId: string) => `session:${createHash('sha256').update(sessionId).digest('hex')}`;

export async function createSession(redis: Redis, userId: string): Promise<string> {
  const sessionId = randomBytes(32).toString('base64url');
  const value: StoredSession = { userId, createdAt: Date.now() };
  await redis.set(key(sessionId), JSON.stringify(value), 'EX', SESSION_IDLE_SECONDS);
  return sessionId;
}

/** The session's user id, refreshing its idle timeout; undefined when unknown or expired. */
export async function touchSession(redis: Redis, sessionId: string): Promise<string | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(sessionId)) return undefined;
  const raw = await redis.getex(key(sessionId), 'EX', SESSION_IDLE_SECONDS);
  if (raw === null) return undefined;
  const session = JSON.parse(raw) as StoredSession;
  if (Date.now() - session.createdAt > SESSION_MAX_SECONDS * 1000) {
    await redis.del(key(sessionId));
    return undefined;
  }
  return session.userId;
}

export async function deleteSession(redis: Redis, sessionId: string): Promise<void> {
  await redis.del(key(sessionId));
}
