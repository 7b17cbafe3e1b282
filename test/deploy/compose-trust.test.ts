// The compose file is the one production set-up the repository ships: the app must believe X-Forwarded-For only from
// the proxy's own address, and only the proxy may be reachable from outside. (No Docker engine runs in CI, so the
// file is checked, not started.)
import { readFileSync } from 'node:fs';
import t from 'tap';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config.js';

interface Service { ports?: string[]; expose?: string[]; environment?: Record<string, string>; networks?: Record<string, { ipv4_address?: string }> }
const compose = parse(readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8')) as { services: Record<string, Service> };
const { app, proxy } = compose.services;

t.test('the app trusts the proxy by address, not a hop count', async (t) => {
  const trust = app?.environment?.TRUST_PROXY;
  t.ok(trust, 'TRUST_PROXY is set');
  t.notMatch(String(trust), /^\d+$/, 'not a hop count');
  t.equal(trust, proxy?.networks?.default?.ipv4_address, "it is the proxy's fixed address");
  const config = loadConfig({ NODE_ENV: 'test', TRUST_PROXY: String(trust) });
  t.same(config.trustProxy, [trust], 'and the app reads it as an address list');
});

t.test('only the proxy publishes ports; the app is reachable from the compose network alone', async (t) => {
  t.same(app?.ports ?? [], [], 'the app publishes no port');
  t.same(app?.expose, ['3000']);
  for (const [name, service] of Object.entries(compose.services)) {
    if (name !== 'proxy') t.same(service.ports ?? [], [], `${name} publishes no port`);
  }
  t.ok((proxy?.ports ?? []).includes('443:443'), 'the proxy takes https');
});
