// Real PostgreSQL and Redis for tests, each test with its own database and key prefix, cleaned up afterwards.
// Without PostgreSQL (a laptop), store tests run on PGlite only and say so; STOPLINE_REQUIRE_SERVICES=1 (set by
// .ci/run) turns a missing PostgreSQL or Redis into a failure so CI always covers both stores.
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Test } from 'tap';
import { buildApp } from '../../src/app.js';
import { loadConfig, type AppConfig } from '../../src/config.js';
import { openInfrastructure, type Infrastructure } from '../../src/infra/infrastructure.js';
import { createLogger } from '../../src/infra/logger.js';
import { redisAnswers } from '../../src/infra/redis.js';
import {
  createScratchDatabase, deleteRedisKeys, dropScratchDatabase, postgresAnswers, POSTGRES_ADMIN_URL, REDIS_URL, scratchRedisPrefix,
} from '../../dev/support/scratch-stores.js';

export { POSTGRES_ADMIN_URL };
export const TEST_REDIS_URL = REDIS_URL;
const REQUIRE = process.env.STOPLINE_REQUIRE_SERVICES === '1';

export type Store = 'postgres' | 'pglite';

let postgresUp: Promise<boolean> | undefined;
export function postgresAvailable(): Promise<boolean> {
  postgresUp ??= postgresAnswers();
  return postgresUp;
}

/** The stores to run a store test on: PGlite always, PostgreSQL when it answers (and always in CI). */
export async function stores(t: Test): Promise<Store[]> {
  if (await postgresAvailable()) return ['pglite', 'postgres'];
  if (REQUIRE) throw new Error(`PostgreSQL is required (STOPLINE_REQUIRE_SERVICES=1) but does not answer at ${POSTGRES_ADMIN_URL}`);
  t.comment(`PostgreSQL does not answer at ${POSTGRES_ADMIN_URL}: these store tests run on PGlite only`);
  return ['pglite'];
}

/** For a test that needs PostgreSQL itself: false (the test is skipped) without it, except in CI, where it fails. */
export async function postgresRequired(t: Test): Promise<boolean> {
  if (await postgresAvailable()) return true;
  if (REQUIRE) throw new Error(`PostgreSQL is required (STOPLINE_REQUIRE_SERVICES=1) but does not answer at ${POSTGRES_ADMIN_URL}`);
  t.plan(0, `PostgreSQL does not answer at ${POSTGRES_ADMIN_URL}: skipped`);
  return false;
}

/** A fresh PostgreSQL database for one test, dropped when it ends. */
export async function createTestDatabase(t: Test): Promise<string> {
  const database = await createScratchDatabase('test');
  t.teardown(() => dropScratchDatabase(database.name));
  return database.url;
}

/** Fails (in CI) or skips the calling test when Redis does not answer. Returns false when the test should stop. */
export async function redisAvailable(t: Test): Promise<boolean> {
  if (await redisAnswers(TEST_REDIS_URL)) return true;
  if (REQUIRE) throw new Error(`Redis is required (STOPLINE_REQUIRE_SERVICES=1) but does not answer at ${TEST_REDIS_URL}`);
  t.plan(0, `Redis does not answer at ${TEST_REDIS_URL}: skipped`);
  return false;
}

/** A unique Redis key prefix for one test; every key under it is deleted when the test ends. */
export function testRedisPrefix(t: Test): string {
  const prefix = scratchRedisPrefix('test');
  t.teardown(() => deleteKeys(`${prefix}:*`));
  return prefix;
}

export async function deleteKeys(pattern: string): Promise<void> {
  await deleteRedisKeys(pattern);
}

export function tempDir(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'stopline-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Configuration for a test: its own store and Redis prefix, quiet logs. */
export async function testConfig(t: Test, store: Store = 'postgres', env: Record<string, string> = {}): Promise<AppConfig> {
  const databaseUrl = store === 'postgres' ? await createTestDatabase(t) : 'memory://';
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    DATA_DIR: tempDir(t),
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: testRedisPrefix(t),
    PUBLIC_URL: 'http://stopline.test',
    ...env,
  });
}

export async function testInfra(t: Test, config: AppConfig): Promise<Infrastructure> {
  const infra = await openInfrastructure(config, createLogger('silent'));
  t.teardown(() => infra.close());
  return infra;
}

/** The app on its own PostgreSQL database (PGlite when PostgreSQL is missing outside CI) and Redis prefix. */
export async function testApp(t: Test, env: Record<string, string> = {}, options: { now?: () => Date; logger?: Logger; store?: Store; statsWorker?: URL } = {}) {
  const store = options.store ?? (await stores(t)).at(-1);
  const config = await testConfig(t, store, env);
  const app = await buildApp(config, {
    logger: options.logger ?? createLogger('silent'),
    ...(options.now ? { now: options.now } : {}),
    ...(options.statsWorker ? { statsWorker: options.statsWorker } : {}),
  });
  t.teardown(() => app.close());
  return app;
}

/** A TCP port nothing listens on right now (for servers a test starts, or a closed address). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
