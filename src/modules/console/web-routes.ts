import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Where `npm run build:web` (Vite) puts the console: `web/dist` at the repository root. Run from the sources this
 * module sits in src/modules/console/; compiled, in dist/src/modules/console/. Both are looked for.
 */
const CANDIDATES = ['../../../web/dist/', '../../../../web/dist/'].map((relative) => fileURLToPath(new URL(relative, import.meta.url)));

export function webConsoleDir(): string | undefined {
  return CANDIDATES.find((dir) => existsSync(`${dir}index.html`));
}

/**
 * The psychologist's web console (a static page built by Vite) at `/`. Only the files that exist at start are served
 * (no wildcard route): anything else stays the API's JSON 404. Vite's hashed assets never change, so browsers keep
 * them for a year; index.html is revalidated on every load so a new build is picked up at once.
 */
export async function registerWebConsole(app: FastifyInstance, options: { root?: string } = {}): Promise<void> {
  const root = options.root ?? webConsoleDir();
  if (!root || !existsSync(`${root.replace(/\/?$/, '/')}index.html`)) {
    app.log.warn('the web console is not built (web/dist is missing): run `npm run build:web`; the API works without it');
    app.get('/', async (_request, reply) =>
      reply.code(503).send({ error: 'unavailable', message: 'The web console is not built: run `npm run build:web`' }),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    // Our own Cache-Control below, not the plugin's default max-age=0.
    cacheControl: false,
    setHeaders(reply, path) {
      if (/[\\/]assets[\\/]/.test(path)) reply.header('cache-control', 'public, max-age=31536000, immutable');
      else if (path.endsWith('.html')) reply.header('cache-control', 'no-cache');
      else reply.header('cache-control', 'public, max-age=3600');
    },
  });
  // The page routes by location.pathname: these addresses are the same page, each area of the app its own path.
  for (const path of APP_PATHS) {
    app.get(path, async (_request, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'));
  }
}

/**
 * The web app's own addresses besides `/`: first run, the password link, each role's area, the admin area's sections
 * (each its own address, so a reload or a shared link opens the same section) and the person's own account page
 * (two-factor login).
 */
export const ADMIN_SECTIONS = ['users', 'rota', 'line', 'partners', 'blocks', 'audit'] as const;
export const APP_PATHS = ['/setup', '/password', '/console', '/dashboard', '/admin', ...ADMIN_SECTIONS.map((s) => `/admin/${s}` as const), '/account'] as const;
