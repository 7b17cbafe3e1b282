// Drives the app as Twilio does: signed form-encoded webhooks, TwiML parsed back, and a fake Twilio REST API.
import type { FastifyInstance } from 'fastify';
import type { Test } from 'tap';
import { startFakeTwilio, type FakeTwilio } from '../../dev/fake-twilio/fake-twilio.js';
import { injectSender } from '../../dev/support/http-sender.js';
import { LINE_NUMBER, PUBLIC_URL, WEEKDAYS, writeLineSettings } from '../../dev/support/line-settings.js';
import {
  callerFields as driverCallerFields, find, newCallSid, sendWebhook, signedRequest as driverSignedRequest, type TwimlNode,
} from '../../dev/support/twilio-driver.js';
import { tempDir, testApp, type Store } from './services.js';
import { addUser, login } from './users.js';

export { allText, find, findAll, newCallSid, parseTwiml, type TwimlNode } from '../../dev/support/twilio-driver.js';
export { LINE_NUMBER, PUBLIC_URL } from '../../dev/support/line-settings.js';

export const AUTH_TOKEN = 'test-auth-token-0123456789';

/** A caller as Twilio describes one: number and the location fields derived from it. */
export function callerFields(number: string, city = 'KØBENHAVN') {
  return driverCallerFields(number, { city, to: LINE_NUMBER, accountSid: `AC${'1'.repeat(32)}` });
}

export function signedRequest(path: string, params: Record<string, string>, authToken = AUTH_TOKEN, publicUrl = PUBLIC_URL) {
  return driverSignedRequest(path, params, authToken, publicUrl);
}

export function webhook(app: FastifyInstance, pathOrUrl: string, params: Record<string, string>) {
  return sendWebhook(injectSender(app), pathOrUrl, params, AUTH_TOKEN, PUBLIC_URL);
}

export interface TelephonyFixture {
  app: FastifyInstance;
  fake: FakeTwilio;
  admin: string;
  /** Psychologists by name: user id, phone and a session cookie. */
  staff: Record<string, { id: string; phone: string; cookie: string }>;
}

type LineAppOptions = { settings?: Record<string, unknown>; env?: Record<string, string>; now?: () => Date; logger?: import('pino').Logger; store?: Store };

/** The app with a fake Twilio, open all day (unless settings say otherwise), and no account yet (a first run). */
export async function lineApp(t: Test, options: LineAppOptions = {}): Promise<{ app: FastifyInstance; fake: FakeTwilio }> {
  const fake = await startFakeTwilio();
  t.teardown(() => fake.close());
  const configFile = writeLineSettings(tempDir(t), options.settings);
  const app = await testApp(
    t,
    { TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_URL, LINE_NUMBER, TWILIO_API_BASE_URL: fake.url, CONFIG_FILE: configFile, ...options.env },
    { ...(options.now ? { now: options.now } : {}), ...(options.logger ? { logger: options.logger } : {}), ...(options.store ? { store: options.store } : {}) },
  );
  return { app, fake };
}

/**
 * The app with a fake Twilio, open all day (unless settings say otherwise), and psychologists on the rota in the
 * given order, every day all day.
 */
export async function telephonyFixture(
  t: Test,
  options: LineAppOptions & { psychologists?: string[] } = {},
): Promise<TelephonyFixture> {
  const { app, fake } = await lineApp(t, options);
  await addUser(app, 'admin', ['admin']);
  const admin = await login(app, 'admin');
  const staff: TelephonyFixture['staff'] = {};
  const names = options.psychologists ?? ['pia'];
  for (const [i, name] of names.entries()) {
    const phone = `+452000000${i + 1}`;
    const user = await addUser(app, name, ['psychologist'], phone);
    staff[name] = { id: user.id, phone, cookie: await login(app, name) };
  }
  const shifts = names.flatMap((username, position) =>
    WEEKDAYS.map((weekday) => ({ weekday, starts: '00:00', ends: '24:00', username, position })),
  );
  const rota = await app.inject({ method: 'PUT', url: '/api/rota', headers: { cookie: admin }, payload: { shifts } });
  if (rota.statusCode !== 200) throw new Error(`rota: ${rota.body}`);
  return { app, fake, admin, staff };
}

/** Plays an incoming call up to the point where the first psychologist's phone rings. Returns ids and the Dial. */
export async function ringIn(app: FastifyInstance, number: string, digits = '1') {
  const callSid = newCallSid();
  const greeting = await webhook(app, '/twilio/voice', { CallSid: callSid, CallStatus: 'ringing', ...callerFields(number) });
  const gather = find(greeting.twiml, 'Gather');
  if (!gather) return { callSid, callId: undefined, greeting, routed: undefined };
  const callId = new URL(gather.attrs.action!).searchParams.get('call')!;
  const routed = await webhook(app, gather.attrs.action!, { CallSid: callSid, CallStatus: 'in-progress', Digits: digits });
  return { callSid, callId, greeting, routed };
}

/** The psychologist's phone answers the whisper and presses 1. */
export async function acceptWhisper(app: FastifyInstance, dialTwiml: TwimlNode, legSid = newCallSid()) {
  const number = find(dialTwiml, 'Number') ?? find(dialTwiml, 'Client');
  const whisper = await webhook(app, number!.attrs.url!, { CallSid: legSid, CallStatus: 'in-progress' });
  const gather = find(whisper.twiml, 'Gather');
  if (!gather) return whisper;
  return webhook(app, gather.attrs.action!, { CallSid: legSid, Digits: '1' });
}
