import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'pino';
import type { DatabaseChoice } from '../../config.js';
import { acquireDirectoryLock, type DirectoryLock } from './directory-lock.js';

export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

/** What modules see of the database: the same on PostgreSQL and PGlite. */
export interface Queryable {
  /**
   * `prepared` names a statement PostgreSQL parses and plans once per connection (for queries on hot paths);
   * PGlite ignores it.
   */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[], prepared?: string): Promise<QueryResult<Row>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs fn in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function openDatabase(choice: DatabaseChoice, logger: Logger): Promise<Database> {
  if (choice.kind === 'postgres') return openPostgres(choice.url, logger);
  if (choice.kind === 'pglite-memory') return wrapPglite(await PGlite.create(), undefined);
  mkdirSync(choice.dataDir, { recursive: true });
  const lock = acquireDirectoryLock(join(choice.dataDir, 'pg.lock'), logger);
  try {
    const db = await PGlite.create(join(choice.dataDir, 'pg'));
    return wrapPglite(db, lock);
  } catch (err) {
    lock.release();
    throw err;
  }
}

function openPostgres(url: string, logger: Logger): Database {
  // 20: enough for bursts of webhooks (each a short insert or update) without queueing in the pool.
  const pool = new pg.Pool({ connectionString: url, max: 20, connectionTimeoutMillis: 5000 });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', (err) => logger.warn({ err }, 'PostgreSQL connection lost'));
  // …and neither may one that is checked out. The pool listens only to idle clients, and a client is checked out
  // inside the same socket read that can also carry the server's "terminating connection" message (failover,
  // restart, pg_terminate_backend): an 'error' event with no listener ends the whole process. Every client gets a
  // listener for its whole life; the pending query rejects by itself (answered 503), and the pool drops the client
  // on release because it is no longer queryable.
  pool.on('connect', (client) => {
    client.on('error', (err) => logger.warn({ err }, 'PostgreSQL connection lost while in use'));
  });
  const query = async <Row>(client: pg.Pool | pg.PoolClient, sql: string, params?: unknown[], prepared?: string) => {
    const result = prepared ? await client.query({ name: prepared, text: sql, values: params ?? [] }) : await client.query(sql, params);
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
  };
  return {
    kind: 'postgres',
    query: (sql, params, prepared) => query(pool, sql, params, prepared),
    exec: async (sql) => void (await pool.query(sql)),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: (sql, params, prepared) => query(client, sql, params, prepared),
          exec: async (sql) => void (await client.query(sql)),
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** Like node-postgres: a SELECT counts its rows; PGlite reports affectedRows 0 for it. */
function pgliteResult<Row>(result: { rows: Row[]; affectedRows?: number; fields: unknown[] }): QueryResult<Row> {
  return { rows: result.rows, rowCount: result.fields.length > 0 ? result.rows.length : (result.affectedRows ?? 0) };
}

function wrapPglite(db: PGlite, lock: DirectoryLock | undefined): Database {
  let closed = false;
  return {
    kind: 'pglite',
    async query<Row>(sql: string, params?: unknown[]) {
      return pgliteResult(await db.query<Row>(sql, params));
    },
    exec: async (sql) => void (await db.exec(sql)),
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          async query<Row>(sql: string, params?: unknown[]) {
            return pgliteResult(await tx.query<Row>(sql, params));
          },
          exec: async (sql) => void (await tx.exec(sql)),
        }),
      ),
    async close() {
      if (closed) return;
      closed = true;
      try {
        // PGlite has no crash recovery: flush everything to the data directory before letting go of it.
        if (lock) await db.query('CHECKPOINT');
        await db.close();
      } finally {
        lock?.release();
      }
    },
  };
}
