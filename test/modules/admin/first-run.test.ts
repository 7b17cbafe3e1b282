// First run: the setup link printed while no user exists creates the first admin once; it expires; it is refused
// when someone exists. The password link of an account an admin made.
import { Writable } from 'node:stream';
import t from 'tap';
import { announceSetupLink } from '../../../src/modules/auth/index.js';
import { createLogger } from '../../../src/infra/logger.js';
import { redisAvailable, testApp } from '../../helpers/services.js';
import { login } from '../../helpers/users.js';

const PASSWORD = 'first admin password';

function captureLogger() {
  const lines: string[] = [];
  const stream = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  return { lines, logger: createLogger('info', stream as unknown as import('pino').DestinationStream) };
}

t.test('the setup link: printed while nobody exists, once, expires, refused when users exist', async (t) => {
  if (!(await redisAvailable(t))) return;
  const app = await testApp(t);
  const { lines, logger } = captureLogger();
  t.same((await app.inject({ url: '/api/setup' })).json(), { needed: true });

  const link = await announceSetupLink(app.infra.db, app.appConfig.publicUrl, logger);
  t.ok(link, 'a link while no user exists');
  t.match(link!, /^http:\/\/stopline\.test\/setup\?token=[A-Za-z0-9_-]{43}$/);
  await new Promise((r) => setImmediate(r));
  t.ok(lines.some((l) => l.includes(link!)), 'the whole link is in the log, unmangled by the scrubber');
  const token = new URL(link!).searchParams.get('token')!;
  t.notOk(JSON.stringify((await app.infra.db.query('SELECT * FROM one_time_tokens')).rows).includes(token), 'only a hash is stored');

  // A second start prints a new link; the first stops working.
  const second = new URL((await announceSetupLink(app.infra.db, app.appConfig.publicUrl, logger))!).searchParams.get('token')!;
  const stale = await app.inject({ method: 'POST', url: '/api/setup', payload: { token, username: 'boss', password: PASSWORD } });
  t.equal(stale.statusCode, 400);
  t.same(stale.json().fields, ['body.token']);

  const weak = await app.inject({ method: 'POST', url: '/api/setup', payload: { token: second, username: 'boss', password: 'short' } });
  t.equal(weak.statusCode, 400, 'a weak password is refused');
  t.same(weak.json().fields, ['body.password']);
  const badPhone = await app.inject({ method: 'POST', url: '/api/setup', payload: { token: second, username: 'boss', password: PASSWORD, psychologist: true, phone: '12' } });
  t.equal(badPhone.statusCode, 400);
  t.same(badPhone.json().fields, ['body.phone']);

  const made = await app.inject({ method: 'POST', url: '/api/setup', payload: { token: second, username: 'Boss', password: PASSWORD, psychologist: true, phone: '20 12 34 56' } });
  t.equal(made.statusCode, 201, 'the token still worked after refused attempts (nothing half-saved)');
  t.same(made.json(), { username: 'boss', roles: ['admin', 'psychologist'] });
  const cookie = await login(app, 'boss', PASSWORD);
  t.match((await app.inject({ url: '/api/me', headers: { cookie } })).json(), { username: 'boss', roles: ['admin', 'psychologist'], timezone: 'Europe/Copenhagen' });
  t.equal((await app.inject({ url: '/api/users', headers: { cookie } })).json()[0].phone, '+4520123456', 'the phone normalised');

  const again = await app.inject({ method: 'POST', url: '/api/setup', payload: { token: second, username: 'other', password: PASSWORD } });
  t.equal(again.statusCode, 409, 'used: refused once a user exists');
  t.same((await app.inject({ url: '/api/setup' })).json(), { needed: false });
  t.equal(await announceSetupLink(app.infra.db, app.appConfig.publicUrl, logger), undefined, 'no link once a user exists');
  const audit = await app.infra.db.query<{ action: string }>("SELECT action FROM audit_log WHERE action = 'setup.first_admin'");
  t.equal(audit.rows.length, 1, 'audited');
});

t.test('an expired setup token is refused', async (t) => {
  if (!(await redisAvailable(t))) return;
  const app = await testApp(t);
  const link = await announceSetupLink(app.infra.db, app.appConfig.publicUrl, createLogger('silent'));
  await app.infra.db.query("UPDATE one_time_tokens SET expires_at = now() - interval '1 second'");
  const res = await app.inject({ method: 'POST', url: '/api/setup', payload: { token: new URL(link!).searchParams.get('token'), username: 'boss', password: PASSWORD } });
  t.equal(res.statusCode, 400);
  t.same(res.json().fields, ['body.token']);
  t.equal((await app.infra.db.query('SELECT 1 FROM users')).rows.length, 0, 'no user');
});
