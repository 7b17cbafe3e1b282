import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import t from 'tap';
import { createLogger } from '../../../src/infra/logger.js';
import { openDatabase } from '../../../src/infra/db/database.js';
import { ContactKeys } from '../../../src/modules/followups/index.js';
import { readContact } from '../../../src/modules/followups/contact-store.js';
import { createTestDatabase, postgresAvailable, redisAvailable, testApp } from '../../helpers/services.js';
import { addUser, login } from '../../helpers/users.js';
import { ALIAS, PERSON } from '../../helpers/followups.js';

function run(env: Record<string, string>, script: string, args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent', ...env },
    input: '',
    encoding: 'utf8',
    timeout: 60_000,
  });
}

const KEY_A = randomBytes(32).toString('base64');
const KEY_B = randomBytes(32).toString('base64');

t.test('partner keys (CLI and admin API), referrals with valid, revoked and missing keys; key rotation', async (t) => {
  if (!(await redisAvailable(t))) return;
  if (!(await postgresAvailable())) {
    t.comment('PostgreSQL does not answer: the CLI and the app cannot share a database here');
    return;
  }
  const databaseUrl = await createTestDatabase(t);
  const app = await testApp(t, { DATABASE_URL: databaseUrl, CONTACT_KEY: KEY_A });
  const cli = (args: string[], env: Record<string, string> = {}) => run({ DATABASE_URL: databaseUrl, CONTACT_KEY: KEY_A, ...env }, 'scripts/partner.ts', args);

  const added = cli(['add', '--name', 'Københavns Politi']);
  t.equal(added.status, 0, added.stderr);
  const key = /(slp_[A-Za-z0-9_-]+)/.exec(added.stdout)?.[1];
  t.ok(key, 'the key is printed once');
  t.equal(cli(['add', '--name', 'Københavns Politi']).status, 2, 'a duplicate name');
  t.match(cli(['add']).stderr, '--name is required');
  const stored = await app.infra.db.query<{ key_hash: string }>('SELECT key_hash FROM partners');
  t.notMatch(JSON.stringify(stored.rows), key!, 'only a hash is stored');
  t.match(cli(['list']).stdout, /Københavns Politi\s+added \d{4}-\d{2}-\d{2}\s+active/);

  const referral = (auth: string | undefined, payload: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: '/api/referrals', headers: auth ? { authorization: auth } : {}, payload });
  const declaration = { phone: PERSON, name: ALIAS, language: 'en', consentDate: '2026-11-20', smsAllowed: false, caseReference: 'KBH-2026-4711' };

  t.equal((await referral(undefined, declaration)).statusCode, 401, 'no key');
  t.equal((await referral('Bearer slp_nonsense', declaration)).statusCode, 401, 'an unknown key');
  const noDate = await referral(`Bearer ${key}`, { ...declaration, consentDate: undefined });
  t.equal(noDate.statusCode, 400);
  t.match(noDate.body, 'body.consentDate', 'a referral with no consent date names the field');
  const future = await referral(`Bearer ${key}`, { ...declaration, consentDate: '2999-01-01' });
  t.equal(future.statusCode, 400);
  t.match(future.body, 'consentDate');
  const badPhone = await referral(`Bearer ${key}`, { ...declaration, phone: '+45 1234' });
  t.equal(badPhone.statusCode, 400);
  t.match(badPhone.body, 'body.phone');
  t.notMatch(badPhone.body, '1234');

  const ok = await referral(`Bearer ${key}`, declaration);
  t.equal(ok.statusCode, 201, ok.body);
  const { id } = ok.json() as { id: string };
  t.equal((await referral(`Bearer ${key}`, declaration)).json().id, id, 'a repeat within a minute creates nothing new');

  await addUser(app, 'pia', ['psychologist'], '+4520000001');
  const pia = await login(app, 'pia');
  const reveal = await app.inject({ method: 'GET', url: `/api/followups/${id}`, headers: { cookie: pia } });
  t.match(reveal.json(), { source: 'partner', partner: 'Københavns Politi', caseReference: 'KBH-2026-4711', consentDate: '2026-11-20', language: 'en', phone: PERSON });

  t.equal(cli(['revoke', '--name', 'Københavns Politi']).status, 0);
  t.equal((await referral(`Bearer ${key}`, { ...declaration, phone: '+4521436500' })).statusCode, 401, 'a revoked key');
  t.match(cli(['list']).stdout, /REVOKED/);
  t.equal(cli(['revoke', '--name', 'Københavns Politi']).status, 2, 'revoked already');

  // The admin API: add (key shown once), list (no key), revoke.
  await addUser(app, 'ada', ['admin']);
  const ada = await login(app, 'ada');
  const viaApi = await app.inject({ method: 'POST', url: '/api/partners', headers: { cookie: ada }, payload: { name: 'Aarhus Kommune' } });
  t.equal(viaApi.statusCode, 201);
  const apiKey = viaApi.json().key as string;
  t.equal((await referral(`Bearer ${apiKey}`, { ...declaration, phone: '+4521436501' })).statusCode, 201);
  const partners = await app.inject({ method: 'GET', url: '/api/partners', headers: { cookie: ada } });
  t.notMatch(partners.body, apiKey);
  t.equal((await app.inject({ method: 'GET', url: '/api/partners', headers: { cookie: pia } })).statusCode, 403);
  t.equal((await app.inject({ method: 'DELETE', url: `/api/partners/${viaApi.json().id}`, headers: { cookie: ada } })).statusCode, 204);
  t.equal((await referral(`Bearer ${apiKey}`, { ...declaration, phone: '+4521436502' })).statusCode, 401);

  // Key rotation: CONTACT_KEY becomes B, A is the previous one; every data key is re-wrapped under B.
  const rotate = run({ DATABASE_URL: databaseUrl, CONTACT_KEY: KEY_B, CONTACT_KEY_PREVIOUS: KEY_A }, 'scripts/keys-rotate.ts', []);
  t.equal(rotate.status, 0, rotate.stderr);
  t.match(rotate.stdout, /Re-wrapped 2 data key\(s\) under key [0-9a-f]{8}; 2 follow-up\(s\) now use it/);
  const again = run({ DATABASE_URL: databaseUrl, CONTACT_KEY: KEY_B }, 'scripts/keys-rotate.ts', []);
  t.match(again.stdout, /Re-wrapped 0 data key/, 'a second run has nothing to do');
  const db = await openDatabase({ kind: 'postgres', url: databaseUrl }, createLogger('silent'));
  t.teardown(() => db.close());
  const onlyB = new ContactKeys(Buffer.from(KEY_B, 'base64'));
  t.match(await readContact(db, onlyB, id), { phone: PERSON, name: ALIAS }, 'the new key alone opens the details');
  await t.rejects(readContact(db, new ContactKeys(Buffer.from(KEY_A, 'base64')), id), /not configured/, 'the old key alone no longer does');
  const back = run({ DATABASE_URL: databaseUrl, CONTACT_KEY: KEY_A }, 'scripts/keys-rotate.ts', []);
  t.equal(back.status, 1, 'data keys under a key that is not configured are reported');
  t.match(back.stdout, /2 data key\(s\) were wrapped by a key that is not configured/);
});
