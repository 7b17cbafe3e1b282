import { parseArgs } from 'node:util';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { DirectoryLockedError } from './infra/db/directory-lock.js';
import { openInfrastructure } from './infra/infrastructure.js';
import { createLogger } from './infra/logger.js';
import { RedisUnavailableError } from './infra/redis.js';
import { announceSetupLink } from './modules/auth/index.js';
import { startWorkers, type Workers } from './worker.js';

type Role = 'all' | 'server' | 'worker';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { role: { type: 'string', default: 'all' } } });
  const role = values.role as Role;
  if (!['all', 'server', 'worker'].includes(role)) throw new ConfigError(`--role must be all, server or worker (got "${role}")`);

  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  for (const name of config.developmentDefaults) {
    logger.warn({ variable: name }, `${name} is not set: using a development default (refused in production)`);
  }
  if (config.database.kind !== 'postgres') {
    logger.info({ dataDir: config.dataDir, kind: config.database.kind }, 'using the embedded PGlite store (set DATABASE_URL for PostgreSQL)');
  }

  const infra = await openInfrastructure(config, logger);
  let workers: Workers | undefined;
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  let stopping = false;

  const shutdown = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: no new requests, finishing running requests and jobs');
    // Stop taking work, let what is running finish, then let go of the stores (PGlite checkpoints on close).
    await Promise.allSettled([app?.close(), workers?.close()]);
    await infra.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  try {
    if (role !== 'server') workers = await startWorkers(config, infra, logger);
    if (role !== 'worker') {
      app = await buildApp(config, { logger, infra });
      await app.listen({ port: config.port, host: config.host });
      logger.info({ publicUrl: config.publicUrl, role }, 'Stopline is listening');
      // First run: with no account yet, the one-time link to create the first admin (again at each start until used).
      await announceSetupLink(infra.db, config.publicUrl, logger);
    }
  } catch (err) {
    await Promise.allSettled([app?.close(), workers?.close()]);
    await infra.close();
    throw err;
  }
}

main().catch((err: unknown) => {
  // Start-up problems an operator can fix get one plain sentence, not a stack trace.
  if (err instanceof ConfigError || err instanceof DirectoryLockedError || err instanceof RedisUnavailableError) {
    process.stderr.write(`stopline: cannot start: ${err.message}\n`);
  } else {
    process.stderr.write(`stopline: cannot start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exit(1);
});
