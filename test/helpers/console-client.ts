// A console WebSocket client for tests: records every message; `next(type)` waits for the next one of that type.
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';

export type ConsoleMessage = { type: string; [key: string]: unknown };

export function consoleClient(url: string, cookie: string, options: WebSocket.ClientOptions = {}) {
  const ws = new WebSocket(url, { headers: { cookie }, ...options });
  const messages: ConsoleMessage[] = [];
  const waiters: Array<{ type: string; resolve: (m: ConsoleMessage) => void }> = [];
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as ConsoleMessage;
    messages.push(m);
    const i = waiters.findIndex((w) => w.type === m.type);
    if (i >= 0) waiters.splice(i, 1)[0]!.resolve(m);
  });
  const next = (type: string, timeoutMs = 5000) =>
    new Promise<ConsoleMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} within ${timeoutMs} ms; got ${messages.map((m) => m.type).join(',')}`)), timeoutMs);
      waiters.push({ type, resolve: (m) => { clearTimeout(timer); resolve(m); } });
    });
  return { ws, messages, next, opened: new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); }) };
}

/** Listens on a free port and returns the console socket's URL. */
export async function listenForConsole(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return `ws://127.0.0.1:${port}/api/console/ws`;
}
