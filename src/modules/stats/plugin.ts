import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { localParts } from '../../infra/local-time.js';
import { ProtectionPool } from './protection-pool.js';
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
  /** The protection worker's file (tests give one that crashes); protection-worker.ts beside this file otherwise. */
  protectionWorker?: URL;
}

/** Supervisors' statistics (docs/architecture.md, "Statistics and disclosure control"): GET /api/stats and /api/stats.csv. */
export const statsPlugin = fp<StatsOptions>(
  async (app: FastifyInstance, options) => {
    const { settings } = app.appConfig;
    // Started on the first request that needs it; stopped with the app so tests and shutdown never wait on it.
    const protection = new ProtectionPool({ log: app.log, ...(options.protectionWorker ? { url: options.protectionWorker } : {}) });
    app.addHook('onClose', () => protection.close());
    const service = new StatsService({
      db: app.infra.db,
      minCell: settings.stats.minCell,
      settleDays: settings.stats.settleDays,
      today: () => localParts(options.now?.() ?? new Date(), settings.timezone).date,
      closures: async () => (await app.rota.lineSettings.current()).closures.map((c) => c.date),
      protection,
    });
    app.decorate('stats', service);
    await app.register(statsRoutes(service));
  },
  { name: 'stats', fastify: '5.x', dependencies: ['auth', 'rota', 'calls', 'followups'] },
);
