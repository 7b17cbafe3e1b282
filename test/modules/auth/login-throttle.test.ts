import t from 'tap';
import { redisAvailable, testApp } from '../../helpers/services.js';
import { addUser, PASSWORD } from '../../helpers/users.js';

const attempt = (app: Awaited<ReturnType<typeof testApp>>, username: string, password: string, ip = '10.0.0.1') =>
  app.inject({ method: 'POST', url: '/api/session', payload: { username, password }, remoteAddress: ip });

t.test('an account is locked for the address after five failures, with back-off, even for the right password', async (t) => {
  if (!(await redisAvailable(t))) return;
  const app = await testApp(t);
  await addUser(app, 'kim');
  for (let i = 0; i < 5; i++) t.equal((await attempt(app, 'kim', 'wrong password')).statusCode, 401, `failure ${i + 1}`);

  const locked = await attempt(app, 'kim', PASSWORD);
  t.equal(locked.statusCode, 429, 'locked: even the right password waits');
  t.equal(locked.json().error, 'too_many_requests');
  const firstWait = Number(locked.headers['retry-after']);
  t.ok(firstWait > 0 && firstWait <= 30, `Retry-After ${firstWait} s`);

  const lockKey = `login-lock:account-address:kim|10.0.0.1`;
  await app.infra.redis.client.del(lockKey); // the first lock runs out
  t.equal((await attempt(app, 'kim', 'wrong again')).statusCode, 401);
  const longer = Number((await attempt(app, 'kim', PASSWORD)).headers['retry-after']);
  t.ok(longer > firstWait, `the next lock is longer (${longer} s > ${firstWait} s)`);

  // The lock is per account and address: a stranger's failures must not keep the psychologist out (see
  // login-lockout-per-address.test.ts for the account-wide limit on spread-out guessing).
  t.equal((await attempt(app, 'kim', PASSWORD, '10.0.0.2')).statusCode, 204, 'from another address the account still logs in');
});

t.test('one address is throttled across accounts; a success clears the account counter', async (t) => {
  if (!(await redisAvailable(t))) return;
  const app = await testApp(t);
  await addUser(app, 'lea');
  // Four failures then a success: the account counter starts again.
  for (let i = 0; i < 4; i++) await attempt(app, 'lea', 'wrong', '10.1.0.1');
  t.equal((await attempt(app, 'lea', PASSWORD, '10.1.0.1')).statusCode, 204);
  for (let i = 0; i < 4; i++) await attempt(app, 'lea', 'wrong', '10.1.0.1');
  t.equal((await attempt(app, 'lea', PASSWORD, '10.1.0.1')).statusCode, 204, 'not locked: the success reset the account');

  // Guessing many user names from one address: 20 failures lock the address (8 above, 12 more here).
  for (let i = 0; i < 12; i++) await attempt(app, `guess${i}`, 'wrong', '10.1.0.1');
  const blocked = await attempt(app, 'lea', PASSWORD, '10.1.0.1');
  t.equal(blocked.statusCode, 429, 'the address is locked');
  t.equal((await attempt(app, 'lea', PASSWORD, '10.1.0.9')).statusCode, 204, 'another address still gets in');
});
