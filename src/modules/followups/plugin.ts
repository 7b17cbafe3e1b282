import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createQueue } from '../../infra/queues.js';
import { createTwilioClient } from '../../infra/twilio-client.js';
import { ContactKeys } from './contact-keys.js';
import { FollowupService } from './followup-service.js';
import { FOLLOWUPS_QUEUE } from './queue.js';
import { followupRoutes } from './routes.js';
import { registerFollowupWebhooks, type QueuedCallerNumbers } from './twilio-routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    followups: FollowupService;
  }
}

export interface FollowupsOptions {
  now?: () => Date;
}

/** Follow-up contact (docs/architecture.md, "Follow-up contact"): the API, partner referrals and keys, and the follow-ups' Twilio webhooks. */
export const followupsPlugin = fp<FollowupsOptions>(
  async (app: FastifyInstance, options) => {
    const config = app.appConfig;
    const queue = createQueue(app.infra.redis, FOLLOWUPS_QUEUE);
    app.addHook('onClose', () => queue.close());
    const service = new FollowupService({
      db: app.infra.db,
      redis: app.infra.redis.client,
      queue,
      keys: new ContactKeys(config.contactKey, config.previousContactKeys),
      settings: config.settings,
      publicUrl: config.publicUrl,
      lineNumber: config.lineNumber,
      twilio: createTwilioClient({ accountSid: config.twilio.accountSid, authToken: config.twilio.authToken, apiBaseUrl: config.twilio.apiBaseUrl }),
      logger: app.log as unknown as import('pino').Logger,
      lineSettings: app.rota.lineSettings,
      ...(options.now ? { now: options.now } : {}),
    });
    app.decorate('followups', service);
    // Telephony (a declared dependency, decorated as app.telephony) hands over a queued caller's sealed number when
    // they press 2.
    const telephony = () => (app as unknown as { telephony?: QueuedCallerNumbers }).telephony;
    await registerFollowupWebhooks(app, service, telephony);
    await app.register(followupRoutes(service));
  },
  { name: 'followups', fastify: '5.x', dependencies: ['auth', 'rota', 'telephony'] },
);
