import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS).unref()),
  ]);
}

// Response schemas: the serializer sends only the fields listed here.
const state = z.enum(['ok', 'down']);
const checksSchema = z.object({ database: state, redis: state });
const readiness = {
  200: z.object({ status: z.string(), checks: checksSchema }),
  503: z.object({ error: z.string(), message: z.string(), checks: checksSchema }),
};

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/healthz', { schema: { response: { 200: z.object({ status: z.string() }) } } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { response: readiness } }, async (_request, reply) => {
    const { db, redis } = app.infra;
    const [database, redisCheck] = await Promise.allSettled([
      withTimeout(db.query('SELECT 1')),
      withTimeout(redis.client.ping()),
    ]);
    const checks = {
      database: database.status === 'fulfilled' ? ('ok' as const) : ('down' as const),
      redis: redisCheck.status === 'fulfilled' ? ('ok' as const) : ('down' as const),
    };
    const down = Object.entries(checks).filter(([, s]) => s === 'down').map(([name]) => name);
    if (down.length === 0) return { status: 'ready', checks };
    return reply.code(503).send({ error: 'not_ready', message: `Not ready: ${down.join(' and ')} ${down.length > 1 ? 'are' : 'is'} down`, checks });
  });
};
