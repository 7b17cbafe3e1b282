// Item: login throttling must hold under concurrency. Each attempt is counted before its password is checked, so a
// burst cannot slip many guesses through between the lock check and the failure count (nor keep scrypt busy).
import t from 'tap';
import { redisAvailable, testApp } from '../../helpers/services.js';
import { addUser, PASSWORD } from '../../helpers/users.js';

type App = Awaited<ReturnType<typeof testApp>>;
const attempt = (app: App, username: string, password: string, ip: string) =>
  app.inject({ method: 'POST', url: '/api/session', payload: { username, password }, remoteAddress: ip });

t.test('a concurrent burst at one account: at most five passwords are checked, the right one last does not get in', async (t) => {
  if (!(await redisAvailable(t))) return;
  const app = await testApp(t);
  await addUser(app, 'kim');
  const passwords = [...Array.from({ length: 99 }, (_, i) => `wrong password ${i}`), PASSWORD];
  const started = Date.now();
  const results = await Promise.all(passwords.map((p) => attempt(app, 'kim', p, '10.2.0.1')));
  const statuses = results.map((r) => r.statusCode);
  const checked = statuses.filter((s) => s !== 429).length;
  t.ok(checked <= 5, `${checked} of 100 were checked (at most 5)`);
  t.equal(statuses.at(-1), 429, 'the right password at the end of the burst is refused');
  t.notOk(statuses.includes(204), 'nobody logged in');
  t.ok(Date.now() - started < 5000, `refused early: the burst took ${Date.now() - started} ms`);
});

t.test('a concurrent burst of unknown users from one address: at most twenty are checked', async (t) => {
  if (!(await redisAvailable(t))) return;
  const app = await testApp(t);
  const results = await Promise.all(Array.from({ length: 200 }, (_, i) => attempt(app, `nobody${i}`, 'wrong password', '10.3.0.1')));
  const statuses = results.map((r) => r.statusCode);
  const unauthenticated = statuses.filter((s) => s === 401).length;
  t.ok(unauthenticated <= 20, `${unauthenticated} answered 401 (the limit is 20)`);
  t.equal(statuses.filter((s) => s === 429).length, 200 - unauthenticated, 'every other one was refused with 429');
  const refused = results.find((r) => r.statusCode === 429)!;
  t.ok(Number(refused.headers['retry-after']) > 0, 'with a Retry-After');
});
