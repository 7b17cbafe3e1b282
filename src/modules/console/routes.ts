import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { HttpError } from '../../infra/http-errors.js';
import { requireRole, SESSION_COOKIE, userOfSession } from '../auth/index.js';
import { callsAwaitingOutcome } from '../calls/index.js';
import { liveConsoleView, endTimesOf } from '../telephony/index.js';
import { ConsoleHub, DEFAULT_HUB_OPTIONS, SESSION_ENDED_CLOSE_CODE, type HubOptions } from './console-hub.js';
import type { StateMessage } from '../../shared/console-messages.js';

declare module 'fastify' {
  interface FastifyInstance {
    consoleHub: ConsoleHub;
  }
}

/** Client messages per socket: a burst, then a steady rate (see the handler). */
const MESSAGE_BURST = 10;
const MESSAGES_PER_SECOND = 1;

/**
 * GET /api/console/ws: the psychologist's live console. The session is checked before the upgrade (no session, no
 * socket). On connect, and on {"type":"resync"}, the console gets the whole state; then events as they happen.
 */
export async function registerConsole(app: FastifyInstance, hubOptions: Partial<HubOptions> = {}): Promise<void> {
  const { redis, db } = app.infra;
  const sessionValid = async (sessionId: string) => (await userOfSession(app, sessionId))?.roles.includes('psychologist') === true;
  const hub = new ConsoleHub(redis.newBlockingConnection(), redis.prefix, app.log as unknown as import('pino').Logger, { ...DEFAULT_HUB_OPTIONS, ...hubOptions }, sessionValid);
  await hub.start();
  app.decorate('consoleHub', hub);
  app.addHook('preClose', () => hub.close());
  await app.register(websocket, { options: { maxPayload: 4096 } });

  async function state(userId: string): Promise<StateMessage> {
    // A call shown as live must be live: one whose end was lost (Redis away) is checked against Twilio first.
    await app.telephony.healBusy([userId]);
    const [live, awaiting, line] = await Promise.all([liveConsoleView(redis.client, userId), callsAwaitingOutcome(db, userId), app.rota.lineSettings.current()]);
    // Two calls in the same hour look alike by their date and hour band: the recent ones carry their end time.
    const ends = await endTimesOf(redis.client, userId, awaiting.map((c) => c.id));
    return {
      type: 'state',
      currentCall: live.currentCall,
      ringingCall: live.ringingCall,
      endedCall: live.endedCall,
      queueLength: live.queueLength,
      queueFrontSince: live.queueFrontSince,
      awaitingOutcome: awaiting.map((c) => ({ ...c, endedAt: ends.get(c.id) ?? null })),
      // The emergency protocol names who to call (admins set it in the line settings); null: none is set, and the
      // console says so.
      backupDuty: line.backupDuty,
      // The page's clock may be off: times above are the server's, and this says what "now" is there.
      serverNow: Date.now(),
    };
  }

  // Browsers always send Origin on a WebSocket upgrade, and SameSite does not stop a sibling subdomain: check it.
  const allowedOrigins = new Set(app.appConfig.allowedOrigins);
  const sameOrigin = async (request: FastifyRequest) => {
    const origin = request.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin)) throw new HttpError(403, 'forbidden', 'Cross-origin request refused');
  };

  app.get('/api/console/ws', { websocket: true, onRequest: [sameOrigin, requireRole('psychologist')] }, (socket: WebSocket, request: FastifyRequest) => {
    const userId = request.user!.id;
    const sessionId = request.cookies[SESSION_COOKIE]!;
    // A console sends a resync now and then (after a reconnect, when a call is answered): a token bucket per
    // socket lets a burst of MESSAGE_BURST through, then one per second; a socket refused more than
    // MESSAGE_BURST times in a row is closed.
    let tokens = MESSAGE_BURST;
    let refilledAt = Date.now();
    let refused = 0;
    // Listeners first, before any await, so no early message is lost.
    socket.on('message', (data) => {
      const now = Date.now();
      tokens = Math.min(MESSAGE_BURST, tokens + (now - refilledAt) / 1000 * MESSAGES_PER_SECOND);
      refilledAt = now;
      if (tokens < 1) {
        if (++refused > MESSAGE_BURST) socket.close(1008, 'too many messages');
        return;
      }
      refused = 0;
      tokens -= 1;
      let message: { type?: unknown };
      try {
        message = JSON.parse(String(data)) as { type?: unknown };
      } catch {
        return socket.close(1003, 'JSON expected');
      }
      // A resync is answered only while the session is good (it may have ended since the socket opened).
      if (message.type === 'resync') {
        // A store that is away (or closing) loses this answer only; the console resyncs again on reconnect.
        void sessionValid(sessionId)
          .then(async (ok) => (ok ? hub.send(socket, await state(userId)) : socket.close(SESSION_ENDED_CLOSE_CODE, 'session ended')))
          .catch(() => undefined);
      }
    });
    hub.add(socket, userId, sessionId);
    void state(userId).then(
      (s) => hub.send(socket, s),
      (err: unknown) => {
        request.log.warn({ err }, 'console state unavailable');
        socket.close(1011, 'state unavailable, reconnect');
      },
    );
  });
}
