import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Logger } from 'pino';
import type { Database } from './database.js';

export const MIGRATIONS_DIR = join(import.meta.dirname, 'migrations');
const MODULES_DIR = join(import.meta.dirname, '../../modules');

/** The shared migrations and every module's own (`src/modules/<m>/migrations`): one global order by file name. */
export function migrationDirs(): string[] {
  const modules = existsSync(MODULES_DIR) ? readdirSync(MODULES_DIR).sort().map((m) => join(MODULES_DIR, m, 'migrations')) : [];
  return [MIGRATIONS_DIR, ...modules.filter((d) => existsSync(d))];
}

// Any constant: serialises migration runs of processes starting at once against one PostgreSQL database.
const MIGRATION_LOCK_KEY = 7_415_020;

/** Applies the numbered .sql files not yet applied, in file-name order, in one transaction: all or nothing. */
export async function migrate(db: Database, logger: Logger, dirs: string | string[] = migrationDirs()): Promise<string[]> {
  const paths = (typeof dirs === 'string' ? [dirs] : dirs)
    .flatMap((dir) => readdirSync(dir).filter((f) => /^\d{3,}_[a-z0-9_-]+\.sql$/.test(f)).map((f) => join(dir, f)))
    .sort((a, b) => (basename(a) < basename(b) ? -1 : basename(a) > basename(b) ? 1 : 0));
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
    for (const path of paths) {
      const file = basename(path);
      if (done.has(file)) continue;
      logger.info({ migration: file }, 'applying migration');
      await tx.exec(readFileSync(path, 'utf8'));
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [file]);
      applied.push(file);
    }
  });
  return applied;
}
