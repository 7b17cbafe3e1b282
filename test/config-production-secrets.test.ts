// Item: NODE_ENV=production must not start with the published development defaults or obviously weak secrets, nor
// without an https PUBLIC_URL; TRUST_PROXY is validated with the rest of the configuration, before anything connects.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import t from 'tap';
import { DEV_DEFAULTS, loadConfig } from '../src/config.js';
import { freePort, tempDir } from './helpers/services.js';

const strong = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://db/x',
  PUBLIC_URL: 'https://line.example.org',
  TWILIO_ACCOUNT_SID: `AC${randomBytes(16).toString('hex')}`,
  TWILIO_AUTH_TOKEN: randomBytes(16).toString('hex'),
  TWILIO_API_KEY_SID: `SK${randomBytes(16).toString('hex')}`,
  TWILIO_API_KEY_SECRET: randomBytes(24).toString('base64url'),
  LINE_NUMBER: '+4570000000',
  CONTACT_KEY: randomBytes(32).toString('base64'),
};

t.test('a strong production configuration loads', async (t) => {
  t.equal(loadConfig(strong).publicUrl, 'https://line.example.org');
});

t.test('the published development defaults are refused in production, naming the variable', async (t) => {
  for (const [name, value] of Object.entries(DEV_DEFAULTS)) {
    t.throws(() => loadConfig({ ...strong, [name]: value }), { name: 'ConfigError', message: new RegExp(`${name}.*development default`) }, name);
  }
});

t.test('obviously weak secrets are refused in production', async (t) => {
  const weak: Array<[string, string]> = [
    ['TWILIO_AUTH_TOKEN', 'x'.repeat(32)],
    ['TWILIO_AUTH_TOKEN', 'abababababababababababab'],
    ['TWILIO_API_KEY_SECRET', '1'.repeat(20)],
    ['CONTACT_KEY', Buffer.alloc(32).toString('base64')],
    ['CONTACT_KEY', Buffer.alloc(32, 'ab').toString('base64')],
  ];
  for (const [name, value] of weak) {
    t.throws(() => loadConfig({ ...strong, [name]: value }), { name: 'ConfigError', message: new RegExp(`${name}.*weak`) }, `${name}=${value.slice(0, 12)}…`);
  }
  t.doesNotThrow(() => loadConfig({ ...strong, NODE_ENV: 'development', CONTACT_KEY: Buffer.alloc(32).toString('base64') }), 'a laptop may use anything');
});

t.test('production needs an https PUBLIC_URL', async (t) => {
  const { PUBLIC_URL: _unset, ...withoutUrl } = strong;
  t.throws(() => loadConfig(withoutUrl), { name: 'ConfigError', message: /PUBLIC_URL.*required in production/ });
  t.throws(() => loadConfig({ ...strong, PUBLIC_URL: 'http://line.example.org' }), { name: 'ConfigError', message: /PUBLIC_URL.*https/ });
});

t.test('a bad TRUST_PROXY is a configuration error, not a stack trace after connecting', async (t) => {
  for (const value of ['10.0.0.0/99', '300.1.1.1', '10.0.0.1,,', 'fe80::zz', '1.2.3']) {
    t.throws(() => loadConfig({ NODE_ENV: 'development', TRUST_PROXY: value }), { name: 'ConfigError', message: /TRUST_PROXY/ }, value);
  }
  for (const value of ['1', '10.0.0.0/8', '127.0.0.1, 172.16.0.0/12', '::1', 'fd00::/8', 'loopback']) {
    t.doesNotThrow(() => loadConfig({ NODE_ENV: 'development', TRUST_PROXY: value }), value);
  }
  // The server stops with one plain sentence before it connects to anything (Redis here points at a closed port).
  const closed = await freePort();
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, NODE_ENV: 'development', TRUST_PROXY: '10.0.0.0/99', REDIS_URL: `redis://127.0.0.1:${closed}`, DATABASE_URL: 'memory://', DATA_DIR: tempDir(t), LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  t.equal(run.status, 1);
  t.match(run.stderr, /cannot start: .*TRUST_PROXY/);
  t.notMatch(run.stderr, /TypeError|Redis|\n\s+at /, 'no stack trace, nothing connected first');
});
