import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import t from 'tap';
import { defineRedisScripts, loadRedisScript, RedisScriptHeaderError, RedisScriptNotDefinedError, runRedisScript } from '../../src/infra/redis-scripts.js';
import { redisAvailable, TEST_REDIS_URL, testRedisPrefix } from '../helpers/services.js';

function scriptFile(name: string, text: string): URL {
  const dir = mkdtempSync(join(tmpdir(), 'stopline-lua-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return pathToFileURL(path);
}

t.test('the header gives the key and argument counts, and the name comes from the file', async (t) => {
  const script = loadRedisScript(scriptFile('set-if-absent.lua', '-- doc\n-- KEYS[1] the key\n-- ARGV[1] the value\n-- ARGV[2] ttl\nreturn redis.call("SET", KEYS[1], ARGV[1], "EX", ARGV[2], "NX")\n'));
  t.equal(script.name, 'setIfAbsent');
  t.equal(script.numberOfKeys, 1);
  t.equal(script.numberOfArgs, 2);
});

t.test('a header that does not name what the body uses is refused at load', async (t) => {
  t.throws(() => loadRedisScript(scriptFile('a.lua', '-- KEYS[1] k\nreturn {KEYS[1], KEYS[2]}\n')), RedisScriptHeaderError, 'an unnamed key');
  t.throws(() => loadRedisScript(scriptFile('b.lua', '-- KEYS[1] k\nreturn ARGV[1]\n')), /ARGV\[1\] used but not named/, 'an unnamed argument');
  t.throws(() => loadRedisScript(scriptFile('c.lua', '-- KEYS[2] k\nreturn KEYS[2]\n')), /in order/, 'a gap in the numbering');
});

t.test("every script of the project names its KEYS and ARGV (loading checks it)", async (t) => {
  const root = new URL('../../src/', import.meta.url);
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.lua'));
  t.ok(files.length >= 6, `found ${files.length} scripts`);
  for (const file of files) t.doesNotThrow(() => loadRedisScript(new URL(file, root)), file);
});

t.test('runs by SHA with the connection key prefix, and survives SCRIPT FLUSH (NOSCRIPT reload)', async (t) => {
  if (!(await redisAvailable(t))) return;
  const prefix = testRedisPrefix(t);
  const redis = new Redis(TEST_REDIS_URL, { keyPrefix: `${prefix}:` });
  t.teardown(() => redis.quit());
  const plain = new Redis(TEST_REDIS_URL);
  t.teardown(() => plain.quit());
  const script = loadRedisScript(scriptFile('incr-by.lua', '-- KEYS[1] counter\n-- ARGV[1] step\nreturn redis.call("INCRBY", KEYS[1], ARGV[1])\n'));
  defineRedisScripts(redis, [script]);

  t.equal(await runRedisScript(redis, script, ['n'], [2]), 2);
  t.equal(await plain.get(`${prefix}:n`), '2', 'the key got the prefix');
  await plain.script('FLUSH');
  t.equal(await runRedisScript(redis, script, ['n'], [3]), 5, 'reloaded after the script cache was flushed');
  t.throws(() => runRedisScript(redis, script, [], [1]), RangeError, 'the wrong number of keys is refused before Redis');
});

t.test('an auto-pipelined connection: scripts defined before traffic run beside other commands; an undefined one is refused, not defined mid-batch', async (t) => {
  if (!(await redisAvailable(t))) return;
  const prefix = testRedisPrefix(t);
  const redis = new Redis(TEST_REDIS_URL, { keyPrefix: `${prefix}:`, enableAutoPipelining: true });
  t.teardown(() => redis.quit());
  const early = loadRedisScript(scriptFile('early-incr.lua', '-- KEYS[1] counter\nreturn redis.call("INCR", KEYS[1])\n'));
  const late = loadRedisScript(scriptFile('late-incr.lua', '-- KEYS[1] counter\nreturn redis.call("INCR", KEYS[1])\n'));
  defineRedisScripts(redis, [early]);

  // One tick: a plain command opens the auto-pipeline, scripts join it. Defining `late` here, as the first version
  // of runRedisScript did on first use, left it missing from that pipeline: ioredis then threw "results[i] is not
  // iterable" outside any promise and the process ended.
  const get = redis.get('n');
  const runs = [runRedisScript(redis, early, ['n'], []), runRedisScript(redis, early, ['n'], [])];
  t.throws(() => runRedisScript(redis, late, ['n'], []), RedisScriptNotDefinedError, 'a script nobody defined is refused before Redis');
  t.equal(await get, null);
  t.same(await Promise.all(runs), [1, 2], 'both ran, in order, in the same batch as the GET');
  await new Promise((resolve) => setTimeout(resolve, 20)); // ioredis throws its TypeError on a timer: give it the chance
});
