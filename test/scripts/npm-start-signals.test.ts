// A process manager stops `npm start` by signalling npm: the server must go with it (and let go of the embedded
// store's lock), not be left running as an orphan under a dead npm.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { freePort, redisAvailable, tempDir, testRedisPrefix, TEST_REDIS_URL } from '../helpers/services.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Every process below `pid` (children, grandchildren, …): under npm the server may sit below a shell and a loader. */
function descendants(pid: number): number[] {
  const children = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);
  return children.flatMap((c) => [c, ...descendants(c)]);
}

t.test('SIGTERM to `npm start` stops the server and releases the store lock', async (t) => {
  if (!(await redisAvailable(t))) return;
  const dataDir = tempDir(t);
  const port = await freePort();
  const npm = spawn('npm', ['start', '--silent'], {
    cwd: new URL('../..', import.meta.url),
    env: { ...process.env, NODE_ENV: 'development', PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: testRedisPrefix(t), LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.teardown(() => npm.kill('SIGKILL'));
  const listening = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start within 90 s')), 90_000);
    npm.stdout.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.includes('Stopline is listening')) continue;
        clearTimeout(timer);
        resolve();
      }
    });
  });
  await listening;
  const below = descendants(npm.pid!);
  t.ok(below.length > 0 && existsSync(join(dataDir, 'pg.lock')), 'the server runs and owns the embedded store');
  t.teardown(() => below.filter(alive).forEach((pid) => process.kill(pid, 'SIGKILL')));

  npm.kill('SIGTERM');
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && below.some(alive)) await new Promise((r) => setTimeout(r, 100));
  t.same(below.filter(alive), [], 'every process npm started has exited');
  t.notOk(existsSync(join(dataDir, 'pg.lock')), 'and released the lock on its way out');
});
