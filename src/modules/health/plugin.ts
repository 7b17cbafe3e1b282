import fp from 'fastify-plugin';
import { healthRoutes } from './routes.js';

/** /healthz and /readyz: for the load balancer and the orchestrator. */
export const healthPlugin = fp(
  async (app) => {
    await app.register(healthRoutes);
  },
  { name: 'health', fastify: '5.x', decorators: { fastify: ['infra'] } },
);
