// Accounts in the admin area (create with a one-time password link, roles, phone, disable, reset), the audit log
// routes, the role matrix of every admin route, and two-factor login (enrolment, login with a code, a reused code
// refused, required for admins in production).
import t from 'tap';
import { currentCode } from '../../../src/modules/auth/totp.js';
import { redisAvailable, testApp } from '../../helpers/services.js';
import { addUser, login, PASSWORD } from '../../helpers/users.js';

const NEW_PASSWORD = 'a brand new password';

t.test('users: create with a link shown once, set the password, roles, phone, disable, reset; every change audited', async (t) => {
  if (!(await redisAvailable(t))) return;
  const app = await testApp(t);
  await addUser(app, 'admin', ['admin']);
  const cookie = await login(app, 'admin');
  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, c = cookie) =>
    app.inject({ method, url, headers: { cookie: c }, ...(payload ? { payload } : {}) });

  const created = await api('POST', '/api/users', { username: 'Pia', roles: ['psychologist'], phone: '+45 20 11 22 33' });
  t.equal(created.statusCode, 201);
  const { id, passwordLink } = created.json();
  t.match(passwordLink, /^http:\/\/stopline\.test\/password\?token=[A-Za-z0-9_-]{43}$/);
  const token = new URL(passwordLink).searchParams.get('token')!;
  t.notMatch((await api('GET', '/api/users')).body, token, 'the link is not listed again');

  for (const [payload, field] of [
    [{ username: 'pia', roles: ['psychologist'] }, 'body.username'],
    [{ username: 'x', roles: ['psychologist'] }, 'body.username'],
    [{ username: 'kim', roles: [] }, 'body.roles'],
    [{ username: 'kim', roles: ['boss'] }, 'body.roles.0'],
    [{ username: 'kim', roles: ['psychologist'], phone: '1234' }, 'body.phone'],
  ] as const) {
    const res = await api('POST', '/api/users', payload);
    t.equal(res.statusCode, 400, JSON.stringify(payload));
    t.same(res.json().fields, [field]);
  }
  t.equal((await api('GET', '/api/users')).json().length, 2, 'nothing half-saved');

  t.equal((await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'pia', password: NEW_PASSWORD } })).statusCode, 401, 'no password before the link');
  t.equal((await app.inject({ method: 'POST', url: '/api/password', payload: { token, password: 'short' } })).statusCode, 400);
  t.equal((await app.inject({ method: 'POST', url: '/api/password', payload: { token, password: NEW_PASSWORD } })).statusCode, 204);
  const reused = await app.inject({ method: 'POST', url: '/api/password', payload: { token, password: NEW_PASSWORD } });
  t.equal(reused.statusCode, 400, 'the link works once');
  t.same(reused.json().fields, ['body.token']);
  const pia = await login(app, 'pia', NEW_PASSWORD);

  const patched = await api('PATCH', `/api/users/${id}`, { roles: ['psychologist', 'supervisor'], phone: '' });
  t.same(patched.json(), { id, username: 'pia', roles: ['psychologist', 'supervisor'], phone: null, disabled: false, totpEnabled: false });
  t.same((await api('PATCH', `/api/users/${id}`, { phone: 'nope' })).json().fields, ['body.phone']);
  t.equal((await api('PATCH', `/api/users/${id}`, { phone: '20112233' })).json().phone, '+4520112233');

  t.equal((await api('PATCH', `/api/users/${id}`, { disabled: true })).json().disabled, true);
  t.equal((await app.inject({ url: '/api/me', headers: { cookie: pia } })).statusCode, 401, 'a disabled user is logged out');
  t.equal((await api('PATCH', `/api/users/${id}`, { disabled: false })).json().disabled, false);

  const link = await api('POST', `/api/users/${id}/password-link`);
  t.equal(link.statusCode, 200);
  t.not(link.json().passwordLink, passwordLink);
  t.equal((await api('DELETE', `/api/users/${id}/totp`)).statusCode, 204);
  t.equal((await api('PATCH', '/api/users/00000000-0000-4000-8000-000000000000', { disabled: true })).statusCode, 404);

  const me = (await api('GET', '/api/users')).json().find((u: { username: string }) => u.username === 'admin');
  const last = await api('PATCH', `/api/users/${me.id}`, { disabled: true });
  t.equal(last.statusCode, 400, 'the last admin cannot be disabled');
  t.same(last.json().fields, ['body.disabled']);
  t.same((await api('PATCH', `/api/users/${me.id}`, { roles: ['psychologist'] })).json().fields, ['body.roles']);

  const audit = await api('GET', '/api/audit?action=user.&limit=50');
  t.equal(audit.statusCode, 200);
  const actions = audit.json().rows.map((r: { action: string }) => r.action);
  t.same(actions, ['user.totp_reset', 'user.password_link', 'user.changed', 'user.changed', 'user.changed', 'user.changed', 'user.password_set', 'user.created']);
  t.ok(audit.json().actions.includes('session.login'));
  const byUser = (await api('GET', '/api/audit?user=pia')).json().rows;
  t.ok(byUser.length > 0 && byUser.every((r: { actor: string; subject: string }) => r.actor === 'pia' || r.subject === 'pia'));
  t.notMatch(JSON.stringify(audit.json()), /20112233|scrypt|token=/, 'no phone, hash or token in the log');
  const verify = await api('POST', '/api/audit/verify');
  t.match(verify.json(), { ok: true });
});

t.test('role matrix: every admin route refuses psychologists, supervisors and strangers', async (t) => {
  if (!(await redisAvailable(t))) return;
  const app = await testApp(t);
  await addUser(app, 'admin', ['admin']);
  await addUser(app, 'psy', ['psychologist']);
  await addUser(app, 'sup', ['supervisor']);
  const cookies = { admin: await login(app, 'admin'), psy: await login(app, 'psy'), sup: await login(app, 'sup'), none: '' };
  const id = '00000000-0000-4000-8000-000000000000';
  const routes: Array<['GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', string, object?]> = [
    ['GET', '/api/users'],
    ['POST', '/api/users', { username: 'new1', roles: ['psychologist'] }],
    ['PATCH', `/api/users/${id}`, { disabled: true }],
    ['POST', `/api/users/${id}/password-link`],
    ['DELETE', `/api/users/${id}/totp`],
    ['GET', '/api/rota/shifts'],
    ['POST', '/api/rota/shifts', { weekday: 'mon', starts: '09:00', ends: '10:00', username: 'psy', position: 0 }],
    ['PATCH', `/api/rota/shifts/${id}`, { position: 1 }],
    ['DELETE', `/api/rota/shifts/${id}`],
    ['GET', '/api/line-settings'],
    ['GET', '/api/blocks'],
    ['DELETE', `/api/blocks/${'0'.repeat(32)}`],
    ['GET', '/api/audit'],
    ['POST', '/api/audit/verify'],
  ];
  for (const [method, url, payload] of routes) {
    for (const who of ['psy', 'sup', 'none'] as const) {
      const res = await app.inject({ method, url, headers: who === 'none' ? {} : { cookie: cookies[who] }, ...(payload ? { payload } : {}) });
      t.equal(res.statusCode, who === 'none' ? 401 : 403, `${method} ${url} as ${who}`);
    }
    const res = await app.inject({ method, url, headers: { cookie: cookies.admin }, ...(payload ? { payload } : {}) });
    t.ok([200, 201, 204, 404].includes(res.statusCode), `${method} ${url} as admin: ${res.statusCode}`);
  }
});

t.test('two-factor login: enrol, log in with a code, a reused or wrong code refused', async (t) => {
  if (!(await redisAvailable(t))) return;
  const app = await testApp(t);
  await addUser(app, 'pia', ['psychologist']);
  const cookie = await login(app, 'pia');
  const enrol = await app.inject({ method: 'POST', url: '/api/me/totp', headers: { cookie } });
  t.equal(enrol.statusCode, 200);
  const { secret, otpauthUrl, qrSvg } = enrol.json();
  t.match(otpauthUrl, /^otpauth:\/\/totp\/Stopline:pia\?/);
  t.match(qrSvg, /^<svg/);
  const stored = (await app.infra.db.query<{ totp_secret: string }>("SELECT totp_secret FROM users WHERE username = 'pia'")).rows[0]!.totp_secret;
  t.notMatch(stored, secret, 'the secret is sealed at rest');
  t.match(stored, /^v1\./);

  t.same((await app.inject({ method: 'PUT', url: '/api/me/totp', headers: { cookie }, payload: { code: '000000' } })).json().fields, ['body.code']);
  const code = currentCode(secret);
  t.equal((await app.inject({ method: 'PUT', url: '/api/me/totp', headers: { cookie }, payload: { code } })).statusCode, 204);
  t.match((await app.inject({ url: '/api/me', headers: { cookie } })).json(), { totpEnabled: true, totpRequired: false });

  const noCode = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'pia', password: PASSWORD } });
  t.equal(noCode.statusCode, 401);
  t.equal(noCode.json().error, 'totp_required');
  const wrongPassword = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'pia', password: 'wrong password!!' } });
  t.equal(wrongPassword.json().error, 'unauthenticated', 'a wrong password does not reveal that TOTP is on');
  const sameCode = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'pia', password: PASSWORD, code } });
  t.equal(sameCode.statusCode, 401, 'the code used for enrolment cannot log in');
  t.equal(sameCode.json().error, 'totp_invalid');
  const next = currentCode(secret, Date.now() + 30_000);
  const ok = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'pia', password: PASSWORD, code: next } });
  t.equal(ok.statusCode, 204, 'the next code (within the window) logs in');
  const again = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'pia', password: PASSWORD, code: next } });
  t.equal(again.statusCode, 401, 'a reused code within its window is refused');
  t.equal((await app.inject({ method: 'POST', url: '/api/me/totp', headers: { cookie } })).statusCode, 409, 'no second enrolment over an active one');
});

t.test('production: an admin without two-factor can only enrol', async (t) => {
  if (!(await redisAvailable(t))) return;
  const app = await testApp(t, {
    NODE_ENV: 'production',
    PUBLIC_URL: 'https://stopline.test',
    TWILIO_ACCOUNT_SID: `AC${'0123456789abcdef'.repeat(2)}`,
    TWILIO_AUTH_TOKEN: 'Zq8vN2kLp4Xw7Rt1',
    TWILIO_API_KEY_SID: `SK${'fedcba9876543210'.repeat(2)}`,
    TWILIO_API_KEY_SECRET: 'Hy6Ud3Fo9Wm2Qs5B',
    LINE_NUMBER: '+4570000000',
    CONTACT_KEY: Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + 11) % 256)).toString('base64'),
  });
  await addUser(app, 'boss', ['admin']);
  const headers = { cookie: await login(app, 'boss'), origin: 'https://stopline.test' };
  t.match((await app.inject({ url: '/api/me', headers })).json(), { totpRequired: true });
  const refused = await app.inject({ url: '/api/users', headers });
  t.equal(refused.statusCode, 403);
  t.equal(refused.json().error, 'totp_enrolment_required');
  const { secret } = (await app.inject({ method: 'POST', url: '/api/me/totp', headers })).json();
  t.equal((await app.inject({ method: 'PUT', url: '/api/me/totp', headers, payload: { code: currentCode(secret) } })).statusCode, 204);
  t.equal((await app.inject({ url: '/api/users', headers })).statusCode, 200, 'enrolled: the admin area opens');
});
