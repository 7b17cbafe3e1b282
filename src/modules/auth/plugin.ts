import fp from 'fastify-plugin';
import { firstRunRoutes } from './first-run-routes.js';
import { authRoutes } from './routes.js';

/** Sessions, login and /api/me. Other modules' routes use its guards, so they declare `dependencies: ['auth']`. */
export const authPlugin = fp(
  async (app) => {
    await app.register(authRoutes);
    await app.register(firstRunRoutes);
  },
  { name: 'auth', fastify: '5.x', dependencies: ['@fastify/cookie'], decorators: { fastify: ['infra', 'appConfig'] } },
);
