import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { AppConfig } from './config.js';
import { frameworkErrors, registerErrorHandling } from './infra/http-errors.js';
import { openInfrastructure, type Infrastructure } from './infra/infrastructure.js';
import { createLogger } from './infra/logger.js';
import { registerSecurity } from './infra/security.js';
import { adminPlugin } from './modules/admin/index.js';
import { authPlugin } from './modules/auth/index.js';
import { callsPlugin } from './modules/calls/index.js';
import { consolePlugin, type HubOptions } from './modules/console/index.js';
import { followupsPlugin } from './modules/followups/index.js';
import { healthPlugin } from './modules/health/index.js';
import { rotaPlugin } from './modules/rota/index.js';
import { statsPlugin } from './modules/stats/index.js';
import { telephonyPlugin } from './modules/telephony/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    appConfig: AppConfig;
    infra: Infrastructure;
  }
}

export interface BuildOptions {
  logger?: Logger;
  /** Stores opened by the caller (shared with a worker in the same process). Without it, the app opens and closes its own. */
  infra?: Infrastructure;
  /** The clock of the call flow (opening hours, bands); tests set it to reach holidays and closed hours. */
  now?: () => Date;
  /** Console heartbeat and slow-consumer limits (tests shorten them). */
  hub?: Partial<HubOptions>;
  /** The statistics' protection worker file (a test gives one that crashes); the stats module's own otherwise. */
  statsWorker?: URL;
}

/** Believe X-Forwarded-For for the nearest `hops` proxies only. */
function trustHops(hops: number) {
  return (_address: string, hop: number) => hop < hops;
}

export async function buildApp(config: AppConfig, options: BuildOptions = {}): Promise<FastifyInstance> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const infra = options.infra ?? (await openInfrastructure(config, logger));

  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: 64 * 1024,
    // Behind a load balancer the client address comes from X-Forwarded-For (login throttling per address); only
    // the configured proxies are believed, or a client could choose its own address.
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    // While shutting down, requests in flight finish normally: a 503 to a Twilio webhook would make Twilio keep
    // its parameters (the caller's number among them) in its alerts. /readyz tells the load balancer to stop first.
    return503OnClosing: false,
    // A malformed URL is answered without quoting it (error bodies never echo input).
    frameworkErrors,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('appConfig', config);
  app.decorate('infra', infra);
  if (!options.infra) app.addHook('onClose', () => infra.close());

  registerErrorHandling(app);
  await registerSecurity(app, config.allowedOrigins);
  await app.register(cookie);
  await app.register(formbody);

  // Each module is a named plugin that declares the modules it needs (fastify-plugin `dependencies`): a module
  // registered before what it needs fails at start with a message naming the missing one.
  await app.register(healthPlugin);
  await app.register(authPlugin);
  await app.register(rotaPlugin);
  await app.register(callsPlugin);
  await app.register(telephonyPlugin, options.now ? { now: options.now } : {});
  await app.register(followupsPlugin, options.now ? { now: options.now } : {});
  await app.register(consolePlugin, options.hub ? { hub: options.hub } : {});
  await app.register(adminPlugin);
  await app.register(statsPlugin, { ...(options.now ? { now: options.now } : {}), ...(options.statsWorker ? { protectionWorker: options.statsWorker } : {}) });
  return app;
}
