// Item: API answers (the softphone token is a one-hour credential) are never stored by a browser or proxy cache;
// with an https PUBLIC_URL browsers are told to use https only (HSTS).
import t from 'tap';
import { redisAvailable, testApp } from '../helpers/services.js';
import { addUser, login } from '../helpers/users.js';

t.test('no-store on /api/*, also on errors; HSTS only behind https', async (t) => {
  if (!(await redisAvailable(t))) return;
  const app = await testApp(t, { PUBLIC_URL: 'https://line.example.org' });
  await addUser(app, 'pia', ['psychologist'], '+4520000001');
  const cookie = await login(app, 'pia');
  for (const url of ['/api/voice/token', '/api/me', '/api/nothing']) {
    const res = await app.inject({ url, headers: { cookie } });
    t.equal(res.headers['cache-control'], 'no-store', `${url} (${res.statusCode})`);
  }
  const unauthenticated = await app.inject({ url: '/api/me' });
  t.equal(unauthenticated.headers['cache-control'], 'no-store', 'a 401 too');
  t.match(String(unauthenticated.headers['strict-transport-security']), /max-age=\d{7,}/, 'HSTS with an https PUBLIC_URL');

  const plain = await testApp(t, { PUBLIC_URL: 'http://127.0.0.1:3000' }, { store: 'pglite' });
  t.equal((await plain.inject({ url: '/api/me' })).headers['strict-transport-security'], undefined, 'no HSTS on plain http');
});
