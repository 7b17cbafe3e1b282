import fp from 'fastify-plugin';
import type { HubOptions } from './console-hub.js';
import { registerConsole } from './routes.js';
import { registerWebConsole } from './web-routes.js';

export interface ConsoleOptions {
  /** Heartbeat and slow-consumer limits (tests shorten them). */
  hub?: Partial<HubOptions>;
}

/**
 * The psychologist's live console (WebSocket) and the web app's files. It shows what telephony and calls export,
 * so it comes after them.
 */
export const consolePlugin = fp<ConsoleOptions>(
  async (app, options) => {
    await registerConsole(app, options.hub);
    await registerWebConsole(app);
  },
  { name: 'console', fastify: '5.x', dependencies: ['auth', 'rota', 'calls', 'telephony'] },
);
