// One way to send a request to the app, whether a test injects it (app.inject, no socket) or a benchmark sends it
// over a real connection: the helpers built on it (logging in, posting a signed webhook) are written once.
import http from 'node:http';
import type { FastifyInstance } from 'fastify';

export interface OutgoingRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path and query string, e.g. `/twilio/voice?call=…`. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Sender = (request: OutgoingRequest) => Promise<Answer>;

/** Requests go through `app.inject`. */
export function injectSender(app: FastifyInstance): Sender {
  return async ({ method, path, headers, body }) => {
    const res = await app.inject({ method, url: path, headers, ...(body === undefined ? {} : { payload: body }) });
    return { status: res.statusCode, headers: res.headers as http.IncomingHttpHeaders, body: res.body };
  };
}

/** Requests go over HTTP to host:port, on `agent` (a keep-alive agent keeps connection set-up out of timings). */
export function httpSender(host: string, port: number, agent?: http.Agent, timeoutMs = 15_000): Sender {
  return ({ method, path, headers, body }) =>
    new Promise((resolve, reject) => {
      const length = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) };
      const request = http.request({ host, port, path, method, agent, timeout: timeoutMs, headers: { ...headers, ...length } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      });
      request.on('timeout', () => request.destroy(new Error(`${method} ${path} timed out`)));
      request.on('error', reject);
      request.end(body);
    });
}
