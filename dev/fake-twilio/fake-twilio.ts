import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small in-memory fake of the parts of Twilio's REST API this app uses (calls and messages), for tests and the
 * simulator. Paths and JSON bodies are shaped like Twilio's so the real `twilio` package talks to it unchanged.
 * It logs nothing: request parameters hold phone numbers.
 */

export interface FakeRequest {
  method: string;
  /** The path without the query string, e.g. `/2010-04-01/Accounts/AC…/Calls.json`. */
  path: string;
  /** Query string and form body, decoded; a repeated key's values are joined with a space. */
  params: Record<string, string>;
  /** The Basic auth user name the request came with (the account sid); the token is not kept. */
  authUsername?: string;
}

export interface FakeCall {
  sid: string;
  to: string;
  from: string;
  url?: string;
  status: string;
  /** Every parameter received for this call so far (create, then updates; later values win). */
  params: Record<string, string>;
}

export interface FakeMessage {
  sid: string;
  to: string;
  from: string;
  body: string;
  status: string;
  /** Every parameter of the create request (StatusCallback, AddressRetention, ContentRetention, …). */
  params: Record<string, string>;
  /** When the request arrived (ms since the epoch). */
  receivedAt: number;
}

export interface FakeTwilio {
  /** Base URL, without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  requests: FakeRequest[];
  calls: Map<string, FakeCall>;
  messages: FakeMessage[];
  /**
   * The next `times` (default 1) requests whose path matches `pathRegex` fail with `status` and a Twilio error body
   * `{ code, message, more_info, status }`, before any other handling (e.g. 20009, 21211, 21610).
   */
  failNext(pathRegex: RegExp, status: number, code: number, message: string, times?: number): void;
  /** Registers a call that exists at Twilio without having been created through the API (e.g. an inbound call). */
  addCall(sid: string, status?: string): FakeCall;
  /** Called after a call was created through the API. */
  onCallCreate?: (sid: string, params: Record<string, string>) => void;
  /** Called after a call was updated (redirected, hung up) with the parameters of that update. */
  onCallUpdate?: (sid: string, params: Record<string, string>) => void;
  /** Called when a message is created (before its response is sent). */
  onMessageCreate?: (message: FakeMessage) => void;
  /** Holds each message's response this long after recording it (a slow Twilio; a worker killed mid-send). */
  messageDelayMs: number;
  /**
   * The delivery report Twilio would send for a message to its StatusCallback: the URL and form parameters (To and
   * From included, as Twilio sends them), for a test or the simulator to sign and post.
   */
  statusCallback(sid: string, status: 'sent' | 'delivered' | 'undelivered' | 'failed', errorCode?: number): { url: string; params: Record<string, string> } | undefined;
  close(): Promise<void>;
}

export interface FakeTwilioOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
}

interface FailureRule {
  pathRegex: RegExp;
  status: number;
  code: number;
  message: string;
  remaining: number;
}

class TwilioError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const API_VERSION = '2010-04-01';
const MAX_BODY_BYTES = 1024 * 1024;
const ENDED_CALL_STATUSES = new Set(['completed', 'canceled', 'failed', 'busy', 'no-answer']);

const CALLS = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Calls\.json$/;
const CALL = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Calls\/([^/]+)\.json$/;
const MESSAGES = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Messages\.json$/;

function newSid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}

/** Twilio's RFC 2822 form, e.g. `Tue, 05 Mar 2024 10:11:12 +0000`. */
function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

function errorBody(status: number, code: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

function decodeParams(query: URLSearchParams, body: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const source of [query, new URLSearchParams(body)]) {
    for (const [key, value] of source) {
      params[key] = key in params ? `${params[key]} ${value}` : value;
    }
  }
  return params;
}

function basicAuthUsername(header: string | undefined): string | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return undefined;
  const username = decoded.slice(0, colon);
  return /^(AC|SK)[0-9a-fA-F]{32}$/.test(username) ? username : undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) reject(new TwilioError(413, 20413, 'Request entity too large'));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

export async function startFakeTwilio(opts: FakeTwilioOptions = {}): Promise<FakeTwilio> {
  const host = opts.host ?? '127.0.0.1';
  const failures: FailureRule[] = [];
  const callCreatedAt = new Map<string, Date>();

  function callJson(accountSid: string, call: FakeCall) {
    const created = rfc2822(callCreatedAt.get(call.sid) ?? new Date());
    const uri = `/${API_VERSION}/Accounts/${accountSid}/Calls/${call.sid}.json`;
    return {
      sid: call.sid,
      account_sid: accountSid,
      parent_call_sid: null,
      to: call.to,
      to_formatted: call.to,
      from: call.from,
      from_formatted: call.from,
      phone_number_sid: null,
      status: call.status,
      start_time: null,
      end_time: ENDED_CALL_STATUSES.has(call.status) ? rfc2822(new Date()) : null,
      duration: null,
      price: null,
      price_unit: 'USD',
      direction: 'outbound-api',
      answered_by: null,
      api_version: API_VERSION,
      forwarded_from: null,
      group_sid: null,
      caller_name: null,
      queue_time: '0',
      trunk_sid: null,
      date_created: created,
      date_updated: rfc2822(new Date()),
      uri,
      subresource_uris: {
        notifications: uri.replace(/\.json$/, '/Notifications.json'),
        recordings: uri.replace(/\.json$/, '/Recordings.json'),
        events: uri.replace(/\.json$/, '/Events.json'),
      },
    };
  }

  function findCall(path: string, sid: string): FakeCall {
    const call = fake.calls.get(sid);
    if (!call) throw new TwilioError(404, 20404, `The requested resource ${path} was not found`);
    return call;
  }

  function createCall(accountSid: string, params: Record<string, string>) {
    if (!params.To) throw new TwilioError(400, 21201, "No 'To' number is specified");
    if (!params.From) throw new TwilioError(400, 21213, "No 'From' number is specified");
    if (!params.Url && !params.Twiml && !params.ApplicationSid) {
      throw new TwilioError(400, 21205, 'Url parameter is required.');
    }
    const sid = newSid('CA');
    const call: FakeCall = { sid, to: params.To, from: params.From, status: 'queued', params: { ...params } };
    if (params.Url) call.url = params.Url;
    fake.calls.set(sid, call);
    callCreatedAt.set(sid, new Date());
    fake.onCallCreate?.(sid, { ...params });
    return callJson(accountSid, call);
  }

  function updateCall(path: string, accountSid: string, sid: string, params: Record<string, string>) {
    const call = findCall(path, sid);
    if ((params.Url || params.Twiml) && ENDED_CALL_STATUSES.has(call.status)) {
      throw new TwilioError(400, 21220, 'Call is not in-progress. Cannot redirect.');
    }
    Object.assign(call.params, params);
    if (params.Url) call.url = params.Url;
    if (params.Status) call.status = params.Status;
    fake.onCallUpdate?.(sid, { ...params });
    return callJson(accountSid, call);
  }

  function createMessage(accountSid: string, params: Record<string, string>) {
    if (!params.To) throw new TwilioError(400, 21604, "A 'To' phone number is required.");
    if (!params.From && !params.MessagingServiceSid) {
      throw new TwilioError(400, 21603, "A 'From' phone number is required.");
    }
    if (!params.Body && !params.MediaUrl) throw new TwilioError(400, 21602, 'Message body is required.');
    const sid = newSid('SM');
    const message: FakeMessage = { sid, to: params.To, from: params.From ?? '', body: params.Body ?? '', status: 'queued', params: { ...params }, receivedAt: Date.now() };
    fake.messages.push(message);
    fake.onMessageCreate?.(message);
    const now = rfc2822(new Date());
    const uri = `/${API_VERSION}/Accounts/${accountSid}/Messages/${sid}.json`;
    return {
      sid,
      account_sid: accountSid,
      messaging_service_sid: params.MessagingServiceSid ?? null,
      to: message.to,
      from: params.From ?? null,
      body: message.body,
      status: 'queued',
      direction: 'outbound-api',
      num_segments: '1',
      num_media: params.MediaUrl ? '1' : '0',
      price: null,
      price_unit: 'USD',
      error_code: null,
      error_message: null,
      api_version: API_VERSION,
      date_created: now,
      date_updated: now,
      date_sent: null,
      uri,
      subresource_uris: { media: uri.replace(/\.json$/, '/Media.json') },
    };
  }

  /** Returns [status, body]; a null body means no content. */
  function route(method: string, path: string, params: Record<string, string>): [number, unknown] {
    let m: RegExpExecArray | null;
    if ((m = CALLS.exec(path)) && m[1]) {
      if (method === 'POST') return [201, createCall(m[1], params)];
      throw new TwilioError(405, 20004, 'Method not allowed');
    }
    if ((m = CALL.exec(path)) && m[1] && m[2]) {
      const [, accountSid, sid] = m;
      if (method === 'GET') return [200, callJson(accountSid, findCall(path, sid))];
      if (method === 'POST') return [200, updateCall(path, accountSid, sid, params)];
      if (method === 'DELETE') {
        findCall(path, sid);
        fake.calls.delete(sid);
        callCreatedAt.delete(sid);
        return [204, null];
      }
      throw new TwilioError(405, 20004, 'Method not allowed');
    }
    if ((m = MESSAGES.exec(path)) && m[1]) {
      if (method === 'POST') return [201, createMessage(m[1], params)];
      throw new TwilioError(405, 20004, 'Method not allowed');
    }
    throw new TwilioError(404, 20404, `The requested resource ${path} was not found`);
  }

  function send(res: ServerResponse, status: number, body: unknown): void {
    if (body === null) {
      res.writeHead(status).end();
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const method = (req.method ?? 'GET').toUpperCase();
      const target = new URL(req.url ?? '/', 'http://fake.invalid');
      const path = target.pathname;
      const params = decodeParams(target.searchParams, await readBody(req));
      const authUsername = basicAuthUsername(req.headers.authorization);
      fake.requests.push({ method, path, params, ...(authUsername ? { authUsername } : {}) });

      if (!authUsername) {
        res.setHeader('WWW-Authenticate', 'Basic realm="Twilio API"');
        throw new TwilioError(401, 20003, 'Authenticate');
      }
      const rule = failures.find((f) => f.remaining > 0 && f.pathRegex.test(path));
      if (rule) {
        rule.remaining -= 1;
        if (rule.remaining <= 0) failures.splice(failures.indexOf(rule), 1);
        throw new TwilioError(rule.status, rule.code, rule.message);
      }
      const [status, body] = route(method, path, params);
      if (fake.messageDelayMs > 0 && MESSAGES.test(path)) await new Promise((r) => setTimeout(r, fake.messageDelayMs));
      send(res, status, body);
    } catch (err) {
      if (res.headersSent) return;
      if (err instanceof TwilioError) send(res, err.status, errorBody(err.status, err.code, err.message));
      else send(res, 500, errorBody(500, 20500, 'Internal Server Error'));
    }
  }

  const server = createServer((req, res) => {
    void handle(req, res);
  });

  const fake: FakeTwilio = {
    url: '',
    requests: [],
    calls: new Map(),
    messages: [],
    messageDelayMs: 0,
    statusCallback(sid, status, errorCode) {
      const message = fake.messages.find((m) => m.sid === sid);
      if (!message?.params.StatusCallback) return undefined;
      message.status = status;
      const params: Record<string, string> = {
        MessageSid: sid, SmsSid: sid, MessageStatus: status, SmsStatus: status, To: message.to, From: message.from,
        AccountSid: message.params.AccountSid ?? `AC${'0'.repeat(32)}`, ApiVersion: API_VERSION,
      };
      if (errorCode !== undefined) params.ErrorCode = String(errorCode);
      return { url: message.params.StatusCallback, params };
    },
    failNext(pathRegex, status, code, message, times = 1) {
      // A global or sticky regex keeps state between test() calls; match with a fresh copy instead.
      if (times <= 0) return;
      const regex = new RegExp(pathRegex.source, pathRegex.flags.replace(/[gy]/g, ''));
      failures.push({ pathRegex: regex, status, code, message, remaining: times });
    },
    addCall(sid, status = 'in-progress') {
      const call: FakeCall = { sid, to: '', from: '', status, params: {} };
      fake.calls.set(sid, call);
      callCreatedAt.set(sid, new Date());
      return call;
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const reachableHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  fake.url = `http://${reachableHost.includes(':') ? `[${reachableHost}]` : reachableHost}:${port}`;
  return fake;
}
