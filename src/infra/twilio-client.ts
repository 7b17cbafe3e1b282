import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';

export type TwilioClient = twilio.Twilio;

export interface TwilioClientOptions {
  accountSid: string;
  authToken: string;
  /**
   * Where Twilio's REST API is reached instead of `https://*.twilio.com` (TWILIO_API_BASE_URL): a local fake in tests
   * and on a developer's machine. Unset in production.
   */
  apiBaseUrl?: string;
}

/**
 * REST calls are made inside webhooks (bridging a queued caller) and Twilio gives a webhook 15 s: a slow API must
 * not make the webhook time out (its parameters, caller number included, would land in Twilio's alerts).
 */
const REQUEST_TIMEOUT_MS = 5000;

const TWILIO_HOST = /^(?:[a-z0-9-]+\.)*twilio\.com$/i;

/**
 * Maps `https://<anything>.twilio.com/<path>?<query>` to `<apiBaseUrl>/<path>?<query>`; any other URI is returned as it is.
 * A path prefix on the base URL is kept (`http://host/fake` + `/2010-04-01/…`).
 */
export function rewriteTwilioUri(uri: string, apiBaseUrl: string): string {
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    return uri;
  }
  if (parsed.protocol !== 'https:' || !TWILIO_HOST.test(parsed.hostname)) return uri;
  return `${apiBaseUrl.replace(/\/+$/, '')}${parsed.pathname}${parsed.search}`;
}

/** The package's own HTTP client, with every request to Twilio's domain sent to another base URL. */
class RedirectingRequestClient extends twilio.RequestClient {
  constructor(private readonly apiBaseUrl: string) {
    super({ timeout: REQUEST_TIMEOUT_MS });
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    return super.request<TData>({ ...opts, uri: rewriteTwilioUri(opts.uri, this.apiBaseUrl) });
  }
}

/** A client of the real `twilio` package; with `apiBaseUrl` set its network end is that server instead of Twilio. */
export function createTwilioClient(opts: TwilioClientOptions): TwilioClient {
  if (!opts.apiBaseUrl) return twilio(opts.accountSid, opts.authToken, { timeout: REQUEST_TIMEOUT_MS });
  const base = new URL(opts.apiBaseUrl); // throws early on a malformed base URL
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new Error('The Twilio API base URL must be an http(s) URL');
  }
  return twilio(opts.accountSid, opts.authToken, { httpClient: new RedirectingRequestClient(opts.apiBaseUrl) });
}

/** The Twilio error code of a failed API call (e.g. 20404, 21211), or undefined for any other error. */
export function twilioErrorCode(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  const { code } = err;
  if (typeof code === 'number' && Number.isInteger(code)) return code;
  if (typeof code === 'string' && /^\d+$/.test(code)) return Number(code);
  return undefined;
}
