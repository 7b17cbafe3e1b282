import { spawnSync } from 'node:child_process';
import t from 'tap';
import { createTestDatabase, postgresAvailable, tempDir } from '../helpers/services.js';

function run(env: Record<string, string>, script: string, args: string[], input?: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent', ...env },
    input: input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
}

t.test('user CLI: add, list, disable, enable, passwd; audit:verify; migrate', async (t) => {
  const env: Record<string, string> = (await postgresAvailable()) ? { DATABASE_URL: await createTestDatabase(t) } : { DATA_DIR: tempDir(t) };
  const user = (args: string[], input?: string) => run(env, 'scripts/user.ts', args, input);

  const added = user(['add', '--username', 'mette', '--role', 'psychologist', '--role', 'admin', '--phone', '+4512345678', '--password-stdin'], 'a good long password\n');
  t.equal(added.status, 0, added.stderr);
  t.match(added.stdout, 'Created mette (psychologist, admin)');

  const dup = user(['add', '--username', 'mette', '--role', 'supervisor', '--password-stdin'], 'another long password');
  t.equal(dup.status, 2);
  t.match(dup.stderr, 'user "mette" already exists');

  t.match(user(['add', '--username', 'x', '--role', 'admin', '--password-stdin'], 'long enough password').stderr, /username: 2-63/);
  t.match(user(['add', '--username', 'ok-name', '--role', 'boss', '--password-stdin'], 'long enough password').stderr, /role: psychologist, supervisor or admin/);
  t.match(user(['add', '--username', 'ok-name', '--role', 'admin', '--phone', '12345', '--password-stdin'], 'long enough password').stderr, /phone: an E\.164 number/);
  t.match(user(['add', '--username', 'ok-name', '--role', 'admin', '--password-stdin'], 'short').stderr, /12 to 200 characters/);
  t.match(user(['add', '--role', 'admin']).stderr, /--username is required/);
  t.match(user(['add', '--username', 'ok-name', '--role', 'admin']).stderr, /use --password-stdin/, 'no terminal, no prompt');
  const unknown = user(['frobnicate']);
  t.equal(unknown.status, 2);
  t.match(unknown.stderr, /Unknown command "frobnicate"/);

  const list = user(['list']);
  t.match(list.stdout, /mette\s+psychologist,admin\s+phone set\s+active/);
  t.notMatch(list.stdout, /\+45/, 'the list does not print phone numbers');

  t.equal(user(['disable', '--username', 'mette']).status, 0);
  t.match(user(['list']).stdout, /DISABLED/);
  t.equal(user(['enable', '--username', 'mette']).status, 0);
  t.match(user(['disable', '--username', 'nobody']).stderr, 'No user "nobody"');
  t.equal(user(['passwd', '--username', 'mette', '--password-stdin'], 'a brand new long password').status, 0);

  const verify = run(env, 'scripts/audit-verify.ts', []);
  t.equal(verify.status, 0, verify.stderr);
  t.match(verify.stdout, 'Audit log intact: 4 rows, chain verified.');

  const migrate = run(env, 'scripts/migrate.ts', []);
  t.equal(migrate.status, 0);
  t.match(migrate.stdout, /^\d+ migrations applied \(.*\); latest: \d{3}_[a-z_]+\.sql$/m);
});

t.test('audit:verify exits 1 and names the row when the chain is broken', async (t) => {
  if (!(await postgresAvailable())) {
    t.comment('PostgreSQL missing: the tamper case runs in test/modules/audit on PGlite');
    return;
  }
  const url = await createTestDatabase(t);
  const env = { DATABASE_URL: url };
  run(env, 'scripts/user.ts', ['add', '--username', 'anna', '--role', 'admin', '--password-stdin'], 'a good long password');
  run(env, 'scripts/user.ts', ['disable', '--username', 'anna']);
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
  await client.query("UPDATE audit_log SET subject = 'someone-else' WHERE seq = 1");
  await client.end();
  const verify = run(env, 'scripts/audit-verify.ts', []);
  t.equal(verify.status, 1);
  t.match(verify.stdout, 'Audit log BROKEN at row 1: its content was changed.');
});
