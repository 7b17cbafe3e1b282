import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { openDatabase, type Database } from '../../../src/infra/db/database.js';
import { migrate, moduleMigrations } from '../../../src/infra/db/migrate.js';
import { createLogger } from '../../../src/infra/logger.js';
import { createTestDatabase, stores, tempDir } from '../../helpers/services.js';

const logger = createLogger('silent');

async function open(t: Test, store: string): Promise<Database> {
  const db = await openDatabase(store === 'postgres' ? { kind: 'postgres', url: await createTestDatabase(t) } : { kind: 'pglite-memory' }, logger);
  t.teardown(() => db.close());
  return db;
}

t.test('migrations and the query interface behave the same on every store', async (t) => {
  for (const store of await stores(t)) {
    await t.test(store, async (t) => {
      const db = await open(t, store);
      const first = await migrate(db, logger);
      const files = moduleMigrations().map((m) => m.id);
      t.ok(files.length >= 3);
      t.same(first, files, 'all migrations applied in order');
      t.same(await migrate(db, logger), [], 'a second run applies nothing');

      const tables = await db.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
      );
      const names = tables.rows.map((r) => r.table_name);
      for (const table of ['audit_log', 'call_notes', 'calls', 'rota_shifts', 'schema_migrations', 'users']) t.ok(names.includes(table), table);

      const insert = await db.query(
        "INSERT INTO users (id, username, password_hash, roles) VALUES (gen_random_uuid(), 'ann', 'x', ARRAY['admin']) ",
      );
      t.equal(insert.rowCount, 1, 'rowCount counts written rows');
      const roles = await db.query<{ roles: string[] }>("SELECT roles FROM users WHERE username = 'ann'");
      t.same(roles.rows[0]?.roles, ['admin'], 'arrays come back as arrays');

      await t.rejects(
        db.transaction(async (tx) => {
          await tx.query("UPDATE users SET phone = '+4511111111' WHERE username = 'ann'");
          throw new Error('changed my mind');
        }),
        /changed my mind/,
      );
      const phone = await db.query<{ phone: string | null }>("SELECT phone FROM users WHERE username = 'ann'");
      t.equal(phone.rows[0]?.phone, null, 'a failed transaction is rolled back');

      await t.rejects(
        db.query("INSERT INTO users (id, username, password_hash, roles) VALUES (gen_random_uuid(), 'bo', 'x', ARRAY['janitor'])"),
        'the schema refuses unknown roles',
      );
    });
  }
});

t.test('a failing migration leaves nothing half-applied', async (t) => {
  for (const store of await stores(t)) {
    await t.test(store, async (t) => {
      const db = await open(t, store);
      const dir = tempDir(t);
      writeFileSync(join(dir, '001_ok.sql'), 'CREATE TABLE first_table (id int);');
      writeFileSync(join(dir, '002_broken.sql'), 'CREATE TABLE second_table (id int); SELECT * FROM no_such_table;');
      await t.rejects(migrate(db, logger, dir), /no_such_table/);
      const applied = await db.query('SELECT version FROM schema_migrations');
      t.equal(applied.rows.length, 0, 'no migration is recorded');
      await t.rejects(db.query('SELECT * FROM first_table'), 'the earlier migration of the run was rolled back too');
    });
  }
});

t.test('a database migrated before the migrations moved into the modules migrates without re-running or failing', async (t) => {
  for (const store of await stores(t)) {
    await t.test(store, async (t) => {
      const db = await open(t, store);
      const byId = new Map(moduleMigrations().map((m) => [m.id, readFileSync(m.path, 'utf8')]));
      // The old layout: one directory, and 003_calls.sql created rota_shifts as well (now 005 in the rota module).
      const old: Array<[string, string]> = [
        ['001_users.sql', byId.get('001_users.sql')!],
        ['002_audit_log.sql', byId.get('002_audit_log.sql')!],
        ['003_calls.sql', `${byId.get('003_calls.sql')!}\n${byId.get('005_rota_shifts.sql')!}`],
        ['004_call_outcomes.sql', byId.get('004_call_outcomes.sql')!],
      ];
      await db.query('CREATE TABLE schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
      for (const [id, sql] of old) {
        await db.exec(sql);
        await db.query('INSERT INTO schema_migrations (version) VALUES ($1)', [id]);
      }
      const added = moduleMigrations().map((m) => m.id).filter((id) => id > '005_rota_shifts.sql');
      t.same(await migrate(db, logger), added, 'nothing of the old layout runs again (rota_shifts exists already); only later migrations do');
      const versions = (await db.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);
      t.same(versions, moduleMigrations().map((m) => m.id), 'the split-off migration is recorded as applied');
      t.same(await migrate(db, logger), [], 'and a later start applies nothing either');
    });
  }
});

t.test('migrations are collected from every module, in one order by number; a number used twice stops the start', async (t) => {
  const ids = moduleMigrations().map((m) => m.id);
  t.same(ids.slice(0, 5), ['001_users.sql', '002_audit_log.sql', '003_calls.sql', '004_call_outcomes.sql', '005_rota_shifts.sql']);
  t.same(ids, [...ids].sort(), 'in one order by number');
  t.equal(new Set(ids.map((id) => id.slice(0, 3))).size, ids.length, 'each number once');
  t.ok(moduleMigrations().every((m) => /src[\\/]modules[\\/][a-z-]+[\\/]migrations[\\/]/.test(m.path)), 'each lives in its module');

  const modules = tempDir(t);
  for (const [module, file] of [['alpha', '001_a.sql'], ['beta', '002_b.sql'], ['gamma', '002_c.sql']] as const) {
    mkdirSync(join(modules, module, 'migrations'), { recursive: true });
    writeFileSync(join(modules, module, 'migrations', file), 'SELECT 1;');
  }
  t.throws(() => moduleMigrations(modules), /two migrations share the number 2/);
});
