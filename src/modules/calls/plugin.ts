import fp from 'fastify-plugin';
import { callsRoutes } from './routes.js';

/** The anonymous call records as psychologists see them: awaiting outcome, one call, the outcome form. */
export const callsPlugin = fp(
  async (app) => {
    await app.register(callsRoutes);
  },
  { name: 'calls', fastify: '5.x', dependencies: ['auth'] },
);
