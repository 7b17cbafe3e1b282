import fp from 'fastify-plugin';
import { auditRoutes } from './audit-routes.js';
import { userRoutes } from './user-routes.js';

/**
 * The admin area's own routes: accounts (through auth's public face) and the audit log (audit's). The rota, line
 * settings and block list routes live with the modules that own them (rota, telephony); partners with followups.
 */
export const adminPlugin = fp(
  async (app) => {
    await app.register(userRoutes);
    await app.register(auditRoutes);
  },
  { name: 'admin', fastify: '5.x', dependencies: ['auth'] },
);
