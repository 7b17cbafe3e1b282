// Property-based fuzzing of signed webhooks: whatever Twilio (or a broken proxy) sends, correctly signed, the
// answer is never a 5xx (Twilio would keep the parameters, caller number included, in its alerts) and a 200 is
// always TwiML.
import fc from 'fast-check';
import t from 'tap';
import { redisAvailable } from '../../helpers/services.js';
import { callerFields, newCallSid, ringIn, signedRequest, telephonyFixture } from '../../helpers/telephony.js';

const PATHS = ['voice', 'status', 'language', 'whisper', 'whisper-accept', 'dial-result', 'queue-wait', 'queue-result', 'bridge', 'callback-connect'];
const TWILIO_KEYS = ['CallSid', 'CallStatus', 'Digits', 'DialCallStatus', 'DialCallDuration', 'CallDuration', 'SequenceNumber', 'QueuePosition', 'QueueTime', 'QueueResult', 'From', 'Caller', 'FromCity', 'To', 'Direction'];

t.test('signed webhooks with arbitrary parameters never get a 5xx', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { app } = await telephonyFixture(t, { psychologists: ['pia', 'ole'] });
  // Some real calls, so fuzzed requests also hit live call ids and CallSids.
  const live = [await ringIn(app, '+4540000001'), await ringIn(app, '+4540000002')];
  const callIds = live.map((c) => c.callId!);
  const sids = live.map((c) => c.callSid);

  const value = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.constantFrom('', '1', '2', '9', '*', 'completed', 'no-answer', 'busy', 'failed', 'in-progress', 'leave', 'hangup', 'bridged', 'redirected', '-1', '1e309', 'NaN', '99999999999999999999'),
    fc.integer().map(String),
    fc.constantFrom(...sids),
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.constant('x'.repeat(5000)),
  );
  const params = fc.dictionary(fc.oneof(fc.constantFrom(...TWILIO_KEYS), fc.string({ minLength: 1, maxLength: 12 })), value, { maxKeys: 12 });
  const query = fc.record(
    {
      call: fc.oneof(fc.constantFrom(...callIds), fc.uuid(), fc.string({ maxLength: 40 })),
      user: fc.oneof(fc.uuid(), fc.string({ maxLength: 10 })),
      via: fc.constantFrom('phone', 'browser', 'fax'),
      lang: fc.constantFrom('da', 'en', 'xx'),
    },
    { requiredKeys: [] },
  );

  let requests = 0;
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...PATHS), query, params, async (path, q, body) => {
      const qs = new URLSearchParams(q as Record<string, string>).toString();
      const res = await app.inject(signedRequest(`/twilio/${path}${qs ? `?${qs}` : ''}`, body as Record<string, string>));
      requests++;
      if (res.statusCode >= 500) return false;
      if (res.statusCode === 200) return String(res.headers['content-type']).startsWith('text/xml') && res.body.includes('<Response');
      return res.statusCode === 204 || res.statusCode === 403;
    }),
    { numRuns: 300, seed: Number(process.env.FUZZ_SEED ?? 20261128) },
  );
  t.equal(requests, 300);

  // And a normal call still works afterwards.
  const after = await app.inject(signedRequest('/twilio/voice', { CallSid: newCallSid(), ...callerFields('+4540000003') }));
  t.equal(after.statusCode, 200);
});
