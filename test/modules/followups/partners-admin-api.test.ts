// The partner list in the admin area: a taken name is a 400 naming the field (shown next to it, like a taken
// username), nothing is added; adding and revoking each commit with their audit row; roles other than admin are refused.
import t from 'tap';
import { redisAvailable, testApp } from '../../helpers/services.js';
import { addUser, login } from '../../helpers/users.js';

t.test('partners: a duplicate name names the field; add and revoke are audited', async (t) => {
  if (!(await redisAvailable(t))) return;
  const app = await testApp(t);
  await addUser(app, 'ada', ['admin']);
  await addUser(app, 'sofie', ['supervisor']);
  await addUser(app, 'pia', ['psychologist']);
  const ada = { cookie: await login(app, 'ada') };

  const added = await app.inject({ method: 'POST', url: '/api/partners', headers: ada, payload: { name: 'Aarhus Kommune' } });
  t.equal(added.statusCode, 201);
  const again = await app.inject({ method: 'POST', url: '/api/partners', headers: ada, payload: { name: 'Aarhus Kommune' } });
  t.equal(again.statusCode, 400, 'a taken name is bad input');
  t.same(again.json().fields, ['body.name'], 'naming the field');
  t.match(again.json().message, /exists already/);
  t.equal((await app.infra.db.query('SELECT 1 FROM partners')).rowCount, 1, 'nothing added');

  t.equal((await app.inject({ method: 'DELETE', url: `/api/partners/${added.json().id}`, headers: ada })).statusCode, 204);
  t.equal((await app.inject({ method: 'DELETE', url: `/api/partners/${added.json().id}`, headers: ada })).statusCode, 404, 'revoked once');
  const audit = await app.infra.db.query<{ action: string; actor: string }>(`SELECT action, actor FROM audit_log WHERE action LIKE 'partner.%' ORDER BY seq`);
  t.same(audit.rows.map((r) => [r.action, r.actor]), [['partner.added', 'ada'], ['partner.revoked', 'ada']], 'one audit row per change, none for the refusals');

  for (const who of ['sofie', 'pia']) {
    const cookie = await login(app, who);
    t.equal((await app.inject({ method: 'GET', url: '/api/partners', headers: { cookie } })).statusCode, 403, `${who}: no partner list`);
    t.equal((await app.inject({ method: 'POST', url: '/api/partners', headers: { cookie }, payload: { name: 'X' } })).statusCode, 403, `${who}: cannot add`);
  }
  t.equal((await app.inject({ method: 'GET', url: '/api/partners' })).statusCode, 401, 'nobody logged in: 401');
});
