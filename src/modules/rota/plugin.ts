import fp from 'fastify-plugin';
import { LineSettingsStore } from './line-settings.js';
import { lineSettingsRoutes } from './line-settings-routes.js';
import { createRotaEvents, type RotaEventBus } from './rota-events.js';
import { rotaRoutes } from './routes.js';
import { shiftRoutes } from './shift-routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The rota's announcements; modules registered after it subscribe with `app.rota.events.on(…)`. */
    rota: { events: RotaEventBus; lineSettings: LineSettingsStore };
  }
}

/** The weekly rota, each psychologist's own on-call switch, and the line settings (/api/rota, /api/oncall, /api/line-settings). */
export const rotaPlugin = fp(
  async (app) => {
    app.decorate('rota', {
      events: createRotaEvents(),
      // Read by telephony on every call; changed in the admin area.
      lineSettings: new LineSettingsStore(app.infra.db, app.infra.redis.client, app.appConfig.settings),
    });
    await app.register(rotaRoutes);
    await app.register(shiftRoutes);
    await app.register(lineSettingsRoutes);
  },
  { name: 'rota', fastify: '5.x', dependencies: ['auth'] },
);
