import type { Redis } from 'ioredis';

/**
 * Login throttling with back-off, for three subjects:
 * - the account from one address: `limit` attempts, then locked for that address only, so a stranger guessing
 *   cannot lock a psychologist out (a lock that grows with each further try, from `baseLockMs` up to `maxLockMs`);
 * - the address, across accounts (guessing user names);
 * - the account across all addresses (a spread-out guess), which does not apply to an address the account has
 *   logged in from recently: under attack, the psychologist still gets in from where she usually works.
 * Each attempt is counted *before* its password is checked, in one Redis step with the lock check, so a burst of
 * concurrent attempts cannot all pass the check (and is refused without spending scrypt time on it).
 */
export interface ThrottlePolicy {
  limit: number;
  windowMs: number;
  baseLockMs: number;
  maxLockMs: number;
}

export const ACCOUNT_ADDRESS_POLICY: ThrottlePolicy = { limit: 5, windowMs: 15 * 60_000, baseLockMs: 30_000, maxLockMs: 15 * 60_000 };
export const ADDRESS_POLICY: ThrottlePolicy = { limit: 20, windowMs: 15 * 60_000, baseLockMs: 30_000, maxLockMs: 15 * 60_000 };
export const ACCOUNT_POLICY: ThrottlePolicy = { limit: 50, windowMs: 60 * 60_000, baseLockMs: 60_000, maxLockMs: 60 * 60_000 };
/** How long a successful login makes its address "known" to the account (exempt from the account-wide limit). */
export const KNOWN_ADDRESS_SECONDS = 30 * 24 * 60 * 60;

type Subject = { kind: 'account-address' | 'address' | 'account'; id: string; policy: ThrottlePolicy };

const failKey = (s: Subject) => `login-fail:${s.kind}:${s.id}`;
const lockKey = (s: Subject) => `login-lock:${s.kind}:${s.id}`;
const knownKey = (username: string, address: string) => `login-known:${username.toLowerCase()}|${address}`;

export function loginSubjects(
  username: string,
  address: string,
  policies = { accountAddress: ACCOUNT_ADDRESS_POLICY, address: ADDRESS_POLICY, account: ACCOUNT_POLICY },
): Subject[] {
  const account = username.toLowerCase();
  return [
    { kind: 'account-address', id: `${account}|${address}`, policy: policies.accountAddress },
    { kind: 'address', id: address, policy: policies.address },
    { kind: 'account', id: account, policy: policies.account },
  ];
}

// One step: refuse if any subject is locked; else count the attempt against each, and a subject that reaches its
// limit is locked at once (before the password is checked), so only one attempt passes per lock period.
const CLAIM_ATTEMPT_SCRIPT = `
local n = #KEYS / 2
local wait = 0
for i = 1, n do
  local ttl = redis.call('PTTL', KEYS[2 * i])
  if ttl > wait then wait = ttl end
end
if wait > 0 then return wait end
for i = 1, n do
  local o = (i - 1) * 4
  local limit, window, baseLock, maxLock = tonumber(ARGV[o + 1]), tonumber(ARGV[o + 2]), tonumber(ARGV[o + 3]), tonumber(ARGV[o + 4])
  local count = redis.call('INCR', KEYS[2 * i - 1])
  redis.call('PEXPIRE', KEYS[2 * i - 1], window, 'NX')
  if count >= limit then
    local lockMs = math.floor(math.min(maxLock, baseLock * 2 ^ math.min(count - limit, 20)))
    redis.call('SET', KEYS[2 * i], '1', 'PX', lockMs)
    redis.call('PEXPIRE', KEYS[2 * i - 1], math.max(window, lockMs * 2))
  end
end
return 0`;

/**
 * Counts a login attempt before its password is checked. `waitMs` is 0 when it may go on (`counted`: the subjects
 * it was counted against), else the milliseconds until a login may be tried again (nothing is counted then).
 */
export async function claimAttempt(redis: Redis, username: string, subjects: Subject[]): Promise<{ waitMs: number; counted: Subject[] }> {
  const address = subjects.find((s) => s.kind === 'address')?.id;
  const known = address !== undefined && (await redis.exists(knownKey(username, address))) === 1;
  const counted = subjects.filter((s) => !(known && s.kind === 'account'));
  const keys = counted.flatMap((s) => [failKey(s), lockKey(s)]);
  const args = counted.flatMap((s) => [s.policy.limit, s.policy.windowMs, s.policy.baseLockMs, s.policy.maxLockMs].map(String));
  const waitMs = Number(await redis.eval(CLAIM_ATTEMPT_SCRIPT, keys.length, ...keys, ...args));
  return { waitMs, counted: waitMs > 0 ? [] : counted };
}

// A success is not a failure: it clears the account's count for this address, takes its own attempt back from the
// others (lifting a lock it set itself by being the limit-th attempt), and makes the address known to the account.
const SUCCESS_SCRIPT = `
redis.call('SET', KEYS[1], '1', 'EX', ARGV[1])
for i = 1, (#KEYS - 1) / 2 do
  local fail, lock = KEYS[2 * i], KEYS[2 * i + 1]
  if ARGV[1 + i] == 'clear' then
    redis.call('DEL', fail, lock)
  else
    local count = redis.call('DECR', fail)
    if count < tonumber(ARGV[1 + i]) then redis.call('DEL', lock) end
    if count <= 0 then redis.call('DEL', fail) end
  end
end
return 1`;

/** After a successful login, with the subjects its attempt was counted against. */
export async function recordSuccess(redis: Redis, username: string, address: string, counted: Subject[]): Promise<void> {
  const keys = [knownKey(username, address), ...counted.flatMap((s) => [failKey(s), lockKey(s)])];
  const args = [String(KNOWN_ADDRESS_SECONDS), ...counted.map((s) => (s.kind === 'account-address' ? 'clear' : String(s.policy.limit)))];
  await redis.eval(SUCCESS_SCRIPT, keys.length, ...keys, ...args);
}
