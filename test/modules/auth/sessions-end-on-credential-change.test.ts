// Item: changing a password or disabling a user ends all of that user's sessions; a request while disabled does
// not keep the session alive, and re-enabling does not bring an old cookie back.
import { createHash } from 'node:crypto';
import t from 'tap';
import { hashPassword } from '../../../src/modules/auth/password.js';
import { setUserDisabled, setUserPassword } from '../../../src/modules/auth/users-repository.js';
import { redisAvailable, testApp } from '../../helpers/services.js';
import { addUser, login } from '../../helpers/users.js';

type App = Awaited<ReturnType<typeof testApp>>;
const me = async (app: App, cookie: string) => (await app.inject({ url: '/api/me', headers: { cookie } })).statusCode;
const sessionKey = (cookie: string) => `session:${createHash('sha256').update(cookie.split('=')[1]!).digest('hex')}`;

t.test('a password change ends every session of the user', async (t) => {
  if (!(await redisAvailable(t))) return;
  const app = await testApp(t);
  await addUser(app, 'ida');
  const laptop = await login(app, 'ida');
  const phone = await login(app, 'ida');
  t.equal(await me(app, laptop), 200);
  await setUserPassword(app.infra.db, 'ida', await hashPassword('a brand new password'));
  t.equal(await me(app, laptop), 401, 'the laptop is logged out');
  t.equal(await me(app, phone), 401, 'so is the phone');
  t.equal(await me(app, await login(app, 'ida', 'a brand new password')), 200, 'a new login works');
});

t.test('a disabled user’s old cookie does not work again after re-enabling', async (t) => {
  if (!(await redisAvailable(t))) return;
  const app = await testApp(t);
  await addUser(app, 'jon');
  const untouched = await login(app, 'jon');
  const used = await login(app, 'jon');
  await setUserDisabled(app.infra.db, 'jon', true);
  t.equal(await me(app, used), 401, 'refused while disabled');
  await setUserDisabled(app.infra.db, 'jon', false);
  t.equal(await me(app, used), 401, 'the cookie used while disabled stays dead');
  t.equal(await me(app, untouched), 401, 'so does one not used while disabled');
  t.equal(await me(app, await login(app, 'jon')), 200, 'logging in again works');
});

t.test('requests while disabled do not refresh the idle timer', async (t) => {
  if (!(await redisAvailable(t))) return;
  const app = await testApp(t);
  await addUser(app, 'kai');
  const cookie = await login(app, 'kai');
  const redis = app.infra.redis.client;
  await redis.expire(sessionKey(cookie), 100);
  await setUserDisabled(app.infra.db, 'kai', true);
  for (let i = 0; i < 3; i++) t.equal(await me(app, cookie), 401);
  const ttl = await redis.ttl(sessionKey(cookie));
  t.ok(ttl <= 100, `the session was not kept alive (ttl ${ttl})`);
});
