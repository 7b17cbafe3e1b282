import type { Logger } from 'pino';
import { ConfigError, loadConfig, type AppConfig } from '../src/config.js';
import { openDatabase, type Database } from '../src/infra/db/database.js';
import { DirectoryLockedError } from '../src/infra/db/directory-lock.js';
import { migrate } from '../src/infra/db/migrate.js';
import { createLogger } from '../src/infra/logger.js';

/** Opens the configured database (migrated) for a command-line tool, and closes it however the tool ends. */
export async function withDatabase(run: (db: Database, config: AppConfig, logger: Logger) => Promise<number | void>): Promise<void> {
  let code = 1;
  try {
    const config = loadConfig();
    const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
    const db = await openDatabase(config.database, logger);
    try {
      await migrate(db, logger);
      code = (await run(db, config, logger)) ?? 0;
    } finally {
      await db.close();
    }
  } catch (err) {
    if (err instanceof DirectoryLockedError) {
      // The running server owns the embedded store; what this tool does is in the admin area of the web app.
      process.stderr.write(`${err.message}\nThe server is running on the embedded store: use the admin area of the web app (/admin) instead, or stop the server first.\n`);
    } else if (err instanceof ConfigError || err instanceof UsageError) {
      process.stderr.write(`${err.message}\n`);
      code = err instanceof UsageError ? 2 : 1;
    } else {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    }
  }
  process.exitCode = code;
}

/** A mistake in how the command was called: printed with the usage, exit code 2. */
export class UsageError extends Error {}
