// Item: every connection-class database failure is "briefly unavailable" (503, retry), not a 500: SQLSTATE class 08,
// 53 (insufficient resources), 57P0x (shutdown, cannot connect now), 55000 (connections not allowed) and the like.
import pg from 'pg';
import t from 'tap';
import { isBackingServiceDown } from '../../../src/infra/http-errors.js';
import { postgresRequired, POSTGRES_ADMIN_URL, redisAvailable, testApp } from '../../helpers/services.js';
import { addUser, login } from '../../helpers/users.js';

t.test('a database that stops accepting connections (SQLSTATE 55000) answers 503, and the app recovers', async (t) => {
  if (!(await redisAvailable(t))) return;
  if (!(await postgresRequired(t))) return;
  const app = await testApp(t, {}, { store: 'postgres' });
  await addUser(app, 'eva');
  const cookie = await login(app, 'eva');
  const datname = (await app.infra.db.query<{ d: string }>('SELECT current_database() AS d')).rows[0]!.d;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  t.teardown(() => admin.end());

  await admin.query(`ALTER DATABASE ${datname} ALLOW_CONNECTIONS false`);
  await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [datname]);
  await new Promise((r) => setTimeout(r, 200));
  const statuses = new Set<number>();
  for (let i = 0; i < 3; i++) {
    const res = await app.inject({ url: '/api/me', headers: { cookie } });
    statuses.add(res.statusCode);
    if (res.statusCode === 503) t.match(res.json(), { error: 'unavailable' });
  }
  t.same([...statuses], [503], 'every request while connections are refused is a 503');

  await admin.query(`ALTER DATABASE ${datname} ALLOW_CONNECTIONS true`);
  t.equal((await app.inject({ url: '/api/me', headers: { cookie } })).statusCode, 200, 'and works again afterwards');
});

t.test('the whole connection classes count, not a fixed list', async (t) => {
  for (const code of ['08000', '08004', '08P01', '53000', '53100', '53200', '53300', '57P01', '57P03', '57P04', '57P05', '55000', '58030']) {
    t.ok(isBackingServiceDown({ code, message: 'x' }), code);
  }
  for (const code of ['22P02', '23505', '42P01', '40001', 'XX000']) t.notOk(isBackingServiceDown({ code, message: 'x' }), `${code} is not`);
});
