import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import type { OutgoingRequest, Sender } from './http-sender.js';

/**
 * Plays Twilio's side of a webhook exchange: signed, form-encoded requests and the TwiML that comes back, parsed.
 * Shared by the tests (which inject requests into the app), the benchmarks and the caller simulator (which send them
 * over HTTP).
 */

export interface TwimlNode {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: TwimlNode[];
}

/** A small parser for the TwiML the app writes (no entities beyond XML's five, no CDATA). */
export function parseTwiml(xml: string): TwimlNode {
  const root: TwimlNode = { name: '#root', attrs: {}, text: '', children: [] };
  const stack = [root];
  const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  const re = /<(\/?)([A-Za-z]+)([^>]*?)(\/?)>|([^<]+)/g;
  for (const m of xml.replace(/<\?xml[^>]*\?>/, '').matchAll(re)) {
    const top = stack.at(-1)!;
    if (m[5] !== undefined) {
      top.text += decode(m[5]);
      continue;
    }
    if (m[1]) {
      stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of m[3]!.matchAll(/([A-Za-z]+)="([^"]*)"/g)) attrs[a[1]!] = decode(a[2]!);
    const node: TwimlNode = { name: m[2]!, attrs, text: '', children: [] };
    top.children.push(node);
    if (!m[4]) stack.push(node);
  }
  return root.children[0] ?? root;
}

export function find(node: TwimlNode, name: string): TwimlNode | undefined {
  if (node.name === name) return node;
  for (const c of node.children) {
    const f = find(c, name);
    if (f) return f;
  }
  return undefined;
}

export function findAll(node: TwimlNode, name: string): TwimlNode[] {
  return [...(node.name === name ? [node] : []), ...node.children.flatMap((c) => findAll(c, name))];
}

export const allText = (node: TwimlNode): string => [node.text, ...node.children.map(allText)].join(' ').replace(/\s+/g, ' ').trim();

/** A call sid as Twilio makes them: `CA` and 32 hex digits. */
export const newCallSid = () => `CA${randomBytes(16).toString('hex')}`;

/** What Twilio sends as `From` when the caller withholds their number. */
export const WITHHELD = 'anonymous';

export interface CallerFieldOptions {
  /** The city Twilio derives from the number. */
  city?: string;
  /** The number called (the line). */
  to?: string;
  accountSid?: string;
}

/**
 * A caller as Twilio describes one on every webhook of their call: the number and the location fields derived from
 * it. A withheld number comes with empty location fields.
 */
export function callerFields(number: string, options: CallerFieldOptions = {}) {
  const to = options.to ?? '+4500000000';
  const known = number !== WITHHELD;
  const city = known ? (options.city ?? 'KØBENHAVN') : '';
  const state = known ? 'HOVEDSTADEN' : '';
  const zip = known ? '2100' : '';
  const country = known ? 'DK' : '';
  return {
    From: number, Caller: number, FromCity: city, FromState: state, FromZip: zip, FromCountry: country,
    CallerCity: city, CallerState: state, CallerZip: zip, CallerCountry: country, CallerName: known ? 'JENS HANSEN' : '',
    To: to, Called: to, Direction: 'inbound', AccountSid: options.accountSid ?? `AC${'0'.repeat(32)}`, ApiVersion: '2010-04-01',
  };
}

/** The X-Twilio-Signature Twilio sends: over the full URL it requested and the POST parameters. */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}

export interface SignedWebhook extends OutgoingRequest {
  method: 'POST';
  headers: { 'x-twilio-signature': string; 'content-type': string };
  body: string;
}

/** A webhook as Twilio sends it: form-encoded, signed over `publicUrl + path` and the parameters. */
export function signWebhook(path: string, params: Record<string, string>, authToken: string, publicUrl: string): SignedWebhook {
  return {
    method: 'POST',
    path,
    headers: { 'x-twilio-signature': twilioSignature(authToken, publicUrl + path, params), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  };
}

/** The same, shaped for `app.inject`. */
export function signedRequest(path: string, params: Record<string, string>, authToken: string, publicUrl: string) {
  const { method, headers, body } = signWebhook(path, params, authToken, publicUrl);
  return { method, url: path, headers, payload: body };
}

/**
 * Sends a signed webhook with `send` (injected or over HTTP) and parses the TwiML answer. `pathOrUrl` may be a URL
 * from TwiML: under `publicUrl` it becomes the path the app serves.
 */
export async function sendWebhook(send: Sender, pathOrUrl: string, params: Record<string, string>, authToken: string, publicUrl: string) {
  const path = pathOrUrl.startsWith(publicUrl) ? pathOrUrl.slice(publicUrl.length) : pathOrUrl;
  const res = await send(signWebhook(path, params, authToken, publicUrl));
  return { status: res.status, body: res.body, twiml: parseTwiml(res.body) };
}

/** Where webhooks go: the server's address, the PUBLIC_URL it signs against (and writes into its TwiML), its token. */
export interface WebhookTarget {
  server: string;
  publicUrl: string;
  authToken: string;
  /** Twilio gives up on a webhook after 15 s. */
  timeoutMs?: number;
}

export interface WebhookResponse {
  status: number;
  body: string;
  twiml: TwimlNode;
  /** The URL Twilio would have requested (and signed): under PUBLIC_URL. */
  url: string;
}

/** Thrown when the server answers a webhook with anything but 2xx. */
export class WebhookHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly url: string,
  ) {
    super(`HTTP ${status} from POST ${url}`);
    this.name = 'WebhookHttpError';
  }
}

/**
 * Resolves a URL from TwiML (absolute, or relative to the document it came in) to the URL Twilio requests and
 * signs, and the address this process actually sends it to: under PUBLIC_URL it goes to the server instead.
 */
export function resolveWebhookUrl(target: WebhookTarget, url: string, base?: string): { signed: string; fetched: string } {
  const publicUrl = target.publicUrl.replace(/\/+$/, '');
  const signed = new URL(url, base ?? `${publicUrl}/`).toString();
  const fetched = signed.startsWith(`${publicUrl}/`) ? target.server.replace(/\/+$/, '') + signed.slice(publicUrl.length) : signed;
  return { signed, fetched };
}

/** POSTs one webhook the way Twilio does and parses the TwiML answer. A non-2xx answer throws WebhookHttpError. */
export async function postWebhook(target: WebhookTarget, url: string, params: Record<string, string>, base?: string): Promise<WebhookResponse> {
  const { signed, fetched } = resolveWebhookUrl(target, url, base);
  const res = await fetch(fetched, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilioSignature(target.authToken, signed, params),
      'user-agent': 'TwilioProxy/1.1',
      accept: '*/*',
    },
    body: new URLSearchParams(params).toString(),
    redirect: 'manual',
    signal: AbortSignal.timeout(target.timeoutMs ?? 15_000),
  });
  const body = await res.text();
  if (res.status < 200 || res.status > 299) throw new WebhookHttpError(res.status, body, signed);
  return { status: res.status, body, twiml: parseTwiml(body), url: signed };
}
