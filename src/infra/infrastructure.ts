import type { Logger } from 'pino';
import type { AppConfig } from '../config.js';
import { openDatabase, type Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { openRedis, type RedisHandle } from './redis.js';

/** The stores a process shares between its HTTP server and its workers. */
export interface Infrastructure {
  db: Database;
  redis: RedisHandle;
  close(): Promise<void>;
}

export async function openInfrastructure(config: AppConfig, logger: Logger, options: { defaultRedisUrl?: string } = {}): Promise<Infrastructure> {
  const db = await openDatabase(config.database, logger);
  try {
    await migrate(db, logger);
    const redis = await openRedis({
      url: config.redisUrl,
      prefix: config.redisPrefix,
      dataDir: config.dataDir,
      nodeEnv: config.nodeEnv,
      logger,
      ...(options.defaultRedisUrl ? { defaultUrl: options.defaultRedisUrl } : {}),
    });
    let closing: Promise<void> | undefined;
    return {
      db,
      redis,
      close: () => (closing ??= Promise.allSettled([redis.close(), db.close()]).then(() => undefined)),
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}
