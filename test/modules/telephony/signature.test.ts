import t from 'tap';
import twilio from 'twilio';
import { isValidSignature } from '../../../src/modules/telephony/webhook-params.js';
import { redisAvailable } from '../../helpers/services.js';
import { AUTH_TOKEN, callerFields, newCallSid, PUBLIC_URL, signedRequest, telephonyFixture } from '../../helpers/telephony.js';

t.test("Twilio's published test vector", async (t) => {
  const params = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  t.ok(isValidSignature('12345', 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', url, params));
  t.notOk(isValidSignature('12345', 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', url, { ...params, Digits: '1235' }), 'a changed parameter');
  t.notOk(isValidSignature('12345', 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', 'https://mycompany.com/myapp.php?foo=1&bar=3', params), 'a changed query');
  t.notOk(isValidSignature('54321', 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', url, params), 'another token');
  t.notOk(isValidSignature('12345', undefined, url, params), 'no signature');
});

t.test('webhooks without a valid signature get 403 and no detail', async (t) => {
  if (!(await redisAvailable(t))) return;
  const { app } = await telephonyFixture(t);
  const params = { CallSid: newCallSid(), ...callerFields('+4511223344') };

  const unsigned = await app.inject({ method: 'POST', url: '/twilio/voice', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(params).toString() });
  t.equal(unsigned.statusCode, 403);
  t.same(unsigned.json(), { error: 'forbidden', message: 'Forbidden' });
  t.notMatch(unsigned.body, /4511223344/);

  const wrongToken = signedRequest('/twilio/voice', params, 'some-other-token-000000');
  t.equal((await app.inject(wrongToken)).statusCode, 403, 'signed with another auth token');

  // Signed for the URL Twilio was given (PUBLIC_URL), although the request reaches us on another host: valid.
  const viaProxy = signedRequest('/twilio/voice', params);
  const plain = await app.inject(viaProxy);
  t.equal(plain.headers['content-security-policy'], undefined, 'no browser security headers on TwiML');
  const proxied = await app.inject({ ...viaProxy, headers: { ...viaProxy.headers, host: '10.0.0.5:3000', 'x-forwarded-proto': 'http' } });
  t.equal(proxied.statusCode, 200, 'the URL is rebuilt from PUBLIC_URL, not from the Host header');

  const signedForLocal = signedRequest('/twilio/voice', params, AUTH_TOKEN, 'http://127.0.0.1:3000');
  t.equal((await app.inject(signedForLocal)).statusCode, 403, 'signed for an internal URL: refused');

  // The query string is part of what is signed.
  const path = '/twilio/language?call=7f0d7a35-5d5e-4a8f-9d8c-1f0c3d1e2a3b';
  const good = signedRequest(path, { CallSid: params.CallSid, Digits: '1' });
  t.equal((await app.inject(good)).statusCode, 200);
  const tampered = { ...good, url: '/twilio/language?call=00000000-5d5e-4a8f-9d8c-1f0c3d1e2a3b' };
  t.equal((await app.inject(tampered)).statusCode, 403, 'a changed query string');

  const json = await app.inject({ method: 'POST', url: '/twilio/status', headers: { 'x-twilio-signature': 'x' }, payload: { CallSid: 'CA1' } });
  t.equal(json.statusCode, 403, 'JSON instead of a form: refused');
  const garbage = await app.inject({ method: 'POST', url: '/twilio/voice', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'abc' }, payload: '%%%' });
  t.equal(garbage.statusCode, 403);
  t.equal(twilio.validateRequest(AUTH_TOKEN, viaProxy.headers['x-twilio-signature'], PUBLIC_URL + '/twilio/voice', params), true, 'the fixture signs as Twilio does');
});
