import t from 'tap';
import { setUserDisabled } from '../../../src/modules/auth/users-repository.js';
import { deleteKeys, redisAvailable, testApp } from '../../helpers/services.js';
import { addUser, login, PASSWORD } from '../../helpers/users.js';

t.test('log in, see who I am, log out', async (t) => {
  if (!(await redisAvailable(t))) return;
  const app = await testApp(t);
  await addUser(app, 'pia', ['psychologist', 'supervisor']);

  const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'Pia', password: PASSWORD } });
  t.equal(res.statusCode, 204, 'user names are case-insensitive');
  const setCookie = String(res.headers['set-cookie']);
  t.match(setCookie, /stopline_session=[A-Za-z0-9_-]{43};/);
  t.match(setCookie, /HttpOnly/);
  t.match(setCookie, /SameSite=Strict/);
  t.notMatch(setCookie, /Secure/, 'not Secure on a plain-http development URL');
  const cookie = setCookie.split(';')[0]!;

  const me = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
  t.equal(me.statusCode, 200);
  t.same(me.json(), { username: 'pia', roles: ['psychologist', 'supervisor'], totpEnabled: false, totpRequired: false, timezone: 'Europe/Copenhagen' });

  const out = await app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie } });
  t.equal(out.statusCode, 204);
  const after = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
  t.equal(after.statusCode, 401, 'the session is gone after logout');
  t.same(after.json(), { error: 'unauthenticated', message: 'Log in first (no valid session)' });

  const audit = await app.infra.db.query<{ action: string; subject: string }>('SELECT action, subject FROM audit_log ORDER BY seq');
  t.same(audit.rows, [{ action: 'session.login', subject: 'pia' }, { action: 'session.logout', subject: 'pia' }], 'login and logout are audited');
});

t.test('the session cookie is Secure when the public URL is https', async (t) => {
  if (!(await redisAvailable(t))) return;
  const app = await testApp(t, { PUBLIC_URL: 'https://stopline.example' });
  await addUser(app, 'sam');
  const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'sam', password: PASSWORD } });
  t.match(String(res.headers['set-cookie']), /Secure/);
});

t.test('a login gets a new session id and ends the one the browser had', async (t) => {
  if (!(await redisAvailable(t))) return;
  const app = await testApp(t);
  await addUser(app, 'ole');
  const first = await login(app, 'ole');
  const res = await app.inject({ method: 'POST', url: '/api/session', headers: { cookie: first }, payload: { username: 'ole', password: PASSWORD } });
  const second = String(res.headers['set-cookie']).split(';')[0]!;
  t.not(second, first);
  t.equal((await app.inject({ url: '/api/me', headers: { cookie: first } })).statusCode, 401, 'the old id no longer works');
  t.equal((await app.inject({ url: '/api/me', headers: { cookie: second } })).statusCode, 200);
});

t.test('bad credentials and bad sessions get a clear 4xx in the JSON error shape', async (t) => {
  if (!(await redisAvailable(t))) return;
  const app = await testApp(t);
  await addUser(app, 'eva');
  await addUser(app, 'gone');

  const wrong = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'eva', password: 'not the password' } });
  t.equal(wrong.statusCode, 401);
  t.same(Object.keys(wrong.json()), ['error', 'message']);
  const unknown = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'nobody', password: PASSWORD } });
  t.equal(unknown.statusCode, 401);
  t.equal(unknown.json().message, wrong.json().message, 'an unknown user looks the same as a wrong password');

  const cookie = await login(app, 'gone');
  await setUserDisabled(app.infra.db, 'gone', true);
  t.equal((await app.inject({ url: '/api/me', headers: { cookie } })).statusCode, 401, 'disabling a user ends their sessions at once');
  const disabled = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'gone', password: PASSWORD } });
  t.equal(disabled.statusCode, 401, 'a disabled user cannot log in');

  t.equal((await app.inject({ url: '/api/me' })).statusCode, 401, 'no cookie');
  t.equal((await app.inject({ url: '/api/me', headers: { cookie: 'stopline_session=forged' } })).statusCode, 401, 'a forged id');
  const expired = await login(app, 'eva');
  await deleteKeys(`${app.infra.redis.prefix}:session:*`); // what the idle timeout does
  t.equal((await app.inject({ url: '/api/me', headers: { cookie: expired } })).statusCode, 401, 'an expired session');

  const badBody = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'eva' } });
  t.equal(badBody.statusCode, 400);
  t.match(badBody.json(), { error: 'bad_request', message: /password/, fields: ['body.password'] });
  const extra = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'eva', password: 'x', admin: true } });
  t.equal(extra.statusCode, 400, 'unknown fields are refused');

  const malformed = await app.inject({ method: 'POST', url: '/api/session', headers: { 'content-type': 'application/json' }, payload: '{"username": "eva", "password": +4512345678}' });
  t.equal(malformed.statusCode, 400);
  t.same(malformed.json(), { error: 'bad_request', message: 'The body is not valid JSON' }, 'nothing of the body is echoed');
  const huge = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'eva', password: 'x'.repeat(100_000) } });
  t.equal(huge.statusCode, 413);
  t.equal(huge.json().error, 'payload_too_large');
  const notFound = await app.inject({ url: '/api/nothing-here' });
  // The path is not repeated (error-no-echo.test.ts).
  t.same(notFound.json(), { error: 'not_found', message: 'There is nothing at this address' });
});
