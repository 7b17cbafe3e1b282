import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { openDatabase, type Database } from '../../../src/infra/db/database.js';
import { migrate, migrationDirs } from '../../../src/infra/db/migrate.js';
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
      const files = migrationDirs().flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.sql'))).sort();
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
