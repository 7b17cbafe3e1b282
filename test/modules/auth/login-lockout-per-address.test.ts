// Item: five wrong passwords from anyone must not lock the account for everyone. Failures lock the account for the
// address they come from; a stranger guessing elsewhere cannot keep a psychologist from logging in for a shift.
import t from 'tap';
import { redisAvailable, testApp } from '../../helpers/services.js';
import { addUser, PASSWORD } from '../../helpers/users.js';

type App = Awaited<ReturnType<typeof testApp>>;
const attempt = (app: App, username: string, password: string, ip: string) =>
  app.inject({ method: 'POST', url: '/api/session', payload: { username, password }, remoteAddress: ip });

t.test('a stranger guessing at an account locks out only their own address', async (t) => {
  if (!(await redisAvailable(t))) return;
  const app = await testApp(t);
  await addUser(app, 'pia');
  for (let i = 0; i < 5; i++) t.equal((await attempt(app, 'pia', 'wrong password', '203.0.113.9')).statusCode, 401);
  t.equal((await attempt(app, 'pia', PASSWORD, '203.0.113.9')).statusCode, 429, 'the guessing address is locked out of the account');
  t.equal((await attempt(app, 'pia', PASSWORD, '198.51.100.20')).statusCode, 204, 'the psychologist elsewhere logs in');

  // One try per lock period keeps the stranger's own lock growing, and still not the psychologist's.
  const lock = 'login-lock:account-address:pia|203.0.113.9';
  const waits: number[] = [];
  for (let i = 0; i < 3; i++) {
    await app.infra.redis.client.del(lock); // the lock runs out
    t.equal((await attempt(app, 'pia', 'wrong again', '203.0.113.9')).statusCode, 401);
    waits.push(Number((await attempt(app, 'pia', PASSWORD, '203.0.113.9')).headers['retry-after']));
    t.equal((await attempt(app, 'pia', PASSWORD, '198.51.100.20')).statusCode, 204, `the psychologist still logs in (round ${i + 1})`);
  }
  t.ok(waits[0]! < waits[1]! && waits[1]! < waits[2]!, `the stranger backs off: ${waits.join(' s, ')} s`);
});

t.test('guessing from many addresses locks the account for new addresses, not for one the psychologist used', async (t) => {
  if (!(await redisAvailable(t))) return;
  const app = await testApp(t);
  await addUser(app, 'ola');
  t.equal((await attempt(app, 'ola', PASSWORD, '198.51.100.30')).statusCode, 204, 'ola logs in from her usual address');
  // A spread-out guess: four tries each from many addresses, under every per-address limit.
  for (let a = 0; a < 15; a++) {
    for (let i = 0; i < 4; i++) await attempt(app, 'ola', `guess ${a}-${i}`, `203.0.113.${a + 1}`);
  }
  t.equal((await attempt(app, 'ola', PASSWORD, '203.0.113.200')).statusCode, 429, 'a new address is refused: the account is under attack');
  t.equal((await attempt(app, 'ola', PASSWORD, '198.51.100.30')).statusCode, 204, 'her usual address still gets in');
});
