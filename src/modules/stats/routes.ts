import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { appendAudit } from '../audit/index.js';
import { requireRole } from '../auth/index.js';
import { statsCsv } from './csv.js';
import { naturalGrain } from './periods.js';
import { defaultGranularity, statsQuery, statsResponse, type StatsQueryInput } from './schemas.js';
import type { StatsQuery, StatsResult, StatsService } from './service.js';

/** GET /api/stats and /api/stats.csv: supervisors and admins only; each export is audited before it leaves. */
export function statsRoutes(service: StatsService): FastifyPluginAsyncZod {
  return async (app) => {
    const supervisors = requireRole('supervisor', 'admin');

    const resolve = (q: StatsQueryInput): StatsQuery => ({
      from: q.from,
      to: q.to,
      granularity: q.granularity ?? defaultGranularity(q.from, q.to),
      caseMix: q.caseMix === 'auto' ? naturalGrain(q.from, q.to) : q.caseMix,
      cross: q.cross,
    });

    const produce = async (request: { query: StatsQueryInput; user?: { username: string }; log: { debug(o: object, m: string): void } }, format: 'json' | 'csv'): Promise<StatsResult> => {
      const query = resolve(request.query);
      const result = await service.figures(query);
      request.log.debug({ statsAudit: result.audit, from: query.from, to: query.to }, 'statistics: disclosure control and audit');
      await appendAudit(app.infra.db, {
        actor: request.user!.username,
        action: 'stats.exported',
        details: {
          format, from: query.from, to: query.to, granularity: query.granularity, caseMix: query.caseMix, cross: query.cross,
          periods: result.caseMix.periods.filter((p) => p.available).map((p) => p.period),
        },
      });
      return result;
    };

    app.get('/api/stats', { preHandler: supervisors, schema: { querystring: statsQuery, response: { 200: statsResponse } } }, async (request) => {
      const { audit: _audit, ...published } = await produce(request, 'json');
      return published;
    });

    app.get('/api/stats.csv', { preHandler: supervisors, schema: { querystring: statsQuery } }, async (request, reply) => {
      const result = await produce(request, 'csv');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="stopline-stats-${result.period.from}-${result.period.to}.csv"`)
        .send(statsCsv(result));
    });
  };
}
