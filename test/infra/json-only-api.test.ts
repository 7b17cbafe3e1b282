// Item: the JSON API takes only application/json bodies (415 otherwise). A cross-site HTML form or a text/plain
// fetch cannot send application/json without a CORS preflight, so cookie-authenticated state changes are safe even
// when a request carries neither Origin nor Referer.
import t from 'tap';
import { redisAvailable, testApp } from '../helpers/services.js';
import { addUser, login, PASSWORD } from '../helpers/users.js';

t.test('form-encoded and text bodies are refused on /api/*; JSON works', async (t) => {
  if (!(await redisAvailable(t))) return;
  const app = await testApp(t);
  await addUser(app, 'pia', ['psychologist'], '+4520000001');

  const form = await app.inject({
    method: 'POST', url: '/api/session',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ username: 'pia', password: PASSWORD }).toString(),
  });
  t.equal(form.statusCode, 415, 'a form login is refused');
  t.notOk(form.cookies.some((c) => c.name === 'stopline_session'), 'and no session is made');

  const text = await app.inject({ method: 'POST', url: '/api/session', headers: { 'content-type': 'text/plain' }, payload: JSON.stringify({ username: 'pia', password: PASSWORD }) });
  t.equal(text.statusCode, 415, 'a text/plain body is refused');

  const cookie = await login(app, 'pia');
  const csrf = await app.inject({ method: 'PUT', url: '/api/oncall', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'available=false' });
  t.equal(csrf.statusCode, 415, 'a cookie-authenticated form with no Origin or Referer changes nothing');
  const emptyForm = await app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie, 'content-type': 'text/plain' } });
  t.equal(emptyForm.statusCode, 415, 'nor does an empty one of another type');
  t.equal((await app.inject({ url: '/api/me', headers: { cookie } })).statusCode, 200, 'the session is still there');

  const json = await app.inject({ method: 'PUT', url: '/api/oncall', headers: { cookie, 'content-type': 'application/json; charset=utf-8' }, payload: { available: true, via: 'phone' } });
  t.equal(json.statusCode, 200, 'JSON (with a charset) is fine');
  t.equal((await app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie } })).statusCode, 204, 'a request without a body needs no type');
});
