// Item: error bodies never echo what was sent: not the path (a phone number in a URL), not a malformed URL, not a
// content type, not an unknown field's name, not a submitted user name.
import t from 'tap';
import { redisAvailable } from '../helpers/services.js';
import { telephonyFixture } from '../helpers/telephony.js';

const NUMBER = '4512345678';

t.test('no error body repeats its input', async (t) => {
  if (!(await redisAvailable(t))) return;
  const fx = await telephonyFixture(t);
  const { app, admin } = fx;

  const notFound = await app.inject({ url: `/api/callers/+${NUMBER}/history?q=+${NUMBER}` });
  t.equal(notFound.statusCode, 404);
  t.notMatch(notFound.body, NUMBER, 'a 404 does not repeat the path');
  t.match(notFound.json(), { error: 'not_found' });

  const long = await app.inject({ url: `/${'x'.repeat(15_000)}` });
  t.equal(long.statusCode, 404);
  t.ok(long.body.length < 300, `a long path is not reflected (${long.body.length} bytes)`);

  const badUrl = await app.inject({ url: `/api/%E0%A4%A+${NUMBER}` });
  t.equal(badUrl.statusCode, 400);
  t.notMatch(badUrl.body, NUMBER, 'a malformed URL is not repeated');

  const mediaType = await app.inject({ method: 'POST', url: '/api/session', headers: { 'content-type': `text/x-${NUMBER}` }, payload: 'x' });
  t.equal(mediaType.statusCode, 415);
  t.notMatch(mediaType.body, NUMBER, 'nor a content type');

  const unknownField = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'a', password: 'b', [`note_${NUMBER}`]: 1 } });
  t.equal(unknownField.statusCode, 400);
  t.notMatch(unknownField.body, NUMBER, 'nor the name of an unknown field');

  const put = (shifts: unknown) => app.inject({ method: 'PUT', url: '/api/rota', headers: { cookie: admin }, payload: { shifts } });
  const ghost = await put([{ weekday: 'mon', starts: '09:00', ends: '17:00', username: `ghost${NUMBER}`, position: 0 }]);
  t.equal(ghost.statusCode, 400);
  t.notMatch(ghost.body, NUMBER, 'an unknown rota name is not repeated');
  t.same(ghost.json().fields, ['body.shifts.0.username'], 'the shift is pointed to instead');
  const twice = await put([
    { weekday: 'tue', starts: '09:00', ends: '12:00', username: 'pia', position: 0 },
    { weekday: 'tue', starts: '09:00', ends: '17:00', username: 'pia', position: 1 },
  ]);
  t.equal(twice.statusCode, 400);
  t.notMatch(twice.body, /pia/, 'a duplicate shift does not repeat the name');
  t.same(twice.json().fields, ['body.shifts.1']);
});
