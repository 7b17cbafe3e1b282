import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { deriveKey } from '../../infra/crypto.js';
import { createQueue } from '../../infra/queues.js';
import { createTwilioClient } from '../../infra/twilio-client.js';
import { telephonyApiRoutes } from './api-routes.js';
import { blockRoutes } from './block-routes.js';
import { CallFlow } from './call-flow.js';
import { LOG_DELETION_JOB_OPTIONS, LOG_DELETION_QUEUE } from './call-log-deletion.js';
import { defineLiveStateScripts } from './live-state.js';
import { TwimlBuilder } from './twiml.js';
import { registerTwilioWebhooks } from './webhook-routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    telephony: CallFlow;
  }
}

export interface TelephonyOptions {
  /** The clock of the call flow (opening hours, bands); tests set it to reach holidays and closed hours. */
  now?: () => Date;
}

/**
 * Telephony: Twilio webhooks, the call flow, and the psychologist's call actions (block, call back, softphone).
 * It needs the rota (who is on call, its "availability changed" event) and the form-body parser for webhooks.
 */
export const telephonyPlugin = fp<TelephonyOptions>(
  async (app, options) => {
    await registerTelephony(app, options.now);
  },
  { name: 'telephony', fastify: '5.x', dependencies: ['auth', 'rota', '@fastify/formbody'], decorators: { fastify: ['rota'] } },
);

export async function registerTelephony(app: FastifyInstance, now?: () => Date): Promise<void> {
  const config = app.appConfig;
  const { redis, db } = app.infra;
  // Before the connection carries a call (see defineRedisScripts).
  defineLiveStateScripts(redis.client);
  const twiml = new TwimlBuilder(config.settings, config.publicUrl, config.lineNumber);
  const keys = { blocklist: deriveKey(config.contactKey, 'blocklist'), callback: deriveKey(config.contactKey, 'callback') };
  const logDeletion = config.settings.twilio.deleteCallLogs ? createQueue(redis, LOG_DELETION_QUEUE, LOG_DELETION_JOB_OPTIONS) : undefined;
  if (logDeletion) app.addHook('onClose', () => logDeletion.close());

  const flow = new CallFlow({
    config,
    db,
    redis: redis.client,
    redisPrefix: redis.prefix,
    twilio: createTwilioClient({ accountSid: config.twilio.accountSid, authToken: config.twilio.authToken, apiBaseUrl: config.twilio.apiBaseUrl }),
    twiml,
    logger: app.log as unknown as import('pino').Logger,
    keys,
    logDeletion,
    lineSettings: () => app.rota.lineSettings.current(),
    ...(now ? { now } : {}),
  });
  app.decorate('telephony', flow);
  // The rota announces, telephony acts. Switching off and on is what a psychologist does when the line thinks she is
  // busy and she is not: her reservation is checked against Twilio now (a call whose end webhooks were lost in a
  // Redis outage is finished). Someone who came on call may take the caller at the front of the queue.
  app.rota.events.on('availability.changed', async ({ userId, available }) => {
    await flow.healBusy([userId], { force: true });
    if (available) await flow.offerNextQueuedCall();
  });
  await registerTwilioWebhooks(app, flow, twiml, keys);
  await app.register(telephonyApiRoutes);
  await app.register(blockRoutes(deriveKey(config.contactKey, 'blocklist')));
}
