import t from 'tap';
import type { Test } from 'tap';
import twilio from 'twilio';
import { createTwilioClient, rewriteTwilioUri, twilioErrorCode } from '../../../src/infra/twilio-client.js';
import { startFakeTwilio, type FakeTwilio } from '../../../dev/fake-twilio/fake-twilio.js';

const ACCOUNT_SID = 'AC' + '0'.repeat(32);
const AUTH_TOKEN = 'x'.repeat(32);
const TO = '+4512345678';
const FROM = '+4587654321';

async function setup(t: Test) {
  const fake = await startFakeTwilio();
  t.teardown(() => fake.close());
  const client = createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: fake.url });
  return { fake, client };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

function lastRequest(fake: FakeTwilio) {
  const req = fake.requests.at(-1);
  if (!req) throw new Error('no request recorded');
  return req;
}

t.test('calls.create goes through the real package to the fake', async (t) => {
  const { fake, client } = await setup(t);
  const call = await client.calls.create({ to: TO, from: FROM, url: 'https://example.test/voice', statusCallback: 'https://example.test/status' });
  t.match(call.sid, /^CA[0-9a-f]{32}$/);
  t.equal(call.accountSid, ACCOUNT_SID);
  t.equal(call.status, 'queued');
  t.equal(call.to, TO);
  t.ok(call.dateCreated instanceof Date && !Number.isNaN(call.dateCreated.getTime()), 'date_created parses');

  const req = lastRequest(fake);
  t.equal(req.method, 'POST');
  t.equal(req.path, `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls.json`);
  t.same(req.params, { To: TO, From: FROM, Url: 'https://example.test/voice', StatusCallback: 'https://example.test/status' });
  t.equal(req.authUsername, ACCOUNT_SID);
  t.match(fake.calls.get(call.sid), { sid: call.sid, to: TO, from: FROM, url: 'https://example.test/voice', status: 'queued' });
});

t.test('calls(sid).update is recorded and reaches the hook', async (t) => {
  const { fake, client } = await setup(t);
  const { sid } = await client.calls.create({ to: TO, from: FROM, url: 'https://example.test/voice' });
  const seen: Array<[string, Record<string, string>]> = [];
  fake.onCallUpdate = (s, params) => seen.push([s, params]);

  const updated = await client.calls(sid).update({ url: 'https://example.test/next', method: 'POST' });
  t.equal(updated.sid, sid);
  const req = lastRequest(fake);
  t.equal(req.path, `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls/${sid}.json`);
  t.same(req.params, { Url: 'https://example.test/next', Method: 'POST' });
  t.equal(fake.calls.get(sid)?.url, 'https://example.test/next');
  t.same(seen, [[sid, { Url: 'https://example.test/next', Method: 'POST' }]]);

  const ended = await client.calls(sid).update({ status: 'completed' });
  t.equal(ended.status, 'completed');
  t.equal(fake.calls.get(sid)?.status, 'completed');
});

t.test('updating an unknown call rejects with 20404', async (t) => {
  const { client } = await setup(t);
  const err = await rejection(client.calls('CA' + 'f'.repeat(32)).update({ status: 'completed' }));
  t.equal(twilioErrorCode(err), 20404);
  t.match(err, { status: 404 });
});

t.test('calls(sid).remove deletes the call; an unknown sid rejects with 20404', async (t) => {
  const { fake, client } = await setup(t);
  const { sid } = await client.calls.create({ to: TO, from: FROM, twiml: '<Response><Hangup/></Response>' });
  t.equal(await client.calls(sid).remove(), true);
  t.notOk(fake.calls.has(sid), 'the call is gone');
  t.equal(lastRequest(fake).method, 'DELETE');

  const err = await rejection(client.calls(sid).remove());
  t.equal(twilioErrorCode(err), 20404);
});

t.test('failNext makes the next matching request fail once with a Twilio error', async (t) => {
  const { fake, client } = await setup(t);
  const sid = 'CA' + 'a'.repeat(32);
  fake.addCall(sid, 'in-progress');
  fake.failNext(/Calls\/CA.*\.json/, 400, 20009, 'Call is not in a final state', 1);

  const err = await rejection(client.calls(sid).remove());
  t.equal(twilioErrorCode(err), 20009);
  t.match(err, { status: 400, message: 'Call is not in a final state', moreInfo: 'https://www.twilio.com/docs/errors/20009' });
  t.ok(fake.calls.has(sid), 'the failed request changed nothing');

  t.equal(await client.calls(sid).remove(), true, 'the second attempt succeeds');
  t.notOk(fake.calls.has(sid));
});

t.test('failNext with times fails that many requests, only on matching paths', async (t) => {
  const { fake, client } = await setup(t);
  fake.failNext(/\/Messages\.json$/, 400, 21211, "The 'To' number is not a valid phone number.", 2);
  await client.calls.create({ to: TO, from: FROM, url: 'https://example.test/voice' });
  for (let i = 0; i < 2; i += 1) {
    t.equal(twilioErrorCode(await rejection(client.messages.create({ to: TO, from: FROM, body: 'hi' }))), 21211);
  }
  await client.messages.create({ to: TO, from: FROM, body: 'hi' });
  t.equal(fake.messages.length, 1);
});

t.test('messages.create is recorded', async (t) => {
  const { fake, client } = await setup(t);
  const message = await client.messages.create({ to: TO, from: FROM, body: 'Your appointment is tomorrow' });
  t.match(message.sid, /^SM[0-9a-f]{32}$/);
  t.equal(message.body, 'Your appointment is tomorrow');
  t.equal(message.status, 'queued');
  t.equal(fake.messages.length, 1);
  t.match(fake.messages[0], { sid: message.sid, to: TO, from: FROM, body: 'Your appointment is tomorrow', status: 'queued', params: { To: TO, From: FROM, Body: 'Your appointment is tomorrow' } });
  t.equal(lastRequest(fake).path, `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
});

t.test('Twilio-like validation errors', async (t) => {
  const { client } = await setup(t);
  t.equal(twilioErrorCode(await rejection(client.calls.create({ to: TO, from: FROM } as never))), 21205);
  t.equal(twilioErrorCode(await rejection(client.messages.create({ to: TO, from: FROM } as never))), 21602);
});

t.test('requests without valid Basic auth get 401 / 20003', async (t) => {
  const { fake } = await setup(t);
  const url = `${fake.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Calls.json`;
  const res = await fetch(url, { method: 'POST', body: new URLSearchParams({ To: TO, From: FROM, Url: 'https://example.test/' }) });
  t.equal(res.status, 401);
  t.match(await res.json(), { code: 20003, status: 401 });
  t.equal(fake.calls.size, 0);

  const bad = await fetch(url, { method: 'POST', headers: { Authorization: `Basic ${Buffer.from('nobody:pw').toString('base64')}` } });
  t.equal(bad.status, 401);
  t.equal(fake.requests.length, 2, 'rejected requests are still recorded');
});

t.test('the fake writes nothing to the console', async (t) => {
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const outputs = methods.map((m) => t.capture(console, m));
  const { client } = await setup(t);
  await client.calls.create({ to: TO, from: FROM, url: 'https://example.test/voice' });
  await rejection(client.calls('CA' + 'b'.repeat(32)).remove());
  await client.messages.create({ to: TO, from: FROM, body: 'hi' });
  t.same(outputs.map((o) => o()), methods.map(() => []));
});

t.test('without apiBaseUrl the package keeps its own RequestClient (api.twilio.com)', async (t) => {
  const client = createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  t.equal(client.httpClient.constructor, twilio.RequestClient, 'the stock RequestClient');
  t.equal(client.api.baseUrl, 'https://api.twilio.com');

  const fake = createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: 'http://127.0.0.1:9' });
  t.not(fake.httpClient.constructor, twilio.RequestClient, 'replaced when apiBaseUrl is set');
  t.ok(fake.httpClient instanceof twilio.RequestClient, 'by a subclass');
  t.throws(() => createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: 'ftp://x' }));
});

t.test('rewriteTwilioUri', async (t) => {
  const base = 'http://127.0.0.1:4010';
  t.equal(rewriteTwilioUri(`https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Calls.json`, base), `${base}/2010-04-01/Accounts/${ACCOUNT_SID}/Calls.json`);
  t.equal(rewriteTwilioUri('https://api.dublin.ie1.twilio.com/2010-04-01/X.json?PageSize=5', `${base}/`), `${base}/2010-04-01/X.json?PageSize=5`);
  t.equal(rewriteTwilioUri('https://messaging.twilio.com/v1/Services', `${base}/fake`), `${base}/fake/v1/Services`);
  t.equal(rewriteTwilioUri('https://example.com/twilio.com', base), 'https://example.com/twilio.com', 'other hosts untouched');
  t.equal(rewriteTwilioUri('https://eviltwilio.com/x', base), 'https://eviltwilio.com/x');
});

t.test('twilioErrorCode', async (t) => {
  t.equal(twilioErrorCode({ code: 21610 }), 21610);
  t.equal(twilioErrorCode({ code: '21211' }), 21211);
  t.equal(twilioErrorCode(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })), undefined);
  t.equal(twilioErrorCode(new Error('x')), undefined);
  t.equal(twilioErrorCode(null), undefined);
  t.equal(twilioErrorCode('20404'), undefined);
});
