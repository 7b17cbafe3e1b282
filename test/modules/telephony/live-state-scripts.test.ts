// Each Lua script of the live state, driven directly through the function that runs it, against a real Redis.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import t, { type Test } from 'tap';
import {
  acceptSequence, advanceLiveStatus, beginCall, claimAnswer, claimEnd, clearCurrentCall, defineLiveStateScripts, ENDED_TTL_SECONDS, getLiveCall,
  LIVE_TTL_SECONDS, releasePsychologist, reservePsychologist, setCurrentCall, updateLiveCall,
} from '../../../src/modules/telephony/live-state.js';
import { redisAvailable, TEST_REDIS_URL, testRedisPrefix } from '../../helpers/services.js';

async function connections(t: Test) {
  const prefix = testRedisPrefix(t);
  const redis = new Redis(TEST_REDIS_URL, { keyPrefix: `${prefix}:` });
  const plain = new Redis(TEST_REDIS_URL);
  t.teardown(() => Promise.all([redis.quit(), plain.quit()]));
  defineLiveStateScripts(redis);
  return { redis, plain, prefix };
}

const start = (over: Partial<Parameters<typeof beginCall>[1]> = {}) => ({
  callId: randomUUID(), sid: `CA${randomUUID().replace(/-/g, '')}`, startedAt: 1_700_000_000_000, closed: false,
  blockHash: 'h1', sealedNumber: 'sealed', keys: { blocked: 'blocked:h1', callback: 'callback-number:x' },
  channel: 'test-events', event: '{"type":"call.incoming"}', ...over,
});

t.test('begin-call: starts once, repeats the first answer, turns away closed and blocked calls', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { redis, plain, prefix } = await connections(t);
  const sub = new Redis(TEST_REDIS_URL);
  t.teardown(() => sub.quit());
  const channel = `${prefix}:events`;
  const received: string[] = [];
  await sub.subscribe(channel);
  sub.on('message', (_c, m) => received.push(m));

  const call = start({ channel });
  t.same(await beginCall(redis, call), { kind: 'started', callId: call.callId });
  t.same(await beginCall(redis, { ...call, callId: randomUUID() }), { kind: 'existing', callId: call.callId }, 'a retried webhook gets the first call');
  const live = await getLiveCall(redis, call.callId);
  t.match(live, { callId: call.callId, sid: call.sid, status: 'ringing', startedAt: call.startedAt, blockHash: 'h1', lastSequence: -1, attempted: [] });
  const ttl = await plain.ttl(`${prefix}:call:${call.callId}`);
  t.ok(ttl > LIVE_TTL_SECONDS - 5 && ttl <= LIVE_TTL_SECONDS, 'the live hash has the live TTL');
  t.equal(await plain.get(`${prefix}:callback-number:x`), 'sealed', 'the sealed number is kept with the call');
  t.ok((await plain.ttl(`${prefix}:callback-number:x`)) > 0, '… with a TTL');

  const withheld = start({ channel, blockHash: undefined, sealedNumber: undefined, keys: { blocked: 'blocked:none', callback: 'callback-number:none' } });
  t.same(await beginCall(redis, withheld), { kind: 'started', callId: withheld.callId });
  t.equal((await getLiveCall(redis, withheld.callId))?.blockHash, undefined, 'a withheld number has no hash');
  t.equal(await plain.exists(`${prefix}:callback-number:none`), 0, 'and nothing to call back');

  const closed = start({ closed: true });
  t.same(await beginCall(redis, closed), { kind: 'turned-away', status: 'closed' });
  t.same(await beginCall(redis, closed), { kind: 'repeat', status: 'closed' }, 'a retry of a turned-away call gets the same answer');
  t.equal(await getLiveCall(redis, closed.callId), undefined, 'no live state for a closed call');
  const turnedTtl = await plain.ttl(`${prefix}:callsid-turned-away:${closed.sid}`);
  t.ok(turnedTtl > 0 && turnedTtl <= ENDED_TTL_SECONDS, 'the turned-away marker expires');

  await plain.set(`${prefix}:blocked:h2`, '1');
  const blocked = start({ blockHash: 'h2', keys: { blocked: 'blocked:h2', callback: 'callback-number:y' } });
  t.same(await beginCall(redis, blocked), { kind: 'turned-away', status: 'blocked' });
  t.equal(await plain.exists(`${prefix}:callback-number:y`), 0, 'a blocked caller’s number is not sealed');

  await new Promise((r) => setTimeout(r, 100));
  t.equal(received.length, 2, 'one console event per started call, none for retries or turned-away calls');
});

t.test('advance-status: forward only', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { redis } = await connections(t);
  const call = start();
  t.equal(await advanceLiveStatus(redis, call.callId, 'queued'), false, 'a call that is not live is not created');
  await beginCall(redis, call);
  t.equal(await advanceLiveStatus(redis, call.callId, 'queued'), true);
  t.equal(await advanceLiveStatus(redis, call.callId, 'ringing'), false, 'never back');
  t.equal(await advanceLiveStatus(redis, call.callId, 'queued'), false, 'a duplicate changes nothing');
  t.equal(await advanceLiveStatus(redis, call.callId, 'ended'), true);
  t.equal((await getLiveCall(redis, call.callId))?.status, 'ended');
});

t.test('accept-sequence: newer sequence numbers only', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { redis, plain, prefix } = await connections(t);
  const call = start();
  t.equal(await acceptSequence(redis, call.callId, 0), false, 'not live');
  t.equal(await plain.exists(`${prefix}:call:${call.callId}`), 0, 'and not created');
  await beginCall(redis, call);
  t.equal(await acceptSequence(redis, call.callId, 0), true);
  t.equal(await acceptSequence(redis, call.callId, 2), true);
  t.equal(await acceptSequence(redis, call.callId, 1), false, 'late');
  t.equal(await acceptSequence(redis, call.callId, 2), false, 'duplicate');
  t.equal((await getLiveCall(redis, call.callId))?.lastSequence, 2);
});

t.test('claim-answer: only the ringing psychologist, only before the end, only once', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { redis } = await connections(t);
  const call = start();
  await beginCall(redis, call);
  t.equal(await claimAnswer(redis, call.callId, 'u1', 10), false, 'nobody is ringing yet');
  await updateLiveCall(redis, call.callId, { ringing: 'u1' });
  t.equal(await claimAnswer(redis, call.callId, 'u2', 10), false, 'someone else');
  t.equal(await claimAnswer(redis, call.callId, 'u1', 10), true);
  t.match(await getLiveCall(redis, call.callId), { status: 'in-progress', answeredBy: 'u1', answeredAt: 10 });
  t.equal(await claimAnswer(redis, call.callId, 'u1', 11), false, 'once');

  const ended = start();
  await beginCall(redis, ended);
  await updateLiveCall(redis, ended.callId, { ringing: 'u1' });
  t.equal(await claimEnd(redis, ended.callId), true);
  t.equal(await claimAnswer(redis, ended.callId, 'u1', 12), false, 'an ended call cannot be answered');
});

t.test('claim-end: exactly one of many concurrent enders, and no resurrection of an expired call', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { redis, plain, prefix } = await connections(t);
  const call = start();
  await beginCall(redis, call);
  const results = await Promise.all(Array.from({ length: 20 }, () => claimEnd(redis, call.callId)));
  t.equal(results.filter(Boolean).length, 1);
  t.equal((await getLiveCall(redis, call.callId))?.status, 'ended');
  const gone = randomUUID();
  t.equal(await claimEnd(redis, gone), false);
  t.equal(await plain.exists(`${prefix}:call:${gone}`), 0, 'no hash without a TTL is left behind');
});

t.test('release-if-holder: a marker is freed only by the call that holds it', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { redis, plain, prefix } = await connections(t);
  t.equal(await reservePsychologist(redis, 'u1', 'call-a'), true);
  t.equal(await reservePsychologist(redis, 'u1', 'call-b'), false, 'busy');
  t.equal(await releasePsychologist(redis, 'u1', 'call-b'), false, 'another call cannot free them');
  t.equal(await plain.get(`${prefix}:busy:u1`), 'call-a');
  t.equal(await releasePsychologist(redis, 'u1', 'call-a'), true);
  t.equal(await plain.exists(`${prefix}:busy:u1`), 0);

  await setCurrentCall(redis, 'u1', 'call-c');
  await clearCurrentCall(redis, 'u1', 'call-d');
  t.equal(await plain.get(`${prefix}:current-call:u1`), 'call-c', 'the current call stays for another call’s end');
  await clearCurrentCall(redis, 'u1', 'call-c');
  t.equal(await plain.exists(`${prefix}:current-call:u1`), 0);
});
