import type { Redis } from 'ioredis';

/**
 * Login throttling per account and per address, with back-off: after `limit` failures within the window,
 * each further failure locks the key for twice as long as the last lock (from `baseLockMs` up to `maxLockMs`).
 * A success clears the account's counter; the address's counter runs out with its window.
 */
export interface ThrottlePolicy {
  limit: number;
  windowMs: number;
  baseLockMs: number;
  maxLockMs: number;
}

export const ACCOUNT_POLICY: ThrottlePolicy = { limit: 5, windowMs: 15 * 60_000, baseLockMs: 30_000, maxLockMs: 15 * 60_000 };
export const ADDRESS_POLICY: ThrottlePolicy = { limit: 20, windowMs: 15 * 60_000, baseLockMs: 30_000, maxLockMs: 15 * 60_000 };

type Subject = { kind: 'account' | 'address'; id: string; policy: ThrottlePolicy };

const failKey = (s: Subject) => `login-fail:${s.kind}:${s.id}`;
const lockKey = (s: Subject) => `login-lock:${s.kind}:${s.id}`;

export function loginSubjects(username: string, address: string, policies = { account: ACCOUNT_POLICY, address: ADDRESS_POLICY }): Subject[] {
  return [
    { kind: 'account', id: username.toLowerCase(), policy: policies.account },
    { kind: 'address', id: address, policy: policies.address },
  ];
}

/** Milliseconds until a login may be tried again, or 0. */
export async function lockedFor(redis: Redis, subjects: Subject[]): Promise<number> {
  const ttls = await Promise.all(subjects.map((s) => redis.pttl(lockKey(s))));
  return Math.max(0, ...ttls);
}

export async function recordFailure(redis: Redis, subjects: Subject[]): Promise<void> {
  for (const s of subjects) {
    const [[, count]] = (await redis.multi().incr(failKey(s)).pexpire(failKey(s), s.policy.windowMs, 'NX').exec()) as [[null, number]];
    const over = count - s.policy.limit;
    if (over >= 0) {
      const lockMs = Math.min(s.policy.maxLockMs, s.policy.baseLockMs * 2 ** Math.min(over, 20));
      await redis.multi().set(lockKey(s), '1', 'PX', lockMs).pexpire(failKey(s), Math.max(s.policy.windowMs, lockMs * 2)).exec();
    }
  }
}

export async function recordSuccess(redis: Redis, subjects: Subject[]): Promise<void> {
  const account = subjects.filter((s) => s.kind === 'account');
  if (account.length) await redis.del(...account.flatMap((s) => [failKey(s), lockKey(s)]));
}
