// The web app's addresses: every area and admin section is the same page (the page routes by its path), served
// revalidated; anything else under them stays the API's JSON 404.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import t from 'tap';
import { APP_PATHS, registerWebConsole } from '../../../src/modules/console/web-routes.js';
import { tempDir } from '../../helpers/services.js';

t.test('each area, admin section and the account page serve the app page', async (t) => {
  const root = join(tempDir(t), 'dist');
  mkdirSync(root);
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Stopline</title><div id="app"></div>');
  const app = Fastify();
  t.teardown(() => app.close());
  await registerWebConsole(app, { root });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'not_found', message: 'There is nothing at this address' }));

  for (const path of ['/admin/users', '/admin/rota', '/admin/line', '/admin/partners', '/admin/blocks', '/admin/audit', '/account']) {
    t.ok((APP_PATHS as readonly string[]).includes(path), `${path} is an address of the app`);
  }
  for (const path of ['/', ...APP_PATHS]) {
    const res = await app.inject({ url: `${path}?token=abc` });
    t.equal(res.statusCode, 200, `${path} serves the page`);
    t.match(res.body, /<div id="app">/);
    t.equal(res.headers['cache-control'], 'no-cache', `${path} is revalidated`);
  }
  for (const path of ['/admin/nothing', '/admin/users/1', '/console/x']) {
    const res = await app.inject({ url: path });
    t.equal(res.statusCode, 404, `${path} is not a page`);
    t.equal(res.json().error, 'not_found');
  }
});
