import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Database, Queryable } from './database.js';

/** Each module keeps its tables' SQL next to its code: src/modules/<name>/migrations/NNN_name.sql. */
export const MODULES_DIR = join(import.meta.dirname, '../../modules');

export interface Migration {
  /** The file name, which is also the id recorded in schema_migrations (as before migrations moved into modules). */
  id: string;
  path: string;
}

const MIGRATION_FILE = /^(\d{3,})_[a-z0-9_-]+\.sql$/;

// Any constant: serialises migration runs of processes starting at once against one PostgreSQL database.
const MIGRATION_LOCK_KEY = 7_415_020;

/**
 * Migrations that took over part of an older one. 003_calls.sql once created rota_shifts as well; that table's SQL
 * now lives in the rota module as 005. A database migrated before the split has 003 recorded and the table present:
 * there 005 is recorded as applied without running. (This runner applies every pending file in one transaction, so
 * 003 without 005 is only ever found in a database migrated before the split.)
 */
const SPLIT_MIGRATIONS: ReadonlyArray<{ id: string; splitFrom: string; table: string }> = [
  { id: '005_rota_shifts.sql', splitFrom: '003_calls.sql', table: 'rota_shifts' },
];

function filesIn(dir: string): Migration[] {
  return readdirSync(dir)
    .filter((f) => MIGRATION_FILE.test(f))
    .map((f) => ({ id: f, path: join(dir, f) }));
}

function numberOf(id: string): number {
  return Number(MIGRATION_FILE.exec(id)![1]);
}

/**
 * Every module's migrations in ONE global order, by number: a module's table may reference another's (the call
 * record names the psychologist who answered), so numbers are unique across modules, and a clash stops the start.
 */
export function moduleMigrations(modulesDir = MODULES_DIR): Migration[] {
  const all = readdirSync(modulesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(modulesDir, entry.name, 'migrations')))
    .flatMap((entry) => filesIn(join(modulesDir, entry.name, 'migrations')));
  return sortByNumber(all);
}

function sortByNumber(migrations: Migration[]): Migration[] {
  const sorted = [...migrations].sort((a, b) => numberOf(a.id) - numberOf(b.id) || (a.id < b.id ? -1 : 1));
  for (let i = 1; i < sorted.length; i++) {
    if (numberOf(sorted[i]!.id) === numberOf(sorted[i - 1]!.id)) {
      throw new Error(`two migrations share the number ${numberOf(sorted[i]!.id)}: ${sorted[i - 1]!.path} and ${sorted[i]!.path}`);
    }
  }
  return sorted;
}

async function tableExists(tx: Queryable, table: string): Promise<boolean> {
  const result = await tx.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [table]);
  return result.rows[0]?.found === true;
}

/**
 * Applies the migrations not yet applied, in order, in one transaction: all or nothing. `source` is the modules'
 * migrations by default, or one directory of numbered .sql files.
 */
export async function migrate(db: Database, logger: Logger, source: string | Migration[] = moduleMigrations()): Promise<string[]> {
  const migrations = typeof source === 'string' ? sortByNumber(filesIn(source)) : source;
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    const done = new Set(
      (await tx.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version),
    );
    for (const split of SPLIT_MIGRATIONS) {
      if (done.has(split.splitFrom) && !done.has(split.id) && (await tableExists(tx, split.table))) {
        logger.info({ migration: split.id, splitFrom: split.splitFrom }, 'recording a migration already applied as part of an older one');
        await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [split.id]);
        done.add(split.id);
      }
    }
    for (const migration of migrations) {
      if (done.has(migration.id)) continue;
      logger.info({ migration: migration.id }, 'applying migration');
      await tx.exec(readFileSync(migration.path, 'utf8'));
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [migration.id]);
      applied.push(migration.id);
    }
  });
  return applied;
}
