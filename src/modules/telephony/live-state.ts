import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Runs a Lua script by its SHA1 (EVALSHA), sending the text only the first time a Redis server sees it: the
 * scripts run on every webhook, and hashing a kilobyte of script per call costs Redis time.
 */
async function runScript(redis: Redis, script: string, numKeys: number, ...args: string[]): Promise<unknown> {
  let sha = scriptShas.get(script);
  if (sha === undefined) {
    sha = createHash('sha1').update(script).digest('hex');
    scriptShas.set(script, sha);
  }
  try {
    return await redis.evalsha(sha, numKeys, ...args);
  } catch (err) {
    if (!String((err as Error).message).startsWith('NOSCRIPT')) throw err;
    return redis.eval(script, numKeys, ...args); // loads it for next time
  }
}
const scriptShas = new Map<string, string>();

/**
 * Live call state in Redis (DESIGN §1, §2): exact times, Twilio's CallSid and who answered exist only here, only
 * while the call is live (and briefly after, for late callbacks and the call-back window), and always with a TTL.
 */
export const LIVE_TTL_SECONDS = 6 * 60 * 60;
/** After a call ends its CallSid mapping lingers this long, so late and duplicate callbacks are recognised. */
export const ENDED_TTL_SECONDS = 10 * 60;

export type LiveStatus = 'ringing' | 'queued' | 'in-progress' | 'ended';

export interface LiveCall {
  callId: string;
  sid: string | undefined;
  status: LiveStatus;
  startedAt: number;
  language: 'da' | 'en' | undefined;
  queuedAt: number | undefined;
  answeredAt: number | undefined;
  answeredBy: string | undefined;
  /** The psychologist whose phone or browser is ringing now. */
  ringing: string | undefined;
  attempted: string[];
  blockHash: string | undefined;
  /** The psychologist who asked for a call-back of this (ended) call. */
  callbackBy: string | undefined;
  lastSequence: number;
}

const callKey = (callId: string) => `call:${callId}`;
const sidKey = (sid: string) => `callsid:${sid}`;
/** Calls turned away at once (closed, blocked) are remembered briefly, so a retried webhook gets the same answer. */
const turnedAwayKey = (sid: string) => `callsid-turned-away:${sid}`;
/**
 * Every CallSid the line has answered is remembered (as a hash, not linked to any call) for a day, so a signed
 * /twilio/voice replayed after its mapping expired is recognised instead of starting a second call.
 */
export const ANSWERED_SID_TTL_SECONDS = 24 * 60 * 60;
const answeredSidKey = (sid: string) => `callsid-answered:${createHash('sha256').update(sid).digest('hex')}`;
export const QUEUE_KEY = 'queue';
const busyKey = (userId: string) => `busy:${userId}`;

// The start of a call in one round trip (a webhook has to be quick): a retry of the same CallSid gets the first
// answer, a closed line or a blocked number turns the call away, else the live state, the sealed call-back number
// and the console event are written together.
const BEGIN_CALL_SCRIPT = `
local existing = redis.call('GET', KEYS[1])
if existing then return {'existing', existing} end
local turned = redis.call('GET', KEYS[2])
if turned then return {'repeat', turned} end
if redis.call('EXISTS', KEYS[6]) == 1 then return {'replay', ''} end
redis.call('SET', KEYS[6], '1', 'EX', ARGV[11])
local status = false
if ARGV[8] == '1' then status = 'closed'
elseif ARGV[4] ~= '' and redis.call('EXISTS', KEYS[3]) == 1 then status = 'blocked' end
if status then
  redis.call('SET', KEYS[2], status, 'EX', ARGV[7])
  return {'turned-away', status}
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[6])
local fields = {'callId', ARGV[1], 'sid', ARGV[2], 'status', 'ringing', 'startedAt', ARGV[3], 'attempted', '', 'lastSequence', '-1'}
if ARGV[4] ~= '' then table.insert(fields, 'blockHash'); table.insert(fields, ARGV[4]) end
redis.call('HSET', KEYS[4], unpack(fields))
redis.call('EXPIRE', KEYS[4], ARGV[6])
if ARGV[5] ~= '' then redis.call('SET', KEYS[5], ARGV[5], 'EX', ARGV[6]) end
redis.call('PUBLISH', ARGV[9], ARGV[10])
return {'started', ARGV[1]}`;

export type BeginCallResult =
  | { kind: 'existing'; callId: string }
  | { kind: 'replay' }
  | { kind: 'repeat' | 'turned-away'; status: 'closed' | 'blocked' }
  | { kind: 'started'; callId: string };

export async function beginCall(
  redis: Redis,
  call: {
    callId: string; sid: string; startedAt: number; closed: boolean; blockHash: string | undefined; sealedNumber: string | undefined;
    keys: { blocked: string; callback: string }; channel: string; event: string;
  },
): Promise<BeginCallResult> {
  const [kind, value] = (await runScript(redis, 
    BEGIN_CALL_SCRIPT, 6,
    sidKey(call.sid), turnedAwayKey(call.sid), call.keys.blocked, callKey(call.callId), call.keys.callback, answeredSidKey(call.sid),
    call.callId, call.sid, String(call.startedAt), call.blockHash ?? '', call.sealedNumber ?? '',
    String(LIVE_TTL_SECONDS), String(ENDED_TTL_SECONDS), call.closed ? '1' : '0', call.channel, call.event,
    String(ANSWERED_SID_TTL_SECONDS),
  )) as [string, string];
  if (kind === 'existing' || kind === 'started') return { kind, callId: value };
  if (kind === 'replay') return { kind };
  return { kind: kind as 'repeat' | 'turned-away', status: value as 'closed' | 'blocked' };
}

export async function callIdForSid(redis: Redis, sid: string): Promise<string | undefined> {
  return (await redis.get(sidKey(sid))) ?? undefined;
}

export async function getLiveCall(redis: Redis, callId: string): Promise<LiveCall | undefined> {
  const h = await redis.hgetall(callKey(callId));
  if (!h.callId) return undefined;
  const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));
  return {
    callId: h.callId,
    sid: h.sid || undefined,
    status: (h.status as LiveStatus) ?? 'ringing',
    startedAt: Number(h.startedAt),
    language: (h.language as 'da' | 'en' | undefined) || undefined,
    queuedAt: num(h.queuedAt),
    answeredAt: num(h.answeredAt),
    answeredBy: h.answeredBy || undefined,
    ringing: h.ringing || undefined,
    attempted: h.attempted ? h.attempted.split(',') : [],
    blockHash: h.blockHash || undefined,
    callbackBy: h.callbackBy || undefined,
    lastSequence: Number(h.lastSequence ?? -1),
  };
}

export async function updateLiveCall(redis: Redis, callId: string, fields: Record<string, string | number>): Promise<void> {
  await redis.hset(callKey(callId), fields);
}

export async function clearLiveFields(redis: Redis, callId: string, ...fields: string[]): Promise<void> {
  if (fields.length) await redis.hdel(callKey(callId), ...fields);
}

// Moves the live status forward only: an older or duplicate event can never move a call back.
const ADVANCE_SCRIPT = `
local current = redis.call('HGET', KEYS[1], 'status')
if not current then return 0 end
local rank = {ringing = 0, queued = 1, ['in-progress'] = 2, ended = 3}
if rank[ARGV[1]] > rank[current] then
  redis.call('HSET', KEYS[1], 'status', ARGV[1])
  return 1
end
return 0`;

export async function advanceLiveStatus(redis: Redis, callId: string, status: LiveStatus): Promise<boolean> {
  return (await runScript(redis, ADVANCE_SCRIPT, 1, callKey(callId), status)) === 1;
}

/** Records a status callback's SequenceNumber; false when it is not newer than the last one seen (a duplicate or late). */
const SEQUENCE_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local last = tonumber(redis.call('HGET', KEYS[1], 'lastSequence') or '-1')
if tonumber(ARGV[1]) > last then
  redis.call('HSET', KEYS[1], 'lastSequence', ARGV[1])
  return 1
end
return 0`;

export async function acceptSequence(redis: Redis, callId: string, sequence: number): Promise<boolean> {
  return (await runScript(redis, SEQUENCE_SCRIPT, 1, callKey(callId), String(sequence))) === 1;
}

// Answering and ending race (the caller hangs up as the psychologist presses 1): each is one step, and whichever
// comes first wins; an ended call cannot be answered, and an answer is recorded whole or not at all.
const CLAIM_ANSWER_SCRIPT = `
local h = redis.call('HMGET', KEYS[1], 'status', 'ringing', 'endedAt', 'answeredBy')
if not h[1] or h[3] or h[4] or h[2] ~= ARGV[1] then return 0 end
if h[1] ~= 'ringing' and h[1] ~= 'queued' then return 0 end
redis.call('HSET', KEYS[1], 'status', 'in-progress', 'answeredBy', ARGV[1], 'answeredAt', ARGV[2])
return 1`;

/** The psychologist who is ringing accepts the call; false if it ended, or someone else has it, meanwhile. */
export async function claimAnswer(redis: Redis, callId: string, userId: string, at: number): Promise<boolean> {
  return (await runScript(redis, CLAIM_ANSWER_SCRIPT, 1, callKey(callId), userId, String(at))) === 1;
}

// One step, so two enders cannot both win, and an expired call is not brought back as a hash without a TTL.
const CLAIM_END_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HSETNX', KEYS[1], 'endedAt', ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'status', 'ended')
return 1`;

/** Claims the right to finish a call: exactly one of several concurrent enders gets true. */
export async function claimEnd(redis: Redis, callId: string): Promise<boolean> {
  return (await runScript(redis, CLAIM_END_SCRIPT, 1, callKey(callId), String(Date.now()))) === 1;
}



/** After the end: forget the CallSid, keep the rest only for the call-back window (or a few minutes). */
export async function retireLiveCall(redis: Redis, call: LiveCall, keepSeconds: number): Promise<void> {
  const multi = redis.multi().hdel(callKey(call.callId), 'sid').expire(callKey(call.callId), Math.max(keepSeconds, ENDED_TTL_SECONDS));
  if (call.sid) multi.expire(sidKey(call.sid), ENDED_TTL_SECONDS);
  await multi.exec();
}

// --- the queue of callers waiting for a psychologist ---

export async function enqueueCall(redis: Redis, callId: string, queuedAt: number): Promise<void> {
  await redis.zadd(QUEUE_KEY, 'NX', String(queuedAt), callId);
}

export async function removeFromQueue(redis: Redis, callId: string): Promise<boolean> {
  return (await redis.zrem(QUEUE_KEY, callId)) === 1;
}

export async function queueLength(redis: Redis): Promise<number> {
  return redis.zcard(QUEUE_KEY);
}

export async function queueFront(redis: Redis): Promise<{ callId: string; queuedAt: number } | undefined> {
  const [callId, score] = await redis.zrange(QUEUE_KEY, '0', '0', 'WITHSCORES');
  return callId ? { callId, queuedAt: Number(score) } : undefined;
}

// --- psychologists busy with a call (ringing or talking): skipped by routing ---

export async function reservePsychologist(redis: Redis, userId: string, callId: string): Promise<boolean> {
  return (await redis.set(busyKey(userId), callId, 'EX', LIVE_TTL_SECONDS, 'NX')) === 'OK';
}

/** Releases only if this call holds the reservation. */
const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
export async function releasePsychologist(redis: Redis, userId: string, callId: string): Promise<boolean> {
  return (await runScript(redis, RELEASE_SCRIPT, 1, busyKey(userId), callId)) === 1;
}

export async function busyPsychologists(redis: Redis, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const values = await redis.mget(...userIds.map(busyKey));
  return new Set(userIds.filter((_, i) => values[i] !== null));
}

/** The call that holds each busy psychologist's reservation, by user id. */
export async function busyCalls(redis: Redis, userIds: string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const values = await redis.mget(...userIds.map(busyKey));
  const out = new Map<string, string>();
  userIds.forEach((id, i) => {
    const callId = values[i];
    if (callId) out.set(id, callId);
  });
  return out;
}

/** True at most once per `seconds` for a call: how often a live call's state is checked against Twilio's. */
export async function claimStaleCheck(redis: Redis, callId: string, seconds: number): Promise<boolean> {
  return (await redis.set(`stale-check:${callId}`, '1', 'EX', seconds, 'NX')) === 'OK';
}

// --- the call each psychologist is talking on now (for the console's call card after a reconnect) ---

const currentKey = (userId: string) => `current-call:${userId}`;

export async function setCurrentCall(redis: Redis, userId: string, callId: string): Promise<void> {
  await redis.set(currentKey(userId), callId, 'EX', LIVE_TTL_SECONDS);
}

export async function clearCurrentCall(redis: Redis, userId: string, callId: string): Promise<void> {
  await runScript(redis, RELEASE_SCRIPT, 1, currentKey(userId), callId);
}

export async function currentCallOf(redis: Redis, userId: string): Promise<LiveCall | undefined> {
  const callId = await redis.get(currentKey(userId));
  const live = callId ? await getLiveCall(redis, callId) : undefined;
  return live && live.status !== 'ended' ? live : undefined;
}
