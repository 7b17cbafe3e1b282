import fp from 'fastify-plugin';
import { createRotaEvents, type RotaEventBus } from './rota-events.js';
import { rotaRoutes } from './routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The rota's announcements; modules registered after it subscribe with `app.rota.events.on(…)`. */
    rota: { events: RotaEventBus };
  }
}

/** The weekly rota and each psychologist's own on-call switch (/api/rota, /api/oncall). */
export const rotaPlugin = fp(
  async (app) => {
    app.decorate('rota', { events: createRotaEvents() });
    await app.register(rotaRoutes);
  },
  { name: 'rota', fastify: '5.x', dependencies: ['auth'] },
);
