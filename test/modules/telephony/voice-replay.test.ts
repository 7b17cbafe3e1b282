// Item: a signed /twilio/voice replayed after its CallSid mapping has expired must not start a second call nor
// seal the caller's number again: CallSids already answered are recognised for a day.
import t from 'tap';
import { redisAvailable } from '../../helpers/services.js';
import { callerFields, find, ringIn, telephonyFixture, webhook } from '../../helpers/telephony.js';

t.test('a replayed voice webhook a while after the call is recognised', async (t) => {
  if (!(await redisAvailable(t))) return;
  const fx = await telephonyFixture(t);
  const redis = fx.app.infra.redis.client;
  const call = await ringIn(fx.app, '+4511000041');
  await webhook(fx.app, '/twilio/status', { CallSid: call.callSid, CallStatus: 'completed', SequenceNumber: '2' });
  // Ten minutes later the CallSid mapping has expired (what its TTL does).
  await redis.del(`callsid:${call.callSid}`, `callsid-turned-away:${call.callSid}`);
  const calls = async () => Number((await fx.app.infra.db.query<{ n: string }>('SELECT count(*) AS n FROM calls')).rows[0]!.n);
  const before = await calls();

  const replay = await webhook(fx.app, '/twilio/voice', { CallSid: call.callSid, CallStatus: 'ringing', ...callerFields('+4511000041') });
  t.equal(replay.status, 200);
  t.notOk(find(replay.twiml, 'Gather'), 'no greeting: no second call');
  t.ok(find(replay.twiml, 'Hangup'), 'the replay is hung up');
  t.equal(await calls(), before, 'no second call record');
  const [, sealed] = await redis.scan('0', 'MATCH', `${fx.app.infra.redis.prefix}:callback:*`, 'COUNT', 1000);
  t.same(sealed, [], 'the number is not sealed again');
  const sidKeys = (await redis.scan('0', 'MATCH', `${fx.app.infra.redis.prefix}:*${call.callSid}*`, 'COUNT', 1000))[1];
  t.same(sidKeys, [], 'the CallSid itself is not what is remembered');
});
