import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { localParts } from '../../infra/local-time.js';
import { statsRoutes } from './routes.js';
import { StatsService } from './service.js';

declare module 'fastify' {
  interface FastifyInstance {
    stats: StatsService;
  }
}

export interface StatsOptions {
  /** The clock deciding which periods have ended (tests set it). */
  now?: () => Date;
}

/** Supervisors' statistics (docs/architecture.md, "Statistics and disclosure control"): GET /api/stats and /api/stats.csv. */
export const statsPlugin = fp<StatsOptions>(
  async (app: FastifyInstance, options) => {
    const { settings } = app.appConfig;
    const service = new StatsService({
      db: app.infra.db,
      minCell: settings.stats.minCell,
      settleDays: settings.stats.settleDays,
      today: () => localParts(options.now?.() ?? new Date(), settings.timezone).date,
      closures: async () => (await app.rota.lineSettings.current()).closures.map((c) => c.date),
    });
    app.decorate('stats', service);
    await app.register(statsRoutes(service));
  },
  { name: 'stats', fastify: '5.x', dependencies: ['auth', 'rota', 'calls', 'followups'] },
);
