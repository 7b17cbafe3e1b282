import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { eventsChannel } from '../telephony/index.js';

export interface HubOptions {
  heartbeatMs: number;
  /** A console that has this much unsent data is too slow: it is dropped (and will reconnect and resync). */
  maxBufferedBytes: number;
}

export const DEFAULT_HUB_OPTIONS: HubOptions = { heartbeatMs: 25_000, maxBufferedBytes: 1 << 20 };

interface Client {
  socket: WebSocket;
  userId: string;
  alive: boolean;
}

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
  ) {}

  async start(): Promise<void> {
    this.subscriber.on('message', (_channel: string, message: string) => this.broadcast(message));
    await this.subscriber.subscribe(eventsChannel(this.prefix));
    this.heartbeat = setInterval(() => this.beat(), this.options.heartbeatMs);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  add(socket: WebSocket, userId: string): void {
    const client: Client = { socket, userId, alive: true };
    this.clients.add(client);
    socket.on('pong', () => (client.alive = true));
    socket.on('close', () => this.clients.delete(client));
    socket.on('error', () => socket.terminate());
  }

  send(socket: WebSocket, message: object): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  }

  private broadcast(message: string): void {
    for (const client of this.clients) {
      if (client.socket.readyState !== client.socket.OPEN) continue;
      if (client.socket.bufferedAmount > this.options.maxBufferedBytes) {
        this.logger.warn({ userId: client.userId }, 'dropping a console that does not keep up');
        client.socket.terminate();
        this.clients.delete(client);
        continue;
      }
      client.socket.send(message);
    }
  }

  // A console that missed a whole heartbeat is gone (a laptop lid closed, a dead network): end it.
  private beat(): void {
    for (const client of this.clients) {
      if (!client.alive) {
        client.socket.terminate();
        this.clients.delete(client);
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.socket.close(1001, 'server shutting down');
    this.clients.clear();
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }
}
