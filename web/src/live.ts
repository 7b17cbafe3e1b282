// The console's live connection: GET /api/console/ws. The server sends the whole state on every connect; events
// follow. Dropped connections come back with exponential back-off (0.5 s doubling to 10 s, with jitter), and every
// reconnect starts from a fresh state, so nothing missed while away is lost.
import { api, ApiError } from './api.js';
import type { LiveMessage } from '../../src/shared/console-messages.js';

export type { AwaitingCall, CallbackProgress, CurrentCall, EndedCall, LiveMessage, StateMessage } from '../../src/shared/console-messages.js';

export type LiveStatus = 'connecting' | 'open' | 'reconnecting';

export const BACKOFF_MIN_MS = 500;
export const BACKOFF_MAX_MS = 10_000;

/** The n-th retry's delay: doubling from 0.5 s to at most 10 s, of which a random half (so consoles spread out). */
export function backoffDelay(attempt: number, random = Math.random): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export class LiveConnection {
  private socket: WebSocket | undefined;
  private attempt = 0;
  private retryTimer: number | undefined;
  private stateTimer: number | undefined;
  private stopped = false;

  constructor(
    private readonly handlers: {
      message: (message: LiveMessage) => void;
      status: (status: LiveStatus, retryInMs?: number) => void;
      /** The server refused the socket and /api/me says the session is gone. */
      sessionLost: () => void;
    },
  ) {}

  start(): void {
    this.stopped = false;
    window.addEventListener('online', this.reconnectNow);
    document.addEventListener('visibilitychange', this.onVisible);
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener('online', this.reconnectNow);
    document.removeEventListener('visibilitychange', this.onVisible);
    window.clearTimeout(this.retryTimer);
    window.clearTimeout(this.stateTimer);
    this.socket?.close(1000, 'logout');
    this.socket = undefined;
  }

  /** Asks for the whole state again. */
  resync(): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ type: 'resync' }));
  }

  private connect(): void {
    window.clearTimeout(this.retryTimer);
    this.handlers.status(this.attempt === 0 ? 'connecting' : 'reconnecting');
    const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/console/ws`;
    const socket = new WebSocket(url);
    this.socket = socket;
    let opened = false;
    socket.addEventListener('open', () => {
      opened = true;
      this.attempt = 0;
      this.handlers.status('open');
      // The server sends the state on connect; should it not arrive, ask for it.
      this.stateTimer = window.setTimeout(() => this.resync(), 3000);
    });
    socket.addEventListener('message', (event) => {
      let message: LiveMessage;
      try {
        message = JSON.parse(String(event.data)) as LiveMessage;
      } catch {
        return;
      }
      if (message.type === 'state') window.clearTimeout(this.stateTimer);
      this.handlers.message(message);
    });
    socket.addEventListener('close', () => {
      window.clearTimeout(this.stateTimer);
      if (this.stopped || this.socket !== socket) return;
      this.socket = undefined;
      // Refused before it opened: perhaps the session has ended. Ask, then retry or hand over to the login.
      if (!opened) {
        void api('GET', '/api/me').then(
          () => this.scheduleRetry(),
          (err: unknown) => {
            if (err instanceof ApiError && (err.status === 401 || err.status === 403)) this.handlers.sessionLost();
            else this.scheduleRetry();
          },
        );
      } else {
        this.scheduleRetry();
      }
    });
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    const delay = backoffDelay(this.attempt);
    this.attempt += 1;
    this.handlers.status('reconnecting', delay);
    this.retryTimer = window.setTimeout(() => this.connect(), delay);
  }

  private readonly reconnectNow = (): void => {
    if (this.stopped || this.socket) return;
    this.attempt = 0;
    this.connect();
  };

  private readonly onVisible = (): void => {
    if (document.visibilityState !== 'visible') return;
    if (this.socket) this.resync();
    else this.reconnectNow();
  };
}
