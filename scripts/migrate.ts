// npm run migrate: applies pending SQL migrations to the configured database (the server also does this at start).
import { withDatabase } from './cli-support.js';

await withDatabase(async (db, config) => {
  // withDatabase has migrated already; report what the database now holds.
  const { rows } = await db.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version');
  const where = config.database.kind === 'postgres' ? 'PostgreSQL' : `embedded store in ${config.dataDir}`;
  process.stdout.write(`${rows.length} migrations applied (${where}); latest: ${rows.at(-1)?.version ?? 'none'}\n`);
});
