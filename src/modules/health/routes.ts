import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS).unref()),
  ]);
}

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const { db, redis } = app.infra;
    const [database, redisCheck] = await Promise.allSettled([
      withTimeout(db.query('SELECT 1')),
      withTimeout(redis.client.ping()),
    ]);
    const checks = {
      database: database.status === 'fulfilled' ? 'ok' : 'down',
      redis: redisCheck.status === 'fulfilled' ? 'ok' : 'down',
    };
    const down = Object.entries(checks).filter(([, state]) => state === 'down').map(([name]) => name);
    if (down.length === 0) return { status: 'ready', checks };
    return reply.code(503).send({ error: 'not_ready', message: `Not ready: ${down.join(' and ')} ${down.length > 1 ? 'are' : 'is'} down`, checks });
  });
};
