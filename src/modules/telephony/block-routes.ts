import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError } from '../../infra/http-errors.js';
import { appendAudit } from '../audit/index.js';
import { requireRole } from '../auth/index.js';
import { liftBlock, listBlocks } from './block-list.js';

/** The block list in the admin area: reason and end of each block, never the hash; lifting one. */
export function blockRoutes(idKey: Buffer): FastifyPluginAsyncZod {
  return async (app) => {
    const { redis, db } = app.infra;
    const entry = z.object({ id: z.string(), reason: z.string(), until: z.string(), since: z.string() });

    app.get('/api/blocks', { preHandler: requireRole('admin'), schema: { response: { 200: z.array(entry) } } }, async () =>
      (await listBlocks(redis.client, redis.prefix, idKey)).map(({ hash: _hash, ...rest }) => rest),
    );

    app.delete(
      '/api/blocks/:id',
      { preHandler: requireRole('admin'), schema: { params: z.object({ id: z.string().regex(/^[0-9a-f]{32}$/) }) } },
      async (request, reply) => {
        const lifted = await liftBlock(redis.client, redis.prefix, idKey, request.params.id);
        if (!lifted) throw new HttpError(404, 'not_found', 'No such block (it may have ended already)');
        // The block lives in Redis: audited after the change (docs/architecture.md, "Transactions and the audit log").
        await appendAudit(db, { actor: request.user!.username, action: 'block.lifted', details: { id: lifted.id, reason: lifted.reason } });
        return reply.code(204).send();
      },
    );
  };
}
