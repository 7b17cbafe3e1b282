import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { openDatabase } from '../../../src/infra/db/database.js';
import { createLogger } from '../../../src/infra/logger.js';
import { redisAvailable, tempDir, testRedisPrefix, TEST_REDIS_URL } from '../../helpers/services.js';

const logger = createLogger('silent');

t.test('one process owns an embedded data directory; a second opener gets a clear error', async (t) => {
  const dataDir = tempDir(t);
  const db = await openDatabase({ kind: 'pglite', dataDir }, logger);
  t.ok(existsSync(join(dataDir, 'pg.lock')), 'the lock file exists while the store is open');
  await t.rejects(openDatabase({ kind: 'pglite', dataDir }, logger), {
    name: 'DirectoryLockedError',
    message: /in use by another Stopline process \(pid \d+/,
  });
  await db.query('CREATE TABLE kept (n int)');
  await db.query('INSERT INTO kept VALUES (42)');
  await db.close();
  t.notOk(existsSync(join(dataDir, 'pg.lock')), 'closing releases the lock');

  const reopened = await openDatabase({ kind: 'pglite', dataDir }, logger);
  t.same((await reopened.query('SELECT n FROM kept')).rows, [{ n: 42 }], 'data written before close survives');
  await reopened.close();
});

t.test('a lock left by a process that died is taken over', async (t) => {
  const dataDir = tempDir(t);
  mkdirSync(dataDir, { recursive: true });
  // A pid that is certainly not running: a child that has already exited.
  const dead = spawnSync(process.execPath, ['-e', 'process.pid']).pid!;
  writeFileSync(join(dataDir, 'pg.lock'), String(dead));
  const db = await openDatabase({ kind: 'pglite', dataDir }, logger);
  await db.close();
  t.pass('opened despite the stale lock');
});

t.test('a second server process on the same data directory stops with a message; SIGTERM shuts the first down cleanly', async (t) => {
  if (!(await redisAvailable(t))) return;
  const dataDir = tempDir(t);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: testRedisPrefix(t),
    LOG_LEVEL: 'info',
    PORT: '0',
  };
  delete env.DATABASE_URL;
  const first = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  first.stdout.on('data', (d: Buffer) => (output += d.toString()));
  first.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => first.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  while (!output.includes('Stopline is listening') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  t.match(output, /Stopline is listening/, 'the first process started');

  const second = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env, encoding: 'utf8', timeout: 30_000 });
  t.equal(second.status, 1, 'the second process exits with 1');
  t.match(second.stderr, /embedded database is in use by another Stopline process \(pid \d+/);

  first.kill('SIGTERM');
  t.equal(await exited, 0, 'SIGTERM ends the first process with exit code 0');
  t.match(output, /shutting down/);
  t.match(output, /"msg":"stopped"/);
  t.notOk(existsSync(join(dataDir, 'pg.lock')), 'the lock is released on shutdown');
});
