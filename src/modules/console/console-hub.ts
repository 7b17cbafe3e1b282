import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { sessionHash, sessionsEndedChannel, type SessionEnded } from '../auth/index.js';
import { colleagueView, eventsChannel } from '../telephony/index.js';

export interface HubOptions {
  heartbeatMs: number;
  /** A console that has this much unsent data is too slow: it is dropped (and will reconnect and resync). */
  maxBufferedBytes: number;
}

export const DEFAULT_HUB_OPTIONS: HubOptions = { heartbeatMs: 25_000, maxBufferedBytes: 1 << 20 };

interface Client {
  socket: WebSocket;
  userId: string;
  /** The hash of the session the socket was opened with. */
  session: string;
  alive: boolean;
}

/** Whether the socket's session is still good (user enabled, same credentials, still a psychologist). */
export type SessionCheck = (sessionId: string) => Promise<boolean>;

/** The close code for a socket whose session ended (logout, disable, role change): the console goes to its login. */
export const SESSION_ENDED_CLOSE_CODE = 4001;

/**
 * This instance's console sockets, fed from Redis pub/sub: an event raised on any instance reaches every console
 * on every instance. A dedicated subscriber connection (a subscribed Redis connection can do nothing else).
 */
export class ConsoleHub {
  private readonly clients = new Set<Client>();
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly subscriber: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
    private readonly options: HubOptions = DEFAULT_HUB_OPTIONS,
    private readonly sessionValid: SessionCheck = async () => true,
  ) {}

  /** Session ids by socket, for the heartbeat's re-check (the id itself is not kept in the client list). */
  private readonly sessionIds = new WeakMap<Client, string>();

  async start(): Promise<void> {
    const sessionsChannel = sessionsEndedChannel(this.prefix);
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel === sessionsChannel) this.sessionEnded(message);
      else this.broadcast(message);
    });
    await this.subscriber.subscribe(eventsChannel(this.prefix), sessionsChannel);
    this.heartbeat = setInterval(() => this.beat(), this.options.heartbeatMs);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  add(socket: WebSocket, userId: string, sessionId: string): void {
    const client: Client = { socket, userId, session: sessionHash(sessionId), alive: true };
    this.sessionIds.set(client, sessionId);
    this.clients.add(client);
    socket.on('pong', () => (client.alive = true));
    socket.on('close', () => this.clients.delete(client));
    socket.on('error', () => socket.terminate());
  }

  send(socket: WebSocket, message: object): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  }

  private broadcast(message: string): void {
    // An event about one psychologist's call reaches the others only as "a colleague has it".
    let owner: string | undefined;
    // undefined: colleagues get nothing of it (an event that is the owner's alone).
    let forColleagues: string | undefined;
    if (message.includes('"userId"')) {
      try {
        const event = JSON.parse(message) as { type: string; userId?: unknown };
        const view = colleagueView(event);
        if (view !== undefined && typeof event.userId === 'string') {
          owner = event.userId;
          forColleagues = view === null ? undefined : JSON.stringify(view);
        }
      } catch {
        return;
      }
    }
    for (const client of this.clients) {
      if (client.socket.readyState !== client.socket.OPEN) continue;
      if (client.socket.bufferedAmount > this.options.maxBufferedBytes) {
        this.logger.warn({ userId: client.userId }, 'dropping a console that does not keep up');
        client.socket.terminate();
        this.clients.delete(client);
        continue;
      }
      if (owner === undefined || client.userId === owner) client.socket.send(message);
      else if (forColleagues !== undefined) client.socket.send(forColleagues);
    }
  }

  /** Closes the sockets of a session (or of all a user's sessions) that ended on any instance. */
  private sessionEnded(message: string): void {
    let ended: SessionEnded;
    try {
      ended = JSON.parse(message) as SessionEnded;
    } catch {
      return;
    }
    for (const client of this.clients) {
      if (client.userId === ended.userId && (ended.session === undefined || ended.session === client.session)) this.endSession(client);
    }
  }

  private endSession(client: Client): void {
    this.clients.delete(client);
    client.socket.close(SESSION_ENDED_CLOSE_CODE, 'session ended');
  }

  // A console that missed a whole heartbeat is gone (a laptop lid closed, a dead network): end it. A live one has
  // its session checked again: a user disabled or no longer a psychologist (changed from anywhere, the command
  // line included) loses the socket within one heartbeat.
  private beat(): void {
    for (const client of this.clients) {
      if (!client.alive) {
        client.socket.terminate();
        this.clients.delete(client);
        continue;
      }
      client.alive = false;
      client.socket.ping();
      const sessionId = this.sessionIds.get(client);
      if (sessionId === undefined) continue;
      // A store that is briefly away is not a reason to drop consoles: only a definite "no" closes.
      this.sessionValid(sessionId).then((ok) => ok || this.endSession(client), () => undefined);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.socket.close(1001, 'server shutting down');
    this.clients.clear();
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }
}
