import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { defineRedisScripts, loadRedisScript, runRedisScript } from '../../infra/redis-scripts.js';

// The scripts live as files beside this one, each with a header naming its KEYS and ARGV.
const script = (file: string) => loadRedisScript(new URL(`./lua/${file}`, import.meta.url));
const BEGIN_CALL = script('begin-call.lua');
const ADVANCE_STATUS = script('advance-status.lua');
const ACCEPT_SEQUENCE = script('accept-sequence.lua');
const CLAIM_ANSWER = script('claim-answer.lua');
const CLAIM_END = script('claim-end.lua');
const RELEASE_IF_HOLDER = script('release-if-holder.lua');
const ADVANCE_CALLBACK = script('advance-callback.lua');
const SCRIPTS = [BEGIN_CALL, ADVANCE_STATUS, ACCEPT_SEQUENCE, CLAIM_ANSWER, CLAIM_END, RELEASE_IF_HOLDER, ADVANCE_CALLBACK];

/** Defines the live state's scripts on a connection; call it before the connection carries calls. */
export function defineLiveStateScripts(redis: Redis): void {
  defineRedisScripts(redis, SCRIPTS);
}

/**
 * Live call state in Redis (docs/architecture.md, "Stores: what lives where"): exact times, Twilio's CallSid and
 * who answered exist only here, only while the call is live (and briefly after, for late callbacks and the
 * call-back window), and always with a TTL.
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
  /** The psychologist whose phone or browser is ringing now, and since when (ms). */
  ringing: string | undefined;
  ringingAt: number | undefined;
  /** Set once the call has ended (ms). */
  endedAt: number | undefined;
  attempted: string[];
  blockHash: string | undefined;
  /** The psychologist who asked for a call-back of this (ended) call. */
  callbackBy: string | undefined;
  /** How far the call-back got (CALLBACK_PROGRESS in src/shared/console-messages.ts). */
  callbackStatus: string | undefined;
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
  const [kind, value] = (await runRedisScript(
    redis,
    BEGIN_CALL,
    [sidKey(call.sid), turnedAwayKey(call.sid), call.keys.blocked, callKey(call.callId), call.keys.callback, answeredSidKey(call.sid)],
    [call.callId, call.sid, call.startedAt, call.blockHash ?? '', call.sealedNumber ?? '', LIVE_TTL_SECONDS, ENDED_TTL_SECONDS, call.closed ? '1' : '0', call.channel, call.event, ANSWERED_SID_TTL_SECONDS],
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
    ringingAt: num(h.ringingAt),
    endedAt: num(h.endedAt),
    attempted: h.attempted ? h.attempted.split(',') : [],
    blockHash: h.blockHash || undefined,
    callbackBy: h.callbackBy || undefined,
    callbackStatus: h.callbackStatus || undefined,
    lastSequence: Number(h.lastSequence ?? -1),
  };
}

export async function updateLiveCall(redis: Redis, callId: string, fields: Record<string, string | number>): Promise<void> {
  await redis.hset(callKey(callId), fields);
}

export async function clearLiveFields(redis: Redis, callId: string, ...fields: string[]): Promise<void> {
  if (fields.length) await redis.hdel(callKey(callId), ...fields);
}

/** Moves the live status forward only: an older or duplicate event can never move a call back. */
export async function advanceLiveStatus(redis: Redis, callId: string, status: LiveStatus): Promise<boolean> {
  return (await runRedisScript(redis, ADVANCE_STATUS, [callKey(callId)], [status])) === 1;
}

/** Records a status callback's SequenceNumber; false when it is not newer than the last one seen (a duplicate or late). */
export async function acceptSequence(redis: Redis, callId: string, sequence: number): Promise<boolean> {
  return (await runRedisScript(redis, ACCEPT_SEQUENCE, [callKey(callId)], [sequence])) === 1;
}

/** The psychologist who is ringing accepts the call; false if it ended, or someone else has it, meanwhile. */
export async function claimAnswer(redis: Redis, callId: string, userId: string, at: number): Promise<boolean> {
  return (await runRedisScript(redis, CLAIM_ANSWER, [callKey(callId)], [userId, at])) === 1;
}

/** Claims the right to finish a call: exactly one of several concurrent enders gets true. */
export async function claimEnd(redis: Redis, callId: string): Promise<boolean> {
  return (await runRedisScript(redis, CLAIM_END, [callKey(callId)], [Date.now()])) === 1;
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
export async function releasePsychologist(redis: Redis, userId: string, callId: string): Promise<boolean> {
  return (await runRedisScript(redis, RELEASE_IF_HOLDER, [busyKey(userId)], [callId])) === 1;
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
  await runRedisScript(redis, RELEASE_IF_HOLDER, [currentKey(userId)], [callId]);
}

export async function currentCallOf(redis: Redis, userId: string): Promise<LiveCall | undefined> {
  const callId = await redis.get(currentKey(userId));
  const live = callId ? await getLiveCall(redis, callId) : undefined;
  return live && live.status !== 'ended' ? live : undefined;
}

// --- the call each psychologist took last, kept while its call-back window lasts (the console rebuilds its card) ---

const lastCallKey = (userId: string) => `last-call:${userId}`;

export async function setLastCall(redis: Redis, userId: string, callId: string, seconds: number): Promise<void> {
  await redis.set(lastCallKey(userId), callId, 'EX', Math.max(1, seconds));
}

/** Her most recent call once it has ended, while its live hash lasts (the call-back window). */
export async function lastEndedCallOf(redis: Redis, userId: string): Promise<LiveCall | undefined> {
  const callId = await redis.get(lastCallKey(userId));
  const live = callId ? await getLiveCall(redis, callId) : undefined;
  return live && live.status === 'ended' && live.answeredBy === userId ? live : undefined;
}

/** The call ringing for this psychologist now (her reservation, not yet answered), if any. */
export async function ringingCallOf(redis: Redis, userId: string): Promise<LiveCall | undefined> {
  const callId = await redis.get(busyKey(userId));
  const live = callId ? await getLiveCall(redis, callId) : undefined;
  return live && live.status !== 'ended' && live.ringing === userId && !live.answeredBy ? live : undefined;
}

/** Moves a call-back's progress forward (never back); true when it moved. */
export async function advanceCallback(redis: Redis, callId: string, status: string, rank: number): Promise<boolean> {
  return (await runRedisScript(redis, ADVANCE_CALLBACK, [callKey(callId)], [status, rank])) === 1;
}

/** Whether the sealed number for a call-back is still there (the window lasts, and no call-back took it). */
export async function callbackAvailable(redis: Redis, callbackKey: string): Promise<boolean> {
  return (await redis.exists(callbackKey)) === 1;
}

/**
 * When each of these calls of hers ended (ms), for the ones whose live hash is still there (the call-back window):
 * the console tells two calls in the same hour apart by it. The database keeps only the hour band; an exact time
 * never leaves live state for longer than the hash lasts.
 */
export async function endTimesOf(redis: Redis, userId: string, callIds: string[]): Promise<Map<string, number>> {
  const times = new Map<string, number>();
  if (callIds.length === 0) return times;
  const pipeline = redis.pipeline();
  for (const callId of callIds) pipeline.hmget(callKey(callId), 'answeredBy', 'endedAt');
  const results = (await pipeline.exec()) ?? [];
  results.forEach(([err, value], i) => {
    const [answeredBy, endedAt] = (err ? [] : (value as Array<string | null>)) ?? [];
    const at = Number(endedAt);
    if (answeredBy === userId && endedAt && Number.isFinite(at)) times.set(callIds[i]!, at);
  });
  return times;
}
