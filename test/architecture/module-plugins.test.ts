import Fastify from 'fastify';
import t from 'tap';
import { authPlugin } from '../../src/modules/auth/index.js';
import { callsPlugin } from '../../src/modules/calls/index.js';
import { consolePlugin } from '../../src/modules/console/index.js';
import { rotaPlugin } from '../../src/modules/rota/index.js';
import { telephonyPlugin } from '../../src/modules/telephony/index.js';

// Each module declares what it needs (fastify-plugin `dependencies`): a wrong registration order stops the start
// with the missing module named, instead of working by accident or failing at the first request.
const cases = [
  { plugin: telephonyPlugin, name: 'telephony', missing: /'rota' required by 'telephony'|dependency 'rota' of plugin 'telephony'/ },
  { plugin: rotaPlugin, name: 'rota', missing: /dependency 'auth' of plugin 'rota' is not registered/ },
  { plugin: callsPlugin, name: 'calls', missing: /dependency 'auth' of plugin 'calls' is not registered/ },
  { plugin: consolePlugin, name: 'console', missing: /dependency 'auth' of plugin 'console' is not registered/ },
  { plugin: authPlugin, name: 'auth', missing: /'infra' required by 'auth'|dependency '@fastify\/cookie' of plugin 'auth'/ },
];

for (const { plugin, missing, name } of cases) {
  t.test(`${name} refuses to register before what it needs`, async (t) => {
    const app = Fastify();
    t.teardown(() => app.close());
    await t.rejects(async () => {
      await app.register(plugin);
      await app.ready();
    }, missing);
  });
}
