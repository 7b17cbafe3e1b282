import t from 'tap';
import { redisAvailable, testApp } from '../helpers/services.js';
import { addUser, PASSWORD } from '../helpers/users.js';

t.test('state-changing requests from another origin are refused', async (t) => {
  if (!(await redisAvailable(t))) return;
  const app = await testApp(t, { ALLOWED_ORIGINS: 'http://localhost:5173' });
  await addUser(app, 'ida');
  const post = (headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/api/session', headers, payload: { username: 'ida', password: PASSWORD } });

  const evil = await post({ origin: 'https://evil.example' });
  t.equal(evil.statusCode, 403);
  t.same(evil.json(), { error: 'forbidden', message: 'Cross-origin request refused' });
  t.equal((await post({ referer: 'https://evil.example/page' })).statusCode, 403, 'Referer is checked when Origin is missing');
  t.equal((await post({ origin: 'null' })).statusCode, 403, 'an opaque origin is refused');
  t.equal((await post({ origin: 'http://stopline.test' })).statusCode, 204, 'PUBLIC_URL origin is accepted');
  t.equal((await post({ origin: 'http://localhost:5173' })).statusCode, 204, 'ALLOWED_ORIGINS are accepted');
  t.equal((await post({ referer: 'http://stopline.test/console' })).statusCode, 204);
  t.equal((await post({})).statusCode, 204, 'non-browser clients (no Origin, no Referer) pass; they carry no ambient cookie');
  t.equal((await app.inject({ url: '/healthz', headers: { origin: 'https://evil.example' } })).statusCode, 200, 'reads are not affected');
});

t.test('security headers and a Content-Security-Policy are set', async (t) => {
  if (!(await redisAvailable(t))) return;
  const app = await testApp(t);
  const res = await app.inject({ url: '/healthz' });
  const csp = String(res.headers['content-security-policy']);
  t.match(csp, /default-src 'self'/);
  t.match(csp, /frame-ancestors 'none'/);
  t.match(csp, /object-src 'none'/);
  t.notMatch(csp, /unsafe-inline|unsafe-eval/);
  t.equal(res.headers['x-content-type-options'], 'nosniff');
  t.equal(res.headers['referrer-policy'], 'no-referrer');
});
