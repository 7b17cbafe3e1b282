import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { ConfigError, loadConfig } from '../src/config.js';
import { tempDir } from './helpers/services.js';

const base = { NODE_ENV: 'development' };

t.test('defaults give a runnable development configuration', async (t) => {
  const config = loadConfig(base);
  t.equal(config.port, 3000);
  t.equal(config.host, '127.0.0.1');
  t.equal(config.publicUrl, 'http://127.0.0.1:3000');
  t.same(config.allowedOrigins, ['http://127.0.0.1:3000']);
  t.equal(config.database.kind, 'pglite');
  t.equal(config.redisUrl, undefined);
  t.equal(config.settings.timezone, 'Europe/Copenhagen');
  t.equal(config.settings.stats.minCell, 5);
  t.same(config.developmentDefaults.sort(), ['CONTACT_KEY', 'LINE_NUMBER', 'TWILIO_ACCOUNT_SID', 'TWILIO_API_KEY_SECRET', 'TWILIO_API_KEY_SID', 'TWILIO_AUTH_TOKEN']);
  t.equal(config.contactKey.length, 32);
});

t.test('each bad environment value stops the start, naming the variable', async (t) => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ REDIS_URL: 'http://x' }, /REDIS_URL/],
    [{ LINE_NUMBER: '12345' }, /LINE_NUMBER.*E\.164/],
    [{ CONTACT_KEY: Buffer.alloc(16).toString('base64') }, /CONTACT_KEY.*32 bytes/],
    [{ TWILIO_ACCOUNT_SID: 'XX123' }, /TWILIO_ACCOUNT_SID/],
    [{ PUBLIC_URL: 'not a url' }, /PUBLIC_URL/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ ALLOWED_ORIGINS: 'http://ok.test, nope' }, /ALLOWED_ORIGINS.*nope/],
    [{ CONFIG_FILE: '/does/not/exist.json' }, /CONFIG_FILE.*cannot be read/],
  ];
  for (const [env, message] of cases) {
    t.throws(() => loadConfig({ ...base, ...env }), { name: 'ConfigError', message }, JSON.stringify(env));
  }
});

t.test('production requires its secrets and refuses the embedded store unless asked for', async (t) => {
  const secrets = {
    TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
    TWILIO_AUTH_TOKEN: 'a-real-looking-auth-token',
    TWILIO_API_KEY_SID: `SK${'b'.repeat(32)}`,
    TWILIO_API_KEY_SECRET: 'a-real-looking-key-secret',
    LINE_NUMBER: '+4570000000',
    // Production refuses weak keys and a missing or plain-http PUBLIC_URL (config-production-secrets.test.ts).
    CONTACT_KEY: Buffer.from(Array.from({ length: 32 }, (_, i) => i * 7)).toString('base64'),
    PUBLIC_URL: 'https://line.example.org',
  };
  t.throws(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x' }), /TWILIO_ACCOUNT_SID is required in production/);
  t.throws(() => loadConfig({ NODE_ENV: 'production', ...secrets }), /DATABASE_URL is required in production.*DATABASE_URL=embedded/);
  t.equal(loadConfig({ NODE_ENV: 'production', ...secrets, DATABASE_URL: 'embedded' }).database.kind, 'pglite');
  const pgConfig = loadConfig({ NODE_ENV: 'production', ...secrets, DATABASE_URL: 'postgres://db/x' });
  t.same(pgConfig.database, { kind: 'postgres', url: 'postgres://db/x' });
  t.same(pgConfig.developmentDefaults, []);
});

t.test('CONFIG_FILE is merged over config/default.json and validated, naming the key', async (t) => {
  const dir = tempDir(t);
  const good = join(dir, 'good.json');
  writeFileSync(good, JSON.stringify({ stats: { minCell: 10 }, closures: ['2026-12-31'] }));
  const config = loadConfig({ ...base, CONFIG_FILE: good });
  t.equal(config.settings.stats.minCell, 10);
  t.same(config.settings.closures, ['2026-12-31']);
  t.equal(config.settings.routing.dialTimeoutSeconds, 20, 'untouched keys keep their defaults');

  const cases: Array<[unknown, RegExp]> = [
    [{ stats: { minCell: 0 } }, /key stats\.minCell/],
    [{ openingHours: { mon: [['21:00', '09:00']] } }, /key openingHours\.mon\.0/],
    [{ openingHours: { mon: [['9:00', '21:00']] } }, /key openingHours\.mon\.0\.0: must be HH:MM/],
    [{ timezone: 'Mars/Olympus' }, /key timezone/],
    [{ closures: ['31-12-2026'] }, /key closures\.0/],
    [{ unknownKey: true }, /unknownKey/],
  ];
  for (const [content, message] of cases) {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(content));
    t.throws(() => loadConfig({ ...base, CONFIG_FILE: file }), { message }, JSON.stringify(content));
  }
  const broken = join(dir, 'broken.json');
  writeFileSync(broken, '{ not json');
  t.throws(() => loadConfig({ ...base, CONFIG_FILE: broken }), /not valid JSON/);
});

t.test('the server refuses to start on a bad value, with a non-zero exit and the variable named', async (t) => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, PORT: 'eighty', NODE_ENV: 'development' },
    encoding: 'utf8',
    timeout: 20_000,
  });
  t.equal(result.status, 1);
  t.match(result.stderr, /cannot start: environment variable PORT/);
  t.notMatch(result.stderr, /\n\s+at /, 'no stack trace');
});

t.test('ConfigError is an Error', async (t) => {
  t.ok(new ConfigError('x') instanceof Error);
});
