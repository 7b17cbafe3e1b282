import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appendAudit, auditActions, readAudit, verifyAuditChain } from '../audit/index.js';
import { requireRole } from '../auth/index.js';

const row = z.object({
  seq: z.number(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  subject: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});

/** The audit log in the admin area: read with filters, and verify its hash chain. */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.infra;
  const admin = requireRole('admin');

  app.get(
    '/api/audit',
    {
      preHandler: admin,
      schema: {
        querystring: z.object({
          action: z.string().trim().max(64).optional(),
          user: z.string().trim().toLowerCase().max(64).optional(),
          before: z.coerce.number().int().min(1).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ rows: z.array(row), actions: z.array(z.string()) }) },
      },
    },
    async (request) => {
      const { action, user, before, limit } = request.query;
      const [rows, actions] = await Promise.all([readAudit(db, { action: action || undefined, user: user || undefined, before, limit }), auditActions(db)]);
      return { rows, actions };
    },
  );

  app.post(
    '/api/audit/verify',
    {
      preHandler: admin,
      schema: { response: { 200: z.object({ ok: z.boolean(), rows: z.number(), firstBad: z.object({ seq: z.number(), problem: z.string() }).optional() }) } },
    },
    async (request) => {
      const result = await verifyAuditChain(db);
      await appendAudit(db, { actor: request.user!.username, action: 'audit.verified', details: { ok: result.ok, rows: result.rows } });
      return result;
    },
  );
};
