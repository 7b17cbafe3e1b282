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
  /** The user's credential stamp at login: a password change or a disable ends the session. */
  stamp?: string;
}

export interface SessionInfo {
  userId: string;
  stamp: string | undefined;
}

// Redis holds a hash of the session id, not the id itself: a copy of Redis does not hand out live sessions.
export const sessionHash = (sessionId: string) => createHash('sha256').update(sessionId).digest('hex');
const key = (sessionId: string) => `session:${sessionHash(sessionId)}`;

/**
 * "These sessions ended" for every instance (their console sockets close): one session (`session`, its hash) on
 * logout, or all of a user's. Published on Redis pub/sub beside the console events.
 */
export interface SessionEnded {
  userId: string;
  session?: string;
}
export const sessionsEndedChannel = (prefix: string) => `${prefix}:sessions-ended`;

export async function publishSessionEnded(redis: Redis, prefix: string, ended: SessionEnded): Promise<void> {
  await redis.publish(sessionsEndedChannel(prefix), JSON.stringify(ended));
}

export async function createSession(redis: Redis, userId: string, stamp: string): Promise<string> {
  const sessionId = randomBytes(32).toString('base64url');
  const value: StoredSession = { userId, createdAt: Date.now(), stamp };
  await redis.set(key(sessionId), JSON.stringify(value), 'EX', SESSION_IDLE_SECONDS);
  return sessionId;
}

/**
 * The session's user and the credential stamp it was made under, without refreshing it: the caller checks the user
 * first (a disabled user's requests must not keep the session alive) and then calls `refreshSession`.
 */
export async function readSession(redis: Redis, sessionId: string): Promise<SessionInfo | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(sessionId)) return undefined;
  const raw = await redis.get(key(sessionId));
  if (raw === null) return undefined;
  const session = JSON.parse(raw) as StoredSession;
  if (Date.now() - session.createdAt > SESSION_MAX_SECONDS * 1000) {
    await redis.del(key(sessionId));
    return undefined;
  }
  return { userId: session.userId, stamp: session.stamp };
}

/** Renews the idle timeout of a session that was just found valid. */
export async function refreshSession(redis: Redis, sessionId: string): Promise<void> {
  await redis.expire(key(sessionId), SESSION_IDLE_SECONDS, 'XX');
}

export async function deleteSession(redis: Redis, sessionId: string): Promise<void> {
  await redis.del(key(sessionId));
}
